//! ML-DSA (FIPS 204): `pql_ml_dsa_{44,65,87}_*`.
//!
//! Each exported function is a one-line call into one generic function below,
//! instantiated with the parameter set; all checks and copies live in those.
//!
//! Keys: the verifying key `vk` is public; the signing key `sk` is the expanded
//! FIPS 204 encoding (skEncode). The 32-byte seed xi is the compact form of a key
//! pair: `*_keypair_from_seed` expands it. Hedged signing draws its 32 random bytes
//! from the operating system.

use crate::api::c_api;
use crate::boundary::{HandleOut, Input, Output, free_handle, handle, run, run_wiped};
use crate::keyfiles::{sk_from_pkcs8, sk_to_pkcs8, vk_from_spki, vk_to_spki};
use crate::stream::{
    MuState, mu_hasher_finish, mu_hasher_free, mu_hasher_update, sk_mu_hasher,
    sk_sign_mu_deterministic, vk_mu_hasher,
};
use crate::{PQL_ERR_INVALID_ARGUMENT, PQL_ERR_RANDOMNESS, error_code};
use core::ffi::c_int;
use pql::Zeroizing;
use pql::ml_dsa::{
    MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, Signature, SigningKey, VerifyingKey,
};

/// Size in bytes of an ML-DSA message representative mu (all parameter sets).
pub const PQL_ML_DSA_MU_BYTES: usize = 64;
/// The longest ML-DSA context string, in bytes (FIPS 204 section 5.2).
pub const PQL_ML_DSA_MAX_CONTEXT_BYTES: usize = 255;

/// Size in bytes of an ML-DSA-44 verifying (public) key.
pub const PQL_ML_DSA_44_VERIFYING_KEY_BYTES: usize = 1312;
/// Size in bytes of an ML-DSA-44 (expanded) signing (private) key.
pub const PQL_ML_DSA_44_SIGNING_KEY_BYTES: usize = 2560;
/// Size in bytes of an ML-DSA-44 signature.
pub const PQL_ML_DSA_44_SIGNATURE_BYTES: usize = 2420;
/// Size in bytes of an ML-DSA-44 key-generation seed xi.
pub const PQL_ML_DSA_44_SEED_BYTES: usize = 32;

/// Size in bytes of an ML-DSA-65 verifying (public) key.
pub const PQL_ML_DSA_65_VERIFYING_KEY_BYTES: usize = 1952;
/// Size in bytes of an ML-DSA-65 (expanded) signing (private) key.
pub const PQL_ML_DSA_65_SIGNING_KEY_BYTES: usize = 4032;
/// Size in bytes of an ML-DSA-65 signature.
pub const PQL_ML_DSA_65_SIGNATURE_BYTES: usize = 3309;
/// Size in bytes of an ML-DSA-65 key-generation seed xi.
pub const PQL_ML_DSA_65_SEED_BYTES: usize = 32;

/// Size in bytes of an ML-DSA-87 verifying (public) key.
pub const PQL_ML_DSA_87_VERIFYING_KEY_BYTES: usize = 2592;
/// Size in bytes of an ML-DSA-87 (expanded) signing (private) key.
pub const PQL_ML_DSA_87_SIGNING_KEY_BYTES: usize = 4896;
/// Size in bytes of an ML-DSA-87 signature.
pub const PQL_ML_DSA_87_SIGNATURE_BYTES: usize = 4627;
/// Size in bytes of an ML-DSA-87 key-generation seed xi.
pub const PQL_ML_DSA_87_SEED_BYTES: usize = 32;

/// HashML-DSA pre-hash: SHA2-256 (32-byte digest). The `PQL_HASH_*` values are the
/// last byte of the hash function's OID (2.16.840.1.101.3.4.2.x).
pub const PQL_HASH_SHA2_256: c_int = 1;
/// HashML-DSA pre-hash: SHA2-384 (48-byte digest).
pub const PQL_HASH_SHA2_384: c_int = 2;
/// HashML-DSA pre-hash: SHA2-512 (64-byte digest).
pub const PQL_HASH_SHA2_512: c_int = 3;
/// HashML-DSA pre-hash: SHA2-224 (28-byte digest).
pub const PQL_HASH_SHA2_224: c_int = 4;
/// HashML-DSA pre-hash: SHA2-512/224 (28-byte digest).
pub const PQL_HASH_SHA2_512_224: c_int = 5;
/// HashML-DSA pre-hash: SHA2-512/256 (32-byte digest).
pub const PQL_HASH_SHA2_512_256: c_int = 6;
/// HashML-DSA pre-hash: SHA3-224 (28-byte digest).
pub const PQL_HASH_SHA3_224: c_int = 7;
/// HashML-DSA pre-hash: SHA3-256 (32-byte digest).
pub const PQL_HASH_SHA3_256: c_int = 8;
/// HashML-DSA pre-hash: SHA3-384 (48-byte digest).
pub const PQL_HASH_SHA3_384: c_int = 9;
/// HashML-DSA pre-hash: SHA3-512 (64-byte digest).
pub const PQL_HASH_SHA3_512: c_int = 10;
/// HashML-DSA pre-hash: SHAKE128 with 32 bytes of output.
pub const PQL_HASH_SHAKE_128: c_int = 11;
/// HashML-DSA pre-hash: SHAKE256 with 64 bytes of output.
pub const PQL_HASH_SHAKE_256: c_int = 12;

// The header's literals must agree with the library (cbindgen cannot evaluate paths).
const _: () = {
    assert!(PQL_ML_DSA_44_VERIFYING_KEY_BYTES == MlDsa44::VERIFYING_KEY_SIZE);
    assert!(PQL_ML_DSA_44_SIGNING_KEY_BYTES == MlDsa44::SIGNING_KEY_SIZE);
    assert!(PQL_ML_DSA_44_SIGNATURE_BYTES == MlDsa44::SIGNATURE_SIZE);
    assert!(PQL_ML_DSA_44_SEED_BYTES == pql::ml_dsa_44::SEED_SIZE);
    assert!(PQL_ML_DSA_65_VERIFYING_KEY_BYTES == MlDsa65::VERIFYING_KEY_SIZE);
    assert!(PQL_ML_DSA_65_SIGNING_KEY_BYTES == MlDsa65::SIGNING_KEY_SIZE);
    assert!(PQL_ML_DSA_65_SIGNATURE_BYTES == MlDsa65::SIGNATURE_SIZE);
    assert!(PQL_ML_DSA_65_SEED_BYTES == pql::ml_dsa_65::SEED_SIZE);
    assert!(PQL_ML_DSA_87_VERIFYING_KEY_BYTES == MlDsa87::VERIFYING_KEY_SIZE);
    assert!(PQL_ML_DSA_87_SIGNING_KEY_BYTES == MlDsa87::SIGNING_KEY_SIZE);
    assert!(PQL_ML_DSA_87_SIGNATURE_BYTES == MlDsa87::SIGNATURE_SIZE);
    assert!(PQL_ML_DSA_87_SEED_BYTES == pql::ml_dsa_87::SEED_SIZE);
};

/// Stack wiped after ML-DSA key parsing, key checks and the key-handle
/// constructors, in bytes: the deepest of them uses 17.5 KiB (`sk_from_bytes`,
/// AVX2 backend; `ffi/tests/test_stack.c` built with `--cfg pql_ffi_no_stack_wipe`).
const WIPE_KEY: usize = 30 * 1024;

/// Stack wiped after the key-generation calls that write the two encodings
/// (`keypair`, `keypair_from_seed`, `keypair_with_seed`), in bytes. They build no
/// key object (`SigningKey::encodings_from_seed_into`), which keeps s1, s2 and the
/// matrix rows in flight on the stack: the deepest uses 37.9 KiB (ML-DSA-87 on the
/// AVX-512 backend, whose 8-way Keccak keeps eight streams' buffers; 32.7 KiB on
/// AVX2, 32.3 KiB portable; same measurement as [`WIPE_KEY`]).
const WIPE_KEYGEN: usize = 40 * 1024;

/// Stack wiped after every ML-DSA signing call, in bytes: the deepest uses 57.9 KiB
/// (ML-DSA-87 HashML-DSA signing, portable backend), about 55 KiB of it below the
/// point the wipe starts from; 60 KiB (whole 4 KiB steps) with the wipe's own
/// frames and the ones above it stays within `PQL_STACK_MAX_BYTES` (64 KiB).
pub(crate) const WIPE_SIGN: usize = 60 * 1024;

/// Seed and randomness size (xi, rnd).
const SEED: usize = 32;

/// The pre-hash function with the given `PQL_HASH_*` id.
pub(crate) fn pre_hash(id: c_int) -> Result<PreHash, c_int> {
    PreHash::ALL
        .into_iter()
        .find(|h| c_int::from(h.oid()[10]) == id)
        .ok_or(PQL_ERR_INVALID_ARGUMENT)
}

/// 32 fresh bytes from the operating system, zeroized on drop.
fn os_random() -> Result<Zeroizing<[u8; SEED]>, c_int> {
    let mut r = Zeroizing::new([0u8; SEED]);
    getrandom::fill(&mut r[..]).map_err(|_| PQL_ERR_RANDOMNESS)?;
    Ok(r)
}

/// How `sign_message` signs: hedged (OS randomness) or deterministic.
#[derive(Clone, Copy)]
enum Rnd {
    Hedged,
    Deterministic,
}

impl Rnd {
    fn get(self) -> Result<Zeroizing<[u8; SEED]>, c_int> {
        match self {
            Rnd::Hedged => os_random(),
            Rnd::Deterministic => Ok(Zeroizing::new([0u8; SEED])),
        }
    }
}

// ---------------------------------------------------------------------------
// The generic implementations. Safety contract shared by all of them: every
// pointer is NULL or valid for `len` bytes (reads for inputs, writes for
// outputs) for the duration of the call, and outputs do not overlap inputs or
// each other.
// ---------------------------------------------------------------------------

/// ML-DSA.KeyGen_internal from `xi` straight into the two output buffers: no key
/// object, nothing key-sized on the stack or the heap
/// (`SigningKey::encodings_from_seed_into`). `xi` must not point into the C
/// caller's memory (the buffers are lent as the only references to theirs).
fn write_keypair<P: ParameterSet>(
    vk: &Output<'_>,
    sk: &Output<'_>,
    xi: &[u8; SEED],
) -> Result<(), c_int> {
    vk.fill(|v| sk.fill(|s| SigningKey::<P>::encodings_from_seed_into(xi, v, s)))??
        .map_err(error_code)
}

/// ML-DSA.KeyGen with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair<P: ParameterSet>(
    vk: *mut u8,
    vk_len: usize,
    sk: *mut u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (vk, sk) = unsafe {
        (
            Output::new(vk, vk_len, P::VERIFYING_KEY_SIZE),
            Output::new(sk, sk_len, P::SIGNING_KEY_SIZE),
        )
    };
    run_wiped(WIPE_KEYGEN, &[&vk, &sk], || {
        vk.check()?;
        sk.check()?;
        let xi = os_random()?;
        write_keypair::<P>(&vk, &sk, &xi)
    })
}

/// ML-DSA.KeyGen_internal from the seed xi.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair_from_seed<P: ParameterSet>(
    vk: *mut u8,
    vk_len: usize,
    sk: *mut u8,
    sk_len: usize,
    seed: *const u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (vk, sk, seed) = unsafe {
        (
            Output::new(vk, vk_len, P::VERIFYING_KEY_SIZE),
            Output::new(sk, sk_len, P::SIGNING_KEY_SIZE),
            Input::new(seed, seed_len),
        )
    };
    run_wiped(WIPE_KEYGEN, &[&vk, &sk], || {
        vk.check()?;
        sk.check()?;
        // Copied: the output buffers are lent while it is read.
        let xi = Zeroizing::new(*seed.array::<SEED>()?);
        write_keypair::<P>(&vk, &sk, &xi)
    })
}

/// ML-DSA.Sign, hedged or deterministic.
///
/// # Safety
/// See the contract above.
unsafe fn sign_message<P: ParameterSet>(
    rnd: Rnd,
    sig: *mut u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, msg, ctx, sk) = unsafe {
        (
            Output::new(sig, sig_len, P::SIGNATURE_SIZE),
            Input::new(msg, msg_len),
            Input::new(ctx, ctx_len),
            Input::new(sk, sk_len),
        )
    };
    run_wiped(WIPE_SIGN, &[&sig], || {
        sig.check()?;
        let (msg, ctx) = (msg.var()?, ctx.var()?);
        let sk = parse_sk::<P>(&sk)?;
        let s = sk
            .sign_with_randomness(msg, ctx, &*rnd.get()?)
            .map_err(error_code)?;
        sig.write(s.as_bytes().as_ref())
    })
}

/// ML-DSA.Sign, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sign<P: ParameterSet>(
    sig: *mut u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        sign_message::<P>(
            Rnd::Hedged,
            sig,
            sig_len,
            msg,
            msg_len,
            ctx,
            ctx_len,
            sk,
            sk_len,
        )
    }
}

/// ML-DSA.Sign, deterministic.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sign_deterministic<P: ParameterSet>(
    sig: *mut u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        sign_message::<P>(
            Rnd::Deterministic,
            sig,
            sig_len,
            msg,
            msg_len,
            ctx,
            ctx_len,
            sk,
            sk_len,
        )
    }
}

/// HashML-DSA.Sign, hedged or deterministic.
///
/// # Safety
/// See the contract above.
unsafe fn sign_digest<P: ParameterSet>(
    rnd: Rnd,
    sig: *mut u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, digest, ctx, sk) = unsafe {
        (
            Output::new(sig, sig_len, P::SIGNATURE_SIZE),
            Input::new(digest, digest_len),
            Input::new(ctx, ctx_len),
            Input::new(sk, sk_len),
        )
    };
    run_wiped(WIPE_SIGN, &[&sig], || {
        sig.check()?;
        let hash = pre_hash(hash)?;
        let (digest, ctx) = (digest.var()?, ctx.var()?);
        let sk = parse_sk::<P>(&sk)?;
        let s = sk
            .sign_prehash_with_randomness(hash, digest, ctx, &*rnd.get()?)
            .map_err(error_code)?;
        sig.write(s.as_bytes().as_ref())
    })
}

/// HashML-DSA.Sign, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sign_prehash<P: ParameterSet>(
    sig: *mut u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        sign_digest::<P>(
            Rnd::Hedged,
            sig,
            sig_len,
            hash,
            digest,
            digest_len,
            ctx,
            ctx_len,
            sk,
            sk_len,
        )
    }
}

/// HashML-DSA.Sign, deterministic.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sign_prehash_deterministic<P: ParameterSet>(
    sig: *mut u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        sign_digest::<P>(
            Rnd::Deterministic,
            sig,
            sig_len,
            hash,
            digest,
            digest_len,
            ctx,
            ctx_len,
            sk,
            sk_len,
        )
    }
}

/// Signing of an external mu, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sign_mu<P: ParameterSet>(
    sig: *mut u8,
    sig_len: usize,
    mu: *const u8,
    mu_len: usize,
    sk: *const u8,
    sk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, mu, sk) = unsafe {
        (
            Output::new(sig, sig_len, P::SIGNATURE_SIZE),
            Input::new(mu, mu_len),
            Input::new(sk, sk_len),
        )
    };
    run_wiped(WIPE_SIGN, &[&sig], || {
        sig.check()?;
        let mu = mu.array::<PQL_ML_DSA_MU_BYTES>()?;
        let sk = parse_sk::<P>(&sk)?;
        let s = sk.sign_mu_with_randomness(mu, &*os_random()?);
        sig.write(s.as_bytes().as_ref())
    })
}

/// Parses a signature and a verifying key (in the C argument order).
fn parse_sig_vk<P: ParameterSet>(
    sig: &Input<'_>,
    vk: &Input<'_>,
) -> Result<(Signature<P>, Box<VerifyingKey<P>>), c_int> {
    let sig = Signature::<P>::from_bytes(sig.fixed(P::SIGNATURE_SIZE)?).map_err(error_code)?;
    Ok((sig, parse_vk(vk)?))
}

/// Parses a verifying key into the heap.
fn parse_vk<P: ParameterSet>(vk: &Input<'_>) -> Result<Box<VerifyingKey<P>>, c_int> {
    VerifyingKey::<P>::boxed_from_bytes(vk.fixed(P::VERIFYING_KEY_SIZE)?).map_err(error_code)
}

/// Parses a signing key into the heap (keys never live on the stack of a C call:
/// see `PQL_STACK_MAX_BYTES`).
fn parse_sk<P: ParameterSet>(sk: &Input<'_>) -> Result<Box<SigningKey<P>>, c_int> {
    SigningKey::<P>::boxed_from_bytes(sk.fixed(P::SIGNING_KEY_SIZE)?).map_err(error_code)
}

/// ML-DSA.Verify.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn verify<P: ParameterSet>(
    sig: *const u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    vk: *const u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, msg, ctx, vk) = unsafe {
        (
            Input::new(sig, sig_len),
            Input::new(msg, msg_len),
            Input::new(ctx, ctx_len),
            Input::new(vk, vk_len),
        )
    };
    run(&[], || {
        sig.fixed(P::SIGNATURE_SIZE)?;
        let (msg, ctx) = (msg.var()?, ctx.var()?);
        let (sig, vk) = parse_sig_vk::<P>(&sig, &vk)?;
        vk.verify(msg, ctx, &sig).map_err(error_code)
    })
}

/// HashML-DSA.Verify.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn verify_prehash<P: ParameterSet>(
    sig: *const u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    vk: *const u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, digest, ctx, vk) = unsafe {
        (
            Input::new(sig, sig_len),
            Input::new(digest, digest_len),
            Input::new(ctx, ctx_len),
            Input::new(vk, vk_len),
        )
    };
    run(&[], || {
        sig.fixed(P::SIGNATURE_SIZE)?;
        let hash = pre_hash(hash)?;
        let (digest, ctx) = (digest.var()?, ctx.var()?);
        let (sig, vk) = parse_sig_vk::<P>(&sig, &vk)?;
        vk.verify_prehash(hash, digest, ctx, &sig)
            .map_err(error_code)
    })
}

/// Verification against an external mu.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn verify_mu<P: ParameterSet>(
    sig: *const u8,
    sig_len: usize,
    mu: *const u8,
    mu_len: usize,
    vk: *const u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, mu, vk) = unsafe {
        (
            Input::new(sig, sig_len),
            Input::new(mu, mu_len),
            Input::new(vk, vk_len),
        )
    };
    run(&[], || {
        sig.fixed(P::SIGNATURE_SIZE)?;
        let mu = mu.array::<PQL_ML_DSA_MU_BYTES>()?;
        let (sig, vk) = parse_sig_vk::<P>(&sig, &vk)?;
        vk.verify_mu(mu, &sig).map_err(error_code)
    })
}

/// The message representative mu of pure ML-DSA.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn compute_mu<P: ParameterSet>(
    mu: *mut u8,
    mu_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
    vk: *const u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (mu, msg, ctx, vk) = unsafe {
        (
            Output::new(mu, mu_len, PQL_ML_DSA_MU_BYTES),
            Input::new(msg, msg_len),
            Input::new(ctx, ctx_len),
            Input::new(vk, vk_len),
        )
    };
    run(&[&mu], || {
        mu.check()?;
        let (msg, ctx) = (msg.var()?, ctx.var()?);
        let vk = parse_vk::<P>(&vk)?;
        mu.write(&vk.compute_mu(msg, ctx).map_err(error_code)?)
    })
}

/// Checks an expanded signing key.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn check_signing_key<P: ParameterSet>(sk: *const u8, sk_len: usize) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let sk = unsafe { Input::new(sk, sk_len) };
    run_wiped(WIPE_KEY, &[], || {
        parse_sk::<P>(&sk)?;
        Ok(())
    })
}

/// Key generation with OS randomness, also writing the seed xi.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn keypair_with_seed<P: ParameterSet>(
    vk: *mut u8,
    vk_len: usize,
    sk: *mut u8,
    sk_len: usize,
    seed: *mut u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (vk, sk, seed_out) = unsafe {
        (
            Output::new(vk, vk_len, P::VERIFYING_KEY_SIZE),
            Output::new(sk, sk_len, P::SIGNING_KEY_SIZE),
            Output::new(seed, seed_len, SEED),
        )
    };
    run_wiped(WIPE_KEYGEN, &[&vk, &sk, &seed_out], || {
        vk.check()?;
        sk.check()?;
        seed_out.check()?;
        let xi = os_random()?;
        write_keypair::<P>(&vk, &sk, &xi)?;
        seed_out.write(&xi[..])
    })
}

// ---------------------------------------------------------------------------
// Key handles: the parsed keys on the heap. Safety contract in addition to the
// one above: every handle argument is NULL or a live handle of its type from this
// library, and every handle output is NULL or valid for writing a pointer.
// ---------------------------------------------------------------------------

/// A new signing-key handle from OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_generate<P: ParameterSet>(sk: *mut *mut SigningKey<P>) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(sk) };
    run_wiped(WIPE_KEY, &[], || {
        out.check()?;
        out.set(SigningKey::<P>::boxed_from_seed(&*os_random()?))
    })
}

/// A new signing-key handle from the seed xi.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_from_seed<P: ParameterSet>(
    sk: *mut *mut SigningKey<P>,
    seed: *const u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, seed) = unsafe { (HandleOut::new(sk), Input::new(seed, seed_len)) };
    run_wiped(WIPE_KEY, &[], || {
        out.check()?;
        out.set(SigningKey::<P>::boxed_from_seed(seed.array::<SEED>()?))
    })
}

/// A new signing-key handle from the expanded encoding.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_from_bytes<P: ParameterSet>(
    sk: *mut *mut SigningKey<P>,
    bytes: *const u8,
    bytes_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, bytes) = unsafe { (HandleOut::new(sk), Input::new(bytes, bytes_len)) };
    run_wiped(WIPE_KEY, &[], || {
        out.check()?;
        out.set(parse_sk::<P>(&bytes)?)
    })
}

/// The expanded encoding of a signing-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_to_bytes<P: ParameterSet>(
    sk: *const SigningKey<P>,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, P::SIGNING_KEY_SIZE) };
    run_wiped(WIPE_KEY, &[&out], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        out.write(sk.to_bytes().as_ref())
    })
}

/// The seed of a signing-key handle made from one.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_seed<P: ParameterSet>(
    sk: *const SigningKey<P>,
    seed: *mut u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(seed, seed_len, SEED) };
    run_wiped(WIPE_KEY, &[&out], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        out.check()?;
        out.write(sk.seed().ok_or(PQL_ERR_INVALID_ARGUMENT)?)
    })
}

/// A new verifying-key handle for a signing-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_verifying_key<P: ParameterSet>(
    sk: *const SigningKey<P>,
    vk: *mut *mut VerifyingKey<P>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(vk) };
    run(&[], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        out.check()?;
        out.set(sk.boxed_verifying_key())
    })
}

/// The verifying key of a signing-key handle, encoded.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_verifying_key_bytes<P: ParameterSet>(
    sk: *const SigningKey<P>,
    vk: *mut u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(vk, vk_len, P::VERIFYING_KEY_SIZE) };
    run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        out.write(sk.verifying_key_bytes().as_ref())
    })
}

/// What a signing-key handle signs.
enum Signed<'a> {
    Message(Input<'a>, Input<'a>),
    Digest(c_int, Input<'a>, Input<'a>),
    Mu(Input<'a>),
}

/// Signs with a signing-key handle.
///
/// # Safety
/// See the contract above.
unsafe fn sk_sign_any<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    what: Signed<'_>,
    rnd: Rnd,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let sig = unsafe { Output::new(sig, sig_len, P::SIGNATURE_SIZE) };
    run_wiped(WIPE_SIGN, &[&sig], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        sig.check()?;
        let s = match &what {
            Signed::Message(msg, ctx) => sk
                .sign_with_randomness(msg.var()?, ctx.var()?, &*rnd.get()?)
                .map_err(error_code)?,
            Signed::Digest(hash, digest, ctx) => {
                let hash = pre_hash(*hash)?;
                let (digest, ctx) = (digest.var()?, ctx.var()?);
                sk.sign_prehash_with_randomness(hash, digest, ctx, &*rnd.get()?)
                    .map_err(error_code)?
            }
            Signed::Mu(mu) => {
                sk.sign_mu_with_randomness(mu.array::<PQL_ML_DSA_MU_BYTES>()?, &*rnd.get()?)
            }
        };
        sig.write(s.as_bytes().as_ref())
    })
}

/// ML-DSA.Sign with a signing-key handle, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe { Signed::Message(Input::new(msg, msg_len), Input::new(ctx, ctx_len)) };
    // SAFETY: forwarded from this function's contract.
    unsafe { sk_sign_any::<P>(sk, sig, sig_len, what, Rnd::Hedged) }
}

/// ML-DSA.Sign with a signing-key handle, deterministic.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign_deterministic<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe { Signed::Message(Input::new(msg, msg_len), Input::new(ctx, ctx_len)) };
    // SAFETY: forwarded from this function's contract.
    unsafe { sk_sign_any::<P>(sk, sig, sig_len, what, Rnd::Deterministic) }
}

/// HashML-DSA.Sign with a signing-key handle, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign_prehash<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe {
        Signed::Digest(
            hash,
            Input::new(digest, digest_len),
            Input::new(ctx, ctx_len),
        )
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { sk_sign_any::<P>(sk, sig, sig_len, what, Rnd::Hedged) }
}

/// HashML-DSA.Sign with a signing-key handle, deterministic.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign_prehash_deterministic<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe {
        Signed::Digest(
            hash,
            Input::new(digest, digest_len),
            Input::new(ctx, ctx_len),
        )
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { sk_sign_any::<P>(sk, sig, sig_len, what, Rnd::Deterministic) }
}

/// Signing of an external mu with a signing-key handle, hedged.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign_mu<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    mu: *const u8,
    mu_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe { Signed::Mu(Input::new(mu, mu_len)) };
    // SAFETY: forwarded from this function's contract.
    unsafe { sk_sign_any::<P>(sk, sig, sig_len, what, Rnd::Hedged) }
}

/// Frees a signing-key handle (zeroizing it); NULL is ignored.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn sk_free<P: ParameterSet>(sk: *mut SigningKey<P>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(sk) }
}

/// A new verifying-key handle from its encoding.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_from_bytes<P: ParameterSet>(
    vk: *mut *mut VerifyingKey<P>,
    bytes: *const u8,
    bytes_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, bytes) = unsafe { (HandleOut::new(vk), Input::new(bytes, bytes_len)) };
    run(&[], || {
        out.check()?;
        out.set(parse_vk::<P>(&bytes)?)
    })
}

/// The encoding of a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_to_bytes<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, P::VERIFYING_KEY_SIZE) };
    run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let vk = unsafe { handle(vk) }?;
        out.write(vk.as_bytes().as_ref())
    })
}

/// Verifies with a verifying-key handle.
///
/// # Safety
/// See the contract above.
unsafe fn vk_verify_any<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    sig: *const u8,
    sig_len: usize,
    what: Signed<'_>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let sig = unsafe { Input::new(sig, sig_len) };
    run(&[], || {
        // SAFETY: forwarded from this function's contract.
        let vk = unsafe { handle(vk) }?;
        let sig = Signature::<P>::from_bytes(sig.fixed(P::SIGNATURE_SIZE)?).map_err(error_code)?;
        match &what {
            Signed::Message(msg, ctx) => vk.verify(msg.var()?, ctx.var()?, &sig),
            Signed::Digest(hash, digest, ctx) => {
                let hash = pre_hash(*hash)?;
                vk.verify_prehash(hash, digest.var()?, ctx.var()?, &sig)
            }
            Signed::Mu(mu) => vk.verify_mu(mu.array::<PQL_ML_DSA_MU_BYTES>()?, &sig),
        }
        .map_err(error_code)
    })
}

/// ML-DSA.Verify with a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_verify<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    sig: *const u8,
    sig_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe { Signed::Message(Input::new(msg, msg_len), Input::new(ctx, ctx_len)) };
    // SAFETY: forwarded from this function's contract.
    unsafe { vk_verify_any::<P>(vk, sig, sig_len, what) }
}

/// HashML-DSA.Verify with a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_verify_prehash<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    sig: *const u8,
    sig_len: usize,
    hash: c_int,
    digest: *const u8,
    digest_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe {
        Signed::Digest(
            hash,
            Input::new(digest, digest_len),
            Input::new(ctx, ctx_len),
        )
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { vk_verify_any::<P>(vk, sig, sig_len, what) }
}

/// Verification against an external mu with a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_verify_mu<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    sig: *const u8,
    sig_len: usize,
    mu: *const u8,
    mu_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let what = unsafe { Signed::Mu(Input::new(mu, mu_len)) };
    // SAFETY: forwarded from this function's contract.
    unsafe { vk_verify_any::<P>(vk, sig, sig_len, what) }
}

/// mu of pure ML-DSA with a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_compute_mu<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    mu: *mut u8,
    mu_len: usize,
    msg: *const u8,
    msg_len: usize,
    ctx: *const u8,
    ctx_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (mu, msg, ctx) = unsafe {
        (
            Output::new(mu, mu_len, PQL_ML_DSA_MU_BYTES),
            Input::new(msg, msg_len),
            Input::new(ctx, ctx_len),
        )
    };
    run(&[&mu], || {
        // SAFETY: forwarded from this function's contract.
        let vk = unsafe { handle(vk) }?;
        mu.check()?;
        mu.write(&vk.compute_mu(msg.var()?, ctx.var()?).map_err(error_code)?)
    })
}

/// Frees a verifying-key handle; NULL is ignored.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn vk_free<P: ParameterSet>(vk: *mut VerifyingKey<P>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(vk) }
}

// ---------------------------------------------------------------------------
// The exported functions: one table entry each, instantiated per parameter set by
// `c_api!` (see api.rs; the header and README reference are generated from it).
// ---------------------------------------------------------------------------

c_api! {
    /// ML-DSA (FIPS 204)
    ///
    /// `msg`, `ctx` and `digest` are variable-length (pointer and length, NULL allowed when
    /// the length is 0); the context is 0 to 255 bytes. The signing key is the expanded
    /// FIPS 204 encoding (skEncode); the 32-byte seed xi is the compact form of a key pair.
    table DSA_TABLE;
    sets {
        ml_dsa_44 = MlDsa44, "ML-DSA-44";
        ml_dsa_65 = MlDsa65, "ML-DSA-65";
        ml_dsa_87 = MlDsa87, "ML-DSA-87";
    }
    handles {
        /// An {set} signing (private) key, expanded, on the heap (opaque).
        Sk = SigningKey => "sk";
        /// An {set} verifying (public) key, expanded, on the heap (opaque).
        Vk = VerifyingKey => "vk";
        /// An {set} streaming hasher for the message representative mu (opaque; not
        /// to be used by two threads at once).
        Mu = MuState => "mu_hasher";
    }
    fns {
        /// Generates an {set} key pair with randomness from the operating system.
        ///
        /// - `vk`, `vk_len`: output, the verifying (public) key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        /// - `sk`, `sk_len`: output, the signing (private) key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`. On failure both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair(
            vk: *mut u8,
            vk_len: usize,
            sk: *mut u8,
            sk_len: usize,
        ) -> c_int;

        /// Derives an {set} key pair from a 32-byte seed xi (FIPS 204
        /// ML-DSA.KeyGen_internal). The same seed always gives the same keys: store the seed
        /// as the compact private key, and use this to expand it.
        ///
        /// - `vk`, `vk_len`: output, the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        /// - `sk`, `sk_len`: output, the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        /// - `seed`, `seed_len`: the secret seed, `PQL_{SET}_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`. On failure
        /// both outputs are zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn keypair_from_seed(
            vk: *mut u8,
            vk_len: usize,
            sk: *mut u8,
            sk_len: usize,
            seed: *const u8,
            seed_len: usize,
        ) -> c_int;

        /// Signs a message with {set} (FIPS 204 ML-DSA.Sign, hedged: 32 bytes of
        /// randomness from the operating system). The recommended way to sign.
        ///
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0); signer and
        ///   verifier must use the same one.
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CONTEXT_TOO_LONG` or `PQL_ERR_SIGNING_KEY_CHECK`, `PQL_ERR_RANDOMNESS`. On failure `sig` is
        /// zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn sign(
            sig: *mut u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;

        /// Signs a message with {set}, deterministically (FIPS 204 ML-DSA.Sign with
        /// rnd = 0): the same key, message and context always give the same signature. Use
        /// it where no good randomness is available or reproducibility is required.
        ///
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0); signer and
        ///   verifier must use the same one.
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CONTEXT_TOO_LONG` or `PQL_ERR_SIGNING_KEY_CHECK`. On failure `sig` is
        /// zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn sign_deterministic(
            sig: *mut u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;

        /// Signs a message digest with {set} (FIPS 204 HashML-DSA.Sign, hedged). The
        /// caller hashes the message with the function named by `hash`; the signature binds
        /// that function's OID. Only for protocols that require HashML-DSA.
        ///
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M), the message digest; its length must be the
        ///   hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT` (unknown `hash`), `PQL_ERR_PREHASH_LENGTH`,
        /// `PQL_ERR_CONTEXT_TOO_LONG`, `PQL_ERR_SIGNING_KEY_CHECK` or `PQL_ERR_RANDOMNESS`.
        /// On failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn sign_prehash(
            sig: *mut u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;

        /// {set} HashML-DSA.Sign, deterministic (rnd = 0); see `*_sign_prehash`.
        ///
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M), the message digest; its length must be the
        ///   hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT` (unknown `hash`), `PQL_ERR_PREHASH_LENGTH`,
        /// `PQL_ERR_CONTEXT_TOO_LONG` or `PQL_ERR_SIGNING_KEY_CHECK`. On failure `sig` is
        /// zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn sign_prehash_deterministic(
            sig: *mut u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;

        /// Signs an externally computed message representative mu with {set}
        /// (FIPS 204 Algorithm 7 from step 7, hedged). mu = H(H(vk, 64) || M', 64), for
        /// example from `*_compute_mu` on another machine: the large message need not reach
        /// the signer (HSM / KMS use).
        ///
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `mu`, `mu_len`: the message representative, `PQL_ML_DSA_MU_BYTES` (64).
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_SIGNING_KEY_CHECK` or `PQL_ERR_RANDOMNESS`. On failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn sign_mu(
            sig: *mut u8,
            sig_len: usize,
            mu: *const u8,
            mu_len: usize,
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;

        /// Verifies an {set} signature on a message (FIPS 204 ML-DSA.Verify).
        ///
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0); signer and
        ///   verifier must use the same one.
        /// - `vk`, `vk_len`: the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`, `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn verify(
            sig: *const u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            vk: *const u8,
            vk_len: usize,
        ) -> c_int;

        /// Verifies an {set} HashML-DSA signature on a message digest (FIPS 204
        /// HashML-DSA.Verify).
        ///
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M), the message digest; its length must be the
        ///   hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        /// - `vk`, `vk_len`: the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`, `PQL_ERR_INVALID_ARGUMENT`,
        /// `PQL_ERR_PREHASH_LENGTH`, `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn verify_prehash(
            sig: *const u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            vk: *const u8,
            vk_len: usize,
        ) -> c_int;

        /// Verifies an {set} signature against an externally computed mu (FIPS 204
        /// Algorithm 8 from step 7).
        ///
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `mu`, `mu_len`: the message representative, `PQL_ML_DSA_MU_BYTES` (64).
        /// - `vk`, `vk_len`: the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn verify_mu(
            sig: *const u8,
            sig_len: usize,
            mu: *const u8,
            mu_len: usize,
            vk: *const u8,
            vk_len: usize,
        ) -> c_int;

        /// Computes the {set} message representative
        /// mu = H(H(vk, 64) || 0 || len(ctx) || ctx || msg, 64) of pure ML-DSA, for
        /// `*_sign_mu` and `*_verify_mu`.
        ///
        /// - `mu`, `mu_len`: output, `PQL_ML_DSA_MU_BYTES` (64).
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0); signer and
        ///   verifier must use the same one.
        /// - `vk`, `vk_len`: the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`. On failure `mu` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn compute_mu(
            mu: *mut u8,
            mu_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
            vk: *const u8,
            vk_len: usize,
        ) -> c_int;

        /// Checks an {set} signing key encoding (coefficients of s1 and s2 in range,
        /// t0 and tr consistent with the rest). The signing functions run the same check.
        ///
        /// - `sk`, `sk_len`: the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_SIGNING_KEY_CHECK`.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length (reads for inputs, writes for
        /// outputs) during the call; outputs do not overlap inputs or each other.
        fn check_signing_key(
            sk: *const u8,
            sk_len: usize,
        ) -> c_int;
        /// Generates an {set} key pair with randomness from the operating system and
        /// also writes its 32-byte seed xi, the compact form of the private key
        /// (`{pfx}_keypair_from_seed` expands it again).
        ///
        /// - `vk`, `vk_len`: output, the verifying key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        /// - `sk`, `sk_len`: output, the signing key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        /// - `seed`, `seed_len`: output, the secret seed, `PQL_{SET}_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`. On failure all outputs are zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn keypair_with_seed(
            vk: *mut u8,
            vk_len: usize,
            sk: *mut u8,
            sk_len: usize,
            seed: *mut u8,
            seed_len: usize,
        ) -> c_int;

        /// Creates an {set} signing-key handle from randomness of the operating system.
        /// The key is expanded once and kept on the heap; use it for any number of calls
        /// (from several threads at once if wanted) and free it with `{pfx}_sk_free`, which
        /// zeroizes it.
        ///
        /// - `sk`: output, receives the new handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_generate(sk: *mut *mut Sk) -> c_int;

        /// Creates an {set} signing-key handle from a 32-byte seed xi (FIPS 204
        /// ML-DSA.KeyGen_internal); the handle keeps the seed.
        ///
        /// - `sk`: output, receives the new handle (NULL on failure).
        /// - `seed`, `seed_len`: the secret seed, `PQL_{SET}_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_from_seed(sk: *mut *mut Sk, seed: *const u8, seed_len: usize) -> c_int;

        /// Creates an {set} signing-key handle from the expanded encoding, with the
        /// checks of `{pfx}_check_signing_key`.
        ///
        /// - `sk`: output, receives the new handle (NULL on failure).
        /// - `bytes`, `bytes_len`: the key, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_SIGNING_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_from_bytes(sk: *mut *mut Sk, bytes: *const u8, bytes_len: usize) -> c_int;

        /// Writes the expanded encoding of an {set} signing-key handle.
        ///
        /// - `sk`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_SIGNING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_to_bytes(sk: *const Sk, out: *mut u8, out_len: usize) -> c_int;

        /// Writes the seed xi of an {set} signing-key handle made by `{pfx}_sk_generate`
        /// or `{pfx}_sk_from_seed`.
        ///
        /// - `sk`: the handle.
        /// - `seed`, `seed_len`: output, `PQL_{SET}_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_INVALID_ARGUMENT` (the key was made from its expanded encoding and has
        /// no seed); on failure `seed` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_seed(sk: *const Sk, seed: *mut u8, seed_len: usize) -> c_int;

        /// Creates an {set} verifying-key handle for a signing-key handle (free both).
        ///
        /// - `sk`: the handle.
        /// - `vk`: output, receives the new handle (NULL on failure).
        ///
        /// Returns `PQL_OK` or `PQL_ERR_NULL_POINTER`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_verifying_key(sk: *const Sk, vk: *mut *mut Vk) -> c_int;

        /// Writes the verifying key of an {set} signing-key handle.
        ///
        /// - `sk`: the handle.
        /// - `vk`, `vk_len`: output, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `vk` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_verifying_key_bytes(sk: *const Sk, vk: *mut u8, vk_len: usize) -> c_int;

        /// Signs with an {set} signing-key handle: ML-DSA.Sign, hedged (as `{pfx}_sign`), without parsing the key again.
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CONTEXT_TOO_LONG` or `PQL_ERR_RANDOMNESS`; on failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Signs with an {set} signing-key handle: ML-DSA.Sign, deterministic (as `{pfx}_sign_deterministic`), without parsing the key again.
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`; on failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign_deterministic(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Signs with an {set} signing-key handle: HashML-DSA.Sign, hedged (as `{pfx}_sign_prehash`), without parsing the key again.
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M); its length must be the hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT`, `PQL_ERR_PREHASH_LENGTH`, `PQL_ERR_CONTEXT_TOO_LONG`
        /// or `PQL_ERR_RANDOMNESS`; on failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign_prehash(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Signs with an {set} signing-key handle: HashML-DSA.Sign, deterministic (as `{pfx}_sign_prehash_deterministic`), without parsing the key again.
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M); its length must be the hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT`, `PQL_ERR_PREHASH_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`; on failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign_prehash_deterministic(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Signs with an {set} signing-key handle: signing of an external mu, hedged (as `{pfx}_sign_mu`), without parsing the key again.
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `mu`, `mu_len`: the message representative, `PQL_ML_DSA_MU_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_RANDOMNESS`; on failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign_mu(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            mu: *const u8,
            mu_len: usize,
        ) -> c_int;

        /// Frees an {set} signing-key handle, zeroizing the key. NULL is ignored; the
        /// handle must not be used afterwards.
        ///
        /// # Safety
        /// `sk` is NULL or a live handle from this library, not used again.
        fn sk_free(sk: *mut Sk);

        /// Creates an {set} verifying-key handle from its encoding (the matrix is
        /// expanded once, here).
        ///
        /// - `vk`: output, receives the new handle (NULL on failure).
        /// - `bytes`, `bytes_len`: the key, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_from_bytes(vk: *mut *mut Vk, bytes: *const u8, bytes_len: usize) -> c_int;

        /// Writes the encoding of an {set} verifying-key handle.
        ///
        /// - `vk`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_VERIFYING_KEY_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_to_bytes(vk: *const Vk, out: *mut u8, out_len: usize) -> c_int;

        /// Verifies an {set} signature with a verifying-key handle: ML-DSA.Verify (as `{pfx}_verify`), without parsing the key again.
        ///
        /// - `vk`: the handle.
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`, `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_verify(
            vk: *const Vk,
            sig: *const u8,
            sig_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Verifies an {set} signature with a verifying-key handle: HashML-DSA.Verify (as `{pfx}_verify_prehash`), without parsing the key again.
        ///
        /// - `vk`: the handle.
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `hash`: the `PQL_HASH_*` id of the function that computed the digest.
        /// - `digest`, `digest_len`: PH(M); its length must be the hash's output length.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`, `PQL_ERR_INVALID_ARGUMENT`,
        /// `PQL_ERR_PREHASH_LENGTH`, `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_verify_prehash(
            vk: *const Vk,
            sig: *const u8,
            sig_len: usize,
            hash: c_int,
            digest: *const u8,
            digest_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Verifies an {set} signature with a verifying-key handle: verification against an external mu (as `{pfx}_verify_mu`), without parsing the key again.
        ///
        /// - `vk`: the handle.
        /// - `sig`, `sig_len`: the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `mu`, `mu_len`: the message representative, `PQL_ML_DSA_MU_BYTES` (64).
        ///
        /// Returns `PQL_OK` if the signature is valid, `PQL_ERR_INVALID_SIGNATURE` if not,
        /// or `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_verify_mu(
            vk: *const Vk,
            sig: *const u8,
            sig_len: usize,
            mu: *const u8,
            mu_len: usize,
        ) -> c_int;

        /// Computes the {set} message representative mu with a verifying-key handle (as
        /// `{pfx}_compute_mu`).
        ///
        /// - `vk`: the handle.
        /// - `mu`, `mu_len`: output, `PQL_ML_DSA_MU_BYTES` (64).
        /// - `msg`, `msg_len`: the message, any length (NULL if 0).
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`; on failure `mu` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_compute_mu(
            vk: *const Vk,
            mu: *mut u8,
            mu_len: usize,
            msg: *const u8,
            msg_len: usize,
            ctx: *const u8,
            ctx_len: usize,
        ) -> c_int;

        /// Frees an {set} verifying-key handle. NULL is ignored; the handle must not be
        /// used afterwards.
        ///
        /// # Safety
        /// `vk` is NULL or a live handle from this library, not used again.
        fn vk_free(vk: *mut Vk);

        /// Creates an {set} verifying-key handle from a DER SubjectPublicKeyInfo
        /// (RFC 9881: OID id-ml-dsa-*, parameters absent).
        ///
        /// - `vk`: output, receives the new handle (NULL on failure).
        /// - `der`, `der_len`: the DER bytes, any length (NULL if 0); exactly one element,
        ///   `PQL_{SET}_SPKI_BYTES` when well formed.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_KEY_ENCODING` (malformed DER,
        /// parameters present, wrong key size, trailing bytes) or `PQL_ERR_WRONG_ALGORITHM`
        /// (another algorithm's or parameter set's OID).
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_from_spki(vk: *mut *mut Vk, der: *const u8, der_len: usize) -> c_int;

        /// Writes the DER SubjectPublicKeyInfo (RFC 9881) of an {set} verifying-key
        /// handle.
        ///
        /// - `vk`: the handle.
        /// - `out`, `out_len`: output, `PQL_{SET}_SPKI_BYTES`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_to_spki(vk: *const Vk, out: *mut u8, out_len: usize) -> c_int;

        /// Creates an {set} signing-key handle from a DER PKCS#8 private key (RFC 9881
        /// OneAsymmetricKey, v1 or v2) in any of its forms: `seed` (the handle keeps the
        /// seed), `expandedKey` (coefficient ranges and the recomputed t0 and tr checked;
        /// no seed) or `both` (accepted only if the seed regenerates exactly the expanded
        /// key). An embedded public key must be the key's own.
        ///
        /// - `sk`: output, receives the new handle (NULL on failure).
        /// - `der`, `der_len`: the DER bytes, any length (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_KEY_ENCODING` (malformed or
        /// inconsistent), `PQL_ERR_WRONG_ALGORITHM` or `PQL_ERR_SIGNING_KEY_CHECK`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_from_pkcs8(sk: *mut *mut Sk, der: *const u8, der_len: usize) -> c_int;

        /// Writes the DER PKCS#8 private key (RFC 9881, version 1) of an {set}
        /// signing-key handle in the form `format`: `PQL_PKCS8_SEED` (the recommended
        /// form), `PQL_PKCS8_EXPANDED` or `PQL_PKCS8_BOTH`.
        ///
        /// - `sk`: the handle.
        /// - `format`: a `PQL_PKCS8_*` form.
        /// - `out`, `out_len`: output, `PQL_ML_DSA_PKCS8_SEED_BYTES` (54),
        ///   `PQL_{SET}_PKCS8_EXPANDED_BYTES` or `PQL_{SET}_PKCS8_BOTH_BYTES`, by form.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_INVALID_ARGUMENT` (an unknown form, or the seed or both form of a key
        /// made from its expanded encoding, which has no seed); on failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_to_pkcs8(sk: *const Sk, format: c_int, out: *mut u8, out_len: usize) -> c_int;

        /// Starts streaming {set} signing or verification: creates a hasher for the
        /// message representative mu of a message under the context `ctx`, for the key
        /// of a verifying-key handle. Feed the message with `{pfx}_mu_hasher_update`,
        /// get mu with `{pfx}_mu_hasher_finish`, then sign it with `{pfx}_sk_sign_mu` /
        /// `{pfx}_sk_sign_mu_deterministic` or verify with `{pfx}_vk_verify_mu`: the same
        /// signatures and verdicts as the one-shot functions on the whole message.
        ///
        /// - `vk`: the key handle.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        /// - `hasher`: output, receives the new hasher handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn vk_mu_hasher(vk: *const Vk, ctx: *const u8, ctx_len: usize, hasher: *mut *mut Mu) -> c_int;

        /// Starts streaming {set} signing: as `{pfx}_vk_mu_hasher`, for the key of a
        /// signing-key handle (the same mu as with its verifying key).
        ///
        /// - `sk`: the key handle.
        /// - `ctx`, `ctx_len`: the context string, 0 to 255 bytes (NULL if 0).
        /// - `hasher`: output, receives the new hasher handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CONTEXT_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_mu_hasher(sk: *const Sk, ctx: *const u8, ctx_len: usize, hasher: *mut *mut Mu) -> c_int;

        /// Feeds the next piece of the message to an {set} mu hasher (any number of
        /// calls, pieces of any length).
        ///
        /// - `hasher`: the hasher handle (not in use by another thread).
        /// - `data`, `data_len`: the piece, any length (NULL if 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library,
        /// not used by another thread during the call; every other pointer is NULL or
        /// valid for its length during the call.
        fn mu_hasher_update(hasher: *mut Mu, data: *const u8, data_len: usize) -> c_int;

        /// Writes mu of the message fed to an {set} mu hasher so far. The hasher is
        /// left as it was (more pieces may follow, for mu of the longer message); free
        /// it with `{pfx}_mu_hasher_free`.
        ///
        /// - `hasher`: the hasher handle.
        /// - `mu`, `mu_len`: output, `PQL_ML_DSA_MU_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `mu` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn mu_hasher_finish(hasher: *const Mu, mu: *mut u8, mu_len: usize) -> c_int;

        /// Frees an {set} mu hasher handle, zeroizing its state. NULL is ignored; the
        /// handle must not be used afterwards.
        ///
        /// # Safety
        /// `hasher` is NULL or a live handle from this library, not used again.
        fn mu_hasher_free(hasher: *mut Mu);

        /// Signs with an {set} signing-key handle: signing of an external mu,
        /// deterministic (rnd = 0, as `{pfx}_sign_deterministic` on the message mu was
        /// computed from).
        ///
        /// - `sk`: the handle.
        /// - `sig`, `sig_len`: output, the signature, `PQL_{SET}_SIGNATURE_BYTES`.
        /// - `mu`, `mu_len`: the message representative, `PQL_ML_DSA_MU_BYTES` (64).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on
        /// failure `sig` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn sk_sign_mu_deterministic(
            sk: *const Sk,
            sig: *mut u8,
            sig_len: usize,
            mu: *const u8,
            mu_len: usize,
        ) -> c_int;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hash_ids_are_the_oid_suffixes() {
        let named = [
            (PQL_HASH_SHA2_256, "SHA2-256"),
            (PQL_HASH_SHA2_384, "SHA2-384"),
            (PQL_HASH_SHA2_512, "SHA2-512"),
            (PQL_HASH_SHA2_224, "SHA2-224"),
            (PQL_HASH_SHA2_512_224, "SHA2-512/224"),
            (PQL_HASH_SHA2_512_256, "SHA2-512/256"),
            (PQL_HASH_SHA3_224, "SHA3-224"),
            (PQL_HASH_SHA3_256, "SHA3-256"),
            (PQL_HASH_SHA3_384, "SHA3-384"),
            (PQL_HASH_SHA3_512, "SHA3-512"),
            (PQL_HASH_SHAKE_128, "SHAKE-128"),
            (PQL_HASH_SHAKE_256, "SHAKE-256"),
        ];
        for (id, name) in named {
            assert_eq!(
                pre_hash(id),
                Ok(PreHash::from_name(name).unwrap()),
                "{name}"
            );
        }
        for id in [0, 13, -1, 256 + 1, c_int::MIN] {
            assert_eq!(pre_hash(id), Err(PQL_ERR_INVALID_ARGUMENT));
        }
    }
}
