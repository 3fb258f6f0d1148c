//! Runs ML-DSA key generation in a loop with a chosen backend, for profilers
//! (`perf record`, `valgrind --tool=callgrind`) and quick timing:
//! `cargo run --release --example dsa_profile -- <portable|avx2> [iterations] [44|65|87]`.
#![allow(deprecated)]

use pqlattice::backend::{self, Backend};
use std::hint::black_box;
use std::time::Instant;

macro_rules! run {
    ($m:ident, $iters:expr) => {{
        use pqlattice::$m as dsa;
        let mut seed = [0x42u8; 32];
        let t = Instant::now();
        for i in 0..$iters {
            seed[0] = i as u8;
            drop(black_box(dsa::generate_from_seed(black_box(&seed))));
        }
        let el = t.elapsed();
        eprintln!(
            "{}: {:.2} us/keygen",
            stringify!($m),
            el.as_secs_f64() * 1e6 / $iters as f64
        );
    }};
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args.get(1).map_or("avx2", |s| s.as_str());
    let iters: usize = args
        .get(2)
        .map_or(10_000, |s| s.parse().expect("iterations"));
    let set = args.get(3).map_or("65", |s| s.as_str());
    let b = Backend::from_name(name).expect("backend name");
    backend::force(b).expect("backend available");
    match set {
        "44" => run!(ml_dsa_44, iters),
        "65" => run!(ml_dsa_65, iters),
        "87" => run!(ml_dsa_87, iters),
        _ => panic!("unknown parameter set"),
    }
}
