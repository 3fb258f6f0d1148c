//! The crate-wide error type.

use core::fmt;

/// Every way a `pqlattice` operation can fail.
///
/// One enum for the whole crate (ML-KEM and ML-DSA), so that callers (and the C and
/// WASM bindings) can map each failure to a precise code. New variants may be added
/// in minor releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An input had the wrong length.
    InvalidLength {
        /// What was being parsed (e.g. "ML-KEM-768 encapsulation key").
        what: &'static str,
        /// The length that was required.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// An ML-KEM encapsulation key failed the FIPS 203 section 7.2 modulus check
    /// (a 12-bit coefficient was not below q = 3329).
    EncapsulationKeyCheck,
    /// An ML-KEM decapsulation key failed the FIPS 203 section 7.3 hash check
    /// (the embedded H(ek) does not match the embedded encapsulation key), or its
    /// embedded encapsulation key failed the section 7.2 check.
    DecapsulationKeyCheck,
    /// An ML-DSA signing key encoding was malformed (a coefficient of s1, s2 or t0
    /// outside its range, or an inconsistent embedded value).
    SigningKeyCheck,
    /// A context string was longer than 255 bytes (FIPS 204 section 5.2).
    ContextTooLong {
        /// The length that was given.
        actual: usize,
    },
    /// A pre-hash digest had the wrong length for the named hash function.
    PreHashLength {
        /// The hash function's name.
        hash: &'static str,
        /// The digest length that hash produces.
        expected: usize,
        /// The length that was given.
        actual: usize,
    },
    /// A signature did not verify (including malformed encodings: hints out of
    /// order, repeated or too many, non-zero padding, z out of range).
    InvalidSignature,
    /// The operating system's random number generator failed.
    Randomness,
    /// [`crate::backend::force`] was asked for a backend that this build or CPU
    /// cannot run.
    BackendUnavailable {
        /// The backend's name ([`crate::backend::Backend::name`]).
        backend: &'static str,
    },
    /// A DER or PEM key encoding (SubjectPublicKeyInfo or PKCS#8 OneAsymmetricKey,
    /// RFC 9935 / RFC 9881) was malformed, was for another algorithm, or was
    /// inconsistent (see [`crate::pkcs8::EncodingProblem`]).
    KeyEncoding {
        /// What was being parsed (e.g. "ML-KEM-768 PKCS#8 private key").
        what: &'static str,
        /// What is wrong with it.
        problem: crate::pkcs8::EncodingProblem,
    },
    /// A private key encoding with the seed was requested, but the key was built
    /// from its expanded form and has no seed (the seed cannot be recomputed).
    SeedUnavailable {
        /// The key (e.g. "ML-DSA-65 signing key").
        what: &'static str,
    },
    /// An output buffer was too small.
    BufferTooSmall {
        /// What was being written.
        what: &'static str,
        /// The number of bytes needed.
        needed: usize,
        /// The buffer's length.
        actual: usize,
    },
    /// A pairwise consistency test (FIPS 140-3 IG 10.3.A style: encapsulate and
    /// decapsulate, or sign and verify, once with the new key pair) failed.
    PairwiseConsistency {
        /// The key pair (e.g. "ML-KEM-768 key pair").
        what: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidLength {
                what,
                expected,
                actual,
            } => write!(f, "{what}: expected {expected} bytes, got {actual}"),
            Error::EncapsulationKeyCheck => f.write_str(
                "ML-KEM encapsulation key check failed: a coefficient is not reduced modulo q (FIPS 203 7.2)",
            ),
            Error::DecapsulationKeyCheck => f.write_str(
                "ML-KEM decapsulation key check failed: embedded hash H(ek) does not match (FIPS 203 7.3)",
            ),
            Error::SigningKeyCheck => {
                f.write_str("ML-DSA signing key is malformed: a coefficient is out of range")
            }
            Error::ContextTooLong { actual } => {
                write!(f, "context string too long: {actual} bytes, at most 255 allowed")
            }
            Error::PreHashLength {
                hash,
                expected,
                actual,
            } => write!(
                f,
                "pre-hash digest for {hash} must be {expected} bytes, got {actual}"
            ),
            Error::InvalidSignature => f.write_str("signature verification failed"),
            Error::Randomness => f.write_str("the operating system's random number generator failed"),
            Error::BackendUnavailable { backend } => write!(
                f,
                "backend {backend} is not available in this build or on this CPU"
            ),
            Error::KeyEncoding { what, problem } => write!(f, "{what}: {problem}"),
            Error::SeedUnavailable { what } => write!(
                f,
                "{what} has no seed (it was built from the expanded key): write the expanded form instead"
            ),
            Error::BufferTooSmall {
                what,
                needed,
                actual,
            } => write!(f, "{what}: output buffer needs {needed} bytes, got {actual}"),
            Error::PairwiseConsistency { what } => {
                write!(f, "{what}: pairwise consistency test failed")
            }
        }
    }
}

impl core::error::Error for Error {}

/// Checks that `bytes` has length `expected`, naming `what` in the error.
pub(crate) fn check_len(what: &'static str, bytes: &[u8], expected: usize) -> Result<(), Error> {
    if bytes.len() == expected {
        Ok(())
    } else {
        Err(Error::InvalidLength {
            what,
            expected,
            actual: bytes.len(),
        })
    }
}
