//! X-Wing (draft-connolly-cfrg-xwing-kem-10): `pql_xwing_*`.
//!
//! Each exported function is a one-line call into one generic function below (the
//! type parameter is the marker [`XWing`]: X-Wing has a single parameter set, and
//! the `c_api!` table wants one); all checks and copies live in those.
//!
//! Keys: the encapsulation key is `pk_M || pk_X` (1216 bytes); the decapsulation
//! key *is* its 32-byte seed (draft section 5.1), expanded again on every
//! decapsulation.

// The `c_api!` table instantiates every function with the set's marker type, which
// functions that do not depend on it leave unused.
#![allow(clippy::extra_unused_type_parameters)]

use crate::api::c_api;
use crate::boundary::{Input, Output, run, run_wiped};
use crate::{PQL_ERR_RANDOMNESS, error_code};
use core::ffi::c_int;
use pql::Zeroizing;
use pql::xwing::{self as xw, Ciphertext, DecapsulationKey, EncapsulationKey};

/// Size in bytes of an X-Wing encapsulation (public) key: ML-KEM-768 ek (1184) ||
/// X25519 public key (32).
pub const PQL_XWING_ENCAPSULATION_KEY_BYTES: usize = 1216;
/// Size in bytes of an X-Wing decapsulation (private) key: its 32-byte seed.
pub const PQL_XWING_DECAPSULATION_KEY_BYTES: usize = 32;
/// Size in bytes of the seed `*_keypair_derand` takes (the decapsulation key).
pub const PQL_XWING_SEED_BYTES: usize = 32;
/// Size in bytes of an X-Wing ciphertext: ML-KEM-768 ciphertext (1088) || X25519
/// ephemeral public key (32).
pub const PQL_XWING_CIPHERTEXT_BYTES: usize = 1120;
/// Size in bytes of an X-Wing shared secret.
pub const PQL_XWING_SHARED_SECRET_BYTES: usize = 32;
/// Size in bytes of the randomness `eseed` that `pql_xwing_encapsulate_derand`
/// takes (ML-KEM-768 message m || X25519 ephemeral secret).
pub const PQL_XWING_ENCAPSULATION_SEED_BYTES: usize = 64;

// The header's literals must agree with the library.
const _: () = {
    assert!(PQL_XWING_ENCAPSULATION_KEY_BYTES == xw::ENCAPSULATION_KEY_SIZE);
    assert!(PQL_XWING_DECAPSULATION_KEY_BYTES == xw::DECAPSULATION_KEY_SIZE);
    assert!(PQL_XWING_SEED_BYTES == xw::SEED_SIZE);
    assert!(PQL_XWING_CIPHERTEXT_BYTES == xw::CIPHERTEXT_SIZE);
    assert!(PQL_XWING_SHARED_SECRET_BYTES == xw::SHARED_SECRET_SIZE);
    assert!(PQL_XWING_ENCAPSULATION_SEED_BYTES == xw::ENCAPSULATION_SEED_SIZE);
};

/// The (only) X-Wing parameter set, as the type parameter of the generic functions.
pub enum XWing {}

/// Stack wiped after every X-Wing call that handles a secret, in bytes: the
/// deepest (decapsulation with the portable backend: the key is expanded from its
/// seed, then ML-KEM-768 decapsulation) uses 41.9 KiB (`ffi/tests/test_stack.c`,
/// against a build without wiping), so 52 KiB leaves a margin of a fifth and stays
/// within `PQL_STACK_MAX_BYTES`.
const WIPE: usize = 52 * 1024;

// ---------------------------------------------------------------------------
// The generic implementations. Safety contract shared by all of them: every
// pointer is NULL or valid for `len` bytes (reads for inputs, writes for
// outputs) for the duration of the call, and outputs do not overlap inputs or
// each other.
// ---------------------------------------------------------------------------

/// The key for `seed`, built on the heap.
fn boxed_key(seed: &[u8; xw::SEED_SIZE]) -> Box<DecapsulationKey> {
    DecapsulationKey::boxed_from_seed(seed)
}

/// Parses an encapsulation key into the heap (with the FIPS 203 section 7.2 check
/// of its ML-KEM-768 part).
fn parse_ek(ek: &Input<'_>) -> Result<Box<EncapsulationKey>, c_int> {
    let bytes = ek.fixed(xw::ENCAPSULATION_KEY_SIZE)?;
    EncapsulationKey::from_bytes(bytes)
        .map(Box::new)
        .map_err(error_code)
}

/// X-Wing `GenerateKeyPair` with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair<S>(ek: *mut u8, ek_len: usize, dk: *mut u8, dk_len: usize) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ek, dk) = unsafe {
        (
            Output::new(ek, ek_len, xw::ENCAPSULATION_KEY_SIZE),
            Output::new(dk, dk_len, xw::DECAPSULATION_KEY_SIZE),
        )
    };
    run_wiped(WIPE, &[&ek, &dk], || {
        ek.check()?;
        dk.check()?;
        let mut seed = Zeroizing::new([0u8; xw::SEED_SIZE]);
        getrandom::fill(&mut seed[..]).map_err(|_| PQL_ERR_RANDOMNESS)?;
        let key = boxed_key(&seed);
        ek.write(key.encapsulation_key().as_bytes())?;
        dk.write(key.seed())
    })
}

/// X-Wing `GenerateKeyPairDerand` from the 32-byte seed.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair_derand<S>(
    ek: *mut u8,
    ek_len: usize,
    dk: *mut u8,
    dk_len: usize,
    seed: *const u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ek, dk, seed) = unsafe {
        (
            Output::new(ek, ek_len, xw::ENCAPSULATION_KEY_SIZE),
            Output::new(dk, dk_len, xw::DECAPSULATION_KEY_SIZE),
            Input::new(seed, seed_len),
        )
    };
    run_wiped(WIPE, &[&ek, &dk], || {
        ek.check()?;
        dk.check()?;
        let key = boxed_key(seed.array::<{ xw::SEED_SIZE }>()?);
        ek.write(key.encapsulation_key().as_bytes())?;
        dk.write(key.seed())
    })
}

/// X-Wing `Encapsulate` with OS randomness (`eseed` = None) or `EncapsulateDerand`.
///
/// # Safety
/// See the contract above.
unsafe fn encaps(
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    ek: *const u8,
    ek_len: usize,
    eseed: Option<Input<'_>>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ct, ss, ek) = unsafe {
        (
            Output::new(ct, ct_len, xw::CIPHERTEXT_SIZE),
            Output::new(ss, ss_len, xw::SHARED_SECRET_SIZE),
            Input::new(ek, ek_len),
        )
    };
    run_wiped(WIPE, &[&ct, &ss], || {
        ct.check()?;
        ss.check()?;
        ek.fixed(xw::ENCAPSULATION_KEY_SIZE)?;
        let eseed = match &eseed {
            Some(e) => Some(e.array::<{ xw::ENCAPSULATION_SEED_SIZE }>()?),
            None => None,
        };
        let ek = parse_ek(&ek)?;
        let (c, k) = match eseed {
            Some(e) => ek.encapsulate_derand(e),
            None => ek.encapsulate_with_os_rng().map_err(error_code)?,
        };
        ct.write(c.as_bytes())?;
        ss.write(k.as_bytes())
    })
}

/// X-Wing `Encapsulate` with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn encapsulate<S>(
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    ek: *const u8,
    ek_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { encaps(ct, ct_len, ss, ss_len, ek, ek_len, None) }
}

/// X-Wing `EncapsulateDerand` with the caller's 64-byte `eseed`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn encapsulate_derand<S>(
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    ek: *const u8,
    ek_len: usize,
    eseed: *const u8,
    eseed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        let eseed = Input::new(eseed, eseed_len);
        encaps(ct, ct_len, ss, ss_len, ek, ek_len, Some(eseed))
    }
}

/// X-Wing `Decapsulate` with the 32-byte decapsulation key (seed).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn decapsulate<S>(
    ss: *mut u8,
    ss_len: usize,
    ct: *const u8,
    ct_len: usize,
    dk: *const u8,
    dk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ss, ct, dk) = unsafe {
        (
            Output::new(ss, ss_len, xw::SHARED_SECRET_SIZE),
            Input::new(ct, ct_len),
            Input::new(dk, dk_len),
        )
    };
    run_wiped(WIPE, &[&ss], || {
        ss.check()?;
        let ct =
            Box::new(Ciphertext::from_bytes(ct.fixed(xw::CIPHERTEXT_SIZE)?).map_err(error_code)?);
        let key = boxed_key(dk.array::<{ xw::DECAPSULATION_KEY_SIZE }>()?);
        ss.write(key.decapsulate(&ct).as_bytes())
    })
}

/// The check of an encapsulation key (its ML-KEM-768 part, FIPS 203 section 7.2).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn check_encapsulation_key<S>(ek: *const u8, ek_len: usize) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let ek = unsafe { Input::new(ek, ek_len) };
    run(&[], || {
        parse_ek(&ek)?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// The exported functions (see api.rs; the header and README reference are
// generated from this table).
// ---------------------------------------------------------------------------

c_api! {
    /// X-Wing (draft-connolly-cfrg-xwing-kem-10)
    ///
    /// The hybrid KEM of ML-KEM-768 and X25519 with the draft's SHA3-256 combiner: secure
    /// if either is. The decapsulation key is its 32-byte seed; the encapsulation key is
    /// ML-KEM-768 ek || X25519 public key, the ciphertext ML-KEM-768 ciphertext || X25519
    /// ephemeral key. Feature `xwing` of the ffi crate (on in the shipped library).
    table XWING_TABLE;
    sets {
        xwing = XWing, "X-Wing";
    }
    handles {}
    fns {
        /// Generates an X-Wing key pair with randomness from the operating system (draft
        /// section 5.2, GenerateKeyPair).
        ///
        /// - `ek`, `ek_len`: output, the encapsulation (public) key, `PQL_XWING_ENCAPSULATION_KEY_BYTES` (1216).
        /// - `dk`, `dk_len`: output, the decapsulation (private) key, i.e. its seed, `PQL_XWING_DECAPSULATION_KEY_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`. On failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair(ek: *mut u8, ek_len: usize, dk: *mut u8, dk_len: usize) -> c_int;

        /// Derives the X-Wing key pair of a 32-byte seed (draft section 5.2.1,
        /// GenerateKeyPairDerand: SHAKE256 expands it into the ML-KEM-768 seed and the
        /// X25519 secret). The decapsulation key written is the seed itself.
        ///
        /// - `ek`, `ek_len`: output, the encapsulation key, `PQL_XWING_ENCAPSULATION_KEY_BYTES` (1216).
        /// - `dk`, `dk_len`: output, the decapsulation key, `PQL_XWING_DECAPSULATION_KEY_BYTES` (32).
        /// - `seed`, `seed_len`: the secret seed, `PQL_XWING_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`. On failure
        /// both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair_derand(
            ek: *mut u8,
            ek_len: usize,
            dk: *mut u8,
            dk_len: usize,
            seed: *const u8,
            seed_len: usize,
        ) -> c_int;

        /// Encapsulates a fresh shared secret to an X-Wing encapsulation key, with
        /// randomness from the operating system (draft section 5.4). Send `ct` to the
        /// key's owner; keep `ss`.
        ///
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_XWING_CIPHERTEXT_BYTES` (1120).
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_XWING_SHARED_SECRET_BYTES` (32).
        /// - `ek`, `ek_len`: the recipient's encapsulation key, `PQL_XWING_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK` (the ML-KEM-768 part fails the FIPS 203
        /// section 7.2 check) or `PQL_ERR_RANDOMNESS`. On failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn encapsulate(
            ct: *mut u8,
            ct_len: usize,
            ss: *mut u8,
            ss_len: usize,
            ek: *const u8,
            ek_len: usize,
        ) -> c_int;

        /// X-Wing encapsulation with caller-supplied randomness `eseed` (draft section
        /// 5.4.1, EncapsulateDerand: the ML-KEM-768 message m || the X25519 ephemeral
        /// secret). For known-answer tests only: `eseed` must be secret, uniformly random
        /// and never reused, or the shared secret is exposed.
        ///
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_XWING_CIPHERTEXT_BYTES` (1120).
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_XWING_SHARED_SECRET_BYTES` (32).
        /// - `ek`, `ek_len`: the recipient's encapsulation key, `PQL_XWING_ENCAPSULATION_KEY_BYTES`.
        /// - `eseed`, `eseed_len`: the randomness, `PQL_XWING_ENCAPSULATION_SEED_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK`. On failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn encapsulate_derand(
            ct: *mut u8,
            ct_len: usize,
            ss: *mut u8,
            ss_len: usize,
            ek: *const u8,
            ek_len: usize,
            eseed: *const u8,
            eseed_len: usize,
        ) -> c_int;

        /// Decapsulates an X-Wing ciphertext with a decapsulation key (draft section 5.5).
        ///
        /// Never fails on the ciphertext's content: ML-KEM's implicit rejection turns an
        /// invalid one into a pseudorandom secret unrelated to the sender's.
        ///
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_XWING_SHARED_SECRET_BYTES` (32).
        /// - `ct`, `ct_len`: the ciphertext, `PQL_XWING_CIPHERTEXT_BYTES` (1120).
        /// - `dk`, `dk_len`: the decapsulation key (seed), `PQL_XWING_DECAPSULATION_KEY_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`. On failure
        /// `ss` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn decapsulate(
            ss: *mut u8,
            ss_len: usize,
            ct: *const u8,
            ct_len: usize,
            dk: *const u8,
            dk_len: usize,
        ) -> c_int;

        /// Checks an X-Wing encapsulation key received from a peer: its ML-KEM-768 part
        /// passes the FIPS 203 section 7.2 check (the draft checks nothing else).
        /// `pql_xwing_encapsulate` runs the same check itself.
        ///
        /// - `ek`, `ek_len`: the encapsulation key, `PQL_XWING_ENCAPSULATION_KEY_BYTES` (1216).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length during the call.
        fn check_encapsulation_key(ek: *const u8, ek_len: usize) -> c_int;
    }
}
