//! A global allocator that wipes every block when it is freed (or moved by `realloc`).
//!
//! wasm-bindgen copies each `Uint8Array` argument into a heap block of the module and
//! each returned `Vec<u8>` out of one, then frees the block; with this allocator no
//! secret key, seed or shared secret stays readable in linear memory after a call.
//! The cost is one volatile memset per free.
//!
//! The tests check it from the JavaScript side (they search the whole linear memory for
//! the secrets of a call after it returned), with a negative control: in builds with the
//! `test-hooks` feature (never the shipped package) [`set_wipe`] turns the wiping off.

use std::alloc::{GlobalAlloc, Layout, System};

struct WipeOnFree;

#[global_allocator]
static GLOBAL: WipeOnFree = WipeOnFree;

#[cfg(feature = "test-hooks")]
static WIPE: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(true);

/// Test builds only: turns the wiping of freed blocks off (`false`) or back on.
#[cfg(feature = "test-hooks")]
pub(crate) fn set_wipe(on: bool) {
    WIPE.store(on, core::sync::atomic::Ordering::Relaxed);
}

#[cfg(feature = "test-hooks")]
fn wipe_enabled() -> bool {
    WIPE.load(core::sync::atomic::Ordering::Relaxed)
}

#[cfg(not(feature = "test-hooks"))]
fn wipe_enabled() -> bool {
    true
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so
// `System`'s guarantees (blocks of the requested layout, valid until freed) carry over;
// `dealloc` only writes inside the block it is about to free.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract (non-zero size),
        // which is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if wipe_enabled() {
            // SAFETY: the caller guarantees that `ptr` was allocated by this allocator
            // with `layout` and is not used after this call, so `layout.size()` bytes
            // from `ptr` are ours to write (no other reference to them exists).
            let block = unsafe { core::slice::from_raw_parts_mut(ptr, layout.size()) };
            zeroize::Zeroize::zeroize(block);
        }
        // SAFETY: `ptr` came from `System.alloc` (through `alloc` above) with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    // `realloc` keeps the trait's default (allocate, copy, `dealloc` the old block), so
    // the old block is wiped too; System's in-place realloc would leave it as it was.
}
