//! Runs one ML-DSA operation in a loop with a chosen backend, for profilers
//! (`perf record`, `valgrind --tool=callgrind`) and quick timing:
//! `cargo run --release --example dsa_profile -- <portable|avx2> [iterations] [44|65|87] [op]`,
//! with op one of `keygen` (default), `sign`, `sign-bytes`, `verify`, `verify-bytes`
//! (`-bytes`: the key is parsed from its encoding in every iteration).
#![allow(deprecated)]

use pqlattice::backend::{self, Backend};
use std::hint::black_box;
use std::time::Instant;

macro_rules! run {
    ($m:ident, $iters:expr, $op:expr) => {{
        use pqlattice::$m as dsa;
        let mut seed = [0x42u8; 32];
        let (vk, sk) = dsa::generate_from_seed(&seed);
        let vk_bytes = vk.as_bytes().clone();
        let sk_bytes = sk.to_bytes();
        let msg = [0x5au8; 59];
        let sig = sk.sign_deterministic(&msg, b"").expect("short context");
        let t = Instant::now();
        for i in 0..$iters {
            seed[0] = i as u8;
            match $op {
                "keygen" => {
                    let _ = black_box(dsa::generate_from_seed(black_box(&seed)));
                }
                "sign" => {
                    let _ = black_box(sk.sign_deterministic(black_box(&seed), b""));
                }
                "sign-bytes" => {
                    let sk2 =
                        dsa::SigningKey::from_bytes(black_box(&sk_bytes[..])).expect("valid key");
                    {
                        let _ = black_box(sk2.sign_deterministic(black_box(&seed), b""));
                    }
                }
                "verify" => {
                    let _ = black_box(vk.verify(black_box(&msg), b"", &sig));
                }
                "verify-bytes" => {
                    let vk2 =
                        dsa::VerifyingKey::from_bytes(black_box(&vk_bytes[..])).expect("valid key");
                    {
                        let _ = black_box(vk2.verify(black_box(&msg), b"", &sig));
                    }
                }
                _ => panic!("unknown operation"),
            }
        }
        let el = t.elapsed();
        eprintln!(
            "{} {}: {:.2} us/op",
            stringify!($m),
            $op,
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
    let op = args.get(4).map_or("keygen", |s| s.as_str());
    let b = Backend::from_name(name).expect("backend name");
    backend::force(b).expect("backend available");
    match set {
        "44" => run!(ml_dsa_44, iters, op),
        "65" => run!(ml_dsa_65, iters, op),
        "87" => run!(ml_dsa_87, iters, op),
        _ => panic!("unknown parameter set"),
    }
}
