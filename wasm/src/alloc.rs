//! A global allocator that wipes every block when it is freed (or moved by `realloc`).
//!
//! wasm-bindgen copies each `Uint8Array` argument into a heap block of the module and
//! each returned `Vec<u8>` out of one, then frees the block; with this allocator no
//! secret key, seed or shared secret stays readable in linear memory after a call.
//! The cost is one volatile memset per free.

use std::alloc::{GlobalAlloc, Layout, System};

struct WipeOnFree;

#[global_allocator]
static GLOBAL: WipeOnFree = WipeOnFree;

#[allow(unsafe_code)]
unsafe impl GlobalAlloc for WipeOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe {
            zeroize::Zeroize::zeroize(core::slice::from_raw_parts_mut(ptr, layout.size()));
            System.dealloc(ptr, layout)
        }
    }

    // `realloc` keeps the trait's default (allocate, copy, `dealloc` the old block), so
    // the old block is wiped too; System's in-place realloc would leave it as it was.
}

/// Frees a block filled with a marker and reports whether the marker is gone (bytes 16..
/// of the block; the first ones may hold the allocator's free-list links).
pub(crate) fn freed_block_is_wiped() -> bool {
    let layout = Layout::from_size_align(256, 8).expect("constant layout"); // infallible: constant, valid size and alignment
    #[allow(unsafe_code)]
    unsafe {
        let p = GLOBAL.alloc(layout);
        if p.is_null() {
            return false;
        }
        core::ptr::write_bytes(p, 0xA5, 256);
        GLOBAL.dealloc(p, layout);
        // Reads memory that was just freed but not yet reused: no allocation happens in
        // between. Only a test hook.
        (16..256).all(|i| core::ptr::read_volatile(p.add(i)) == 0)
    }
}
