//! Every kernel of every backend available here against its portable twin, through
//! `pqlattice::kernel_check` (inputs at the edges of each function's contract:
//! extreme coefficients, zero, constant and alternating-sign polynomials, random).
//! The same harness drives the `kernels` fuzz target.
#![cfg(feature = "hazmat")]

use pqlattice::backend::{self, Backend};
use pqlattice::kernel_check::{self, ML_DSA_OPS, ML_KEM_OPS};

/// Cases per function and backend.
const CASES: u32 = 2000;

fn inputs(op: usize, case: u32) -> Vec<u8> {
    // A few short inputs (the harness extends them), mostly longer ones.
    let len = [0usize, 3, 64, 700][(case % 4) as usize];
    let mut s = (u64::from(case) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (op as u64 + 1);
    let mut v = vec![op as u8];
    v.extend((0..len).map(|_| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 32) as u8
    }));
    v
}

fn run(check: fn(Backend, &[u8]) -> Result<(), kernel_check::Mismatch>, ops: &[&str]) {
    let backends: Vec<Backend> = backend::available().collect();
    eprintln!("backends under test: {backends:?}");
    for b in backends {
        for (i, name) in ops.iter().enumerate() {
            for case in 0..CASES {
                let data = inputs(i, case);
                if let Err(m) = check(b, &data) {
                    panic!("{b:?} {name}: {m:?} on input {}", hex::encode(&data));
                }
            }
        }
    }
}

#[test]
fn ml_kem_kernels_match_portable() {
    run(kernel_check::ml_kem, ML_KEM_OPS);
}

#[test]
fn ml_dsa_kernels_match_portable() {
    run(kernel_check::ml_dsa, ML_DSA_OPS);
}

/// The harness catches a one-lane slip: a backend with one wrong coefficient in
/// inv_ntt and one in cbd is reported, each within a few cases.
#[test]
fn negative_control_is_caught() {
    for name in ["inv_ntt", "cbd"] {
        let op = ML_KEM_OPS.iter().position(|o| *o == name).unwrap();
        let caught = (0..20).filter(|&c| kernel_check::negative_control(&inputs(op, c)).is_err());
        assert!(caught.count() >= 10, "broken {name} not caught");
    }
    // And the healthy operations of the broken backend pass.
    let op = ML_KEM_OPS.iter().position(|o| *o == "ntt").unwrap();
    for c in 0..20 {
        assert_eq!(kernel_check::negative_control(&inputs(op, c)), Ok(()));
    }
}
