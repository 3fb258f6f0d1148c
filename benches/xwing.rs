//! X-Wing keygen / encaps / decaps: pqlattice (with the automatically chosen backend)
//! side by side with RustCrypto `x-wing` in the same run, plus the ML-KEM-768 part
//! and X25519 parts alone, so the cost of each part is visible.
//!
//! `cargo bench --features xwing --bench xwing`
use criterion::{Criterion, criterion_group, criterion_main};
use ml_kem::array::Array;
use pqlattice::xwing;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use std::hint::black_box;
use x_wing::{Decapsulate, Decapsulator, Encapsulate};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("X-Wing");
    let seed = [0x42u8; 32];
    let mut rng = ChaCha20Rng::from_seed([7; 32]);
    let name = pqlattice::backend::active().name();

    let dk = xwing::DecapsulationKey::from_seed(&seed);
    let ek = dk.encapsulation_key().clone();
    let ek_bytes = ek.to_bytes();
    let (ct, _) = ek.encapsulate(&mut rng);

    group.bench_function(format!("keygen/pqlattice-{name}"), |b| {
        b.iter(|| xwing::DecapsulationKey::from_seed(black_box(&seed)))
    });
    group.bench_function(format!("encaps/pqlattice-{name}"), |b| {
        b.iter(|| ek.encapsulate(&mut rng))
    });
    // Encapsulation from the wire: parse (7.2 check, matrix expansion) + encaps.
    group.bench_function(format!("parse+encaps/pqlattice-{name}"), |b| {
        b.iter(|| {
            xwing::EncapsulationKey::from_bytes(black_box(&ek_bytes))
                .unwrap()
                .encapsulate(&mut rng)
        })
    });
    group.bench_function(format!("decaps/pqlattice-{name}"), |b| {
        b.iter(|| dk.decapsulate(black_box(&ct)))
    });

    // The ML-KEM-768 part alone (same backend), for the X25519 + combiner overhead.
    let mut seed_m = [0u8; 64];
    seed_m[..32].copy_from_slice(&seed);
    let (ek_m, dk_m) = pqlattice::ml_kem_768::generate_from_seed(&seed_m);
    let (ct_m, _) = ek_m.encapsulate(&mut rng);
    group.bench_function(format!("ml-kem-768-part/keygen/pqlattice-{name}"), |b| {
        b.iter(|| pqlattice::ml_kem_768::generate_from_seed(black_box(&seed_m)))
    });
    group.bench_function(format!("ml-kem-768-part/encaps/pqlattice-{name}"), |b| {
        b.iter(|| ek_m.encapsulate(&mut rng))
    });
    group.bench_function(format!("ml-kem-768-part/decaps/pqlattice-{name}"), |b| {
        b.iter(|| dk_m.decapsulate(black_box(&ct_m)))
    });

    // The X25519 part alone (x25519-dalek, this crate's dependency): a base-point
    // multiplication (keygen: 1, encaps: 1) and a variable-base one (encaps: 1,
    // decaps: 1).
    let sk_x = x25519_dalek::StaticSecret::from([0x24u8; 32]);
    let pk_x = x25519_dalek::PublicKey::from(&sk_x);
    group.bench_function("x25519-part/base-mul", |b| {
        b.iter(|| x25519_dalek::PublicKey::from(black_box(&sk_x)))
    });
    group.bench_function("x25519-part/dh", |b| {
        b.iter(|| black_box(&sk_x).diffie_hellman(black_box(&pk_x)))
    });

    // RustCrypto x-wing 0.1.1.
    let their_dk = x_wing::DecapsulationKey::from(seed);
    let their_ek = their_dk.encapsulation_key().clone();
    let their_ct = Array::try_from(&ct.as_bytes()[..]).unwrap();
    group.bench_function("keygen/rustcrypto", |b| {
        // Derives (and keeps) the encapsulation key; the expanded secret parts are
        // re-derived by each decapsulation (the draft's section 5.5 taken literally).
        b.iter(|| x_wing::DecapsulationKey::from(*black_box(&seed)))
    });
    group.bench_function("encaps/rustcrypto", |b| {
        b.iter(|| their_ek.encapsulate_with_rng(&mut rng))
    });
    group.bench_function("parse+encaps/rustcrypto", |b| {
        b.iter(|| {
            x_wing::EncapsulationKey::try_from(black_box(&ek_bytes[..]))
                .unwrap()
                .encapsulate_with_rng(&mut rng)
        })
    });
    group.bench_function("decaps/rustcrypto", |b| {
        b.iter(|| their_dk.decapsulate(black_box(&their_ct)))
    });
    group.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(group);
