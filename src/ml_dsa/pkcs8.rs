//! SubjectPublicKeyInfo and PKCS#8 encodings of ML-DSA keys (RFC 9881); see
//! [`crate::pkcs8`]. The methods are the shared `key_file_methods!`.

use super::{KeyPair, ParameterSet, SigningKey, VerifyingKey};
use crate::Error;
use crate::error::check_len;
use crate::pkcs8::{self as p8, Algorithm, EncodingProblem, PrivateKeyChoice, PrivateKeyFormat};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

#[cfg(feature = "alloc")]
use alloc::{string::String, vec, vec::Vec};

/// Size of the seed xi.
const SEED_SIZE: usize = 32;

/// The encoding facts of parameter set `P` (told apart by k).
pub(crate) fn alg<P: ParameterSet>() -> &'static Algorithm {
    match P::K {
        4 => &p8::ML_DSA_44,
        6 => &p8::ML_DSA_65,
        _ => &p8::ML_DSA_87,
    }
}

/// Size of the seed-form PKCS#8 encoding (all parameter sets).
pub const PKCS8_SEED_DER_SIZE: usize = p8::pkcs8_len(SEED_SIZE, 0, PrivateKeyFormat::Seed);

p8::key_file_methods! {
    rfc: "RFC 9881",
    public: VerifyingKey, VERIFYING_KEY_SIZE, "verifying key", "",
    private: SigningKey, SIGNING_KEY_SIZE, NAME_SK, "SigningKeyCheck",
        "checked as by [`Self::from_bytes`]: coefficient ranges and the recomputed t0 and tr",
    expanded: bytes, public_of_private: |sk| sk.pk.as_ref(),
    pair_from_private: from_signing_key, "54",
}
