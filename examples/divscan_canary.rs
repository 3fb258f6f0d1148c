//! Negative control for the division scan (`scripts/divscan.sh`): `canary_div`
//! divides by a run-time value, so the scan must report it. Not library code; it
//! exists only so that a scan of a cross build can prove it would find a division.

#[inline(never)]
fn canary_div(s: u32) -> u32 {
    std::hint::black_box(1_000_000u32) / s
}

fn main() {
    let s = std::env::args().count() as u32;
    println!("{}", canary_div(s));
}
