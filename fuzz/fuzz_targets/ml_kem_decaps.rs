//! ML-KEM decapsulation of arbitrary ciphertexts (and fuzzer-chosen keys) must give
//! exactly RustCrypto's `ml-kem` result, implicit rejection included.
#![no_main]
#![allow(deprecated)]

use libfuzzer_sys::fuzz_target;
use ml_kem::array::Array;
use ml_kem::{Decapsulate, ExpandedKeyEncoding};

macro_rules! check {
    ($ours:ident, $theirs:ident, $seed:expr, $ct:expr, $mutate:expr) => {{
        use pqlattice::$ours as ours;
        type TheirDk = ml_kem::DecapsulationKey<ml_kem::$theirs>;
        let (_, dk) = ours::generate_from_seed($seed);
        let their_dk = TheirDk::from_seed(Array::from(*$seed));
        // A ciphertext of the right size built from the fuzzer's bytes.
        let ct_bytes: Vec<u8> = $ct.iter().copied().cycle().take(ours::CIPHERTEXT_SIZE).collect();
        if ct_bytes.len() == ours::CIPHERTEXT_SIZE {
            let ct = ours::Ciphertext::from_bytes(&ct_bytes).unwrap();
            let theirs = ml_kem::Ciphertext::<ml_kem::$theirs>::try_from(&ct_bytes[..]).unwrap();
            assert_eq!(&dk.decapsulate(&ct).as_bytes()[..], &their_dk.decapsulate(&theirs)[..]);
        }
        // A valid ciphertext with fuzzer-chosen corruption.
        let (ct, k) = dk.encapsulation_key().encapsulate_deterministic(&[7u8; 32]);
        let mut bad = ct.as_bytes().to_vec();
        let (pos, bit) = $mutate;
        let n = bad.len();
        bad[pos % n] ^= 1 << (bit % 8);
        let ours_k = dk.decapsulate(&ours::Ciphertext::from_bytes(&bad).unwrap());
        let theirs = ml_kem::Ciphertext::<ml_kem::$theirs>::try_from(&bad[..]).unwrap();
        assert_eq!(&ours_k.as_bytes()[..], &their_dk.decapsulate(&theirs)[..]);
        assert_ne!(ours_k, k);
        // Expanded dk with a fuzzer-modified dk_PKE: both still agree (no check covers it).
        let mut dk_bytes = dk.to_bytes().to_vec();
        dk_bytes[pos % (384 * (ours::ENCAPSULATION_KEY_SIZE / 384))] ^= bit | 1;
        if let Ok(dk2) = ours::DecapsulationKey::from_bytes(&dk_bytes) {
            let their2 = TheirDk::from_expanded_bytes(&Array::try_from(&dk_bytes[..]).unwrap()).unwrap();
            let ct2 = ours::Ciphertext::from_bytes(&bad).unwrap();
            assert_eq!(&dk2.decapsulate(&ct2).as_bytes()[..], &their2.decapsulate(&theirs)[..]);
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 68 {
        return;
    }
    let seed: [u8; 64] = data[..64].try_into().unwrap();
    let pos = u16::from_le_bytes([data[64], data[65]]) as usize;
    let bit = data[66];
    let ct = &data[67..];
    match data[0] % 3 {
        0 => check!(ml_kem_512, MlKem512, &seed, ct, (pos, bit)),
        1 => check!(ml_kem_768, MlKem768, &seed, ct, (pos, bit)),
        _ => check!(ml_kem_1024, MlKem1024, &seed, ct, (pos, bit)),
    }
});
