//! Every parser on arbitrary bytes: must return Ok or a typed Error, never panic;
//! whatever parses must re-encode to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::{ml_dsa_44, ml_dsa_65, ml_dsa_87, ml_kem_512, ml_kem_768, ml_kem_1024};

macro_rules! kem {
    ($m:ident, $data:expr) => {{
        if let Ok(ek) = $m::EncapsulationKey::from_bytes($data) {
            assert_eq!(&ek.as_bytes()[..], $data);
        }
        if let Ok(dk) = $m::DecapsulationKey::from_bytes($data) {
            assert_eq!(&dk.to_bytes()[..], $data);
        }
        if let Ok(ct) = $m::Ciphertext::from_bytes($data) {
            assert_eq!(&ct.as_bytes()[..], $data);
        }
    }};
}

macro_rules! dsa {
    ($m:ident, $data:expr) => {{
        if let Ok(vk) = $m::VerifyingKey::from_bytes($data) {
            assert_eq!(&vk.as_bytes()[..], $data);
        }
        if let Ok(sk) = $m::SigningKey::from_bytes($data) {
            assert_eq!(&sk.to_bytes()[..], $data);
        }
        if let Ok(sig) = $m::Signature::from_bytes($data) {
            assert_eq!(&sig.as_bytes()[..], $data);
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    // The fuzzer rarely hits exact sizes by itself: also try the input stretched to
    // each type's size (repeating it), so the content checks get exercised.
    let sizes = [
        ml_kem_512::ENCAPSULATION_KEY_SIZE,
        ml_kem_768::ENCAPSULATION_KEY_SIZE,
        ml_kem_1024::ENCAPSULATION_KEY_SIZE,
        ml_kem_512::DECAPSULATION_KEY_SIZE,
        ml_kem_768::DECAPSULATION_KEY_SIZE,
        ml_kem_1024::DECAPSULATION_KEY_SIZE,
        ml_dsa_44::SIGNING_KEY_SIZE,
        ml_dsa_65::SIGNING_KEY_SIZE,
        ml_dsa_87::SIGNING_KEY_SIZE,
        ml_dsa_44::VERIFYING_KEY_SIZE,
        ml_dsa_65::VERIFYING_KEY_SIZE,
        ml_dsa_87::VERIFYING_KEY_SIZE,
    ];
    let mut inputs = vec![data.to_vec()];
    if !data.is_empty() {
        let sel = sizes[data[0] as usize % sizes.len()];
        inputs.push(data.iter().copied().cycle().take(sel).collect());
    }
    for d in &inputs {
        let d = &d[..];
        kem!(ml_kem_512, d);
        kem!(ml_kem_768, d);
        kem!(ml_kem_1024, d);
        dsa!(ml_dsa_44, d);
        dsa!(ml_dsa_65, d);
        dsa!(ml_dsa_87, d);
    }
});
