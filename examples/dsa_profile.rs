//! Runs one ML-DSA operation in a loop with a chosen backend, for profilers
//! (`perf record`, `valgrind --tool=callgrind`) and quick timing:
//! `cargo run --release --example dsa_profile -- <portable|avx2|avx512> [iterations] [44|65|87] [op]`
//! with `op` one of `keygen` (default, `generate_from_seed`), `keygen-os`
//! (`generate_with_os_rng`), `vk-of-sk` (`SigningKey::verifying_key`), `sk-bytes`
//! (`SigningKey::from_bytes`), `vk-bytes` (`VerifyingKey::from_bytes`), `sign`
//! (cached key, deterministic), `sign-bytes` (parse the signing key, then sign),
//! `verify` (cached key) and `verify-bytes` (parse the verifying key, then verify).
#![allow(deprecated)]

use pqlattice::backend::{self, Backend};
use std::hint::black_box;
use std::time::Instant;

macro_rules! run {
    ($m:ident, $iters:expr, $op:expr) => {{
        use pqlattice::$m as dsa;
        let mut seed = [0x42u8; 32];
        let (vk0, sk0) = dsa::generate_from_seed(&seed);
        let sk_bytes = *sk0.to_bytes();
        let vk_bytes = *vk0.as_bytes();
        let msg = b"dsa_profile message";
        let sig_bytes = *sk0
            .sign_deterministic(msg, b"")
            .expect("empty context")
            .as_bytes();
        let t = Instant::now();
        for i in 0..$iters {
            match $op {
                "keygen" => {
                    seed[0] = i as u8;
                    let kp = dsa::generate_from_seed(black_box(&seed));
                    black_box(&kp);
                }
                "keygen-bytes" => {
                    seed[0] = i as u8;
                    let kp = dsa::SigningKey::encodings_from_seed(black_box(&seed));
                    black_box(&kp);
                }
                "keygen-os" => {
                    let kp = dsa::generate_with_os_rng().expect("OS randomness");
                    black_box(&kp);
                }
                "vk-of-sk" => {
                    let vk = black_box(&sk0).verifying_key();
                    black_box(&vk);
                }
                "sk-bytes" => {
                    let sk = dsa::SigningKey::from_bytes(black_box(&sk_bytes)).expect("valid key");
                    black_box(&sk);
                }
                "vk-bytes" => {
                    let vk =
                        dsa::VerifyingKey::from_bytes(black_box(&vk_bytes)).expect("valid key");
                    black_box(&vk);
                }
                "sign" => {
                    black_box(
                        sk0.sign_deterministic(black_box(msg), b"")
                            .expect("empty context"),
                    );
                }
                "sign-bytes" => {
                    let sk = dsa::SigningKey::from_bytes(black_box(&sk_bytes)).expect("valid key");
                    black_box(
                        sk.sign_deterministic(black_box(msg), b"")
                            .expect("empty context"),
                    );
                }
                "verify" => {
                    let sig = dsa::Signature::from_bytes(&sig_bytes).expect("length");
                    vk0.verify(black_box(msg), b"", black_box(&sig))
                        .expect("valid");
                }
                "verify-bytes" => {
                    let vk =
                        dsa::VerifyingKey::from_bytes(black_box(&vk_bytes)).expect("valid key");
                    let sig = dsa::Signature::from_bytes(&sig_bytes).expect("length");
                    vk.verify(black_box(msg), b"", black_box(&sig))
                        .expect("valid");
                }
                other => panic!("unknown op {other}"),
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
