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
//! ## Storing keys
//!
//! Store the seed (64 bytes for ML-KEM, 32 for ML-DSA): it determines the whole key
//! pair, it is the RFC 9935 / RFC 9881 default, and it cannot be recovered from the
//! expanded key. [`ml_kem::KeyPair`] and [`ml_dsa::KeyPair`] always carry it
//! (`seed()` returns the array, not an `Option`); `from_seed_slice` rebuilds a pair
//! from bytes read back, with [`Error::InvalidLength`] naming the seed if the file
//! was truncated. For key files, [`pkcs8`] reads and writes PKCS#8 (private) and
//! SubjectPublicKeyInfo (public) keys, DER without allocation, PEM with `alloc`.
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use pqlattice::ml_kem_768;
//!
//! let kp = ml_kem_768::KeyPair::generate_with_os_rng()?;
//! let stored: [u8; 64] = *kp.seed(); // or kp.to_pkcs8_pem() for a key file
//! let dk = ml_kem_768::DecapsulationKey::from_seed_slice(&stored)?;
//! assert_eq!(dk.encapsulation_key(), kp.encapsulation_key());
//! # }
//! # Ok::<(), pqlattice::Error>(())
//! ```
//!
//! ## Authenticated key exchange
//!
//! ML-KEM authenticates nobody: anyone can encapsulate to a public key, and a
//! ciphertext made for another key decapsulates without error to an unrelated secret
//! (implicit rejection, as FIPS 203 requires). Sign the encapsulation key with the
//! owner's ML-DSA key (with a context string naming the protocol) and verify it
//! before encapsulating; to authenticate the other side too, have it sign the
//! transcript (ek, ciphertext, identities). Derive session keys from the shared
//! secret together with a hash of the transcript, and confirm them before use (each
//! side sends a MAC of the transcript under a derived confirmation key): without key
//! confirmation a mismatched secret goes unnoticed until data fails to decrypt. The
//! README's "Storing keys" section has the code.
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
//! - `channel`: an authenticated secure channel (module `channel`, specified in
//!   `docs/channel.md`): X-Wing key exchange, ML-DSA-65 identities with pinning,
//!   ChaCha20-Poly1305 records. Implies `xwing` and `alloc`; adds `chacha20poly1305`.
//! - `rustcrypto`: the RustCrypto `kem` 0.3 and `signature` 3 traits on the key
//!   types (module `rustcrypto`).
//! - `ctgrind`: valgrind secret-poisoning instrumentation for the constant-time check.
//! - `testing`: the differential kernel harness, benchmark hooks and test-only entry
//!   points, for this crate's own tests (not a supported API; implies `hazmat`).
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod backend;
pub(crate) mod der;
mod error;
pub(crate) mod hash;
mod secret;
pub(crate) mod util;

#[doc(hidden)]
#[allow(unsafe_code)]
pub mod ctgrind;

pub mod ml_kem;
pub mod pkcs8;
#[cfg(feature = "rustcrypto")]
pub mod rustcrypto;

#[cfg(feature = "testing")]
#[doc(hidden)]
pub mod testing;

ml_kem::ml_kem_module!(ml_kem_512, MlKem512, "ML-KEM-512", "1");
ml_kem::ml_kem_module!(ml_kem_768, MlKem768, "ML-KEM-768", "3");
ml_kem::ml_kem_module!(ml_kem_1024, MlKem1024, "ML-KEM-1024", "5");

#[cfg(feature = "xwing")]
#[cfg_attr(docsrs, doc(cfg(feature = "xwing")))]
pub mod xwing;

#[cfg(feature = "channel")]
#[cfg_attr(docsrs, doc(cfg(feature = "channel")))]
pub mod channel;

pub mod ml_dsa;
pub mod ml_dsa_44;
pub mod ml_dsa_65;
pub mod ml_dsa_87;

pub mod stack;

pub use error::Error;
pub use rand_core;
pub use rand_core::CryptoRng;
pub use secret::SecretBytes;
pub use zeroize::Zeroizing;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
