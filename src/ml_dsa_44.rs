//! ML-DSA-44 (FIPS 204), NIST security category 2.
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use pqlattice::ml_dsa_44;
//!
//! let (vk, sk) = ml_dsa_44::generate_with_os_rng()?;
//! let sig = sk.sign_with_os_rng(b"message", b"")?;
//! assert_eq!(sig.as_bytes().len(), ml_dsa_44::SIGNATURE_SIZE);
//! vk.verify(b"message", b"", &sig)?;
//! # }
//! # Ok::<(), pqlattice::Error>(())
//! ```

crate::ml_dsa::parameter_set_module!(MlDsa44, "ML-DSA-44");
