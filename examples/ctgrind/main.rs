//! Constant-time check binary, run under valgrind memcheck by `scripts/ctgrind.sh`.
//!
//! Secret inputs (seeds, rng output, decapsulation and signing keys) are marked
//! *undefined* with [`pqlattice::ctgrind::secret`]; memcheck then reports every branch
//! (`Conditional jump or move depends on uninitialised value(s)`) and every memory
//! address (`Use of uninitialised value of size 8`) computed from them. Only values
//! that are public by design (public keys, ciphertexts, signatures, rejection-loop
//! decisions) are declassified, plus secrets just before the test compares them.
//!
//! Modes (first argument):
//! - none / `all`: every check (`ml_kem::run`, `ml_dsa::run`); must be clean.
//! - `ml-kem`, `ml-dsa`, `xwing`, `channel`: one scheme only (for debugging; `xwing`
//!   and `channel`, and their parts of `all`, need the `xwing` / `channel` features,
//!   which `scripts/ctgrind.sh` enables).
//! - `canary-branch`, `canary-table`: deliberately leaky code that memcheck must
//!   report; the script asserts that it does (negative control).
//! - `canary-div`: a secret division; memcheck cannot see it, the division scan
//!   (`scripts/divscan.sh`) must find `ctgrind::canary_div`.
//!
//! Build: `cargo build --profile ctgrind --features ctgrind,hazmat,channel --example ctgrind`
//! (`channel` implies `xwing`).

use pqlattice::ctgrind::{declassify, running_on_valgrind, secret};
use std::hint::black_box as bb;

#[cfg(feature = "channel")]
mod channel;
mod ml_dsa;
mod ml_kem;
#[cfg(feature = "xwing")]
mod xwing;

/// Canary: a branch on a secret bit. `black_box` on both arms keeps a real
/// conditional jump; a plain `if` on a bit would compile to CMOV, which memcheck
/// (rightly) does not report.
#[inline(never)]
fn canary_branch(s: u8, a: u32, b: u32) -> u32 {
    if s & 1 == 1 { bb(a) } else { bb(b) }
}

static TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u32).wrapping_mul(0x9e37_79b9);
        i += 1;
    }
    t
};

/// Canary: a table lookup at a secret index.
#[inline(never)]
fn canary_table(s: u8) -> u32 {
    TABLE[s as usize]
}

/// Canary: a division of a secret by a runtime divisor (a `div` instruction).
/// Memcheck is blind to it; the division scan must report this function.
#[inline(never)]
fn canary_div(s: u32) -> u32 {
    s / bb(3329)
}

fn canary(mode: &str) {
    let (a, b, mut s) = (bb(0x1111_1111u32), bb(0x2222_2222u32), bb(0x5bu8));
    secret(&mut s);
    let mut out = match mode {
        "canary-branch" => canary_branch(s, a, b),
        "canary-table" => canary_table(s),
        "canary-div" => canary_div(u32::from(s)),
        _ => unreachable!(),
    };
    declassify(&mut out);
    println!("{mode}: {out:#010x}");
}

fn main() {
    assert!(
        running_on_valgrind(),
        "run this under valgrind (see scripts/ctgrind.sh)"
    );
    let mode = std::env::args().nth(1).unwrap_or_default();
    // scripts/ctgrind.sh forces each backend through PQLATTICE_BACKEND and checks
    // this line names it.
    println!("ctgrind: backend {}", pqlattice::backend::active().name());
    match mode.as_str() {
        "" | "all" => {
            ml_kem::run();
            ml_dsa::run();
            #[cfg(feature = "xwing")]
            xwing::run();
            #[cfg(feature = "channel")]
            channel::run();
        }
        "ml-kem" => ml_kem::run(),
        "ml-dsa" => ml_dsa::run(),
        #[cfg(feature = "xwing")]
        "xwing" => xwing::run(),
        #[cfg(feature = "channel")]
        "channel" => channel::run(),
        "canary-branch" | "canary-table" | "canary-div" => canary(&mode),
        m => panic!("unknown mode {m:?}"),
    }
    println!(
        "ctgrind: done ({})",
        if mode.is_empty() { "all" } else { &mode }
    );
}
