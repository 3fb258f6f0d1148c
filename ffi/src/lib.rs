//! The C ABI of `pqlattice`: `libpqlattice.a` / `libpqlattice.so` and the header
//! `include/pqlattice.h` (generated from this crate by cbindgen; see
//! `tests::header_is_up_to_date`).
//!
//! This crate holds no cryptography. Each exported function checks its buffers,
//! calls the safe Rust API of `pqlattice`, copies the results out, and maps
//! `pqlattice::Error` to an `int` status code. The conventions, which the header
//! repeats for C users:
//!
//! * Every buffer is a pointer and a length. Fixed-size buffers (keys, ciphertexts,
//!   signatures, seeds) must have exactly the length of the `PQL_*_BYTES` macro:
//!   a NULL pointer gives [`PQL_ERR_NULL_POINTER`], any other length
//!   [`PQL_ERR_INVALID_LENGTH`]. Variable-length inputs (messages, contexts) may be
//!   NULL only when their length is 0.
//! * Every function returns [`PQL_OK`] (0) or a negative `PQL_ERR_*` code and is
//!   `warn_unused_result`. On any failure every non-NULL output buffer is zeroed
//!   (the first `min(len, expected)` bytes), so a caller that ignores the status
//!   never reads stale secrets.
//! * Nothing unwinds into C: each body runs under `catch_unwind`, and a panic (a
//!   bug) becomes [`PQL_ERR_INTERNAL`].
//! * Secrets held on the Rust side are zeroized when dropped.
//!
//! Functions exist per parameter set (`pql_ml_kem_768_*`); each is a one-line call
//! into one generic function of [`kem`], [`dsa`], `xwing` (feature `xwing`) or
//! `channel` (feature `channel`; both features are on by default, and the shipped
//! library has them).
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// A C signature passes every buffer as a pointer and a length.
#![allow(clippy::too_many_arguments)]

use core::ffi::{c_char, c_int};

mod api;
mod boundary;

// ML-KEM first, then ML-DSA, X-Wing and the channel: the order of the header
// (rustfmt would sort them).
pub mod kem;

pub mod dsa;

#[cfg(feature = "xwing")]
pub mod xwing;

#[cfg(feature = "channel")]
pub mod channel;
// Key files (SPKI, PKCS#8) and streaming ML-DSA: generic functions for entries of the
// ML-KEM and ML-DSA tables.
pub mod keyfiles;
pub mod stream;

// ---------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------

/// Success.
pub const PQL_OK: c_int = 0;
/// A required pointer argument was NULL (a fixed-size buffer, or a variable-length
/// buffer with a non-zero length).
pub const PQL_ERR_NULL_POINTER: c_int = -1;
/// A buffer length was not exactly the size required by the parameter set (see the
/// `PQL_*_BYTES` macros), or a variable length was larger than `PTRDIFF_MAX`.
pub const PQL_ERR_INVALID_LENGTH: c_int = -2;
/// A non-buffer argument was invalid (for example an unknown `PQL_HASH_*` id).
pub const PQL_ERR_INVALID_ARGUMENT: c_int = -3;
/// An ML-KEM encapsulation key failed the FIPS 203 section 7.2 modulus check (a
/// 12-bit coefficient is not below q = 3329).
pub const PQL_ERR_ENCAPSULATION_KEY_CHECK: c_int = -4;
/// An ML-KEM decapsulation key failed the FIPS 203 section 7.3 hash check (the
/// embedded H(ek) does not match the embedded encapsulation key), or its embedded
/// encapsulation key failed the section 7.2 check.
pub const PQL_ERR_DECAPSULATION_KEY_CHECK: c_int = -5;
/// An ML-DSA signing key encoding was malformed (a coefficient of s1, s2 or t0 out
/// of range, or an inconsistent embedded value).
pub const PQL_ERR_SIGNING_KEY_CHECK: c_int = -6;
/// An ML-DSA context string was longer than 255 bytes (FIPS 204 section 5.2).
pub const PQL_ERR_CONTEXT_TOO_LONG: c_int = -7;
/// A HashML-DSA pre-hash digest did not have the length of the named hash.
pub const PQL_ERR_PREHASH_LENGTH: c_int = -8;
/// An ML-DSA signature did not verify (including malformed encodings).
pub const PQL_ERR_INVALID_SIGNATURE: c_int = -9;
/// The operating system's random number generator failed.
pub const PQL_ERR_RANDOMNESS: c_int = -10;
/// An internal error (a bug: a caught panic, or an error kind newer than this
/// header). Outputs are zeroed as for any failure.
pub const PQL_ERR_INTERNAL: c_int = -11;
/// `pql_backend_force` was asked for a backend this build or CPU cannot run.
pub const PQL_ERR_BACKEND_UNAVAILABLE: c_int = -12;
/// A variable-size output buffer is too small: `*out_len` receives the size needed
/// and nothing else changes (call again with a larger buffer).
pub const PQL_ERR_BUFFER_TOO_SMALL: c_int = -13;
/// Channel: a handshake message has a wrong layout or length (fatal).
pub const PQL_ERR_CHANNEL_MALFORMED: c_int = -14;
/// Channel: a handshake message of the wrong type for the state: replayed,
/// reordered or out of place (fatal).
pub const PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE: c_int = -15;
/// Channel: a call the handshake's state does not allow, e.g. reading when it is
/// this side's turn to write, or a session from an unfinished handshake (fatal).
pub const PQL_ERR_CHANNEL_INVALID_STATE: c_int = -16;
/// Channel, responder: none of the offered protocol versions is implemented (fatal).
pub const PQL_ERR_CHANNEL_NO_COMMON_VERSION: c_int = -17;
/// Channel, responder: none of the offered suites is implemented (fatal).
pub const PQL_ERR_CHANNEL_NO_COMMON_SUITE: c_int = -18;
/// Channel, initiator: the responder selected a version or suite that was not
/// offered, a downgrade attempt (fatal).
pub const PQL_ERR_CHANNEL_NOT_OFFERED: c_int = -19;
/// Channel: the initiator's X-Wing key share fails X-Wing's check (fatal).
pub const PQL_ERR_CHANNEL_INVALID_KEY_SHARE: c_int = -20;
/// Channel: the encrypted part of a handshake message does not open: tampered, or
/// the two sides' transcripts differ (fatal).
pub const PQL_ERR_CHANNEL_HANDSHAKE_DECRYPT: c_int = -21;
/// Channel: the peer's ML-DSA-65 transcript signature does not verify (fatal).
pub const PQL_ERR_CHANNEL_BAD_SIGNATURE: c_int = -22;
/// Channel: the peer's Finished MAC does not match (fatal).
pub const PQL_ERR_CHANNEL_BAD_FINISHED: c_int = -23;
/// Channel: the peer's key is not the pinned one (fatal).
pub const PQL_ERR_CHANNEL_PEER_MISMATCH: c_int = -24;
/// Channel: the peer's key is not in the allow-list (fatal).
pub const PQL_ERR_CHANNEL_PEER_NOT_ALLOWED: c_int = -25;
/// Channel, trust on first use: a known peer presented a different key; it changed
/// its key or someone is impersonating it (fatal).
pub const PQL_ERR_CHANNEL_PEER_KEY_CHANGED: c_int = -26;
/// Channel: an earlier fatal error ended this handshake or session; it refuses
/// every further call.
pub const PQL_ERR_CHANNEL_FAILED: c_int = -27;
/// Channel: a record is malformed: wrong header or length, unknown inner type, a
/// key update or close with content (fatal).
pub const PQL_ERR_CHANNEL_RECORD_MALFORMED: c_int = -28;
/// Channel: a record does not authenticate under the expected key and sequence
/// number: forged, replayed, reordered or after a lost record (fatal).
pub const PQL_ERR_CHANNEL_RECORD_AUTHENTICATION: c_int = -29;
/// Channel: more than `PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES` to seal (not fatal).
pub const PQL_ERR_CHANNEL_RECORD_TOO_LARGE: c_int = -30;
/// Channel: sealing after this side's close, or a record after the peer's close
/// (not fatal).
pub const PQL_ERR_CHANNEL_CLOSED: c_int = -31;
/// Channel: a direction's sequence number is used up; update the keys.
pub const PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED: c_int = -32;
/// Channel: an exporter length outside 1 to `PQL_CHANNEL_MAX_EXPORT_BYTES`.
pub const PQL_ERR_CHANNEL_EXPORT_LENGTH: c_int = -33;
/// Channel: an allow-list of more than `PQL_CHANNEL_MAX_ALLOW_LIST` peer ids.
pub const PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG: c_int = -34;
/// Channel: a fingerprint text that does not parse (52 base32 characters, groups of
/// 4 may be separated by '-', or 64 hex digits).
pub const PQL_ERR_CHANNEL_INVALID_FINGERPRINT: c_int = -35;
/// A DER key file (SubjectPublicKeyInfo or PKCS#8, RFC 9935 / RFC 9881) was
/// malformed: not DER (truncated, trailing bytes, indefinite or non-minimal lengths,
/// unexpected tags), algorithm parameters present, a key or seed of the wrong size,
/// an unsupported PKCS#8 version, or inconsistent (a `both` seed that does not
/// regenerate its expanded key, an embedded public key that does not match).
pub const PQL_ERR_KEY_ENCODING: c_int = -36;
/// A DER key file was well formed but for another algorithm or parameter set (its
/// OID is not the one of the function's parameter set).
pub const PQL_ERR_WRONG_ALGORITHM: c_int = -37;

/// Maps a `pqlattice` error to its status code.
pub(crate) fn error_code(e: pql::Error) -> c_int {
    match e {
        pql::Error::InvalidLength { .. } => PQL_ERR_INVALID_LENGTH,
        pql::Error::EncapsulationKeyCheck => PQL_ERR_ENCAPSULATION_KEY_CHECK,
        pql::Error::DecapsulationKeyCheck => PQL_ERR_DECAPSULATION_KEY_CHECK,
        pql::Error::SigningKeyCheck => PQL_ERR_SIGNING_KEY_CHECK,
        pql::Error::ContextTooLong { .. } => PQL_ERR_CONTEXT_TOO_LONG,
        pql::Error::PreHashLength { .. } => PQL_ERR_PREHASH_LENGTH,
        pql::Error::InvalidSignature => PQL_ERR_INVALID_SIGNATURE,
        pql::Error::Randomness => PQL_ERR_RANDOMNESS,
        pql::Error::BackendUnavailable { .. } => PQL_ERR_BACKEND_UNAVAILABLE,
        pql::Error::KeyEncoding {
            problem: pql::pkcs8::EncodingProblem::WrongAlgorithm,
            ..
        } => PQL_ERR_WRONG_ALGORITHM,
        pql::Error::KeyEncoding { .. } => PQL_ERR_KEY_ENCODING,
        // As `*_dk_seed` / `*_sk_seed` report a key without its seed.
        pql::Error::SeedUnavailable { .. } => PQL_ERR_INVALID_ARGUMENT,
        // `pqlattice::Error` is non-exhaustive: a kind added later maps here until
        // it gets a code of its own.
        _ => PQL_ERR_INTERNAL,
    }
}

/// Maps a channel error to its status code.
#[cfg(feature = "channel")]
pub(crate) fn channel_error_code(e: pql::channel::ChannelError) -> c_int {
    use pql::channel::ChannelError as E;
    match e {
        E::Malformed { .. } => PQL_ERR_CHANNEL_MALFORMED,
        E::UnexpectedMessage { .. } => PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE,
        E::InvalidState { .. } => PQL_ERR_CHANNEL_INVALID_STATE,
        E::NoCommonVersion => PQL_ERR_CHANNEL_NO_COMMON_VERSION,
        E::NoCommonSuite => PQL_ERR_CHANNEL_NO_COMMON_SUITE,
        E::NotOffered { .. } => PQL_ERR_CHANNEL_NOT_OFFERED,
        E::InvalidKeyShare => PQL_ERR_CHANNEL_INVALID_KEY_SHARE,
        E::HandshakeDecrypt => PQL_ERR_CHANNEL_HANDSHAKE_DECRYPT,
        E::BadSignature => PQL_ERR_CHANNEL_BAD_SIGNATURE,
        E::BadFinished => PQL_ERR_CHANNEL_BAD_FINISHED,
        E::PeerMismatch { .. } => PQL_ERR_CHANNEL_PEER_MISMATCH,
        E::PeerNotAllowed { .. } => PQL_ERR_CHANNEL_PEER_NOT_ALLOWED,
        E::PeerKeyChanged { .. } => PQL_ERR_CHANNEL_PEER_KEY_CHANGED,
        E::Failed => PQL_ERR_CHANNEL_FAILED,
        E::RecordMalformed { .. } => PQL_ERR_CHANNEL_RECORD_MALFORMED,
        E::RecordAuthentication => PQL_ERR_CHANNEL_RECORD_AUTHENTICATION,
        E::RecordTooLarge { .. } => PQL_ERR_CHANNEL_RECORD_TOO_LARGE,
        E::Closed => PQL_ERR_CHANNEL_CLOSED,
        E::SequenceExhausted => PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED,
        E::ExportLength { .. } => PQL_ERR_CHANNEL_EXPORT_LENGTH,
        E::AllowListTooLong { .. } => PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG,
        E::InvalidFingerprint => PQL_ERR_CHANNEL_INVALID_FINGERPRINT,
        E::Randomness => PQL_ERR_RANDOMNESS,
        // The transport and known-peers-file errors (`Io`, `FrameTooLarge`,
        // `KnownPeersFile`) come from the std helpers, which the C API does not
        // expose; like a kind added later, they map here.
        _ => PQL_ERR_INTERNAL,
    }
}

// ---------------------------------------------------------------------------
// Stack use
// ---------------------------------------------------------------------------

/// The most stack any function of this library uses, in bytes (64 KiB): a thread
/// that calls it needs this much free stack. Keys, including those parsed from the
/// byte buffers a call is given, live on the heap, never on the caller's stack.
/// Checked for every function on x86-64 Linux, with each backend the CPU runs, by
/// `ffi/tests/test_stack.c`, which measures each call's stack by painting and runs
/// it with the stack below this bound made inaccessible; musl's default thread stack
/// (128 KiB) is enough.
pub const PQL_STACK_MAX_BYTES: usize = 65536;

// ---------------------------------------------------------------------------
// Library information
// ---------------------------------------------------------------------------

/// Major version of this header (`pql_version()` is the version of the library
/// actually linked).
pub const PQL_VERSION_MAJOR: c_int = 0;
/// Minor version of this header.
pub const PQL_VERSION_MINOR: c_int = 1;
/// Patch version of this header.
pub const PQL_VERSION_PATCH: c_int = 0;

// The header's literals must agree with Cargo.toml (cbindgen cannot evaluate env!).
const _: () = {
    assert!(PQL_VERSION_MAJOR == parse_u32(env!("CARGO_PKG_VERSION_MAJOR")) as c_int);
    assert!(PQL_VERSION_MINOR == parse_u32(env!("CARGO_PKG_VERSION_MINOR")) as c_int);
    assert!(PQL_VERSION_PATCH == parse_u32(env!("CARGO_PKG_VERSION_PATCH")) as c_int);
};

/// A decimal number, at compile time (`u32::MAX` if malformed).
const fn parse_u32(s: &str) -> u32 {
    let s = s.as_bytes();
    let mut n: u32 = 0;
    let mut i = 0;
    if s.is_empty() {
        return u32::MAX;
    }
    while i < s.len() {
        if !s[i].is_ascii_digit() {
            return u32::MAX;
        }
        n = n * 10 + (s[i] - b'0') as u32;
        i += 1;
    }
    n
}

/// The library version as a static NUL-terminated string, e.g. "0.1.0". Never
/// NULL; do not free it.
#[must_use]
#[unsafe(no_mangle)]
pub extern "C" fn pql_version() -> *const c_char {
    // Cannot panic; caught anyway, as at every exported function.
    std::panic::catch_unwind(|| VERSION.as_ptr()).unwrap_or(c"".as_ptr())
}

/// The version as a C string.
const VERSION: &core::ffi::CStr =
    match core::ffi::CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes())
    {
        Ok(s) => s,
        Err(_) => c"",
    };

/// A static NUL-terminated English description of a status code returned by this
/// library, or "unknown error" for a code it does not define. Never NULL; do not
/// free it.
#[must_use]
#[unsafe(no_mangle)]
pub extern "C" fn pql_error_string(code: c_int) -> *const c_char {
    // Cannot panic; caught anyway, as at every exported function.
    std::panic::catch_unwind(|| error_cstr(code).as_ptr()).unwrap_or(c"unknown error".as_ptr())
}

/// The name of the arithmetic backend operations use now, as a static
/// NUL-terminated string: "portable", "avx2", "avx512", "neon", "neon-sha3" or
/// "wasm-simd128". The best one for the CPU is chosen automatically on first use (or
/// the one named by the environment variable `PQLATTICE_BACKEND`, if available).
/// Never NULL; do not free it.
#[must_use]
#[unsafe(no_mangle)]
pub extern "C" fn pql_backend() -> *const c_char {
    std::panic::catch_unwind(|| backend_cstr(pql::backend::active()).as_ptr())
        .unwrap_or(c"unknown".as_ptr())
}

/// Makes every later operation, in every thread, use the backend called `name`
/// (see `pql_backend`). All backends give identical results; this is for testing,
/// benchmarking, or ruling out a kernel family. Returns `PQL_OK`,
/// `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_ARGUMENT` for an unknown name, or
/// `PQL_ERR_BACKEND_UNAVAILABLE`.
///
/// # Safety
/// `name` must be NULL or point to a NUL-terminated string.
#[must_use]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pql_backend_force(name: *const c_char) -> c_int {
    if name.is_null() {
        return PQL_ERR_NULL_POINTER;
    }
    // SAFETY: the caller passes a NUL-terminated string (documented contract).
    let name = unsafe { core::ffi::CStr::from_ptr(name) };
    std::panic::catch_unwind(|| {
        let Some(b) = name
            .to_str()
            .ok()
            .and_then(pql::backend::Backend::from_name)
        else {
            return PQL_ERR_INVALID_ARGUMENT;
        };
        match pql::backend::force(b) {
            Ok(()) => PQL_OK,
            Err(e) => error_code(e),
        }
    })
    .unwrap_or(PQL_ERR_INTERNAL)
}

/// A backend's name as a static C string.
fn backend_cstr(b: pql::backend::Backend) -> &'static core::ffi::CStr {
    use pql::backend::Backend;
    match b {
        Backend::Portable => c"portable",
        Backend::Avx2 => c"avx2",
        Backend::Avx512 => c"avx512",
        Backend::Neon => c"neon",
        Backend::NeonSha3 => c"neon-sha3",
        Backend::WasmSimd128 => c"wasm-simd128",
        _ => c"unknown",
    }
}

/// The description of a status code.
fn error_cstr(code: c_int) -> &'static core::ffi::CStr {
    match code {
        PQL_OK => c"success",
        PQL_ERR_NULL_POINTER => c"a required pointer argument was NULL",
        PQL_ERR_INVALID_LENGTH => c"a buffer length does not match the required size",
        PQL_ERR_INVALID_ARGUMENT => c"invalid argument",
        PQL_ERR_ENCAPSULATION_KEY_CHECK => {
            c"ML-KEM encapsulation key check failed: a coefficient is not reduced modulo q (FIPS 203 7.2)"
        }
        PQL_ERR_DECAPSULATION_KEY_CHECK => {
            c"ML-KEM decapsulation key check failed: embedded hash H(ek) does not match (FIPS 203 7.3)"
        }
        PQL_ERR_SIGNING_KEY_CHECK => {
            c"ML-DSA signing key is malformed: a coefficient is out of range"
        }
        PQL_ERR_CONTEXT_TOO_LONG => c"context string too long: at most 255 bytes allowed",
        PQL_ERR_PREHASH_LENGTH => c"pre-hash digest length does not match the hash function",
        PQL_ERR_INVALID_SIGNATURE => c"signature verification failed",
        PQL_ERR_RANDOMNESS => c"the operating system's random number generator failed",
        PQL_ERR_INTERNAL => c"internal error",
        PQL_ERR_BACKEND_UNAVAILABLE => {
            c"the requested backend is not available in this build or on this CPU"
        }
        PQL_ERR_BUFFER_TOO_SMALL => {
            c"output buffer too small: *out_len holds the size needed"
        }
        PQL_ERR_CHANNEL_MALFORMED => c"channel: malformed handshake message",
        PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE => {
            c"channel: unexpected handshake message (replayed, reordered or out of place)"
        }
        PQL_ERR_CHANNEL_INVALID_STATE => c"channel: call not allowed in the current state",
        PQL_ERR_CHANNEL_NO_COMMON_VERSION => c"channel: no common protocol version",
        PQL_ERR_CHANNEL_NO_COMMON_SUITE => c"channel: no common suite",
        PQL_ERR_CHANNEL_NOT_OFFERED => {
            c"channel: the responder selected a version or suite that was not offered (downgrade?)"
        }
        PQL_ERR_CHANNEL_INVALID_KEY_SHARE => c"channel: invalid X-Wing key share",
        PQL_ERR_CHANNEL_HANDSHAKE_DECRYPT => {
            c"channel: handshake message does not decrypt (tampered, or the transcripts differ)"
        }
        PQL_ERR_CHANNEL_BAD_SIGNATURE => c"channel: the peer's transcript signature is invalid",
        PQL_ERR_CHANNEL_BAD_FINISHED => c"channel: the peer's Finished MAC is invalid",
        PQL_ERR_CHANNEL_PEER_MISMATCH => c"channel: the peer's key is not the pinned one",
        PQL_ERR_CHANNEL_PEER_NOT_ALLOWED => c"channel: the peer's key is not in the allow-list",
        PQL_ERR_CHANNEL_PEER_KEY_CHANGED => {
            c"channel: WARNING: a known peer presented a different key (changed key or impersonation)"
        }
        PQL_ERR_CHANNEL_FAILED => c"channel: failed earlier and refuses further use",
        PQL_ERR_CHANNEL_RECORD_MALFORMED => c"channel: malformed record",
        PQL_ERR_CHANNEL_RECORD_AUTHENTICATION => {
            c"channel: record authentication failed (forged, replayed, reordered or after a lost record)"
        }
        PQL_ERR_CHANNEL_RECORD_TOO_LARGE => c"channel: record plaintext larger than the maximum",
        PQL_ERR_CHANNEL_CLOSED => c"channel: the direction is closed",
        PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED => {
            c"channel: record sequence number exhausted; update the keys"
        }
        PQL_ERR_CHANNEL_EXPORT_LENGTH => c"channel: exporter length outside 1..=8160",
        PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG => c"channel: allow-list longer than 1024 entries",
        PQL_ERR_CHANNEL_INVALID_FINGERPRINT => c"channel: invalid fingerprint",
        PQL_ERR_KEY_ENCODING => {
            c"malformed or inconsistent key file (SubjectPublicKeyInfo or PKCS#8 DER)"
        }
        PQL_ERR_WRONG_ALGORITHM => c"the key file is for another algorithm or parameter set",
        _ => c"unknown error",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use core::ffi::CStr;

    fn cstr(p: *const c_char) -> &'static str {
        assert!(!p.is_null());
        // SAFETY: both functions return pointers to static NUL-terminated strings.
        unsafe { CStr::from_ptr(p) }
            .to_str()
            .unwrap_or("<not utf-8>")
    }

    #[test]
    fn backend_names_agree() {
        for b in pql::backend::Backend::ALL {
            assert_eq!(backend_cstr(b).to_str().unwrap(), b.name());
        }
        assert_eq!(cstr(pql_backend()), pql::backend::active().name());
    }

    #[test]
    fn version_matches_cargo() {
        assert_eq!(cstr(pql_version()), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn error_strings_are_distinct_and_unknown_is_unknown() {
        let codes = (PQL_ERR_WRONG_ALGORITHM..=PQL_OK).collect::<Vec<_>>();
        let mut seen = std::collections::HashSet::new();
        for c in &codes {
            let s = cstr(pql_error_string(*c));
            assert_ne!(s, "unknown error", "code {c}");
            assert!(seen.insert(s), "duplicate string for {c}");
        }
        for c in [1, PQL_ERR_WRONG_ALGORITHM - 1, -100, c_int::MIN, c_int::MAX] {
            assert_eq!(cstr(pql_error_string(c)), "unknown error");
        }
    }

    #[test]
    fn every_error_kind_has_its_own_code() {
        let errors = [
            pql::Error::InvalidLength {
                what: "x",
                expected: 1,
                actual: 2,
            },
            pql::Error::EncapsulationKeyCheck,
            pql::Error::DecapsulationKeyCheck,
            pql::Error::SigningKeyCheck,
            pql::Error::ContextTooLong { actual: 256 },
            pql::Error::PreHashLength {
                hash: "SHA2-256",
                expected: 32,
                actual: 31,
            },
            pql::Error::InvalidSignature,
            pql::Error::Randomness,
            pql::Error::BackendUnavailable { backend: "avx2" },
            pql::Error::KeyEncoding {
                what: "x",
                problem: pql::pkcs8::EncodingProblem::Truncated,
            },
            pql::Error::KeyEncoding {
                what: "x",
                problem: pql::pkcs8::EncodingProblem::WrongAlgorithm,
            },
        ];
        let codes: std::collections::HashSet<c_int> =
            errors.iter().map(|e| error_code(*e)).collect();
        assert_eq!(codes.len(), errors.len());
        assert!(codes.iter().all(|c| *c < 0 && *c != PQL_ERR_INTERNAL));
    }

    /// Every channel error the C API can return has a code of its own, distinct
    /// from every other error's.
    #[cfg(feature = "channel")]
    #[test]
    fn every_channel_error_has_its_own_code() {
        use pql::channel::{ChannelError as E, MessageKind, PeerId};
        let id = PeerId::from_bytes([1; 32]);
        let errors = [
            E::Malformed {
                message: MessageKind::InitiatorHello,
                reason: "x",
            },
            E::UnexpectedMessage {
                expected: MessageKind::InitiatorAuth,
                got: 1,
            },
            E::InvalidState { operation: "x" },
            E::NoCommonVersion,
            E::NoCommonSuite,
            E::NotOffered {
                what: "suite",
                value: 2,
            },
            E::InvalidKeyShare,
            E::HandshakeDecrypt,
            E::BadSignature,
            E::BadFinished,
            E::PeerMismatch {
                expected: id,
                actual: id,
            },
            E::PeerNotAllowed { actual: id },
            E::PeerKeyChanged {
                known: id,
                presented: id,
            },
            E::Failed,
            E::RecordMalformed { reason: "x" },
            E::RecordAuthentication,
            E::RecordTooLarge { actual: 1 },
            E::Closed,
            E::SequenceExhausted,
            E::ExportLength { actual: 0 },
            E::AllowListTooLong { actual: 1025 },
            E::InvalidFingerprint,
        ];
        let codes: std::collections::HashSet<c_int> =
            errors.iter().map(|e| channel_error_code(*e)).collect();
        assert_eq!(codes.len(), errors.len());
        assert!(codes.iter().all(|c| {
            (PQL_ERR_CHANNEL_INVALID_FINGERPRINT..=PQL_ERR_CHANNEL_MALFORMED).contains(c)
        }));
        assert_eq!(channel_error_code(E::Randomness), PQL_ERR_RANDOMNESS);
        assert_eq!(
            channel_error_code(E::FrameTooLarge { actual: 0 }),
            PQL_ERR_INTERNAL
        );
    }
}
