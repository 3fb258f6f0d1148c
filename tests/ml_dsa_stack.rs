//! Signing uses no heap and little stack.
//!
//! * `sign_in_100_kib_thread`: every signing entry point of all three parameter sets
//!   runs on a thread whose whole stack is 100 KiB (the key itself lives on the heap,
//!   built on the main thread; a stack overflow aborts the test binary).
//! * `no_heap_allocation_while_signing`: a counting global allocator sees no
//!   allocation during signing on the current thread.
//! * `measure_peak_stack`: stack painting: fill 256 KiB below the current frame with a
//!   pattern, sign, and find the deepest byte that changed. Prints the figures that
//!   `docs/ml-dsa-stack.md` records, and asserts ML-DSA-87 stays below 64 KiB.
#![cfg(feature = "hazmat")]
#![allow(unsafe_code)]

use pqlattice::ml_dsa::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, SigningKey};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

struct Counting;
thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

struct FixedRng(u8);
impl rand_core::TryRng for FixedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0 as u64)
    }
    fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
        d.fill(self.0);
        self.0 = self.0.wrapping_add(1);
        Ok(())
    }
}
impl rand_core::TryCryptoRng for FixedRng {}

/// Every signing entry point once, over a few messages (so that several rejection
/// loop iteration counts occur).
#[inline(never)]
fn sign_all<P: ParameterSet>(sk: &SigningKey<P>) {
    let mut rng = FixedRng(1);
    for i in 0u8..4 {
        let msg = [i; 100];
        black_box(sk.sign(&msg, b"ctx", &mut rng).unwrap());
        black_box(sk.sign_deterministic(&msg, b"ctx").unwrap());
        black_box(
            sk.sign_prehash(PreHash::Sha3_512, &[i; 64], b"", &mut rng)
                .unwrap(),
        );
        black_box(
            sk.sign_prehash_deterministic(PreHash::Shake128, &[i; 32], b"")
                .unwrap(),
        );
        black_box(sk.sign_mu(&[i; 64], &mut rng));
        black_box(sk.sign_internal(&msg, &[i; 32]));
        black_box(sk.sign_mu_with_randomness(&[i; 64], &[i; 32]));
        black_box(sk.sign_with_randomness(&msg, b"", &[i; 32]).unwrap());
    }
}

fn on_small_stack<P: ParameterSet>(stack: usize) {
    let sk = Box::new(SigningKey::<P>::from_seed(&[P::K as u8; 32]));
    let vk = Box::new(sk.verifying_key());
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            sign_all(&sk);
            let sig = sk.sign_deterministic(b"m", b"").unwrap();
            vk.verify(b"m", b"", &sig).unwrap();
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn keys_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SigningKey<MlDsa87>>();
    check::<pqlattice::ml_dsa::VerifyingKey<MlDsa87>>();
    check::<pqlattice::ml_dsa::Signature<MlDsa87>>();
}

#[test]
fn sign_in_100_kib_thread() {
    on_small_stack::<MlDsa44>(100 * 1024);
    on_small_stack::<MlDsa65>(100 * 1024);
    on_small_stack::<MlDsa87>(100 * 1024);
}

fn count_allocs<P: ParameterSet>() {
    let sk = Box::new(SigningKey::<P>::from_seed(&[5; 32]));
    let before = ALLOCS.with(|c| c.get());
    sign_all(&sk);
    let after = ALLOCS.with(|c| c.get());
    assert_eq!(after - before, 0, "{} signing allocated", P::NAME);
    // The counter works (so the check above can fail).
    black_box(vec![0u8; 10]);
    assert!(ALLOCS.with(|c| c.get()) > after);
}

#[test]
fn no_heap_allocation_while_signing() {
    count_allocs::<MlDsa44>();
    count_allocs::<MlDsa65>();
    count_allocs::<MlDsa87>();
}

const PAINT: usize = 256 * 1024;
const PATTERN: u8 = 0xA5;

/// Fills PAINT bytes below (roughly) the caller's stack frame with PATTERN.
#[inline(never)]
fn paint() {
    let mut buf = [0u8; PAINT];
    for b in buf.iter_mut() {
        unsafe { std::ptr::write_volatile(b, PATTERN) };
    }
    black_box(&mut buf);
}

/// The depth below `top` of the deepest byte that no longer holds PATTERN.
#[inline(never)]
fn deepest_use(top: usize) -> usize {
    let bottom = top - PAINT;
    let mut a = bottom;
    while a < top {
        if unsafe { std::ptr::read_volatile(a as *const u8) } != PATTERN {
            return top - a;
        }
        a += 1;
    }
    0
}

#[inline(never)]
fn measure(f: impl Fn() + Send + 'static) -> usize {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let marker = 0u8;
            let top = black_box(&marker) as *const u8 as usize;
            paint();
            f();
            deepest_use(top)
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn measure_peak_stack() {
    fn run<P: ParameterSet>() -> usize {
        let sk = Box::new(SigningKey::<P>::from_seed(&[6; 32]));
        let baseline = measure(|| {});
        let sign = measure(move || sign_all(&sk)) - baseline;
        let sk = Box::new(SigningKey::<P>::from_seed(&[6; 32]));
        let vk = Box::new(sk.verifying_key());
        let sig = sk.sign_deterministic(b"m", b"").unwrap();
        let verify = measure(move || {
            black_box(vk.verify(b"m", b"", &sig)).unwrap();
        }) - baseline;
        let keygen = measure(|| {
            black_box(Box::new(SigningKey::<P>::from_seed(&[6; 32])));
        }) - baseline;
        let sk_bytes = SigningKey::<P>::from_seed(&[6; 32]).to_bytes();
        let parse = measure(move || {
            black_box(Box::new(
                SigningKey::<P>::from_bytes(sk_bytes.as_ref()).unwrap(),
            ));
        }) - baseline;
        println!(
            "{}: peak stack of signing {} bytes ({:.1} KiB), verification {} bytes ({:.1} KiB), \
             SigningKey::from_seed into a Box {} bytes ({:.1} KiB), SigningKey::from_bytes into a Box {} bytes ({:.1} KiB); \
             SigningKey is {} bytes, VerifyingKey {} bytes",
            P::NAME,
            sign,
            sign as f64 / 1024.0,
            verify,
            verify as f64 / 1024.0,
            keygen,
            keygen as f64 / 1024.0,
            parse,
            parse as f64 / 1024.0,
            std::mem::size_of::<SigningKey<P>>(),
            std::mem::size_of::<pqlattice::ml_dsa::VerifyingKey<P>>(),
        );
        assert!(sign > 1024, "painting detected nothing: measurement broken");
        sign
    }
    run::<MlDsa44>();
    run::<MlDsa65>();
    let s87 = run::<MlDsa87>();
    assert!(
        s87 < 64 * 1024,
        "ML-DSA-87 signing used {s87} bytes of stack"
    );
}
