//! Streaming ML-DSA: the message representative mu computed from a message given in
//! any number of pieces (`pql_ml_dsa_<n>_vk_mu_hasher` / `_sk_mu_hasher`, `_mu_hasher_update`,
//! `_mu_hasher_finish`, `_mu_hasher_free`), then signed with `_sk_sign_mu` (hedged) or
//! `_sk_sign_mu_deterministic`, or verified with `_vk_verify_mu`. The signatures are
//! the ones the one-shot functions give on the whole message. Entries of the ML-DSA
//! table; generic functions here.

use crate::PQL_ERR_NULL_POINTER;
use crate::boundary::{HandleOut, Input, Output, free_handle, handle, run, run_wiped};
use crate::dsa::{PQL_ML_DSA_MU_BYTES, WIPE_SIGN};
use crate::error_code;
use core::ffi::c_int;
use core::marker::PhantomData;
use pql::ml_dsa::{MuHasher, ParameterSet, SigningKey, VerifyingKey};

/// The state behind a `pql_ml_dsa_<n>_mu_hasher` handle: SHAKE256 absorbing
/// tr || 0 || |ctx| || ctx || M (FIPS 204 Algorithm 2 line 10, Algorithm 7 line 6).
/// The parameter set only types the handle (mu is computed the same way for all).
pub struct MuState<P: ParameterSet> {
    hasher: MuHasher,
    _set: PhantomData<P>,
}

impl<P: ParameterSet> MuState<P> {
    fn boxed(hasher: MuHasher) -> Box<Self> {
        Box::new(Self {
            hasher,
            _set: PhantomData,
        })
    }
}

/// The object behind a mutable C handle argument; NULL gives `PQL_ERR_NULL_POINTER`.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` from this library, not used by any
/// other thread or call during `'a`.
unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, c_int> {
    // SAFETY: by this function's contract a non-NULL pointer is a live `Box<T>`
    // allocation that nothing else accesses meanwhile.
    unsafe { ptr.as_mut() }.ok_or(PQL_ERR_NULL_POINTER)
}

// ---------------------------------------------------------------------------
// The generic implementations. Safety contract shared by all of them: every
// pointer is NULL or valid for `len` bytes (reads for inputs, writes for outputs)
// for the duration of the call; every handle argument is NULL or a live handle of
// its type from this library, and a hasher handle passed mutably is not in use by
// another thread; every handle output is NULL or valid for writing a pointer.
// ---------------------------------------------------------------------------

/// A new hasher for mu under the context `ctx`, from a verifying-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn vk_mu_hasher<P: ParameterSet>(
    vk: *const VerifyingKey<P>,
    ctx: *const u8,
    ctx_len: usize,
    hasher: *mut *mut MuState<P>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ctx, out) = unsafe { (Input::new(ctx, ctx_len), HandleOut::new(hasher)) };
    run(&[], || {
        // SAFETY: forwarded from this function's contract.
        let vk = unsafe { handle(vk) }?;
        out.check()?;
        let h = vk.mu_hasher(ctx.var()?).map_err(error_code)?;
        out.set(MuState::boxed(h))
    })
}

/// A new hasher for mu under the context `ctx`, from a signing-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_mu_hasher<P: ParameterSet>(
    sk: *const SigningKey<P>,
    ctx: *const u8,
    ctx_len: usize,
    hasher: *mut *mut MuState<P>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (ctx, out) = unsafe { (Input::new(ctx, ctx_len), HandleOut::new(hasher)) };
    run(&[], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        out.check()?;
        let h = sk.mu_hasher(ctx.var()?).map_err(error_code)?;
        out.set(MuState::boxed(h))
    })
}

/// Absorbs the next piece of the message.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn mu_hasher_update<P: ParameterSet>(
    hasher: *mut MuState<P>,
    data: *const u8,
    data_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let data = unsafe { Input::new(data, data_len) };
    run(&[], || {
        // SAFETY: forwarded from this function's contract.
        let state = unsafe { handle_mut(hasher) }?;
        let data = data.var()?;
        state.hasher.update(data);
        Ok(())
    })
}

/// Writes mu of the message absorbed so far (the hasher is left unchanged).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn mu_hasher_finish<P: ParameterSet>(
    hasher: *const MuState<P>,
    mu: *mut u8,
    mu_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let mu = unsafe { Output::new(mu, mu_len, PQL_ML_DSA_MU_BYTES) };
    run(&[&mu], || {
        // SAFETY: forwarded from this function's contract.
        let state = unsafe { handle(hasher) }?;
        mu.check()?;
        mu.write(&state.hasher.clone().finalize())
    })
}

/// Frees a hasher handle; NULL is ignored.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn mu_hasher_free<P: ParameterSet>(hasher: *mut MuState<P>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(hasher) }
}

/// Signs an external mu with a signing-key handle, deterministically (rnd = 0^32).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn sk_sign_mu_deterministic<P: ParameterSet>(
    sk: *const SigningKey<P>,
    sig: *mut u8,
    sig_len: usize,
    mu: *const u8,
    mu_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (sig, mu) = unsafe {
        (
            Output::new(sig, sig_len, P::SIGNATURE_SIZE),
            Input::new(mu, mu_len),
        )
    };
    run_wiped(WIPE_SIGN, &[&sig], || {
        // SAFETY: forwarded from this function's contract.
        let sk = unsafe { handle(sk) }?;
        sig.check()?;
        let mu = mu.array::<PQL_ML_DSA_MU_BYTES>()?;
        sig.write(sk.sign_mu_deterministic(mu).as_bytes().as_ref())
    })
}
