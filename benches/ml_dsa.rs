//! ML-DSA benchmarks: keygen, hedged and deterministic signing (over a fixed set of
//! 16 messages, so that the rejection-loop count averages out) and verification for
//! all three parameter sets, pqlattice side by side with RustCrypto `ml-dsa`.
//!
//! Each pqlattice figure is measured once per available backend
//! (`pqlattice/portable`, `pqlattice/avx2`, ...), forced with
//! [`pqlattice::backend::force`]; keys are shared between backends.
//!
//! `cargo bench --bench ml_dsa -- --warm-up-time 1 --measurement-time 3`
#![allow(deprecated)] // RustCrypto's expanded-key accessors
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ml_dsa::Keypair;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;

const MESSAGES: usize = 16;

/// The backends this machine can run, slowest first.
fn backends() -> Vec<pqlattice::backend::Backend> {
    pqlattice::backend::available().collect()
}

/// The benchmark id of pqlattice on `b`.
fn ours_id(b: pqlattice::backend::Backend) -> String {
    format!("pqlattice/{}", b.name())
}

fn messages() -> Vec<Vec<u8>> {
    (0..MESSAGES)
        .map(|i| (0..64 + 7 * i).map(|j| (i * 31 + j) as u8).collect())
        .collect()
}

macro_rules! bench_set {
    ($fn:ident, $name:literal, $ours:ident, $Theirs:ty) => {
        fn $fn(c: &mut Criterion) {
            use pqlattice::$ours as ours;
            type T = $Theirs;
            let seed = [42u8; 32];
            let ctx = b"bench context";
            let msgs = messages();

            let mut g = c.benchmark_group(concat!($name, "/keygen"));
            for be in backends() {
                pqlattice::backend::force(be).unwrap();
                g.bench_function(ours_id(be), |b| {
                    b.iter(|| black_box(ours::generate_from_seed(black_box(&seed))))
                });
            }
            pqlattice::backend::force(pqlattice::backend::best()).unwrap();
            g.bench_function("RustCrypto", |b| {
                b.iter(|| {
                    let kp = ml_dsa::SigningKey::<T>::from_seed(&black_box(seed).into());
                    black_box(kp.verifying_key());
                    black_box(kp)
                })
            });
            g.finish();

            let (vk, sk) = ours::generate_from_seed(&seed);
            let their_kp = ml_dsa::SigningKey::<T>::from_seed(&seed.into());
            let their_sk = their_kp.expanded_key();
            let their_vk = their_kp.verifying_key();

            let mut g = c.benchmark_group(concat!($name, "/sign-hedged-x16"));
            g.throughput(Throughput::Elements(MESSAGES as u64));
            let mut rng = ChaCha20Rng::from_seed([1; 32]);
            for be in backends() {
                pqlattice::backend::force(be).unwrap();
                g.bench_function(ours_id(be), |b| {
                    b.iter(|| {
                        for m in &msgs {
                            black_box(sk.sign(m, ctx, &mut rng).unwrap());
                        }
                    })
                });
            }
            pqlattice::backend::force(pqlattice::backend::best()).unwrap();
            let mut rng = ChaCha20Rng::from_seed([1; 32]);
            g.bench_function("RustCrypto", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(their_sk.sign_randomized(m, ctx, &mut rng).unwrap());
                    }
                })
            });
            g.finish();

            let msg59 = [0x5au8; 59];
            let mut g = c.benchmark_group(concat!($name, "/sign-hedged-59B"));
            let mut rng = ChaCha20Rng::from_seed([2; 32]);
            for be in backends() {
                pqlattice::backend::force(be).unwrap();
                g.bench_function(ours_id(be), |b| {
                    b.iter(|| black_box(sk.sign(black_box(&msg59), b"", &mut rng).unwrap()))
                });
            }
            pqlattice::backend::force(pqlattice::backend::best()).unwrap();
            let mut rng = ChaCha20Rng::from_seed([2; 32]);
            g.bench_function("RustCrypto", |b| {
                b.iter(|| {
                    black_box(
                        their_sk
                            .sign_randomized(black_box(&msg59), b"", &mut rng)
                            .unwrap(),
                    )
                })
            });
            g.finish();

            let mut g = c.benchmark_group(concat!($name, "/sign-deterministic-x16"));
            g.throughput(Throughput::Elements(MESSAGES as u64));
            for be in backends() {
                pqlattice::backend::force(be).unwrap();
                g.bench_function(ours_id(be), |b| {
                    b.iter(|| {
                        for m in &msgs {
                            black_box(sk.sign_deterministic(m, ctx).unwrap());
                        }
                    })
                });
            }
            pqlattice::backend::force(pqlattice::backend::best()).unwrap();
            g.bench_function("RustCrypto", |b| {
                b.iter(|| {
                    for m in &msgs {
                        black_box(their_sk.sign_deterministic(m, ctx).unwrap());
                    }
                })
            });
            g.finish();

            let sigs: Vec<_> = msgs
                .iter()
                .map(|m| sk.sign_deterministic(m, ctx).unwrap())
                .collect();
            let their_sigs: Vec<_> = msgs
                .iter()
                .map(|m| their_sk.sign_deterministic(m, ctx).unwrap())
                .collect();
            let mut g = c.benchmark_group(concat!($name, "/verify-x16"));
            g.throughput(Throughput::Elements(MESSAGES as u64));
            for be in backends() {
                pqlattice::backend::force(be).unwrap();
                g.bench_function(ours_id(be), |b| {
                    b.iter(|| {
                        for (m, s) in msgs.iter().zip(&sigs) {
                            vk.verify(m, ctx, s).unwrap();
                        }
                    })
                });
            }
            pqlattice::backend::force(pqlattice::backend::best()).unwrap();
            g.bench_function("RustCrypto", |b| {
                b.iter(|| {
                    for (m, s) in msgs.iter().zip(&their_sigs) {
                        assert!(their_vk.verify_with_context(m, ctx, s));
                    }
                })
            });
            g.finish();
        }
    };
}

bench_set!(ml_dsa_44, "ML-DSA-44", ml_dsa_44, ml_dsa::MlDsa44);
bench_set!(ml_dsa_65, "ML-DSA-65", ml_dsa_65, ml_dsa::MlDsa65);
bench_set!(ml_dsa_87, "ML-DSA-87", ml_dsa_87, ml_dsa::MlDsa87);

criterion_group!(benches, ml_dsa_44, ml_dsa_65, ml_dsa_87);
criterion_main!(benches);
