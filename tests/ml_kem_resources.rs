//! ML-KEM resource budgets: no heap allocation in keygen/encaps/decaps, and peak
//! stack per operation measured by stack painting, with budgets enforced
//! (ML-KEM-1024: every operation under 32 KiB). The figures are printed for the README
//! (`cargo test --features hazmat --test ml_kem_resources -- --nocapture`).
//!
//! Constructors return a key by value, and that value has to live somewhere on the
//! caller's stack before it moves into a `Box`: the measured figure includes it (once as
//! the key, and for `from_bytes` once more as the `Result`). The budget applies to the
//! operation's own working stack: the measured peak minus the returned value's size.
#![cfg(feature = "hazmat")]

mod common;
use common::resources::{Counting, assert_no_alloc, measure_stack};
use pqlattice::ml_kem::{self, Ciphertext, DecapsulationKey, EncapsulationKey, ParameterSet};
use std::hint::black_box;

#[global_allocator]
static GLOBAL: Counting = Counting;

fn no_alloc<P: ParameterSet>() {
    let seed = [3u8; 64];
    let dk = Box::new(DecapsulationKey::<P>::from_seed(&seed));
    let ek_bytes = dk.encapsulation_key().as_bytes().clone();
    let dk_bytes = dk.to_bytes();
    let (ct, _) = dk.encapsulation_key().encapsulate_deterministic(&[1; 32]);
    assert_no_alloc(P::NAME, || {
        black_box(ml_kem::generate_from_seed::<P>(&seed));
        black_box(EncapsulationKey::<P>::from_bytes(ek_bytes.as_ref()).unwrap());
        black_box(DecapsulationKey::<P>::from_bytes(dk_bytes.as_ref()).unwrap());
        black_box(dk.encapsulation_key().encapsulate_deterministic(&[2; 32]));
        black_box(dk.decapsulate(&ct));
        black_box(Ciphertext::<P>::from_bytes(ct.as_bytes().as_ref()).unwrap());
    });
}

#[test]
fn no_heap_allocation() {
    no_alloc::<ml_kem::MlKem512>();
    no_alloc::<ml_kem::MlKem768>();
    no_alloc::<ml_kem::MlKem1024>();
}

/// Peak working stack of each operation: (keygen, encaps, decaps, parse ek, parse dk),
/// net of the returned value (see the module docs).
/// Keys live on the heap; results are returned into boxes, as a caller on a small
/// stack would do.
fn stack<P: ParameterSet>() -> [usize; 5] {
    let seed = [4u8; 64];
    let keygen = measure_stack(move || {
        black_box(Box::new(DecapsulationKey::<P>::from_seed(&seed)));
    });
    let dk = Box::new(DecapsulationKey::<P>::from_seed(&seed));
    let ek = Box::new(dk.encapsulation_key().clone());
    let encaps = measure_stack(move || {
        black_box(ek.encapsulate_deterministic(&[5; 32]));
    });
    let (ct, _) = dk.encapsulation_key().encapsulate_deterministic(&[5; 32]);
    let ek_bytes = dk.encapsulation_key().as_bytes().clone();
    let dk_bytes = dk.to_bytes();
    let decaps = measure_stack(move || {
        black_box(dk.decapsulate(&ct));
    });
    let parse_ek = measure_stack(move || {
        let _ = black_box(Box::new(EncapsulationKey::<P>::from_bytes(
            ek_bytes.as_ref(),
        )));
    });
    let parse_dk = measure_stack(move || {
        let _ = black_box(Box::new(DecapsulationKey::<P>::from_bytes(
            dk_bytes.as_ref(),
        )));
    });
    let measured = [keygen, encaps, decaps, parse_ek, parse_dk];
    let returned = [
        size_of::<DecapsulationKey<P>>(),
        0,
        0,
        size_of::<Result<EncapsulationKey<P>, pqlattice::Error>>(),
        size_of::<Result<DecapsulationKey<P>, pqlattice::Error>>(),
    ];
    // A constructor may also build its result in place (the value never on the
    // stack): the net figure is then bounded below by zero.
    let net: Vec<usize> = measured
        .iter()
        .zip(returned)
        .map(|(m, r)| m.saturating_sub(r))
        .collect();
    println!(
        "{}: peak stack (measured / net of the returned value) keygen {} / {} B, encaps {} B, \
         decaps {} B, EncapsulationKey::from_bytes {} / {} B, DecapsulationKey::from_bytes {} / {} B; \
         sizes: EncapsulationKey {} B, DecapsulationKey {} B",
        P::NAME,
        measured[0],
        net[0],
        measured[1],
        measured[2],
        measured[3],
        net[3],
        measured[4],
        net[4],
        size_of::<EncapsulationKey<P>>(),
        size_of::<DecapsulationKey<P>>()
    );
    assert!(
        measured.iter().all(|&x| x > 512),
        "painting measured nothing: broken"
    );
    [net[0], net[1], net[2], net[3], net[4]]
}

#[test]
fn peak_stack_within_budget() {
    stack::<ml_kem::MlKem512>();
    stack::<ml_kem::MlKem768>();
    let r = stack::<ml_kem::MlKem1024>();
    for (x, op) in r
        .iter()
        .zip(["keygen", "encaps", "decaps", "parse ek", "parse dk"])
    {
        assert!(
            *x < 32 * 1024,
            "ML-KEM-1024 {op} used {x} bytes of stack (budget 32 KiB)"
        );
    }
}

/// The `boxed_*` constructors build the key where it lives: they give the same key
/// as the by-value constructors, and (ML-KEM-1024, whose keys are larger than the
/// work of building them) use less stack than the key's size.
#[test]
fn boxed_constructors_build_in_place() {
    fn check<P: ParameterSet>() -> [usize; 3] {
        let seed = [9u8; 64];
        let dk = DecapsulationKey::<P>::from_seed(&seed);
        let boxed = DecapsulationKey::<P>::boxed_from_seed(&seed);
        assert!(*boxed == dk && boxed.seed() == Some(&seed));
        let dk_bytes = dk.to_bytes();
        let ek_bytes = dk.encapsulation_key().as_bytes().clone();
        let parsed = DecapsulationKey::<P>::boxed_from_bytes(dk_bytes.as_ref()).unwrap();
        assert!(*parsed == dk && parsed.seed().is_none());
        let ek = EncapsulationKey::<P>::boxed_from_bytes(ek_bytes.as_ref()).unwrap();
        assert!(*ek == *dk.encapsulation_key());
        // The checks of from_bytes.
        let mut bad = dk_bytes.clone();
        let n = bad.as_ref().len();
        bad.as_mut()[n - 40] ^= 1; // inside H(ek)
        assert!(DecapsulationKey::<P>::boxed_from_bytes(bad.as_ref()).is_err());
        assert!(DecapsulationKey::<P>::boxed_from_bytes(&dk_bytes.as_ref()[1..]).is_err());
        let mut bad_ek = ek_bytes.clone();
        bad_ek.as_mut()[0] = 0xFF;
        bad_ek.as_mut()[1] |= 0x0F; // a coefficient 4095 >= q
        assert!(EncapsulationKey::<P>::boxed_from_bytes(bad_ek.as_ref()).is_err());
        [
            measure_stack(move || {
                black_box(DecapsulationKey::<P>::boxed_from_seed(&seed));
            }),
            measure_stack(move || {
                black_box(DecapsulationKey::<P>::boxed_from_bytes(dk_bytes.as_ref()).unwrap());
            }),
            measure_stack(move || {
                black_box(EncapsulationKey::<P>::boxed_from_bytes(ek_bytes.as_ref()).unwrap());
            }),
        ]
    }
    check::<ml_kem::MlKem512>();
    check::<ml_kem::MlKem768>();
    let s = check::<ml_kem::MlKem1024>();
    println!(
        "ML-KEM-1024 boxed_from_seed / DecapsulationKey::boxed_from_bytes / EncapsulationKey::boxed_from_bytes: {s:?} bytes of stack"
    );
    assert!(
        s[0] < size_of::<DecapsulationKey<ml_kem::MlKem1024>>(),
        "{s:?}"
    );
    assert!(
        s[1] < size_of::<DecapsulationKey<ml_kem::MlKem1024>>(),
        "{s:?}"
    );
    assert!(
        s[2] < size_of::<EncapsulationKey<ml_kem::MlKem1024>>(),
        "{s:?}"
    );
}
