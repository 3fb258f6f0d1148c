//! ML-KEM (FIPS 203): `pql_ml_kem_{512,768,1024}_*`.
//!
//! Each exported function is a one-line call into one generic function below,
//! instantiated with the parameter set; all checks and copies live in those.
//!
//! Keys: the encapsulation key `ek` is public; the decapsulation key `dk` is the
//! expanded FIPS 203 encoding `dk_PKE || ek || H(ek) || z`. The 64-byte seed
//! `d || z` is the compact form of a key pair: `*_keypair_derand` expands it.

use crate::api::c_api;
use crate::boundary::{HandleOut, Input, Output, free_handle, handle, run, run_wiped};
use crate::keyfiles::{dk_from_pkcs8, dk_to_pkcs8, ek_from_spki, ek_to_spki};
use crate::{PQL_ERR_INVALID_ARGUMENT, PQL_ERR_RANDOMNESS, error_code};
use core::ffi::c_int;
use pql::Zeroizing;
use pql::ml_kem::{
    self, Ciphertext, DecapsulationKey, EncapsulationKey, MlKem512, MlKem768, MlKem1024,
    ParameterSet,
};

/// Size in bytes of an ML-KEM shared secret (all parameter sets).
pub const PQL_ML_KEM_SHARED_SECRET_BYTES: usize = 32;
/// Size in bytes of an ML-KEM key-generation seed `d || z` (all parameter sets).
pub const PQL_ML_KEM_SEED_BYTES: usize = 64;
/// Size in bytes of the message `m` that `*_encapsulate_derand` takes (all
/// parameter sets).
pub const PQL_ML_KEM_MESSAGE_BYTES: usize = 32;

/// Size in bytes of an ML-KEM-512 encapsulation (public) key.
pub const PQL_ML_KEM_512_ENCAPSULATION_KEY_BYTES: usize = 800;
/// Size in bytes of an ML-KEM-512 (expanded) decapsulation (private) key.
pub const PQL_ML_KEM_512_DECAPSULATION_KEY_BYTES: usize = 1632;
/// Size in bytes of an ML-KEM-512 ciphertext.
pub const PQL_ML_KEM_512_CIPHERTEXT_BYTES: usize = 768;

/// Size in bytes of an ML-KEM-768 encapsulation (public) key.
pub const PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES: usize = 1184;
/// Size in bytes of an ML-KEM-768 (expanded) decapsulation (private) key.
pub const PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES: usize = 2400;
/// Size in bytes of an ML-KEM-768 ciphertext.
pub const PQL_ML_KEM_768_CIPHERTEXT_BYTES: usize = 1088;

/// Size in bytes of an ML-KEM-1024 encapsulation (public) key.
pub const PQL_ML_KEM_1024_ENCAPSULATION_KEY_BYTES: usize = 1568;
/// Size in bytes of an ML-KEM-1024 (expanded) decapsulation (private) key.
pub const PQL_ML_KEM_1024_DECAPSULATION_KEY_BYTES: usize = 3168;
/// Size in bytes of an ML-KEM-1024 ciphertext.
pub const PQL_ML_KEM_1024_CIPHERTEXT_BYTES: usize = 1568;

// The header's literals must agree with the library (cbindgen cannot evaluate paths).
const _: () = {
    assert!(PQL_ML_KEM_SHARED_SECRET_BYTES == ml_kem::SHARED_SECRET_SIZE);
    assert!(PQL_ML_KEM_SEED_BYTES == ml_kem::SEED_SIZE);
    assert!(PQL_ML_KEM_512_ENCAPSULATION_KEY_BYTES == MlKem512::EK_SIZE);
    assert!(PQL_ML_KEM_512_DECAPSULATION_KEY_BYTES == MlKem512::DK_SIZE);
    assert!(PQL_ML_KEM_512_CIPHERTEXT_BYTES == MlKem512::CT_SIZE);
    assert!(PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES == MlKem768::EK_SIZE);
    assert!(PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES == MlKem768::DK_SIZE);
    assert!(PQL_ML_KEM_768_CIPHERTEXT_BYTES == MlKem768::CT_SIZE);
    assert!(PQL_ML_KEM_1024_ENCAPSULATION_KEY_BYTES == MlKem1024::EK_SIZE);
    assert!(PQL_ML_KEM_1024_DECAPSULATION_KEY_BYTES == MlKem1024::DK_SIZE);
    assert!(PQL_ML_KEM_1024_CIPHERTEXT_BYTES == MlKem1024::CT_SIZE);
};

// ---------------------------------------------------------------------------
// The generic implementations. Safety contract shared by all of them: every
// pointer is NULL or valid for `len` bytes (reads for inputs, writes for
// outputs) for the duration of the call, and outputs do not overlap inputs or
// each other.
// ---------------------------------------------------------------------------

/// What an ML-KEM call that handles a secret does, for the depth of stack wiped
/// after it ([`wipe`]).
#[derive(Clone, Copy)]
enum Op {
    /// Key generation, key parsing and encoding, key files, the key checks.
    Key,
    /// Encapsulation (the shared secret and the encryption randomness are secret).
    Encaps,
    /// Decapsulation.
    Decaps,
}

/// Stack wiped after an ML-KEM call that handles a secret, in bytes, per
/// parameter set and kind of call: the deepest call of each kind measured
/// through this library (`ffi/tests/test_stack.c` built with
/// `--cfg pql_ffi_no_stack_wipe`, every backend of an AVX-512 CPU; x86-64
/// release) plus a margin of at least 0.5 KiB, in whole KiB. Deepest measured
/// (bytes): ML-KEM-512 keygen 12327, encaps 7535, decaps 9567; ML-KEM-768 keygen
/// 16839, encaps 9719, decaps 13559; ML-KEM-1024 keygen 17735, encaps 11407,
/// decaps 16271. The wipe costs about 7 ns per KiB (store bandwidth), so a depth
/// fitted to the call keeps the cost of wiping small next to the operation
/// (`ffi/bench/`); `test_stack.c` checks, for every entry point and backend,
/// that nothing is left behind, so a depth that became too small fails there.
const fn wipe<P: ParameterSet>(op: Op) -> usize {
    const KIB: usize = 1024;
    let kib = match (P::K, op) {
        (2, Op::Key) => 13,
        (2, Op::Encaps) => 8,
        (2, Op::Decaps) => 10,
        (3, Op::Key) => 17,
        (3, Op::Encaps) => 10,
        (3, Op::Decaps) => 14,
        (_, Op::Key) => 18,
        (_, Op::Encaps) => 12,
        (_, Op::Decaps) => 17,
    };
    kib * KIB
}

/// Parses an encapsulation key into the heap (keys never live on the stack of a C
/// call: see `PQL_STACK_MAX_BYTES`).
fn parse_ek<P: ParameterSet>(ek: &Input<'_>) -> Result<Box<EncapsulationKey<P>>, c_int> {
    EncapsulationKey::<P>::boxed_from_bytes(ek.fixed(P::EK_SIZE)?).map_err(error_code)
}

/// Parses a decapsulation key into the heap.
fn parse_dk<P: ParameterSet>(dk: &Input<'_>) -> Result<Box<DecapsulationKey<P>>, c_int> {
    DecapsulationKey::<P>::boxed_from_bytes(dk.fixed(P::DK_SIZE)?).map_err(error_code)
}

/// ML-KEM.Encaps (FIPS 203 Algorithm 20; Algorithm 17 with the caller's `m`),
/// writing the ciphertext straight into the caller's buffer and then the shared
/// secret. The message is drawn (or copied) first, so that one call path serves
/// both forms and no reference to the caller's memory is live while the
/// ciphertext buffer is lent out; no ciphertext lives on the stack, which keeps
/// the depth wiped after the call small.
fn encaps_into<P: ParameterSet>(
    ek: &EncapsulationKey<P>,
    m: Option<&Input<'_>>,
    ct: &Output<'_>,
    ss: &Output<'_>,
) -> Result<(), c_int> {
    let mut msg = Zeroizing::new([0u8; PQL_ML_KEM_MESSAGE_BYTES]);
    match m {
        Some(m) => msg.copy_from_slice(m.array::<{ PQL_ML_KEM_MESSAGE_BYTES }>()?),
        None => getrandom::fill(&mut msg[..]).map_err(|_| PQL_ERR_RANDOMNESS)?,
    }
    let k = ct
        .fill(|buf| ek.encapsulate_deterministic_into(&msg, buf))?
        .map_err(error_code)?;
    ss.write(k.as_bytes())
}

/// Writes the encodings of a key pair.
fn write_keypair<P: ParameterSet>(
    ek: &Output<'_>,
    dk: &Output<'_>,
    key: &DecapsulationKey<P>,
) -> Result<(), c_int> {
    ek.write(key.encapsulation_key().as_bytes().as_ref())?;
    dk.write(key.to_bytes().as_ref())
}

/// ML-KEM.KeyGen with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair<P: ParameterSet>(
    ek: *mut u8,
    ek_len: usize,
    dk: *mut u8,
    dk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ek, dk) = unsafe {
        (
            Output::new(ek, ek_len, P::EK_SIZE),
            Output::new(dk, dk_len, P::DK_SIZE),
        )
    };
    run_wiped(wipe::<P>(Op::Key), &[&ek, &dk], || {
        ek.check()?;
        dk.check()?;
        write_keypair(
            &ek,
            &dk,
            &DecapsulationKey::<P>::boxed_from_seed(&*os_seed()?),
        )
    })
}

/// ML-KEM.KeyGen_internal from the seed `d || z`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair_from_seed<P: ParameterSet>(
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
            Output::new(ek, ek_len, P::EK_SIZE),
            Output::new(dk, dk_len, P::DK_SIZE),
            Input::new(seed, seed_len),
        )
    };
    run_wiped(wipe::<P>(Op::Key), &[&ek, &dk], || {
        ek.check()?;
        dk.check()?;
        let seed = seed.array::<{ ml_kem::SEED_SIZE }>()?;
        write_keypair(&ek, &dk, &DecapsulationKey::<P>::boxed_from_seed(seed))
    })
}

/// ML-KEM.Encaps with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn encapsulate<P: ParameterSet>(
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    ek: *const u8,
    ek_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ct, ss, ek) = unsafe {
        (
            Output::new(ct, ct_len, P::CT_SIZE),
            Output::new(ss, ss_len, ml_kem::SHARED_SECRET_SIZE),
            Input::new(ek, ek_len),
        )
    };
    run_wiped(wipe::<P>(Op::Encaps), &[&ct, &ss], || {
        ct.check()?;
        ss.check()?;
        let ek = parse_ek::<P>(&ek)?;
        encaps_into(&ek, None, &ct, &ss)
    })
}

/// ML-KEM.Encaps_internal with the caller's message `m`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn encapsulate_derand<P: ParameterSet>(
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    ek: *const u8,
    ek_len: usize,
    m: *const u8,
    m_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ct, ss, ek, m) = unsafe {
        (
            Output::new(ct, ct_len, P::CT_SIZE),
            Output::new(ss, ss_len, ml_kem::SHARED_SECRET_SIZE),
            Input::new(ek, ek_len),
            Input::new(m, m_len),
        )
    };
    run_wiped(wipe::<P>(Op::Encaps), &[&ct, &ss], || {
        ct.check()?;
        ss.check()?;
        ek.fixed(P::EK_SIZE)?;
        m.array::<{ PQL_ML_KEM_MESSAGE_BYTES }>()?;
        let ek = parse_ek::<P>(&ek)?;
        encaps_into(&ek, Some(&m), &ct, &ss)
    })
}

/// ML-KEM.Decaps.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn decapsulate<P: ParameterSet>(
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
            Output::new(ss, ss_len, ml_kem::SHARED_SECRET_SIZE),
            Input::new(ct, ct_len),
            Input::new(dk, dk_len),
        )
    };
    run_wiped(wipe::<P>(Op::Decaps), &[&ss], || {
        ss.check()?;
        let ct = ct.fixed(P::CT_SIZE)?;
        dk.fixed(P::DK_SIZE)?;
        let ct = Ciphertext::<P>::from_bytes(ct).map_err(error_code)?;
        let dk = parse_dk::<P>(&dk)?;
        ss.write(dk.decapsulate(&ct).as_bytes())
    })
}

/// The FIPS 203 section 7.2 check of an encapsulation key.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn check_encapsulation_key<P: ParameterSet>(
    ek: *const u8,
    ek_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let ek = unsafe { Input::new(ek, ek_len) };
    run(&[], || {
        parse_ek::<P>(&ek)?;
        Ok(())
    })
}

/// The FIPS 203 section 7.3 check of a decapsulation key.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn check_decapsulation_key<P: ParameterSet>(
    dk: *const u8,
    dk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let dk = unsafe { Input::new(dk, dk_len) };
    run_wiped(wipe::<P>(Op::Key), &[], || {
        parse_dk::<P>(&dk)?;
        Ok(())
    })
}

/// Key generation with OS randomness, also writing the seed `d || z`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair_with_seed<P: ParameterSet>(
    ek: *mut u8,
    ek_len: usize,
    dk: *mut u8,
    dk_len: usize,
    seed: *mut u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ek, dk, seed_out) = unsafe {
        (
            Output::new(ek, ek_len, P::EK_SIZE),
            Output::new(dk, dk_len, P::DK_SIZE),
            Output::new(seed, seed_len, ml_kem::SEED_SIZE),
        )
    };
    run_wiped(wipe::<P>(Op::Key), &[&ek, &dk, &seed_out], || {
        ek.check()?;
        dk.check()?;
        seed_out.check()?;
        let seed = os_seed()?;
        write_keypair(&ek, &dk, &DecapsulationKey::<P>::boxed_from_seed(&seed))?;
        seed_out.write(&seed[..])
    })
}

/// 64 fresh bytes from the operating system, zeroized on drop.
fn os_seed() -> Result<Zeroizing<[u8; ml_kem::SEED_SIZE]>, c_int> {
    let mut seed = Zeroizing::new([0u8; ml_kem::SEED_SIZE]);
    getrandom::fill(&mut seed[..]).map_err(|_| PQL_ERR_RANDOMNESS)?;
    Ok(seed)
}

// ---------------------------------------------------------------------------
// Key handles: the parsed keys on the heap. Safety contract in addition to the
// one above: every handle argument is NULL or a live handle of its type from this
// library, and every handle output is NULL or valid for writing a pointer.
// ---------------------------------------------------------------------------

/// A new decapsulation-key handle from OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_generate<P: ParameterSet>(dk: *mut *mut DecapsulationKey<P>) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(dk) };
    run_wiped(wipe::<P>(Op::Key), &[], || {
        out.check()?;
        out.set(DecapsulationKey::<P>::boxed_from_seed(&*os_seed()?))
    })
}

/// A new decapsulation-key handle from the seed `d || z`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_from_seed<P: ParameterSet>(
    dk: *mut *mut DecapsulationKey<P>,
    seed: *const u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, seed) = unsafe { (HandleOut::new(dk), Input::new(seed, seed_len)) };
    run_wiped(wipe::<P>(Op::Key), &[], || {
        out.check()?;
        let seed = seed.array::<{ ml_kem::SEED_SIZE }>()?;
        out.set(DecapsulationKey::<P>::boxed_from_seed(seed))
    })
}

/// A new decapsulation-key handle from the expanded encoding (section 7.3 check).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_from_bytes<P: ParameterSet>(
    dk: *mut *mut DecapsulationKey<P>,
    bytes: *const u8,
    bytes_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, bytes) = unsafe { (HandleOut::new(dk), Input::new(bytes, bytes_len)) };
    run_wiped(wipe::<P>(Op::Key), &[], || {
        out.check()?;
        out.set(parse_dk::<P>(&bytes)?)
    })
}

/// The expanded encoding of a decapsulation-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_to_bytes<P: ParameterSet>(
    dk: *const DecapsulationKey<P>,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, P::DK_SIZE) };
    run_wiped(wipe::<P>(Op::Key), &[&out], || {
        // SAFETY: forwarded from this function's contract.
        let dk = unsafe { handle(dk) }?;
        out.write(dk.to_bytes().as_ref())
    })
}

/// The seed of a decapsulation-key handle made from one.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_seed<P: ParameterSet>(
    dk: *const DecapsulationKey<P>,
    seed: *mut u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(seed, seed_len, ml_kem::SEED_SIZE) };
    run_wiped(wipe::<P>(Op::Key), &[&out], || {
        // SAFETY: forwarded from this function's contract.
        let dk = unsafe { handle(dk) }?;
        out.check()?;
        out.write(dk.seed().ok_or(PQL_ERR_INVALID_ARGUMENT)?)
    })
}

/// A new encapsulation-key handle for a decapsulation-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_encapsulation_key<P: ParameterSet>(
    dk: *const DecapsulationKey<P>,
    ek: *mut *mut EncapsulationKey<P>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(ek) };
    // Only the public key is copied, but through the stack (up to 12 KiB for
    // ML-KEM-1024, `ffi/tests/test_stack.c`): wiped like every other call on a
    // decapsulation-key handle, so that nothing of the call stays behind.
    run_wiped(wipe::<P>(Op::Key), &[], || {
        // SAFETY: forwarded from this function's contract.
        let dk = unsafe { handle(dk) }?;
        out.check()?;
        let ek = Box::write(Box::new_uninit(), dk.encapsulation_key().clone());
        out.set(ek)
    })
}

/// The encapsulation key of a decapsulation-key handle, encoded.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_encapsulation_key_bytes<P: ParameterSet>(
    dk: *const DecapsulationKey<P>,
    ek: *mut u8,
    ek_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(ek, ek_len, P::EK_SIZE) };
    run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let dk = unsafe { handle(dk) }?;
        out.write(dk.encapsulation_key().as_bytes().as_ref())
    })
}

/// ML-KEM.Decaps with a decapsulation-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn dk_decapsulate<P: ParameterSet>(
    dk: *const DecapsulationKey<P>,
    ss: *mut u8,
    ss_len: usize,
    ct: *const u8,
    ct_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ss, ct) = unsafe {
        (
            Output::new(ss, ss_len, ml_kem::SHARED_SECRET_SIZE),
            Input::new(ct, ct_len),
        )
    };
    run_wiped(wipe::<P>(Op::Decaps), &[&ss], || {
        // SAFETY: forwarded from this function's contract.
        let dk = unsafe { handle(dk) }?;
        ss.check()?;
        let ct = Ciphertext::<P>::from_bytes(ct.fixed(P::CT_SIZE)?).map_err(error_code)?;
        ss.write(dk.decapsulate(&ct).as_bytes())
    })
}

/// Frees a decapsulation-key handle (zeroizing it); NULL is ignored.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn dk_free<P: ParameterSet>(dk: *mut DecapsulationKey<P>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(dk) }
}

/// A new encapsulation-key handle from its encoding (section 7.2 check).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn ek_from_bytes<P: ParameterSet>(
    ek: *mut *mut EncapsulationKey<P>,
    bytes: *const u8,
    bytes_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, bytes) = unsafe { (HandleOut::new(ek), Input::new(bytes, bytes_len)) };
    run(&[], || {
        out.check()?;
        out.set(parse_ek::<P>(&bytes)?)
    })
}

/// The encoding of an encapsulation-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn ek_to_bytes<P: ParameterSet>(
    ek: *const EncapsulationKey<P>,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, P::EK_SIZE) };
    run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let ek = unsafe { handle(ek) }?;
        out.write(ek.as_bytes().as_ref())
    })
}

/// ML-KEM.Encaps with an encapsulation-key handle (OS randomness, or `m`).
///
/// # Safety
/// See the contract above; `m` is NULL for OS randomness.
unsafe fn ek_encaps<P: ParameterSet>(
    ek: *const EncapsulationKey<P>,
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    m: Option<Input<'_>>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ct, ss) = unsafe {
        (
            Output::new(ct, ct_len, P::CT_SIZE),
            Output::new(ss, ss_len, ml_kem::SHARED_SECRET_SIZE),
        )
    };
    run_wiped(wipe::<P>(Op::Encaps), &[&ct, &ss], || {
        // SAFETY: forwarded from this function's contract.
        let ek = unsafe { handle(ek) }?;
        ct.check()?;
        ss.check()?;
        encaps_into(ek, m.as_ref(), &ct, &ss)
    })
}

/// ML-KEM.Encaps with an encapsulation-key handle and OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn ek_encapsulate<P: ParameterSet>(
    ek: *const EncapsulationKey<P>,
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { ek_encaps::<P>(ek, ct, ct_len, ss, ss_len, None) }
}

/// ML-KEM.Encaps_internal with an encapsulation-key handle and the message `m`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn ek_encapsulate_derand<P: ParameterSet>(
    ek: *const EncapsulationKey<P>,
    ct: *mut u8,
    ct_len: usize,
    ss: *mut u8,
    ss_len: usize,
    m: *const u8,
    m_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { ek_encaps::<P>(ek, ct, ct_len, ss, ss_len, Some(Input::new(m, m_len))) }
}

/// Frees an encapsulation-key handle; NULL is ignored.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn ek_free<P: ParameterSet>(ek: *mut EncapsulationKey<P>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(ek) }
}

// ---------------------------------------------------------------------------
// The exported functions: one table entry each, instantiated per parameter set by
// `c_api!` (see api.rs; the header and README reference are generated from it).
// ---------------------------------------------------------------------------

c_api! {
    /// ML-KEM (FIPS 203)
    ///
    /// The decapsulation key is the expanded FIPS 203 encoding dk_PKE || ek || H(ek) || z;
    /// the 64-byte seed d || z is the compact form of a key pair.
    table KEM_TABLE;
    sets {
        ml_kem_512 = MlKem512, "ML-KEM-512";
        ml_kem_768 = MlKem768, "ML-KEM-768";
        ml_kem_1024 = MlKem1024, "ML-KEM-1024";
    }
    handles {
        /// An {set} decapsulation (private) key, parsed, on the heap (opaque).
        Dk = DecapsulationKey => "dk";
        /// An {set} encapsulation (public) key, parsed, on the heap (opaque).
        Ek = EncapsulationKey => "ek";
    }
    fns {
        /// Generates an {set} key pair with randomness from the operating system.
        ///
        /// - `ek`, `ek_len`: output, the encapsulation (public) key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        /// - `dk`, `dk_len`: output, the decapsulation (private) key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`. On failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair(
            ek: *mut u8,
            ek_len: usize,
            dk: *mut u8,
            dk_len: usize,
        ) -> c_int;

        /// Derives an {set} key pair from a 64-byte seed `d || z` (FIPS 203
        /// ML-KEM.KeyGen_internal). The same seed always gives the same keys: store the
        /// seed as the compact private key, and use this to expand it.
        ///
        /// - `ek`, `ek_len`: output, the encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        /// - `dk`, `dk_len`: output, the decapsulation key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        /// - `seed`, `seed_len`: the secret seed, `PQL_ML_KEM_SEED_BYTES` (64).
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
        ) -> c_int = keypair_from_seed;

        /// Encapsulates a fresh shared secret to an {set} encapsulation key, with
        /// randomness from the operating system. Send `ct` to the key's owner; keep `ss`.
        ///
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        /// - `ek`, `ek_len`: the recipient's encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK` (the key fails the FIPS 203 section 7.2 check)
        /// or `PQL_ERR_RANDOMNESS`. On failure both outputs are zeroed.
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

        /// {set} encapsulation with caller-supplied randomness `m` (FIPS 203
        /// ML-KEM.Encaps_internal). For known-answer tests and deterministic protocols only:
        /// `m` must be secret, uniformly random and never reused.
        ///
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        /// - `ek`, `ek_len`: the recipient's encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        /// - `m`, `m_len`: the randomness, `PQL_ML_KEM_MESSAGE_BYTES` (32).
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
            m: *const u8,
            m_len: usize,
        ) -> c_int;

        /// Decapsulates an {set} ciphertext with a decapsulation key.
        ///
        /// An invalid ciphertext is not an error: by FIPS 203 implicit rejection it yields
        /// a pseudorandom secret unrelated to the sender's, so the exchange fails later.
        /// The decapsulation key is checked (FIPS 203 section 7.3) on every call.
        ///
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        /// - `ct`, `ct_len`: the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        /// - `dk`, `dk_len`: the decapsulation key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_DECAPSULATION_KEY_CHECK`. On failure `ss` is zeroed.
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

        /// Checks an {set} encapsulation key received from a peer (FIPS 203
        /// section 7.2: every 12-bit coefficient below q). `*_encapsulate` runs the same
        /// check itself.
        ///
        /// - `ek`, `ek_len`: the encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn check_encapsulation_key(
            ek: *const u8,
            ek_len: usize,
        ) -> c_int;

        /// Checks an {set} decapsulation key (FIPS 203 section 7.3: the embedded
        /// H(ek) matches the embedded encapsulation key, which passes the section 7.2
        /// check). `*_decapsulate` runs the same check itself.
        ///
        /// - `dk`, `dk_len`: the decapsulation key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_DECAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn check_decapsulation_key(
            dk: *const u8,
            dk_len: usize,
        ) -> c_int;

        /// Derives an {set} key pair from a 64-byte seed `d || z`: the same function
        /// as `{pfx}_keypair_derand`, under the name ML-DSA uses
        /// (`pql_ml_dsa_<n>_keypair_from_seed`).
        ///
        /// - `ek`, `ek_len`: output, the encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        /// - `dk`, `dk_len`: output, the decapsulation key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        /// - `seed`, `seed_len`: the secret seed, `PQL_ML_KEM_SEED_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`. On failure
        /// both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair_from_seed(
            ek: *mut u8,
            ek_len: usize,
            dk: *mut u8,
            dk_len: usize,
            seed: *const u8,
            seed_len: usize,
        ) -> c_int;

        /// Generates an {set} key pair with randomness from the operating system and
        /// also writes its 64-byte seed `d || z`, the compact form of the private key
        /// (`{pfx}_keypair_from_seed` expands it again).
        ///
        /// - `ek`, `ek_len`: output, the encapsulation key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        /// - `dk`, `dk_len`: output, the decapsulation key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        /// - `seed`, `seed_len`: output, the secret seed, `PQL_ML_KEM_SEED_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`. On failure all outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair_with_seed(
            ek: *mut u8,
            ek_len: usize,
            dk: *mut u8,
            dk_len: usize,
            seed: *mut u8,
            seed_len: usize,
        ) -> c_int;

        /// Creates an {set} decapsulation-key handle from randomness of the operating
        /// system. The key is parsed once and kept on the heap; use it for any number
        /// of calls (from several threads at once if wanted) and free it with
        /// `{pfx}_dk_free`, which zeroizes it.
        ///
        /// - `dk`: output, receives the new handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_generate(dk: *mut *mut Dk) -> c_int;

        /// Creates an {set} decapsulation-key handle from a 64-byte seed `d || z`
        /// (FIPS 203 ML-KEM.KeyGen_internal); the handle keeps the seed.
        ///
        /// - `dk`: output, receives the new handle (NULL on failure).
        /// - `seed`, `seed_len`: the secret seed, `PQL_ML_KEM_SEED_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_from_seed(dk: *mut *mut Dk, seed: *const u8, seed_len: usize) -> c_int;

        /// Creates an {set} decapsulation-key handle from the expanded encoding,
        /// with the FIPS 203 section 7.3 check.
        ///
        /// - `dk`: output, receives the new handle (NULL on failure).
        /// - `bytes`, `bytes_len`: the key, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_DECAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_from_bytes(dk: *mut *mut Dk, bytes: *const u8, bytes_len: usize) -> c_int;

        /// Writes the expanded encoding of an {set} decapsulation-key handle.
        ///
        /// - `dk`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_DECAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_to_bytes(dk: *const Dk, out: *mut u8, out_len: usize) -> c_int;

        /// Writes the seed `d || z` of an {set} decapsulation-key handle made by
        /// `{pfx}_dk_generate` or `{pfx}_dk_from_seed`.
        ///
        /// - `dk`: the handle.
        /// - `seed`, `seed_len`: output, `PQL_ML_KEM_SEED_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_INVALID_ARGUMENT` (the key was made from its expanded encoding and
        /// has no seed); on failure `seed` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_seed(dk: *const Dk, seed: *mut u8, seed_len: usize) -> c_int;

        /// Creates an {set} encapsulation-key handle for a decapsulation-key handle
        /// (a copy: free both).
        ///
        /// - `dk`: the handle.
        /// - `ek`: output, receives the new handle (NULL on failure).
        ///
        /// Returns `PQL_OK` or `PQL_ERR_NULL_POINTER`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_encapsulation_key(dk: *const Dk, ek: *mut *mut Ek) -> c_int;

        /// Writes the encapsulation key of an {set} decapsulation-key handle.
        ///
        /// - `dk`: the handle.
        /// - `ek`, `ek_len`: output, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `ek` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_encapsulation_key_bytes(dk: *const Dk, ek: *mut u8, ek_len: usize) -> c_int;

        /// Decapsulates an {set} ciphertext with a decapsulation-key handle (as
        /// `{pfx}_decapsulate`, without parsing the key again).
        ///
        /// - `dk`: the handle.
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        /// - `ct`, `ct_len`: the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `ss` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_decapsulate(
            dk: *const Dk,
            ss: *mut u8,
            ss_len: usize,
            ct: *const u8,
            ct_len: usize,
        ) -> c_int;

        /// Frees an {set} decapsulation-key handle, zeroizing the key. NULL is
        /// ignored; the handle must not be used afterwards.
        ///
        /// # Safety
        /// `dk` is NULL or a live handle from this library, not used again.
        fn dk_free(dk: *mut Dk);

        /// Creates an {set} encapsulation-key handle from its encoding, with the
        /// FIPS 203 section 7.2 check (the matrix is expanded once, here).
        ///
        /// - `ek`: output, receives the new handle (NULL on failure).
        /// - `bytes`, `bytes_len`: the key, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_ENCAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_from_bytes(ek: *mut *mut Ek, bytes: *const u8, bytes_len: usize) -> c_int;

        /// Writes the encoding of an {set} encapsulation-key handle.
        ///
        /// - `ek`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_ENCAPSULATION_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_to_bytes(ek: *const Ek, out: *mut u8, out_len: usize) -> c_int;

        /// Encapsulates a fresh shared secret to an {set} encapsulation-key handle,
        /// with randomness from the operating system.
        ///
        /// - `ek`: the handle.
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`; on failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_encapsulate(
            ek: *const Ek,
            ct: *mut u8,
            ct_len: usize,
            ss: *mut u8,
            ss_len: usize,
        ) -> c_int;

        /// {set} encapsulation to a handle with caller-supplied randomness `m`
        /// (known-answer tests only; see `{pfx}_encapsulate_derand`).
        ///
        /// - `ek`: the handle.
        /// - `ct`, `ct_len`: output, the ciphertext, `PQL_{SET}_CIPHERTEXT_BYTES`.
        /// - `ss`, `ss_len`: output, the shared secret, `PQL_ML_KEM_SHARED_SECRET_BYTES` (32).
        /// - `m`, `m_len`: the randomness, `PQL_ML_KEM_MESSAGE_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_encapsulate_derand(
            ek: *const Ek,
            ct: *mut u8,
            ct_len: usize,
            ss: *mut u8,
            ss_len: usize,
            m: *const u8,
            m_len: usize,
        ) -> c_int;

        /// Frees an {set} encapsulation-key handle. NULL is ignored; the handle must
        /// not be used afterwards.
        ///
        /// # Safety
        /// `ek` is NULL or a live handle from this library, not used again.
        fn ek_free(ek: *mut Ek);

        /// Creates an {set} encapsulation-key handle from a DER SubjectPublicKeyInfo
        /// (RFC 9935: OID id-alg-ml-kem-*, parameters absent), with the FIPS 203
        /// section 7.2 check.
        ///
        /// - `ek`: output, receives the new handle (NULL on failure).
        /// - `der`, `der_len`: the DER bytes, any length (NULL if 0); exactly one element,
        ///   `PQL_{SET}_SPKI_BYTES` when well formed.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_KEY_ENCODING` (malformed DER,
        /// parameters present, wrong key size, trailing bytes), `PQL_ERR_WRONG_ALGORITHM`
        /// (another algorithm's or parameter set's OID) or `PQL_ERR_ENCAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_from_spki(ek: *mut *mut Ek, der: *const u8, der_len: usize) -> c_int;

        /// Writes the DER SubjectPublicKeyInfo (RFC 9935) of an {set}
        /// encapsulation-key handle.
        ///
        /// - `ek`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_SPKI_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn ek_to_spki(ek: *const Ek, out: *mut u8, out_len: usize) -> c_int;

        /// Creates an {set} decapsulation-key handle from a DER PKCS#8 private key
        /// (RFC 9935 OneAsymmetricKey, v1 or v2) in any of its forms: `seed` (the handle
        /// keeps the seed), `expandedKey` (FIPS 203 section 7.3 check; no seed) or `both`
        /// (accepted only if the seed regenerates exactly the expanded key). An embedded
        /// public key must be the key's own.
        ///
        /// - `dk`: output, receives the new handle (NULL on failure).
        /// - `der`, `der_len`: the DER bytes, any length (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_KEY_ENCODING` (malformed or
        /// inconsistent), `PQL_ERR_WRONG_ALGORITHM` or `PQL_ERR_DECAPSULATION_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_from_pkcs8(dk: *mut *mut Dk, der: *const u8, der_len: usize) -> c_int;

        /// Writes the DER PKCS#8 private key (RFC 9935, version 1) of an {set}
        /// decapsulation-key handle in the form `format`: `PQL_PKCS8_SEED` (the
        /// recommended form), `PQL_PKCS8_EXPANDED` or `PQL_PKCS8_BOTH`.
        ///
        /// - `dk`: the handle.
        /// - `format`: a `PQL_PKCS8_*` form.
        /// - `out`, `out_len`: output, `PQL_ML_KEM_PKCS8_SEED_BYTES` (86),
        ///   `PQL_{SET}_PKCS8_EXPANDED_BYTES` or `PQL_{SET}_PKCS8_BOTH_BYTES`, by form.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_INVALID_ARGUMENT` (an unknown form, or the seed or both form of a key
        /// made from its expanded encoding, which has no seed); on failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn dk_to_pkcs8(dk: *const Dk, format: c_int, out: *mut u8, out_len: usize) -> c_int;
    }
}
