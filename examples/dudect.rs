//! dudect-style statistical timing test (Welch's t-test on two input classes).
//!
//! `cargo run --release --features testing --example dudect` (or `scripts/dudect.sh`).
//! Samples per bench: `DUDECT_SAMPLES` (default 20 000). dudect reads |t| > 4.5 as
//! evidence of a leak given enough samples, and |t| > 10 as certain.
//!
//! * `decaps_*`: ML-KEM decapsulation of valid ciphertexts (Left) vs modified ones
//!   that take the implicit-rejection path (Right), same key.
//! * `sign_*`: ML-DSA signing (external mu, secret rnd) with fixed key A (Left) vs
//!   fixed key B (Right), on random inputs that each key signs in exactly one
//!   rejection-loop iteration (the iteration count is public by design and its
//!   distribution depends slightly on the key; equal counts isolate everything else).
//! * `null_sign_same_key_ml_dsa_65`: the signing bench with key A in both classes.
//!   The classes differ in nothing, so |t| must stay small: a large value would mean
//!   the harness or the machine manufactures differences (drift, class ordering).
//! * `canary_early_exit_compare`: a deliberately leaky byte comparison (equal vs
//!   differing at the first byte). It must show a large |t|: it proves the harness
//!   can see a leak of a few nanoseconds.

use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner, ctbench_main};
use std::hint::black_box;

fn samples() -> usize {
    std::env::var("DUDECT_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

macro_rules! decaps_bench {
    ($name:ident, $m:ident) => {
        fn $name(runner: &mut CtRunner, rng: &mut BenchRng) {
            use pqlattice::$m;
            let mut seed = [0u8; 64];
            rng.fill(&mut seed[..]);
            let (ek, dk) = $m::generate_from_seed(&seed);
            let n = samples();
            let mut inputs = Vec::with_capacity(n);
            for _ in 0..n {
                let mut m = [0u8; 32];
                rng.fill(&mut m[..]);
                let (ct, _) = ek.encapsulate_deterministic(&m);
                if rng.random::<bool>() {
                    inputs.push((Class::Left, ct));
                } else {
                    let mut b = ct.as_bytes().to_vec();
                    let pos = rng.random_range(0..b.len());
                    b[pos] ^= 1 << rng.random_range(0..8);
                    inputs.push((Class::Right, $m::Ciphertext::from_bytes(&b).unwrap()));
                }
            }
            for (class, ct) in inputs {
                runner.run_one(class, || black_box(dk.decapsulate(black_box(&ct))));
            }
        }
    };
}

decaps_bench!(decaps_ml_kem_512, ml_kem_512);
decaps_bench!(decaps_ml_kem_768, ml_kem_768);
decaps_bench!(decaps_ml_kem_1024, ml_kem_1024);

macro_rules! sign_bench {
    ($name:ident, $m:ident) => {
        sign_bench!($name, $m, [0x5A; 32]);
    };
    ($name:ident, $m:ident, $seed_b:expr) => {
        fn $name(runner: &mut CtRunner, rng: &mut BenchRng) {
            use pqlattice::$m;
            let (_, key_a) = $m::generate_from_seed(&[0xA5; 32]);
            let (_, key_b) = $m::generate_from_seed(&$seed_b);
            // The rejection-loop iteration count is public and its distribution
            // depends (slightly) on the key, so comparing keys over random inputs
            // would measure that. Compare at equal counts instead: keep only (mu, rnd)
            // inputs that each key signs in exactly one iteration. What remains must
            // not depend on the key.
            let n = samples() / 4;
            let mut inputs = Vec::with_capacity(n);
            while inputs.len() < n {
                let (mut mu, mut rnd) = ([0u8; 64], [0u8; 32]);
                rng.fill(&mut mu[..]);
                rng.fill(&mut rnd[..]);
                let class = if rng.random::<bool>() {
                    Class::Left
                } else {
                    Class::Right
                };
                let key = if matches!(class, Class::Left) {
                    &key_a
                } else {
                    &key_b
                };
                if key.sign_mu_with_randomness_and_attempts(&mu, &rnd).1 == 1 {
                    inputs.push((class, mu, rnd));
                }
            }
            // Both keys are timed from the same memory (one reused slot, refilled
            // before each sample), so that their addresses and cache alignment cannot
            // tell them apart: only their contents differ.
            let mut slot = Box::new(key_a.clone());
            for (class, mu, rnd) in inputs {
                let key = if matches!(class, Class::Left) {
                    &key_a
                } else {
                    &key_b
                };
                (*slot).clone_from(key);
                let slot = &*slot;
                runner.run_one(class, || {
                    black_box(slot.sign_mu_with_randomness(black_box(&mu), black_box(&rnd)))
                });
            }
        }
    };
}

sign_bench!(sign_ml_dsa_44, ml_dsa_44);
sign_bench!(sign_ml_dsa_65, ml_dsa_65);
sign_bench!(sign_ml_dsa_87, ml_dsa_87);
sign_bench!(null_sign_same_key_ml_dsa_65, ml_dsa_65, [0xA5; 32]);

/// Early-exit comparison: the negative control.
#[inline(never)]
fn leaky_eq(a: &[u8], b: &[u8]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

fn canary_early_exit_compare(runner: &mut CtRunner, rng: &mut BenchRng) {
    let n = samples();
    let mut inputs = Vec::with_capacity(n);
    for _ in 0..n {
        let mut a = vec![0u8; 1088];
        rng.fill(&mut a[..]);
        let mut b = a.clone();
        let class = if rng.random::<bool>() {
            Class::Left
        } else {
            b[0] ^= 1;
            Class::Right
        };
        inputs.push((class, a, b));
    }
    for (class, a, b) in inputs {
        runner.run_one(class, || black_box(leaky_eq(&a, &b)));
    }
}

ctbench_main!(
    canary_early_exit_compare,
    decaps_ml_kem_512,
    decaps_ml_kem_768,
    decaps_ml_kem_1024,
    sign_ml_dsa_44,
    sign_ml_dsa_65,
    sign_ml_dsa_87,
    null_sign_same_key_ml_dsa_65
);
