//! The C boundary: buffer descriptors that check pointers and lengths, panic
//! containment, and zeroing of outputs on failure.

use crate::{
    PQL_ERR_BUFFER_TOO_SMALL, PQL_ERR_INTERNAL, PQL_ERR_INVALID_LENGTH, PQL_ERR_NULL_POINTER,
    PQL_OK,
};
use core::ffi::c_int;
use core::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An input buffer handed over by C: a pointer and a length, not yet checked.
pub(crate) struct Input<'a> {
    ptr: *const u8,
    len: usize,
    _life: PhantomData<&'a [u8]>,
}

impl<'a> Input<'a> {
    /// Wraps a C input buffer.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for reads of `len` bytes for `'a`, and the memory is
    /// not written (by this thread or any other) during `'a`.
    pub(crate) unsafe fn new(ptr: *const u8, len: usize) -> Self {
        Self {
            ptr,
            len,
            _life: PhantomData,
        }
    }

    /// The buffer, which must be non-NULL and exactly `size` bytes long.
    pub(crate) fn fixed(&self, size: usize) -> Result<&'a [u8], c_int> {
        if self.ptr.is_null() {
            return Err(PQL_ERR_NULL_POINTER);
        }
        if self.len != size {
            return Err(PQL_ERR_INVALID_LENGTH);
        }
        // SAFETY: non-NULL, so by the contract of `new` valid for reads of `len`
        // bytes and unchanged for 'a; `len == size` is a real object size, so at
        // most isize::MAX.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }

    /// The buffer as a fixed-size array reference.
    pub(crate) fn array<const N: usize>(&self) -> Result<&'a [u8; N], c_int> {
        self.fixed(N)?
            .try_into()
            .map_err(|_| PQL_ERR_INVALID_LENGTH)
    }

    /// A variable-length buffer: any length up to `isize::MAX`; NULL is allowed
    /// (as the empty buffer) only when the length is 0.
    #[allow(dead_code)] // used by the ML-DSA functions
    pub(crate) fn var(&self) -> Result<&'a [u8], c_int> {
        if self.ptr.is_null() {
            return if self.len == 0 {
                Ok(&[])
            } else {
                Err(PQL_ERR_NULL_POINTER)
            };
        }
        if self.len > isize::MAX as usize {
            return Err(PQL_ERR_INVALID_LENGTH);
        }
        // SAFETY: non-NULL, so by the contract of `new` valid for reads of `len`
        // bytes and unchanged for 'a; `len <= isize::MAX` was checked above.
        Ok(unsafe { core::slice::from_raw_parts(self.ptr, self.len) })
    }
}

/// An output buffer handed over by C, that must be exactly `size` bytes long.
///
/// The buffer is written through the raw pointer, once the result is complete
/// ([`Output::write`]), or zeroed; the one exception, [`Output::fill`], lends it
/// as a slice to a computation that writes its result there directly.
pub(crate) struct Output<'a> {
    ptr: *mut u8,
    len: usize,
    size: usize,
    _life: PhantomData<&'a mut [u8]>,
}

impl Output<'_> {
    /// Wraps a C output buffer that the function fills with `size` bytes.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writes of `len` bytes for the lifetime of the
    /// value, and not accessed by anyone else meanwhile.
    pub(crate) unsafe fn new(ptr: *mut u8, len: usize, size: usize) -> Self {
        Self {
            ptr,
            len,
            size,
            _life: PhantomData,
        }
    }

    /// Checks that the buffer is non-NULL and exactly `size` bytes long.
    pub(crate) fn check(&self) -> Result<(), c_int> {
        if self.ptr.is_null() {
            Err(PQL_ERR_NULL_POINTER)
        } else if self.len != self.size {
            Err(PQL_ERR_INVALID_LENGTH)
        } else {
            Ok(())
        }
    }

    /// Checks the buffer ([`Output::check`]), then lends it to `f` as a slice of
    /// `size` bytes, so that a result is computed in place instead of on the
    /// stack and copied (the ML-KEM ciphertext: no copy of it, and a smaller
    /// stack to wipe). The caller must hold no reference derived from the C
    /// caller's memory while `f` runs (copy inputs first): `f`'s slice must be
    /// the only one.
    pub(crate) fn fill<R>(&self, f: impl FnOnce(&mut [u8]) -> R) -> Result<R, c_int> {
        self.check()?;
        // SAFETY: `check` passed, so `ptr` is non-NULL and, by the contract of
        // `new`, valid for writes of `len == size` bytes and not accessed by
        // anyone else while this value lives (`size <= isize::MAX`: it is one of
        // this library's fixed sizes); no other reference to it exists (the
        // caller's obligation above), and the slice does not outlive `f`.
        let buf = unsafe { core::slice::from_raw_parts_mut(self.ptr, self.size) };
        Ok(f(buf))
    }

    /// Copies the result `src` (which must be `size` bytes) into the buffer.
    pub(crate) fn write(&self, src: &[u8]) -> Result<(), c_int> {
        self.check()?;
        if src.len() != self.size {
            return Err(PQL_ERR_INTERNAL);
        }
        // SAFETY: `check` passed, so `ptr` is non-NULL and, by the contract of
        // `new`, valid for writes of `len == size == src.len()` bytes; `src` is
        // memory owned by Rust, so the two do not overlap.
        unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr, src.len()) };
        Ok(())
    }

    /// Zeroes the first `min(len, size)` bytes, if the pointer is non-NULL.
    fn zero(&self) {
        if !self.ptr.is_null() {
            // SAFETY: non-NULL, so by the contract of `new` valid for writes of
            // `len` bytes, and `min(len, size) <= len`.
            unsafe { core::ptr::write_bytes(self.ptr, 0, self.len.min(self.size)) };
        }
    }
}

/// A variable-size output handed over by C: a buffer of `cap` bytes and a
/// `size_t *len` that receives the number of bytes written (0 on failure, the size
/// needed on `PQL_ERR_BUFFER_TOO_SMALL`). The buffer may be NULL only when `cap` is
/// 0 (a size query). On failure [`VarOutput::fail`] zeroes all `cap` bytes.
#[allow(dead_code)] // used by the channel functions
pub(crate) struct VarOutput<'a> {
    ptr: *mut u8,
    cap: usize,
    len: *mut usize,
    needed: core::cell::Cell<usize>,
    _life: PhantomData<&'a mut [u8]>,
}

#[allow(dead_code)] // used by the channel functions
impl VarOutput<'_> {
    /// Wraps a C output buffer and its length output; sets `*len` to 0.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writes of `cap` bytes, and `len` NULL or valid for
    /// writing a `size_t`, for the lifetime of the value, and not accessed by anyone
    /// else meanwhile.
    pub(crate) unsafe fn new(ptr: *mut u8, cap: usize, len: *mut usize) -> Self {
        if !len.is_null() {
            // SAFETY: non-NULL, so valid for writes by this function's contract.
            unsafe { len.write(0) };
        }
        Self {
            ptr,
            cap,
            len,
            needed: core::cell::Cell::new(0),
            _life: PhantomData,
        }
    }

    /// Checks the pointers and the capacity (at most `PTRDIFF_MAX`).
    pub(crate) fn check(&self) -> Result<(), c_int> {
        if self.len.is_null() || (self.ptr.is_null() && self.cap != 0) {
            Err(PQL_ERR_NULL_POINTER)
        } else if self.cap > isize::MAX as usize {
            Err(PQL_ERR_INVALID_LENGTH)
        } else {
            Ok(())
        }
    }

    /// Checks that `n` bytes fit; if not, records `n` as the size needed and fails
    /// with `PQL_ERR_BUFFER_TOO_SMALL`.
    pub(crate) fn reserve(&self, n: usize) -> Result<(), c_int> {
        self.check()?;
        if n > self.cap {
            self.needed.set(n);
            return Err(PQL_ERR_BUFFER_TOO_SMALL);
        }
        Ok(())
    }

    /// Copies the result `src` into the buffer and sets `*len`.
    pub(crate) fn write(&self, src: &[u8]) -> Result<(), c_int> {
        self.reserve(src.len())?;
        if !src.is_empty() {
            // SAFETY: `reserve` passed, so `ptr` is non-NULL (cap >= len > 0) and, by
            // the contract of `new`, valid for writes of `cap >= src.len()` bytes;
            // `src` is memory owned by Rust, so the two do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr, src.len()) };
        }
        // SAFETY: checked non-NULL; valid for writes by the contract of `new`.
        unsafe { self.len.write(src.len()) };
        Ok(())
    }

    /// After a failure: zeroes the buffer and sets `*len` to the size needed (0
    /// unless the buffer was too small).
    pub(crate) fn fail(&self) {
        if !self.ptr.is_null() && self.cap <= isize::MAX as usize {
            // SAFETY: non-NULL, so by the contract of `new` valid for writes of `cap`
            // bytes.
            unsafe { core::ptr::write_bytes(self.ptr, 0, self.cap) };
        }
        if !self.len.is_null() {
            // SAFETY: non-NULL; valid for writes by the contract of `new`.
            unsafe { self.len.write(self.needed.get()) };
        }
    }
}

/// A `int *` output handed over by C (a step or record kind): 0 from the start and
/// on any failure.
#[allow(dead_code)] // used by the channel functions
pub(crate) struct IntOutput {
    ptr: *mut c_int,
}

#[allow(dead_code)] // used by the channel functions
impl IntOutput {
    /// Wraps a C `int *` and sets it to 0.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing an `int` for the lifetime of the value.
    pub(crate) unsafe fn new(ptr: *mut c_int) -> Self {
        if !ptr.is_null() {
            // SAFETY: non-NULL, so valid for writes by this function's contract.
            unsafe { ptr.write(0) };
        }
        Self { ptr }
    }

    /// Checks that the pointer is non-NULL.
    pub(crate) fn check(&self) -> Result<(), c_int> {
        if self.ptr.is_null() {
            Err(PQL_ERR_NULL_POINTER)
        } else {
            Ok(())
        }
    }

    /// Stores `v`.
    pub(crate) fn set(&self, v: c_int) -> Result<(), c_int> {
        self.check()?;
        // SAFETY: checked non-NULL; valid for writes by the contract of `new`.
        unsafe { self.ptr.write(v) };
        Ok(())
    }

    /// After a failure: back to 0.
    pub(crate) fn fail(&self) {
        if !self.ptr.is_null() {
            // SAFETY: as in `set`.
            unsafe { self.ptr.write(0) };
        }
    }
}

/// A handle output (`T **out`) handed over by C: NULL from the start (so it stays
/// NULL on any failure), the new handle once the body has succeeded.
pub(crate) struct HandleOut<T> {
    ptr: *mut *mut T,
}

impl<T> HandleOut<T> {
    /// Wraps a C handle output and sets `*ptr` to NULL.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writes of a pointer for the lifetime of the value.
    pub(crate) unsafe fn new(ptr: *mut *mut T) -> Self {
        if !ptr.is_null() {
            // SAFETY: non-NULL, so valid for writes by this function's contract.
            unsafe { ptr.write(core::ptr::null_mut()) };
        }
        Self { ptr }
    }

    /// Checks that the output pointer is non-NULL.
    pub(crate) fn check(&self) -> Result<(), c_int> {
        if self.ptr.is_null() {
            Err(PQL_ERR_NULL_POINTER)
        } else {
            Ok(())
        }
    }

    /// Hands `value` to C as a new handle (the last step of a successful body).
    pub(crate) fn set(&self, value: Box<T>) -> Result<(), c_int> {
        self.check()?;
        // SAFETY: checked non-NULL, so valid for writes by the contract of `new`.
        unsafe { self.ptr.write(Box::into_raw(value)) };
        Ok(())
    }
}

/// The object behind a C handle argument; NULL gives `PQL_ERR_NULL_POINTER`.
///
/// # Safety
/// `ptr` is NULL or a handle of type `T` created by this library and not yet freed,
/// for `'a`.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> Result<&'a T, c_int> {
    // SAFETY: by this function's contract a non-NULL pointer is a live `Box<T>`
    // allocation that only the library's `*_free` functions free or mutate.
    unsafe { ptr.as_ref() }.ok_or(PQL_ERR_NULL_POINTER)
}

/// Frees a handle made by [`HandleOut::set`]; NULL is ignored. Dropping the value
/// zeroizes the secret keys.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` that is not used again.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: a live handle is a `Box<T>` leaked by `HandleOut::set`, freed once.
        let b = unsafe { Box::from_raw(ptr) };
        if let Err(payload) = catch_unwind(AssertUnwindSafe(move || drop(b))) {
            core::mem::forget(payload);
        }
    }
}

/// Runs the body of an exported function: catches any panic (never unwinding into
/// C), turns the result into a status code, and zeroes every output on failure.
pub(crate) fn run(outputs: &[&Output<'_>], body: impl FnOnce() -> Result<(), c_int>) -> c_int {
    let code = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => PQL_OK,
        Ok(Err(code)) => code,
        Err(payload) => {
            // Dropping a panic payload can itself panic; contain that too, and
            // leak a second payload rather than risk unwinding.
            if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
                core::mem::forget(again);
            }
            PQL_ERR_INTERNAL
        }
    };
    if code != PQL_OK {
        for out in outputs {
            out.zero();
        }
    }
    code
}

/// Runs the body of an exported function that handles secrets: as [`run`], then
/// overwrites `depth` bytes of stack below this point with zeros
/// (`pqlattice::stack::with_stack_wipe`), so that no copy of a secret the body
/// made (keys, seeds, shared secrets, intermediate values) stays on the caller's
/// stack. `depth` must cover the body's peak stack use (`ffi/tests/test_stack.c`
/// checks that nothing is left behind, for every entry point and backend) and,
/// with the wipe's own frames, stay within `PQL_STACK_MAX_BYTES`.
///
/// The test-only build flag `--cfg pql_ffi_no_stack_wipe` turns the wipe off, for
/// the negative control of that test; shipped builds never set it.
pub(crate) fn run_wiped(
    depth: usize,
    outputs: &[&Output<'_>],
    body: impl FnOnce() -> Result<(), c_int>,
) -> c_int {
    #[cfg(not(pql_ffi_no_stack_wipe))]
    {
        pql::stack::with_stack_wipe(depth, || run(outputs, body))
    }
    #[cfg(pql_ffi_no_stack_wipe)]
    {
        let _ = depth;
        run(outputs, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_internal_errors_and_outputs_are_zeroed() {
        let mut buf = [0xAAu8; 8];
        // SAFETY: `buf` is valid for writes of 8 bytes and outlives `out`.
        let out = unsafe { Output::new(buf.as_mut_ptr(), buf.len(), 4) };
        #[allow(clippy::panic)]
        let code = run(&[&out], || panic!("boom"));
        assert_eq!(code, PQL_ERR_INTERNAL);
        assert_eq!(buf, [0, 0, 0, 0, 0xAA, 0xAA, 0xAA, 0xAA]);
    }

    #[test]
    fn variable_inputs_allow_null_only_when_empty() {
        // SAFETY: NULL pointers are allowed by the contract.
        let empty = unsafe { Input::new(core::ptr::null(), 0) };
        assert_eq!(empty.var(), Ok(&[][..]));
        assert_eq!(empty.fixed(0), Err(PQL_ERR_NULL_POINTER));
        // SAFETY: as above.
        let null = unsafe { Input::new(core::ptr::null(), 1) };
        assert_eq!(null.var(), Err(PQL_ERR_NULL_POINTER));
        let data = [1u8, 2, 3];
        // SAFETY: `data` is valid for reads of 3 bytes.
        let input = unsafe { Input::new(data.as_ptr(), 3) };
        assert_eq!(input.fixed(3), Ok(&data[..]));
        assert_eq!(input.fixed(4), Err(PQL_ERR_INVALID_LENGTH));
        assert_eq!(input.array::<3>(), Ok(&data));
    }
}
