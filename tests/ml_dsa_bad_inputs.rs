//! Malformed and out-of-range inputs: every one returns the right `Error` (or a
//! rejected verification) and none panics.

mod common;
use pqlattice::Error;
use pqlattice::ml_dsa::{
    MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, Signature, SigningKey, VerifyingKey,
};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 24
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn wrong_lengths<P: ParameterSet>() {
    for (size, what, name) in [
        (P::VERIFYING_KEY_SIZE, 0, P::NAME_VK),
        (P::SIGNING_KEY_SIZE, 1, P::NAME_SK),
        (P::SIGNATURE_SIZE, 2, P::NAME_SIG),
    ] {
        for len in [0, 1, size - 1, size + 1, 2 * size] {
            let buf = vec![0u8; len];
            let err = match what {
                0 => VerifyingKey::<P>::from_bytes(&buf).err(),
                1 => SigningKey::<P>::from_bytes(&buf).err(),
                _ => Signature::<P>::from_bytes(&buf).err(),
            };
            assert_eq!(
                err,
                Some(Error::InvalidLength {
                    what: name,
                    expected: size,
                    actual: len
                })
            );
        }
    }
}

/// Key generation into caller buffers rejects wrong lengths and writes nothing then.
fn keygen_into_wrong_lengths<P: ParameterSet>() {
    let (vk_size, sk_size) = (P::VERIFYING_KEY_SIZE, P::SIGNING_KEY_SIZE);
    for (vk_len, sk_len) in [
        (vk_size - 1, sk_size),
        (vk_size + 1, sk_size),
        (vk_size, sk_size - 1),
        (vk_size, sk_size + 1),
        (0, 0),
    ] {
        let (mut vk, mut sk) = (vec![0xA5u8; vk_len], vec![0xA5u8; sk_len]);
        let err = SigningKey::<P>::encodings_from_seed_into(&[3; 32], &mut vk, &mut sk);
        let (what, expected, actual) = if vk_len != vk_size {
            (P::NAME_VK, vk_size, vk_len)
        } else {
            (P::NAME_SK, sk_size, sk_len)
        };
        assert_eq!(
            err,
            Err(Error::InvalidLength {
                what,
                expected,
                actual
            })
        );
        assert!(vk.iter().chain(&sk).all(|&b| b == 0xA5), "written on error");
    }
    // The right lengths: the same bytes as the other forms.
    let (mut vk, mut sk) = (vec![0u8; vk_size], vec![0u8; sk_size]);
    SigningKey::<P>::encodings_from_seed_into(&[3; 32], &mut vk, &mut sk).unwrap();
    let (vk2, sk2) = SigningKey::<P>::encodings_from_seed(&[3; 32]);
    assert_eq!((&vk[..], &sk[..]), (vk2.as_ref(), sk2.as_ref()));
    let key = SigningKey::<P>::from_seed(&[3; 32]);
    assert_eq!(&sk[..], key.to_bytes().as_ref());
    assert_eq!(&vk[..], key.verifying_key_bytes().as_ref());
}

fn context_and_prehash<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(&[1; 32]);
    let vk = sk.verifying_key();
    let mut rng = rand_chacha::ChaCha20Rng::from_seed([9; 32]);
    let sig = sk.sign_deterministic(b"m", b"").unwrap();
    let long = [0u8; 256];
    let too_long = Err(Error::ContextTooLong { actual: 256 });
    assert_eq!(sk.sign(b"m", &long, &mut rng).map(|_| ()), too_long);
    assert_eq!(sk.sign_deterministic(b"m", &long).map(|_| ()), too_long);
    assert_eq!(vk.verify(b"m", &long, &sig), too_long);
    assert_eq!(vk.compute_mu(b"m", &long).map(|_| ()), too_long);
    let d = [0u8; 32];
    assert_eq!(
        sk.sign_prehash(PreHash::Sha2_256, &d, &long, &mut rng)
            .map(|_| ()),
        too_long
    );
    assert_eq!(
        sk.sign_prehash_deterministic(PreHash::Sha2_256, &d, &long)
            .map(|_| ()),
        too_long
    );
    assert_eq!(
        vk.verify_prehash(PreHash::Sha2_256, &d, &long, &sig),
        too_long
    );
    #[cfg(feature = "hazmat")]
    assert_eq!(
        sk.sign_with_randomness(b"m", &long, &[0; 32]).map(|_| ()),
        too_long
    );
    // 255 bytes is the maximum and works.
    let ctx = [0xcc; 255];
    let s = sk.sign(b"m", &ctx, &mut rng).unwrap();
    vk.verify(b"m", &ctx, &s).unwrap();

    // Pre-hash digests of every wrong length near the right one.
    for h in PreHash::ALL {
        let n = h.digest_len();
        let good = vec![0x5a; n];
        let s = sk.sign_prehash_deterministic(h, &good, b"c").unwrap();
        vk.verify_prehash(h, &good, b"c", &s).unwrap();
        assert_eq!(
            h.oid()[..10],
            [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02]
        );
        for len in [0, n - 1, n + 1, 2 * n] {
            let bad = vec![0x5a; len];
            let e = Err(Error::PreHashLength {
                hash: h.name(),
                expected: n,
                actual: len,
            });
            assert_eq!(sk.sign_prehash_deterministic(h, &bad, b"c").map(|_| ()), e);
            assert_eq!(sk.sign_prehash(h, &bad, b"c", &mut rng).map(|_| ()), e);
            assert_eq!(vk.verify_prehash(h, &bad, b"c", &s), e);
        }
    }
}

/// Splits a signature into (c~, z, h) byte ranges.
fn hint_range<P: ParameterSet>() -> std::ops::Range<usize> {
    P::SIGNATURE_SIZE - P::OMEGA - P::K..P::SIGNATURE_SIZE
}

fn malformed_signatures<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(&[2; 32]);
    let vk = sk.verifying_key();
    let hr = hint_range::<P>();
    let omega = P::OMEGA;
    // Find a signature with two hint indices in one polynomial.
    let (msg, sig) = (0u32..1000)
        .map(|i| {
            let m = i.to_le_bytes().to_vec();
            let s = sk.sign_deterministic(&m, b"").unwrap();
            (m, s)
        })
        .find(|(_, s)| {
            let h = &s.as_bytes().as_ref()[hr.clone()];
            let first_end = h[omega] as usize;
            first_end >= 2
        })
        .expect("a signature with two hints in the first polynomial");
    vk.verify(&msg, b"", &sig).unwrap();
    let good = sig.as_bytes().as_ref().to_vec();
    let h0 = hr.start;
    let reject = |bytes: &[u8], why: &str| {
        let s = Signature::<P>::from_bytes(bytes).unwrap();
        assert_eq!(
            vk.verify(&msg, b"", &s),
            Err(Error::InvalidSignature),
            "{why}"
        );
        let mu = vk.compute_mu(&msg, b"").unwrap();
        assert_eq!(vk.verify_mu(&mu, &s), Err(Error::InvalidSignature), "{why}");
    };
    // Out of order.
    let mut b = good.clone();
    b.swap(h0, h0 + 1);
    reject(&b, "hint indices out of order");
    // Repeated.
    let mut b = good.clone();
    b[h0 + 1] = b[h0];
    reject(&b, "repeated hint index");
    // Too many: the last cumulative count above omega.
    let mut b = good.clone();
    b[hr.end - 1] = omega as u8 + 1;
    reject(&b, "hint count above omega");
    let mut b = good.clone();
    b[hr.end - 1] = 255;
    reject(&b, "hint count 255");
    // Decreasing cumulative counts.
    let mut b = good.clone();
    b[h0 + omega + 1] = 0;
    if good[h0 + omega + 1] > 0 {
        reject(&b, "decreasing hint counts");
    }
    // Non-zero padding after the last index.
    let total = good[hr.end - 1] as usize;
    assert!(total < omega);
    let mut b = good.clone();
    b[h0 + omega - 1] = 1;
    reject(&b, "non-zero hint padding");
    // z out of range: the first coefficient of z encoded as x = 0, i.e. z = gamma1.
    let zb = P::LAMBDA / 4;
    let mut b = good.clone();
    b[zb] = 0;
    b[zb + 1] = 0;
    b[zb + 2] &= !((1u8 << (P::Z_BITS - 16)) - 1);
    reject(&b, "z = gamma1");
    // ... and as x = 2^bits - 1, i.e. z = gamma1 - 2^bits + 1 = -gamma1 + 1.
    let mut b = good.clone();
    b[zb] = 0xff;
    b[zb + 1] = 0xff;
    b[zb + 2] |= (1u8 << (P::Z_BITS - 16)) - 1;
    reject(&b, "z = -gamma1 + 1");
    // Flipped c~.
    let mut b = good.clone();
    b[0] ^= 1;
    reject(&b, "modified c~");
    // The unmodified signature still verifies (the checks above can fail).
    vk.verify(&msg, b"", &Signature::<P>::from_bytes(&good).unwrap())
        .unwrap();
}

fn bad_signing_keys<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(&[3; 32]);
    let good = sk.to_bytes().as_ref().to_vec();
    assert!(SigningKey::<P>::from_bytes(&good).is_ok());
    let eta_bits = P::ETA_BITS;
    let s_start = 128;
    let s_len = 32 * eta_bits * (P::K + P::L);
    let t0_start = s_start + s_len;
    // Set coefficient `i` of the concatenated s1 || s2 to the raw value x.
    let set_s = |bytes: &mut [u8], i: usize, x: u32| {
        let bit = i * eta_bits;
        for j in 0..eta_bits {
            let b = bit + j;
            let byte = &mut bytes[s_start + b / 8];
            *byte = (*byte & !(1 << (b % 8))) | ((((x >> j) & 1) as u8) << (b % 8));
        }
    };
    let max_valid = 2 * P::ETA as u32;
    for i in [0, 255, 256 * P::L - 1, 256 * P::L, 256 * (P::K + P::L) - 1] {
        for x in max_valid + 1..(1 << eta_bits) {
            let mut b = good.clone();
            set_s(&mut b, i, x);
            assert_eq!(
                SigningKey::<P>::from_bytes(&b).err(),
                Some(Error::SigningKeyCheck),
                "s coefficient {i} raw {x}"
            );
        }
    }
    // t0 changed (in range, but no longer the t0 of this key).
    let mut b = good.clone();
    b[t0_start + 5] ^= 0x10;
    assert_eq!(
        SigningKey::<P>::from_bytes(&b).err(),
        Some(Error::SigningKeyCheck)
    );
    // tr changed.
    let mut b = good.clone();
    b[64] ^= 1;
    assert_eq!(
        SigningKey::<P>::from_bytes(&b).err(),
        Some(Error::SigningKeyCheck)
    );
    // rho changed: t0 and tr no longer match.
    let mut b = good.clone();
    b[0] ^= 1;
    assert_eq!(
        SigningKey::<P>::from_bytes(&b).err(),
        Some(Error::SigningKeyCheck)
    );
    // K is free: a different K is a valid (different) key.
    let mut b = good.clone();
    b[40] ^= 1;
    let other = SigningKey::<P>::from_bytes(&b).unwrap();
    assert!(other != sk);
    assert_eq!(other.verifying_key(), sk.verifying_key());
    assert_eq!(other.seed(), None);
    assert!(format!("{other:?}").contains(P::NAME));
}

fn random_inputs_never_panic<P: ParameterSet>() {
    let mut r = Lcg(P::K as u64);
    let sk = SigningKey::<P>::from_seed(&[4; 32]);
    let vk = sk.verifying_key();
    for _ in 0..50 {
        assert!(SigningKey::<P>::from_bytes(&r.bytes(P::SIGNING_KEY_SIZE)).is_err());
        let vk2 = VerifyingKey::<P>::from_bytes(&r.bytes(P::VERIFYING_KEY_SIZE)).unwrap();
        let sig = Signature::<P>::from_bytes(&r.bytes(P::SIGNATURE_SIZE)).unwrap();
        assert_eq!(vk.verify(b"x", b"", &sig), Err(Error::InvalidSignature));
        assert_eq!(vk2.verify(b"x", b"", &sig), Err(Error::InvalidSignature));
        assert_eq!(vk.verify_mu(&[0; 64], &sig), Err(Error::InvalidSignature));
    }
}

use rand_chacha::rand_core::SeedableRng;

macro_rules! all {
    ($($t:ident),*) => {$(
        #[test]
        fn $t() {
            super::$t::<MlDsa44>();
            super::$t::<MlDsa65>();
            super::$t::<MlDsa87>();
        }
    )*};
}
mod per_parameter_set {
    use super::*;
    all!(
        wrong_lengths,
        keygen_into_wrong_lengths,
        context_and_prehash,
        malformed_signatures,
        bad_signing_keys,
        random_inputs_never_panic
    );
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
