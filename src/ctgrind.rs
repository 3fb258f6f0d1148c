//! Valgrind secret-poisoning hooks (ctgrind / TIMECOP style).
//!
//! With the `ctgrind` feature, [`secret`] marks memory as *undefined* for valgrind's
//! memcheck, so that any branch or memory address that depends on it is reported;
//! [`declassify`] marks a value public again (used only for values that are public by
//! design: outputs, rejection-loop decisions). Without the feature both are no-ops and
//! compile to nothing. See `scripts/ctgrind.sh`.

/// Marks `v` as secret: memcheck treats its bytes as undefined. No-op without `ctgrind`.
#[inline(always)]
pub fn secret<T: ?Sized>(_v: &mut T) {
    #[cfg(feature = "ctgrind")]
    valgrind_requests::memcheck::make_mem_undefined(
        (_v as *mut T).cast::<()>(),
        core::mem::size_of_val(_v),
    );
}

/// Declassifies `v`: a value that is public by design. No-op without `ctgrind`.
#[inline(always)]
pub fn declassify<T: ?Sized>(_v: &mut T) {
    #[cfg(feature = "ctgrind")]
    valgrind_requests::memcheck::make_mem_defined(
        (_v as *mut T).cast::<()>(),
        core::mem::size_of_val(_v),
    );
}

/// Returns a copy of `v`, declassified (see [`declassify`]).
#[inline(always)]
pub fn declassified<T: Copy>(mut v: T) -> T {
    declassify(&mut v);
    v
}

/// True when the process runs under valgrind.
#[cfg(feature = "ctgrind")]
pub fn running_on_valgrind() -> bool {
    valgrind_requests::valgrind::running_on_valgrind() > 0
}
