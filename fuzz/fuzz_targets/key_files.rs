//! The key-file decoders (SubjectPublicKeyInfo and PKCS#8, DER and PEM; RFC 9935,
//! RFC 9881) of all six parameter sets on arbitrary bytes: each returns a key or a
//! typed error, never panics, and whatever decodes round-trips:
//! - a SubjectPublicKeyInfo is re-encoded to exactly the input bytes (the decoder
//!   accepts only the one DER encoding the encoder writes);
//! - a PKCS#8 key re-encodes, in every form it can be written in, to bytes that
//!   decode to the same key, and one of those forms is the input itself whenever the
//!   input is version 1 without attributes (what the encoder writes); a key that
//!   decodes without its seed came from the `expandedKey` form;
//! - the boxed decoders (the C API's) agree with the plain ones;
//! - PEM (when the input is UTF-8): a decoded key's PEM re-encoding decodes to it.
//!
//! Inputs are also tried with their first bytes replaced by a valid header for one of
//! the sets, so that the fuzzer gets past the OID quickly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::pkcs8::PrivateKeyFormat;
use pqlattice::{ml_dsa_44, ml_dsa_65, ml_dsa_87, ml_kem_512, ml_kem_768, ml_kem_1024};

const FORMATS: [PrivateKeyFormat; 3] = [
    PrivateKeyFormat::Seed,
    PrivateKeyFormat::Expanded,
    PrivateKeyFormat::Both,
];

/// Whether `der` is a version 1 OneAsymmetricKey without attributes or public key:
/// SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING } and nothing else. Checked
/// here independently of the library's reader (definite lengths, any DER form).
fn plain_v1(der: &[u8]) -> bool {
    fn tlv(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = b.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (len, rest) = if first < 0x80 {
            (first as usize, rest)
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 3 || rest.len() < n {
                return None;
            }
            let len = rest[..n].iter().fold(0usize, |a, &b| a << 8 | b as usize);
            (len, &rest[n..])
        };
        (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
    }
    let Some((0x30, body, [])) = tlv(der) else {
        return false;
    };
    let Some((0x02, [0], rest)) = tlv(body) else {
        return false;
    };
    let Some((0x30, _, rest)) = tlv(rest) else {
        return false;
    };
    matches!(tlv(rest), Some((0x04, _, [])))
}

macro_rules! public {
    ($key:ty, $data:expr) => {{
        let plain = <$key>::from_public_key_der($data);
        let boxed = <$key>::boxed_from_public_key_der($data);
        assert_eq!(plain.as_ref().err(), boxed.as_ref().err());
        if let Ok(k) = plain {
            assert_eq!(&k, &*boxed.unwrap());
            assert_eq!(k.to_public_key_der(), $data);
            let pem = k.to_public_key_pem();
            assert_eq!(<$key>::from_public_key_pem(&pem).unwrap(), k);
        }
        if let Ok(text) = core::str::from_utf8($data) {
            if let Ok(k) = <$key>::from_public_key_pem(text) {
                let again = <$key>::from_public_key_pem(&k.to_public_key_pem()).unwrap();
                assert_eq!(again, k);
            }
        }
    }};
}

macro_rules! private {
    ($key:ty, $data:expr) => {{
        let plain = <$key>::from_pkcs8_der($data);
        let boxed = <$key>::boxed_from_pkcs8_der($data);
        assert_eq!(plain.as_ref().err(), boxed.as_ref().err());
        if let Ok(k) = plain {
            assert_eq!(&k, &*boxed.unwrap());
            let mut same_as_input = false;
            for format in FORMATS {
                match k.to_pkcs8_der_as(format) {
                    Ok(der) => {
                        assert_eq!(der.len(), <$key>::pkcs8_der_size(format));
                        assert_eq!(<$key>::from_pkcs8_der(&der).unwrap(), k);
                        same_as_input |= der[..] == *$data;
                    }
                    Err(_) => {
                        // Only a key without its seed cannot be written with it.
                        assert!(k.seed().is_none() && format != PrivateKeyFormat::Expanded);
                    }
                }
            }
            assert_eq!(same_as_input, plain_v1($data), "re-encoding of a plain v1 key");
            if let Ok(pem) = k.to_pkcs8_pem_as(if k.seed().is_some() {
                PrivateKeyFormat::Seed
            } else {
                PrivateKeyFormat::Expanded
            }) {
                assert_eq!(<$key>::from_pkcs8_pem(&pem).unwrap(), k);
            } else {
                panic!("the form it has cannot fail");
            }
        }
        if let Ok(text) = core::str::from_utf8($data) {
            let _ = <$key>::from_pkcs8_pem(text);
        }
    }};
}

fn all(d: &[u8]) {
    public!(ml_kem_512::EncapsulationKey, d);
    public!(ml_kem_768::EncapsulationKey, d);
    public!(ml_kem_1024::EncapsulationKey, d);
    public!(ml_dsa_44::VerifyingKey, d);
    public!(ml_dsa_65::VerifyingKey, d);
    public!(ml_dsa_87::VerifyingKey, d);
    private!(ml_kem_512::DecapsulationKey, d);
    private!(ml_kem_768::DecapsulationKey, d);
    private!(ml_kem_1024::DecapsulationKey, d);
    private!(ml_dsa_44::SigningKey, d);
    private!(ml_dsa_65::SigningKey, d);
    private!(ml_dsa_87::SigningKey, d);
}

/// The first bytes of a seed-form PKCS#8 key up to and including the OID, for each set
/// (outer length as the seed form has it; the fuzzer mutates the rest).
fn header(sel: u8) -> Vec<u8> {
    let (arc, last, outer) = match sel % 6 {
        0 => (4, 1, 0x54),
        1 => (4, 2, 0x54),
        2 => (4, 3, 0x54),
        3 => (3, 0x11, 0x34),
        4 => (3, 0x12, 0x34),
        _ => (3, 0x13, 0x34),
    };
    vec![
        0x30, outer, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
        0x03, 0x04, arc, last,
    ]
}

fuzz_target!(|data: &[u8]| {
    all(data);
    if let Some((&sel, rest)) = data.split_first() {
        let mut d = header(sel);
        d.extend_from_slice(rest);
        all(&d);
    }
});
