//! Every kernel of every backend available here against its portable twin, through
//! the one differential harness `pqlattice::testing::kernels` (inputs at the edges of
//! each function's contract: extreme coefficients, zero, constant and
//! alternating-sign polynomials, random). The same harness drives the `kernels` fuzz
//! target, the aarch64 (qemu) and AVX-512 (Bochs) runs and the wasm suite.
#![cfg(feature = "testing")]

use pqlattice::backend::{self, Backend};
use pqlattice::testing::kernels::{self, ML_DSA_OPS, ML_KEM_OPS, case_input};

/// Cases per function and backend.
const CASES: u32 = 2000;

fn run(check: fn(Backend, &[u8]) -> Result<(), kernels::Mismatch>, ops: &[&str]) {
    let backends: Vec<Backend> = backend::available().collect();
    eprintln!("backends under test: {backends:?}");
    for b in backends {
        for (i, name) in ops.iter().enumerate() {
            for case in 0..CASES {
                let data = case_input(i, case);
                if let Err(m) = check(b, &data) {
                    panic!("{b:?} {name}: {m:?} on input {}", hex::encode(&*data));
                }
            }
        }
    }
}

#[test]
fn ml_kem_kernels_match_portable() {
    run(kernels::ml_kem, ML_KEM_OPS);
}

#[test]
fn ml_dsa_kernels_match_portable() {
    run(kernels::ml_dsa, ML_DSA_OPS);
}

#[test]
fn deterministic_sweeps_match_portable() {
    for b in backend::available() {
        if let Err(m) = kernels::sweeps(b) {
            panic!("{b:?}: {m:?}");
        }
    }
}

/// The harness catches a one-lane slip: a backend with one wrong coefficient in
/// inv_ntt and one in cbd is reported, each within a few cases, and its healthy
/// kernels are not.
#[test]
fn negative_control_is_caught() {
    kernels::negative_control_is_caught();
}
