//! # pqlattice
//!
//! Post-quantum lattice cryptography in Rust: **ML-KEM** (FIPS 203) and **ML-DSA**
//! (FIPS 204), constant-time, `no_std` by default-able, with typed keys that zeroize
//! on drop.
//!
//! The algorithms are written once, generically over the parameter set, and
//! instantiated in the modules `ml_kem_512`, `ml_kem_768`, `ml_kem_1024` (and the
//! ML-DSA modules). Polynomial arithmetic goes through one narrow backend interface
//! per scheme (see `ml_kem::backend`), with a portable safe-Rust backend; SIMD
//! backends plug in behind the same interface.
//!
//! ## Features
//! - `std` (default): OS randomness conveniences (`generate_with_os_rng`, ...) and
//!   `std` interop. Implies `alloc`.
//! - `alloc`: reserved for heap-using conveniences; no core algorithm allocates.
//! - `hazmat`: deterministic and internal entry points (FIPS "internal" functions) for
//!   known-answer tests and protocol designers who know why they need them.
//! - `xwing`: the X-Wing hybrid KEM (ML-KEM-768 + X25519,
//!   draft-connolly-cfrg-xwing-kem-10) in the module `xwing`; adds the `x25519-dalek`
//!   dependency.
//! - `ctgrind`: valgrind secret-poisoning instrumentation for the constant-time check.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod backend;
mod error;
pub(crate) mod hash;
#[cfg(feature = "hazmat")]
#[doc(hidden)]
pub use hash::bench as __bench_keccak;
pub(crate) mod util;

#[doc(hidden)]
#[allow(unsafe_code)]
pub mod ctgrind;

pub mod ml_kem;

#[cfg(feature = "hazmat")]
#[doc(hidden)]
pub mod kernel_check;

ml_kem::ml_kem_module!(ml_kem_512, MlKem512, "ML-KEM-512", "1");
ml_kem::ml_kem_module!(ml_kem_768, MlKem768, "ML-KEM-768", "3");
ml_kem::ml_kem_module!(ml_kem_1024, MlKem1024, "ML-KEM-1024", "5");

#[cfg(feature = "xwing")]
#[cfg_attr(docsrs, doc(cfg(feature = "xwing")))]
pub mod xwing;

pub mod ml_dsa;
pub mod ml_dsa_44;
pub mod ml_dsa_65;
pub mod ml_dsa_87;

pub mod stack;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128", feature = "hazmat"))]
#[doc(hidden)]
pub mod simd128_selftest;

pub use error::Error;
pub use rand_core;
pub use rand_core::CryptoRng;
pub use zeroize::Zeroizing;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
