//! ML-KEM keygen / encaps / decaps, pqlattice side by side with RustCrypto `ml-kem`
//! in the same run, once per backend this machine can run (`pqlattice-portable`,
//! `pqlattice-avx2`, ...). `cargo bench --bench ml_kem -- 768` for one parameter set.
#![allow(deprecated)]

use criterion::{Criterion, criterion_group, criterion_main};
use ml_kem::array::Array;
use ml_kem::{Decapsulate, Encapsulate};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;

macro_rules! bench_set {
    ($c:expr, $label:literal, $ours:ident, $theirs:ident) => {{
        use pqlattice::$ours as ours;
        type TheirDk = ml_kem::DecapsulationKey<ml_kem::$theirs>;
        let mut group = $c.benchmark_group($label);
        let seed = [0x42u8; 64];
        let mut rng = ChaCha20Rng::from_seed([7; 32]);

        let (ek, dk) = ours::generate_from_seed(&seed);
        let ek_bytes = ek.as_bytes().to_vec();
        let (ct, _) = ek.encapsulate(&mut rng);
        // pqlattice once per backend this machine can run (forced for the group).
        for backend in pqlattice::backend::available() {
            pqlattice::backend::force(backend).unwrap();
            let name = backend.name();
            group.bench_function(format!("keygen/pqlattice-{name}"), |b| {
                b.iter(|| ours::generate_from_seed(black_box(&seed)))
            });
            group.bench_function(format!("encaps/pqlattice-{name}"), |b| {
                b.iter(|| ek.encapsulate(&mut rng))
            });
            // Encapsulation from the wire: parse (7.2 check, matrix expansion) + encaps.
            group.bench_function(format!("parse+encaps/pqlattice-{name}"), |b| {
                b.iter(|| {
                    ours::EncapsulationKey::from_bytes(black_box(&ek_bytes))
                        .unwrap()
                        .encapsulate(&mut rng)
                })
            });
            group.bench_function(format!("decaps/pqlattice-{name}"), |b| {
                b.iter(|| dk.decapsulate(black_box(&ct)))
            });
        }
        pqlattice::backend::force(pqlattice::backend::best()).unwrap();

        let their_dk = TheirDk::from_seed(Array::from(seed));
        let their_ek = their_dk.encapsulation_key().clone();
        group.bench_function("keygen/rustcrypto", |b| {
            b.iter(|| TheirDk::from_seed(Array::from(*black_box(&seed))))
        });
        group.bench_function("encaps/rustcrypto", |b| {
            b.iter(|| their_ek.encapsulate_with_rng(&mut rng))
        });
        group.bench_function("parse+encaps/rustcrypto", |b| {
            b.iter(|| {
                ml_kem::EncapsulationKey::<ml_kem::$theirs>::new(
                    &Array::try_from(black_box(&ek_bytes[..])).unwrap(),
                )
                .unwrap()
                .encapsulate_with_rng(&mut rng)
            })
        });
        let their_ct = ml_kem::Ciphertext::<ml_kem::$theirs>::try_from(&ct.as_bytes()[..]).unwrap();
        group.bench_function("decaps/rustcrypto", |b| {
            b.iter(|| their_dk.decapsulate(black_box(&their_ct)))
        });
        group.finish();
    }};
}

fn benches(c: &mut Criterion) {
    bench_set!(c, "ML-KEM-512", ml_kem_512, MlKem512);
    bench_set!(c, "ML-KEM-768", ml_kem_768, MlKem768);
    bench_set!(c, "ML-KEM-1024", ml_kem_1024, MlKem1024);
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(group);
