//! Stack wiping for the exports that handle secrets.
//!
//! The same scheme as `pqlattice::stack::with_stack_wipe` (run the operation in a frame
//! of its own, then overwrite the stack below the caller with zeroed 4 KiB frames), with
//! one difference that matters on wasm32: each zeroed frame leaves no byte as it was.
//! `core::hint::black_box(&mut buf)`, which keeps the zeroing from being optimized away,
//! stores its 4-byte argument in a 16-byte stack slot of its own on wasm32, so every
//! 4 KiB frame of `pqlattice::stack::wipe_stack` carries 12 bytes that keep what was
//! there: the tests of `tests/common/memory.rs` found secret key bytes in them, 4,112
//! bytes apart. Here the value given to `black_box` is 16 bytes (the buffer's address
//! and zeros), so the slot is written whole; the same tests check that nothing is left.

use core::hint::black_box;

/// The granularity of the wiping: one zeroed frame of this many bytes per step.
const CHUNK: usize = 4096;

/// Runs `f` in a frame of its own, then overwrites at least `depth` bytes of stack below
/// the caller's frame (rounded up to whole 4 KiB chunks). The value `f` returns is moved
/// to the caller untouched.
pub(crate) fn with_stack_wipe<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    let r = call_in_own_frame(f);
    wipe_chunks(depth.div_ceil(CHUNK));
    r
}

#[inline(never)]
fn call_in_own_frame<R, F: FnOnce() -> R>(f: F) -> R {
    f()
}

/// One zeroed 4 KiB frame per step, `n` steps deep.
#[inline(never)]
fn wipe_chunks(n: usize) {
    if n == 0 {
        return;
    }
    let mut buf = [0u8; CHUNK];
    // The buffer's address escapes (so the zeros must really be written), inside a
    // 16-byte value that fills black_box's stack slot completely.
    black_box([buf.as_mut_ptr() as usize, 0, 0, 0]);
    wipe_chunks(n - 1);
    // Keeps `buf` alive across the recursive call (no tail call: the next frame lies
    // below this one).
    black_box([buf.as_ptr() as usize, 0, 0, 0]);
}
