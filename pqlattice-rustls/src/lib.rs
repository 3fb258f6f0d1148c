//! # pqlattice-rustls
//!
//! A [rustls] 0.23 crypto provider that does the post-quantum parts of TLS 1.3
//! with [pqlattice]:
//!
//! - key exchange: [`kx::X25519MLKEM768`] (0x11EC, hybrid), [`kx::MLKEM768`]
//!   (0x0201) and [`kx::MLKEM1024`] (0x0202);
//! - signatures: ML-DSA-44/65/87 (`SignatureScheme` 0x0904/0x0905/0x0906, pure
//!   ML-DSA with an empty context), for signing ([`MlDsaSigningKey`]) and
//!   verification ([`verify::ML_DSA_65`] and friends), with certificates or with
//!   raw public keys (RFC 7250) pinned by fingerprint ([`PinnedServerKey`],
//!   [`PinnedClientKey`]).
//!
//! [`provider()`] is rustls' *ring* provider with these added in front of its own
//! groups and schemes; everything else (AEADs, HKDF, X25519, classical signatures,
//! randomness) is ring's. TLS 1.3 only: the post-quantum groups refuse TLS 1.2.
//!
//! ```
//! use std::sync::Arc;
//! use pqlattice_rustls::{MlDsaAlgorithm, MlDsaSigningKey, PinnedClientKey, PinnedServerKey};
//! use rustls::{ClientConfig, ServerConfig};
//!
//! let server_key = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65)?;
//! let client_key = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65)?;
//!
//! // Server: its raw public key, and the client's fingerprint pinned.
//! let server = ServerConfig::builder_with_provider(Arc::new(pqlattice_rustls::provider()))
//!     .with_protocol_versions(&[&rustls::version::TLS13])?
//!     .with_client_cert_verifier(PinnedClientKey::new([client_key.fingerprint()]))
//!     .with_cert_resolver(Arc::new(rustls::server::AlwaysResolvesServerRawPublicKeys::new(
//!         server_key.raw_public_key(),
//!     )));
//!
//! // Client: the mirror image.
//! let client = ClientConfig::builder_with_provider(Arc::new(pqlattice_rustls::provider()))
//!     .with_protocol_versions(&[&rustls::version::TLS13])?
//!     .dangerous()
//!     .with_custom_certificate_verifier(PinnedServerKey::new([server_key.fingerprint()]))
//!     .with_client_cert_resolver(Arc::new(
//!         rustls::client::AlwaysResolvesClientRawPublicKeys::new(client_key.raw_public_key()),
//!     ));
//! # let _ = (server, client);
//! # Ok::<(), rustls::Error>(())
//! ```
//!
//! [rustls]: https://docs.rs/rustls/0.23
//! [pqlattice]: https://docs.rs/pqlattice
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::sync::OnceLock;

use rustls::crypto::{CryptoProvider, SupportedKxGroup, WebPkiSupportedAlgorithms};
use rustls::pki_types::SignatureVerificationAlgorithm;
use rustls::{NamedGroup, SignatureScheme};

pub mod kx;
pub mod sign;
pub mod spki;
pub mod verify;

pub use sign::{MlDsaKeyProvider, MlDsaSigningKey};
pub use spki::MlDsaAlgorithm;
pub use verify::{Fingerprint, NotPinned, PinnedClientKey, PinnedServerKey};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The ring provider that everything classical comes from.
fn ring_provider() -> CryptoProvider {
    // rustls 0.23.48 deprecates ring's provider only because it has no
    // post-quantum algorithms, which is what this crate adds.
    #[allow(deprecated)]
    rustls::crypto::ring::default_provider()
}

/// The crypto provider: rustls' *ring* provider with pqlattice's ML-KEM groups and
/// ML-DSA signature schemes added and preferred.
///
/// - `kx_groups`: [`kx::X25519MLKEM768`], [`kx::MLKEM768`], [`kx::MLKEM1024`], then
///   ring's X25519, then ring's other groups (P-384, P-256). A client offers the
///   hybrid group with its X25519 half as a second share, so a server without
///   ML-KEM picks X25519 and completes without a retry.
/// - `signature_verification_algorithms`: see [`signature_verification_algorithms`].
/// - `key_provider`: [`MlDsaKeyProvider`] (ML-DSA PKCS#8 seed-form keys, and ring's
///   key types).
/// - cipher suites and randomness: ring's.
///
/// Why ring and not aws-lc-rs as the base: ring builds with a C compiler alone
/// (no CMake, Go or NASM) and in a fraction of the time, and aws-lc-rs' own
/// ML-KEM and ML-DSA would be exactly what this crate replaces.
///
/// ```
/// use std::sync::Arc;
///
/// let provider = pqlattice_rustls::provider();
/// assert_eq!(provider.kx_groups[0].name(), rustls::NamedGroup::X25519MLKEM768);
/// let roots = rustls::RootCertStore::empty();
/// let config = rustls::ClientConfig::builder_with_provider(Arc::new(provider))
///     .with_protocol_versions(&[&rustls::version::TLS13])?
///     .with_root_certificates(roots)
///     .with_no_client_auth();
/// # let _ = config;
/// # Ok::<(), rustls::Error>(())
/// ```
pub fn provider() -> CryptoProvider {
    let base = ring_provider();
    let mut kx_groups = kx::ALL_KX_GROUPS.to_vec();
    // X25519 first among ring's groups: a server without ML-KEM that follows the
    // client's order then picks X25519, whose share the client already sent as the
    // hybrid's component, instead of asking for another share.
    let (x25519, others): (Vec<&'static dyn SupportedKxGroup>, Vec<_>) = base
        .kx_groups
        .iter()
        .partition(|g| g.name() == NamedGroup::X25519);
    kx_groups.extend(x25519);
    kx_groups.extend(others);
    CryptoProvider {
        kx_groups,
        signature_verification_algorithms: signature_verification_algorithms(),
        key_provider: &MlDsaKeyProvider,
        ..base
    }
}

/// ring's signature verification algorithms with ML-DSA-65, -87 and -44 in front:
/// what [`provider()`] verifies with (certificate chains through webpki, handshake
/// signatures, raw public keys).
pub fn signature_verification_algorithms() -> WebPkiSupportedAlgorithms {
    type Mapping = (
        SignatureScheme,
        &'static [&'static dyn SignatureVerificationAlgorithm],
    );
    static ALL: OnceLock<Vec<&'static dyn SignatureVerificationAlgorithm>> = OnceLock::new();
    static MAPPING: OnceLock<Vec<Mapping>> = OnceLock::new();
    let base = ring_provider().signature_verification_algorithms;
    let all = ALL.get_or_init(|| {
        let mut all = vec![verify::ML_DSA_65, verify::ML_DSA_87, verify::ML_DSA_44];
        all.extend(base.all);
        all
    });
    let mapping = MAPPING.get_or_init(|| {
        let mut mapping = verify::ML_DSA_MAPPING.to_vec();
        mapping.extend(base.mapping);
        mapping
    });
    WebPkiSupportedAlgorithms {
        all: all.as_slice(),
        mapping: mapping.as_slice(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_prefers_post_quantum() {
        let p = provider();
        let names: Vec<NamedGroup> = p.kx_groups.iter().map(|g| g.name()).collect();
        assert_eq!(
            &names[..3],
            &[
                NamedGroup::X25519MLKEM768,
                NamedGroup::MLKEM768,
                NamedGroup::MLKEM1024
            ]
        );
        assert!(
            names.contains(&NamedGroup::X25519),
            "ring's groups are kept"
        );
        let schemes = p.signature_verification_algorithms.supported_schemes();
        assert_eq!(
            &schemes[..3],
            &[
                SignatureScheme::ML_DSA_65,
                SignatureScheme::ML_DSA_87,
                SignatureScheme::ML_DSA_44
            ]
        );
        assert!(
            schemes.contains(&SignatureScheme::ED25519),
            "ring's schemes are kept"
        );
        assert!(!p.fips());
        // Every cipher suite is ring's.
        let ring = ring_provider();
        assert_eq!(p.cipher_suites.len(), ring.cipher_suites.len());
    }
}
