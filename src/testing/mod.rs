//! Test and benchmark support: **not a supported API**, compiled only with the
//! `testing` feature (which this crate's tests, benches and fuzz targets and the
//! wasm test suite enable, and the shipped C and npm packages do not).
//!
//! - [`kernels`]: the differential harness, every kernel of a backend against the
//!   portable one, with its negative control. `tests/kernels.rs` runs it for every
//!   backend available (natively, under qemu for aarch64 and under Bochs for
//!   AVX-512), the `kernels` fuzz target feeds it arbitrary inputs, and the wasm
//!   suite runs it on SIMD128 in Node and Chromium.
//! - [`bench`]: benchmark hooks for `benches/keccak.rs` (Keccak) and
//!   `benches/kernels.rs` (ML-DSA NTTs per backend).

pub mod bench;
pub mod kernels;
