//! ML-KEM public API: bad input gives the right `Error`, never a panic; key
//! round trips; secrets stay out of `Debug`.

mod common;
use pqlattice::ml_kem::{
    Ciphertext, DecapsulationKey, EncapsulationKey, MlKem512, MlKem768, MlKem1024, ParameterSet,
};
use pqlattice::{Error, ml_kem_512, ml_kem_768, ml_kem_1024};

fn seed(tag: u8) -> [u8; 64] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(tag))
}

fn wrong_lengths<P: ParameterSet>() {
    let (ek, dk) = pqlattice::ml_kem::generate_from_seed::<P>(&seed(1));
    let ek_bytes = ek.as_bytes().as_ref().to_vec();
    let dk_bytes = dk.to_bytes().as_ref().to_vec();
    let (ct, _) = ek.encapsulate(&mut rand_chacha::ChaCha20Rng::from_seed([9; 32]));
    let ct_bytes = ct.as_bytes().as_ref().to_vec();
    let longest = P::DK_SIZE + 2;
    let buf: Vec<u8> = (0..longest).map(|i| i as u8).collect();
    for len in 0..=longest {
        if len != P::EK_SIZE {
            assert_eq!(
                EncapsulationKey::<P>::from_bytes(&buf[..len]).unwrap_err(),
                Error::InvalidLength {
                    what: P::NAME_EK,
                    expected: P::EK_SIZE,
                    actual: len
                }
            );
        }
        if len != P::DK_SIZE {
            assert_eq!(
                DecapsulationKey::<P>::from_bytes(&buf[..len]).unwrap_err(),
                Error::InvalidLength {
                    what: P::NAME_DK,
                    expected: P::DK_SIZE,
                    actual: len
                }
            );
        }
        if len != P::CT_SIZE {
            assert_eq!(
                Ciphertext::<P>::from_bytes(&buf[..len]).unwrap_err(),
                Error::InvalidLength {
                    what: P::NAME_CT,
                    expected: P::CT_SIZE,
                    actual: len
                }
            );
        }
    }
    // Right lengths parse.
    assert_eq!(EncapsulationKey::<P>::from_bytes(&ek_bytes).unwrap(), ek);
    assert!(DecapsulationKey::<P>::from_bytes(&dk_bytes).unwrap() == dk);
    assert_eq!(Ciphertext::<P>::from_bytes(&ct_bytes).unwrap(), ct);
    // The message names the object and both lengths.
    let msg = EncapsulationKey::<P>::from_bytes(&buf[..3])
        .unwrap_err()
        .to_string();
    assert!(msg.contains(P::NAME) && msg.contains(&P::EK_SIZE.to_string()) && msg.contains(" 3"));
}

use rand_chacha::rand_core::SeedableRng;

#[test]
fn wrong_lengths_all_sizes() {
    wrong_lengths::<MlKem512>();
    wrong_lengths::<MlKem768>();
    wrong_lengths::<MlKem1024>();
}

/// Sets the 12-bit coefficient `pos` of an encoded vector to `v`.
fn set12(bytes: &mut [u8], pos: usize, v: u16) {
    for j in 0..12 {
        let bit = pos * 12 + j;
        if (v >> j) & 1 == 1 {
            bytes[bit / 8] |= 1 << (bit % 8);
        } else {
            bytes[bit / 8] &= !(1 << (bit % 8));
        }
    }
}

/// Every coefficient position, with every out-of-range value used somewhere, is
/// rejected by the section 7.2 check; q - 1 in the same positions is accepted.
fn out_of_range_ek<P: ParameterSet>() {
    let (ek, dk) = pqlattice::ml_kem::generate_from_seed::<P>(&seed(2));
    let good = ek.as_bytes().as_ref().to_vec();
    let mut bad_value = 3329u16;
    for pos in 0..256 * P::K {
        let mut b = good.clone();
        set12(&mut b, pos, bad_value);
        assert_eq!(
            EncapsulationKey::<P>::from_bytes(&b).unwrap_err(),
            Error::EncapsulationKeyCheck,
            "position {pos} value {bad_value}"
        );
        // The same key embedded in a dk (with a matching hash) fails the dk check.
        if pos % 97 == 0 {
            let mut d = dk.to_bytes().as_ref().to_vec();
            let k = P::K;
            d[384 * k..768 * k + 32].copy_from_slice(&b);
            let h: [u8; 32] = <sha3::Sha3_256 as sha3::Digest>::digest(&b).into();
            d[768 * k + 32..768 * k + 64].copy_from_slice(&h);
            assert_eq!(
                DecapsulationKey::<P>::from_bytes(&d).unwrap_err(),
                Error::DecapsulationKeyCheck
            );
        }
        let mut ok = good.clone();
        set12(&mut ok, pos, 3328);
        assert!(EncapsulationKey::<P>::from_bytes(&ok).is_ok());
        bad_value = if bad_value == 4095 {
            3329
        } else {
            bad_value + 1
        };
    }
    // rho is not range-checked: any 32 bytes are valid.
    let mut r = good.clone();
    let n = r.len();
    r[n - 32..].fill(0xFF);
    assert!(EncapsulationKey::<P>::from_bytes(&r).is_ok());
}

#[test]
fn out_of_range_encapsulation_keys() {
    out_of_range_ek::<MlKem512>();
    out_of_range_ek::<MlKem768>();
    out_of_range_ek::<MlKem1024>();
}

fn dk_hash_check<P: ParameterSet>() {
    let (_, dk) = pqlattice::ml_kem::generate_from_seed::<P>(&seed(3));
    let good = dk.to_bytes().as_ref().to_vec();
    let k = P::K;
    // Any flipped bit of the ek part or of H(ek) fails the check.
    for byte in [
        384 * k,
        384 * k + 500,
        768 * k + 31,
        768 * k + 32,
        768 * k + 63,
    ] {
        let mut b = good.clone();
        b[byte] ^= 0x10;
        assert_eq!(
            DecapsulationKey::<P>::from_bytes(&b).unwrap_err(),
            Error::DecapsulationKeyCheck,
            "byte {byte}"
        );
    }
    // dk_PKE and z are not covered by the hash: changes there still parse.
    let mut b = good.clone();
    b[0] ^= 1;
    b[768 * k + 64] ^= 1;
    assert!(DecapsulationKey::<P>::from_bytes(&b).is_ok());
}

#[test]
fn decapsulation_key_hash_check() {
    dk_hash_check::<MlKem512>();
    dk_hash_check::<MlKem768>();
    dk_hash_check::<MlKem1024>();
}

#[test]
fn round_trip_and_implicit_rejection() {
    fn run<P: ParameterSet>() {
        let mut rng = rand_chacha::ChaCha20Rng::from_seed([4; 32]);
        let (ek, dk) = pqlattice::ml_kem::generate::<P, _>(&mut rng);
        assert!(dk.seed().is_some());
        assert_eq!(dk.encapsulation_key(), &ek);
        for _ in 0..5 {
            let (ct, k) = ek.encapsulate(&mut rng);
            assert_eq!(dk.decapsulate(&ct), k);
            let mut bad = ct.as_bytes().as_ref().to_vec();
            bad[7] ^= 4;
            let bad = Ciphertext::<P>::from_bytes(&bad).unwrap();
            let kb = dk.decapsulate(&bad);
            assert_ne!(kb, k);
            // Implicit rejection is deterministic: J(z || c).
            assert_eq!(kb, dk.decapsulate(&bad));
        }
        // From the expanded form: same behaviour, no seed.
        let dk2 = DecapsulationKey::<P>::from_bytes(dk.to_bytes().as_ref()).unwrap();
        assert!(dk2.seed().is_none());
        let (ct, k) = ek.encapsulate(&mut rng);
        assert_eq!(dk2.decapsulate(&ct), k);
    }
    run::<MlKem512>();
    run::<MlKem768>();
    run::<MlKem1024>();
}

#[test]
fn os_rng_conveniences_and_sizes() {
    let (ek, dk) = ml_kem_768::generate_with_os_rng().unwrap();
    let (ct, k) = ek.encapsulate_with_os_rng().unwrap();
    assert_eq!(dk.decapsulate(&ct), k);
    let (ek2, _) = ml_kem_768::generate_with_os_rng().unwrap();
    assert_ne!(ek, ek2);
    assert_eq!(
        (
            ml_kem_512::ENCAPSULATION_KEY_SIZE,
            ml_kem_512::DECAPSULATION_KEY_SIZE,
            ml_kem_512::CIPHERTEXT_SIZE
        ),
        (800, 1632, 768)
    );
    assert_eq!(
        (
            ml_kem_768::ENCAPSULATION_KEY_SIZE,
            ml_kem_768::DECAPSULATION_KEY_SIZE,
            ml_kem_768::CIPHERTEXT_SIZE
        ),
        (1184, 2400, 1088)
    );
    assert_eq!(
        (
            ml_kem_1024::ENCAPSULATION_KEY_SIZE,
            ml_kem_1024::DECAPSULATION_KEY_SIZE,
            ml_kem_1024::CIPHERTEXT_SIZE
        ),
        (1568, 3168, 1568)
    );
    assert_eq!(ml_kem_768::SEED_SIZE, 64);
    assert_eq!(pqlattice::ml_kem::SHARED_SECRET_SIZE, 32);
    let _: &[u8; 1184] = ek.as_bytes();
    let _: &[u8; 1088] = ct.as_bytes();
    let _: &[u8; 32] = k.as_bytes();
}

#[test]
fn debug_never_prints_secrets() {
    let s = seed(5);
    let (_, dk) = ml_kem_1024::generate_from_seed(&s);
    let (ct, k) = dk
        .encapsulation_key()
        .encapsulate(&mut rand_chacha::ChaCha20Rng::from_seed([1; 32]));
    let hexs = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let dbg = format!("{dk:?} {k:?} {ct:?}");
    assert!(dbg.contains("redacted"));
    for secret in [
        hexs(&s[32..40]),
        hexs(&k.as_bytes()[..8]),
        hexs(&dk.to_bytes()[..8]),
    ] {
        assert!(!dbg.contains(&secret), "{dbg}");
    }
    let dbg_dec = format!("{:?}", &k.as_bytes()[..4]);
    assert!(!dbg.contains(&dbg_dec));
}

#[test]
fn secrets_compare_in_constant_time_api() {
    use subtle::ConstantTimeEq;
    let (_, a) = ml_kem_512::generate_from_seed(&seed(6));
    let (_, b) = ml_kem_512::generate_from_seed(&seed(7));
    assert!(bool::from(a.ct_eq(&a.clone())));
    assert!(!bool::from(a.ct_eq(&b)));
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
