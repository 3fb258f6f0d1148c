//! Runs one ML-KEM operation in a loop with a chosen backend, for profilers
//! (`perf stat`, `perf record`, `valgrind --tool=callgrind`):
//! `cargo run --release --example kem_profile -- <keygen|encaps|decaps|encaps-bytes|decaps-bytes> <portable|avx2|rustcrypto> [iterations] [512|768|1024]`.
//! `rustcrypto` runs the RustCrypto `ml-kem` crate (dev-dependency) for comparison.
#![allow(deprecated)]

use pqlattice::backend::{self, Backend};
use std::hint::black_box;

macro_rules! run {
    ($m:ident, $op:expr, $iters:expr) => {{
        use pqlattice::$m as kem;
        let seed = [0x42u8; 64];
        let (ek, dk) = kem::generate_from_seed(&seed);
        let mut rng = pqlattice::rand_core::UnwrapErr(OsRng);
        let (ct, _) = ek.encapsulate(&mut rng);
        let ek_bytes = ek.as_bytes().clone();
        let dk_bytes = dk.to_bytes();
        for _ in 0..$iters {
            match $op {
                "keygen" => drop(black_box(kem::generate_from_seed(black_box(&seed)))),
                "encaps" => drop(black_box(ek.encapsulate(&mut rng))),
                "decaps" => drop(black_box(dk.decapsulate(black_box(&ct)))),
                "encaps-bytes" => {
                    let ek2 = kem::EncapsulationKey::from_bytes(black_box(&ek_bytes[..]))
                        .expect("valid key");
                    drop(black_box(ek2.encapsulate(&mut rng)))
                }
                "decaps-bytes" => {
                    let dk2 = kem::DecapsulationKey::from_bytes(black_box(&dk_bytes[..]))
                        .expect("valid key");
                    drop(black_box(dk2.decapsulate(black_box(&ct))))
                }
                _ => panic!("unknown operation"),
            }
        }
    }};
}

/// A cheap deterministic generator (the messages do not matter for profiling).
struct OsRng;
impl pqlattice::rand_core::TryRng for OsRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(7)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(7)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(7);
        Ok(())
    }
}
impl pqlattice::rand_core::TryCryptoRng for OsRng {}

macro_rules! run_rustcrypto {
    ($p:ident, $op:expr, $iters:expr) => {{
        use ml_kem::array::Array;
        use ml_kem::{Decapsulate, Encapsulate};
        use rand_chacha::ChaCha20Rng;
        use rand_chacha::rand_core::SeedableRng;
        type Dk = ml_kem::DecapsulationKey<ml_kem::$p>;
        let seed = [0x42u8; 64];
        let mut rng = ChaCha20Rng::from_seed([7; 32]);
        let dk = Dk::from_seed(Array::from(seed));
        let ek = dk.encapsulation_key().clone();
        let (ct, _) = ek.encapsulate_with_rng(&mut rng);
        for _ in 0..$iters {
            match $op {
                "keygen" => drop(black_box(Dk::from_seed(Array::from(*black_box(&seed))))),
                "encaps" => drop(black_box(ek.encapsulate_with_rng(&mut rng))),
                "decaps" => drop(black_box(dk.decapsulate(black_box(&ct)))),
                _ => panic!("unknown operation"),
            }
        }
    }};
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let op = args.get(1).map_or("encaps", |s| s.as_str());
    let name = args.get(2).map_or("avx2", |s| s.as_str());
    let iters: usize = args
        .get(3)
        .map_or(10_000, |s| s.parse().expect("iterations"));
    let set = args.get(4).map_or("768", |s| s.as_str());
    if name == "rustcrypto" {
        match set {
            "512" => run_rustcrypto!(MlKem512, op, iters),
            "768" => run_rustcrypto!(MlKem768, op, iters),
            "1024" => run_rustcrypto!(MlKem1024, op, iters),
            _ => panic!("unknown parameter set"),
        }
        return;
    }
    let b = Backend::from_name(name).expect("backend name");
    backend::force(b).expect("backend available");
    match set {
        "512" => run!(ml_kem_512, op, iters),
        "768" => run!(ml_kem_768, op, iters),
        "1024" => run!(ml_kem_1024, op, iters),
        _ => panic!("unknown parameter set"),
    }
}
