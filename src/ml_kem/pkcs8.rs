//! SubjectPublicKeyInfo and PKCS#8 encodings of ML-KEM keys (RFC 9935); see
//! [`crate::pkcs8`]. The methods are the shared `key_file_methods!`.

use super::{DecapsulationKey, EncapsulationKey, KeyPair, ParameterSet, SEED_SIZE};
use crate::Error;
use crate::error::check_len;
use crate::pkcs8::{self as p8, Algorithm, EncodingProblem, PrivateKeyChoice, PrivateKeyFormat};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

#[cfg(feature = "alloc")]
use alloc::{string::String, vec, vec::Vec};

/// The encoding facts of parameter set `P` (told apart by the module rank k).
pub(crate) fn alg<P: ParameterSet>() -> &'static Algorithm {
    match P::K {
        2 => &p8::ML_KEM_512,
        3 => &p8::ML_KEM_768,
        _ => &p8::ML_KEM_1024,
    }
}

/// Size of the seed-form PKCS#8 encoding (all parameter sets).
pub const PKCS8_SEED_DER_SIZE: usize = p8::pkcs8_len(SEED_SIZE, 0, PrivateKeyFormat::Seed);

p8::key_file_methods! {
    rfc: "RFC 9935",
    public: EncapsulationKey, EK_SIZE, "encapsulation key; the key gets the FIPS 203 section 7.2 check",
        ", [`Error::EncapsulationKeyCheck`]",
    private: DecapsulationKey, DK_SIZE, NAME_DK, "DecapsulationKeyCheck",
        "FIPS 203 section 7.3 check",
    expanded: dk_bytes, public_of_private: |dk| dk.ek.bytes.as_ref(),
    pair_from_private: from_decapsulation_key, "86",
}
