//! Measuring what an operation costs in heap and stack, for the resource tests.
//!
//! * [`Counting`]: a global allocator that counts allocations per thread (each test
//!   binary installs it with `#[global_allocator]`).
//! * [`measure_stack`]: stack painting: on a fresh thread, fill [`PAINT`] bytes below
//!   the current frame with a pattern, run the operation, and return the depth of the
//!   deepest byte that changed, minus that of an empty run.
#![allow(unsafe_code, dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

/// Counts allocations made by the current thread.
pub struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; the counter is a
// thread-local Cell (no allocation, no locking).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(p, l, n) }
    }
}

/// Allocations made so far by this thread.
pub fn allocations() -> usize {
    ALLOCS.with(|c| c.get())
}

/// Runs `f` and asserts it made no heap allocation on this thread; also checks that
/// the counter works (so the assertion can fail).
pub fn assert_no_alloc(what: &str, f: impl FnOnce()) {
    let before = allocations();
    f();
    let after = allocations();
    assert_eq!(after - before, 0, "{what} allocated on the heap");
    black_box(vec![0u8; 10]);
    assert!(allocations() > after, "allocation counter is not live");
}

/// How many bytes below the caller's frame are painted.
pub const PAINT: usize = 256 * 1024;
const PATTERN: u8 = 0xA5;

#[inline(never)]
fn paint() {
    let mut buf = [0u8; PAINT];
    for b in buf.iter_mut() {
        // SAFETY: `b` is a valid, exclusive reference into `buf`.
        unsafe { std::ptr::write_volatile(b, PATTERN) };
    }
    black_box(&mut buf);
}

#[inline(never)]
fn deepest_use(top: usize) -> usize {
    let mut a = top - PAINT;
    while a < top {
        // SAFETY: [top - PAINT, top) is this thread's stack, just painted by
        // `paint`, below the live frame of the caller.
        if unsafe { std::ptr::read_volatile(a as *const u8) } != PATTERN {
            return top - a;
        }
        a += 1;
    }
    0
}

#[inline(never)]
fn painted_run(f: impl FnOnce() + Send + 'static) -> usize {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let marker = 0u8;
            let top = black_box(&marker) as *const u8 as usize;
            paint();
            f();
            deepest_use(top)
        })
        .expect("spawn")
        .join()
        .expect("join")
}

/// Peak stack of `f` in bytes (stack painting, net of an empty run).
pub fn measure_stack(f: impl FnOnce() + Send + 'static) -> usize {
    let baseline = painted_run(|| {});
    painted_run(f).saturating_sub(baseline)
}
