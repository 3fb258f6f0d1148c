//! Signing uses no heap and little stack.
//!
//! * `sign_in_100_kib_thread`: every signing entry point of all three parameter sets
//!   runs on a thread whose whole stack is 100 KiB (the key itself lives on the heap,
//!   built on the main thread; a stack overflow aborts the test binary).
//! * `no_heap_allocation_while_signing`: a counting global allocator sees no
//!   allocation during signing on the current thread.
//! * `measure_peak_stack`: stack painting: fill 256 KiB below the current frame with a
//!   pattern, sign, and find the deepest byte that changed. Prints the figures that
//!   `docs/ml-dsa-stack.md` records, and asserts ML-DSA-87 stays below 64 KiB.
#![cfg(feature = "hazmat")]

use pqlattice::ml_dsa::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, SigningKey};
mod common;
use common::resources::{Counting, measure_stack};
use std::hint::black_box;

#[global_allocator]
static GLOBAL: Counting = Counting;

struct FixedRng(u8);
impl rand_core::TryRng for FixedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0 as u64)
    }
    fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
        d.fill(self.0);
        self.0 = self.0.wrapping_add(1);
        Ok(())
    }
}
impl rand_core::TryCryptoRng for FixedRng {}

/// Every signing entry point once, over a few messages (so that several rejection
/// loop iteration counts occur).
#[inline(never)]
fn sign_all<P: ParameterSet>(sk: &SigningKey<P>) {
    let mut rng = FixedRng(1);
    for i in 0u8..4 {
        let msg = [i; 100];
        black_box(sk.sign(&msg, b"ctx", &mut rng).unwrap());
        black_box(sk.sign_deterministic(&msg, b"ctx").unwrap());
        black_box(
            sk.sign_prehash(PreHash::Sha3_512, &[i; 64], b"", &mut rng)
                .unwrap(),
        );
        black_box(
            sk.sign_prehash_deterministic(PreHash::Shake128, &[i; 32], b"")
                .unwrap(),
        );
        black_box(sk.sign_mu(&[i; 64], &mut rng));
        black_box(sk.sign_internal(&msg, &[i; 32]));
        black_box(sk.sign_mu_with_randomness(&[i; 64], &[i; 32]));
        black_box(sk.sign_with_randomness(&msg, b"", &[i; 32]).unwrap());
    }
}

fn on_small_stack<P: ParameterSet>(stack: usize) {
    let sk = Box::new(SigningKey::<P>::from_seed(&[P::K as u8; 32]));
    let vk = Box::new(sk.verifying_key());
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            sign_all(&sk);
            let sig = sk.sign_deterministic(b"m", b"").unwrap();
            vk.verify(b"m", b"", &sig).unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn keys_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SigningKey<MlDsa87>>();
    check::<pqlattice::ml_dsa::VerifyingKey<MlDsa87>>();
    check::<pqlattice::ml_dsa::Signature<MlDsa87>>();
}

#[test]
fn sign_in_100_kib_thread() {
    on_small_stack::<MlDsa44>(100 * 1024);
    on_small_stack::<MlDsa65>(100 * 1024);
    on_small_stack::<MlDsa87>(100 * 1024);
}

fn count_allocs<P: ParameterSet>() {
    let sk = Box::new(SigningKey::<P>::from_seed(&[5; 32]));
    let vk = Box::new(sk.verifying_key());
    let sig = sk.sign_deterministic(b"m", b"").unwrap();
    let sk_bytes = sk.to_bytes();
    let vk_bytes = vk.as_bytes().as_ref().to_vec();
    common::resources::assert_no_alloc(P::NAME, || {
        sign_all(&sk);
        // Key generation, parsing and verification: no heap either.
        black_box(SigningKey::<P>::from_seed(&[6; 32]));
        black_box(SigningKey::<P>::from_bytes(sk_bytes.as_ref()).unwrap());
        black_box(pqlattice::ml_dsa::VerifyingKey::<P>::from_bytes(&vk_bytes).unwrap());
        black_box(sk.verifying_key());
        vk.verify(b"m", b"", &sig).unwrap();
        vk.verify_mu(&vk.compute_mu(b"m", b"").unwrap(), &sig)
            .unwrap();
    });
}

#[test]
fn no_heap_allocation_in_keygen_sign_verify() {
    count_allocs::<MlDsa44>();
    count_allocs::<MlDsa65>();
    count_allocs::<MlDsa87>();
}

#[test]
fn measure_peak_stack() {
    fn run<P: ParameterSet>() -> usize {
        let sk = Box::new(SigningKey::<P>::from_seed(&[6; 32]));
        let sign = measure_stack(move || sign_all(&sk));
        let sk = Box::new(SigningKey::<P>::from_seed(&[6; 32]));
        let vk = Box::new(sk.verifying_key());
        let sig = sk.sign_deterministic(b"m", b"").unwrap();
        let verify = measure_stack(move || {
            black_box(vk.verify(b"m", b"", &sig)).unwrap();
        });
        let keygen = measure_stack(|| {
            black_box(Box::new(SigningKey::<P>::from_seed(&[6; 32])));
        });
        let sk_bytes = SigningKey::<P>::from_seed(&[6; 32]).to_bytes();
        let parse = measure_stack(move || {
            black_box(Box::new(
                SigningKey::<P>::from_bytes(sk_bytes.as_ref()).unwrap(),
            ));
        });
        println!(
            "{}: peak stack of signing {} bytes ({:.1} KiB), verification {} bytes ({:.1} KiB), \
             SigningKey::from_seed into a Box {} bytes ({:.1} KiB), SigningKey::from_bytes into a Box {} bytes ({:.1} KiB); \
             SigningKey is {} bytes, VerifyingKey {} bytes",
            P::NAME,
            sign,
            sign as f64 / 1024.0,
            verify,
            verify as f64 / 1024.0,
            keygen,
            keygen as f64 / 1024.0,
            parse,
            parse as f64 / 1024.0,
            std::mem::size_of::<SigningKey<P>>(),
            std::mem::size_of::<pqlattice::ml_dsa::VerifyingKey<P>>(),
        );
        assert!(sign > 1024, "painting detected nothing: measurement broken");
        sign
    }
    run::<MlDsa44>();
    run::<MlDsa65>();
    let s87 = run::<MlDsa87>();
    assert!(
        s87 < 64 * 1024,
        "ML-DSA-87 signing used {s87} bytes of stack"
    );
}

/// The `boxed_*` constructors build the key where it lives: they give the same key
/// as the by-value constructors and use far less stack than the key's size.
#[test]
fn boxed_constructors_build_in_place() {
    use pqlattice::Error;
    use pqlattice::ml_dsa::VerifyingKey;
    fn check<P: ParameterSet>() -> [usize; 4] {
        let xi = [3u8; 32];
        let sk = SigningKey::<P>::from_seed(&xi);
        let boxed = SigningKey::<P>::boxed_from_seed(&xi);
        assert!(*boxed == sk && boxed.seed() == Some(&xi));
        let vk = sk.verifying_key();
        assert!(*sk.boxed_verifying_key() == vk);
        assert_eq!(sk.verifying_key_bytes().as_ref(), vk.as_bytes().as_ref());
        let sk_bytes = sk.to_bytes();
        let vk_bytes = vk.as_bytes().as_ref().to_vec();
        let parsed = SigningKey::<P>::boxed_from_bytes(sk_bytes.as_ref()).unwrap();
        assert!(*parsed == sk && parsed.seed().is_none());
        assert!(*VerifyingKey::<P>::boxed_from_bytes(&vk_bytes).unwrap() == vk);
        let mut bad = sk_bytes.clone();
        bad.as_mut()[200] ^= 0xFF; // inside s1: out of range or inconsistent with t0
        assert!(SigningKey::<P>::boxed_from_bytes(bad.as_ref()).is_err());
        // The boxed parsers give the errors (and messages) of the by-value ones.
        let short_sk = &sk_bytes.as_ref()[1..];
        let e = SigningKey::<P>::boxed_from_bytes(short_sk).err();
        assert!(matches!(e, Some(Error::InvalidLength { .. })), "{e:?}");
        assert_eq!(e, SigningKey::<P>::from_bytes(short_sk).err());
        assert_eq!(
            SigningKey::<P>::boxed_from_bytes(bad.as_ref()).err(),
            SigningKey::<P>::from_bytes(bad.as_ref()).err()
        );
        let e = VerifyingKey::<P>::boxed_from_bytes(&vk_bytes[1..]).err();
        assert!(matches!(e, Some(Error::InvalidLength { .. })), "{e:?}");
        assert_eq!(e, VerifyingKey::<P>::from_bytes(&vk_bytes[1..]).err());
        let sk2 = Box::new(sk);
        [
            measure_stack(move || {
                black_box(SigningKey::<P>::boxed_from_seed(&xi));
            }),
            measure_stack(move || {
                black_box(SigningKey::<P>::boxed_from_bytes(sk_bytes.as_ref()).unwrap());
            }),
            measure_stack(move || {
                black_box(VerifyingKey::<P>::boxed_from_bytes(&vk_bytes).unwrap());
            }),
            measure_stack(move || {
                black_box(sk2.boxed_verifying_key());
            }),
        ]
    }
    for s in [check::<MlDsa44>(), check::<MlDsa65>(), check::<MlDsa87>()] {
        println!(
            "boxed_from_seed / boxed_from_bytes / VerifyingKey::boxed_from_bytes / boxed_verifying_key: {s:?} bytes of stack"
        );
    }
    let s = check::<MlDsa87>();
    assert!(s[0] < size_of::<SigningKey<MlDsa87>>() / 2, "{s:?}");
    assert!(s[1] < size_of::<SigningKey<MlDsa87>>() / 2, "{s:?}");
    assert!(s[2] < size_of::<VerifyingKey<MlDsa87>>() / 2, "{s:?}");
    assert!(s[3] < size_of::<VerifyingKey<MlDsa87>>() / 2, "{s:?}");
}
