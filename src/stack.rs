//! Stack wiping: overwrite the stack an operation used, after it returns.
//!
//! The typed keys zeroize themselves when dropped, but the compiler is free to
//! leave copies of secret values (seeds, key bytes, shared secrets, intermediate
//! polynomials) in the stack frames of the functions it called: spilled
//! registers, temporaries, moved-from values. Those bytes stay in memory below
//! the caller's stack pointer until something else overwrites them.
//!
//! [`with_stack_wipe`] runs an operation and then overwrites (with zeros) the
//! given number of bytes of stack below the point it was called from, which
//! covers every frame the operation used if `depth` is at least its peak stack
//! use. The C and WASM bindings wrap every secret-handling call in it; Rust
//! callers opt in where their threat model includes later memory disclosure
//! (a core dump, a stack read by another bug).
//!
//! What it does not cover: the caller's own frame (the value the closure returns
//! is the caller's), CPU registers, and copies the operating system makes (swap,
//! core dumps taken *during* the call).
//!
//! # Example
//! ```
//! use pqlattice::ml_kem_768::DecapsulationKey;
//! use pqlattice::stack::with_stack_wipe;
//!
//! let seed = [7u8; 64];
//! // Key generation, then 32 KiB of stack below this frame overwritten.
//! let dk = with_stack_wipe(32 * 1024, || DecapsulationKey::from_seed(&seed));
//! # let _ = dk;
//! ```

use core::hint::black_box;

/// The main step of [`wipe_stack`]: one stack frame of this many bytes per step.
const CHUNK: usize = 4096;

/// The granularity of [`wipe_stack`]: the part of the depth below a whole
/// [`CHUNK`] is wiped in frames of this many bytes (so that a depth of, say, 13
/// KiB costs 13 KiB of stores rather than 16: the cost is linear in the bytes
/// written).
const FINE: usize = 1024;

/// Runs `f`, then overwrites `depth` bytes of stack below the caller's frame.
///
/// `f` runs in a frame of its own (never inlined into the caller), so that
/// everything it leaves on the stack lies below the caller's stack pointer,
/// where [`wipe_stack`] then writes zeros. Choose `depth` at least the peak stack
/// use of `f` (the README lists it per operation); a larger value only costs
/// time (about 1 ns per 64 bytes).
///
/// The value `f` returns is moved to the caller and is not touched.
pub fn with_stack_wipe<R, F: FnOnce() -> R>(depth: usize, f: F) -> R {
    let r = call_in_own_frame(f);
    wipe_stack(depth);
    r
}

/// Calls `f` from a frame that is not the caller's.
#[inline(never)]
fn call_in_own_frame<R, F: FnOnce() -> R>(f: F) -> R {
    f()
}

/// Overwrites at least `depth` bytes of stack below the caller's frame with
/// zeros (rounded up to whole KiB).
///
/// Call it right after an operation that handled secrets returned, from the same
/// function that called the operation: the operation's frames were below this
/// point, and this function's frames now cover them.
#[inline(never)]
pub fn wipe_stack(depth: usize) {
    // Both counts travel in one argument: a second one would be kept in a
    // callee-saved register across the recursive call, which changes the frame
    // layout and leaves an unwritten padding slot in every frame (found by
    // ffi/tests/test_stack.c).
    let fine = (depth % CHUNK).div_ceil(FINE);
    wipe_fine((depth / CHUNK) * FINE_STEPS + fine);
}

/// Fine steps per [`CHUNK`] (the packing of [`wipe_fine`]'s argument).
const FINE_STEPS: usize = CHUNK / FINE;

/// One 4 KiB zeroed frame per step, `n` steps deep.
#[inline(never)]
fn wipe_chunks(n: usize) {
    if n == 0 {
        return;
    }
    let mut buf = [0u8; CHUNK];
    // black_box may read the buffer through the exposed address, so the zeros
    // must really be in memory. The address travels in a 16-byte value: on
    // wasm32 a bare 4-byte pointer argument is spilled into a 16-byte stack slot
    // of which 12 bytes would be left as they were (found by the wasm stack
    // search test).
    // Elsewhere (x86-64), the 16-byte value gets a spill slot of its own that
    // nothing in the frame overwrites, and old bytes survive there (found by
    // ffi/tests/test_stack.c and tests/stack_wipe.rs): pass the reference itself.
    #[cfg(target_arch = "wasm32")]
    black_box([buf.as_mut_ptr() as usize, 0, 0, 0]);
    #[cfg(not(target_arch = "wasm32"))]
    black_box(&mut buf);
    wipe_chunks(n - 1);
    // Keeps `buf` alive across the recursive call (no tail call, so the next
    // frame lies below this one).
    #[cfg(target_arch = "wasm32")]
    black_box([buf.as_ptr() as usize, 0, 0, 0]);
    #[cfg(not(target_arch = "wasm32"))]
    black_box(&buf);
}

/// `n % FINE_STEPS` zeroed 1 KiB frames, then [`wipe_chunks`] for the
/// `n / FINE_STEPS` whole chunks below them (as [`wipe_chunks`]).
#[inline(never)]
fn wipe_fine(n: usize) {
    if n.is_multiple_of(FINE_STEPS) {
        return wipe_chunks(n / FINE_STEPS);
    }
    let mut buf = [0u8; FINE];
    #[cfg(target_arch = "wasm32")]
    black_box([buf.as_mut_ptr() as usize, 0, 0, 0]);
    #[cfg(not(target_arch = "wasm32"))]
    black_box(&mut buf);
    wipe_fine(n - 1);
    #[cfg(target_arch = "wasm32")]
    black_box([buf.as_ptr() as usize, 0, 0, 0]);
    #[cfg(not(target_arch = "wasm32"))]
    black_box(&buf);
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[test]
    fn returns_the_value() {
        assert_eq!(with_stack_wipe(0, || 41 + 1), 42);
        assert_eq!(with_stack_wipe(10_000, || [3u8; 100]), [3u8; 100]);
    }
}
