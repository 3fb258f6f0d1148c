//! The RustCrypto traits (feature `rustcrypto`): code written against `kem` 0.3 or
//! `signature` 3 works with pqlattice's key types unchanged.
//!
//! ML-KEM (`kem` 0.3):
//! - [`kem::Kem`] on the parameter markers [`crate::ml_kem::MlKem512`],
//!   [`MlKem768`](crate::ml_kem::MlKem768), [`MlKem1024`](crate::ml_kem::MlKem1024)
//!   (so `K::generate_keypair_from_rng`, `K::from_seed` work);
//! - on encapsulation keys: [`kem::Encapsulate`], [`kem::TryKeyInit`] (with the
//!   FIPS 203 section 7.2 check: a bad key is `InvalidKey`, never a panic),
//!   [`kem::KeyExport`];
//! - on decapsulation keys: [`kem::Decapsulate`], [`kem::Decapsulator`],
//!   [`kem::Generate`] (fallible RNG) and [`kem::KeyInit`] from the 64-byte seed.
//!   There is deliberately no `KeyExport` on decapsulation keys: a key built from
//!   the expanded form has no seed to export (RustCrypto's `ml-kem` panics there);
//!   use [`crate::ml_kem::DecapsulationKey::seed`] (an `Option`) or
//!   [`crate::ml_kem::KeyPair::seed`].
//!
//! ML-DSA (`signature` 3), with the empty context string as RustCrypto's `ml-dsa`:
//! - signing keys: [`signature::Signer`] and [`signature::MultipartSigner`]
//!   (deterministic variant, byte-identical to RustCrypto's),
//!   [`signature::RandomizedSigner`] and [`signature::RandomizedMultipartSigner`]
//!   (hedged; a failing RNG is an error), [`signature::DigestSigner`]`<`[`shake::Shake256`]`>`
//!   (external mu: the closure feeds a SHAKE256 primed with tr || 0 || 0),
//!   [`signature::Keypair`];
//! - verifying keys: [`signature::Verifier`], [`signature::MultipartVerifier`],
//!   [`signature::DigestVerifier`]`<Shake256>`;
//! - signatures: [`signature::SignatureEncoding`];
//! - [`crate::ml_dsa::KeyPair`]: `Keypair`, `Signer`, `RandomizedSigner`;
//! - [`crate::ml_dsa::WithContext`]: a key plus a context string, for the same
//!   traits under a non-empty context.
//!
//! The trait crates use `rand_core` 0.10, the same as pqlattice.
//!
//! ```
//! use pqlattice::rustcrypto::kem::{Decapsulate, Encapsulate, Kem, KeyExport, TryKeyInit};
//! use pqlattice::ml_kem::MlKem768;
//! # fn rng() -> impl pqlattice::CryptoRng { rand_chacha::ChaCha20Rng::from_seed([1; 32]) }
//! # use rand_chacha::rand_core::SeedableRng;
//!
//! // Generic code written against the traits only.
//! fn round_trip<K: Kem>(rng: &mut impl pqlattice::CryptoRng) -> bool
//! where
//!     K::DecapsulationKey: Decapsulate,
//! {
//!     let (dk, ek) = K::generate_keypair_from_rng(rng);
//!     let ek = K::EncapsulationKey::new_from_slice(&ek.to_bytes()).unwrap();
//!     let (ct, k) = ek.encapsulate_with_rng(rng);
//!     dk.decapsulate(&ct) == k
//! }
//! assert!(round_trip::<MlKem768>(&mut rng()));
//! ```

pub use kem;
pub use shake;
pub use signature;
