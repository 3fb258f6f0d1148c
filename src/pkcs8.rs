//! Key files: SubjectPublicKeyInfo (public keys) and PKCS#8 OneAsymmetricKey
//! (private keys), in DER and PEM, for ML-KEM (RFC 9935) and ML-DSA (RFC 9881).
//!
//! The methods live on the key types:
//!
//! | key | read | write |
//! |---|---|---|
//! | ML-KEM encapsulation key, ML-DSA verifying key | `from_public_key_der`, `from_public_key_pem` | `write_public_key_der`, `to_public_key_der`, `to_public_key_pem` |
//! | ML-KEM decapsulation key, ML-DSA signing key | `from_pkcs8_der`, `from_pkcs8_pem` | `write_pkcs8_der`, `to_pkcs8_der`, `to_pkcs8_der_as`, `to_pkcs8_pem` |
//! | [`crate::ml_kem::KeyPair`], [`crate::ml_dsa::KeyPair`] | `from_pkcs8_der`, `from_pkcs8_pem` | `to_pkcs8_der` (fixed size, no allocation), `to_pkcs8_pem` |
//!
//! The `to_*` and PEM methods need the `alloc` feature (on by default through
//! `std`); the DER parsers and the `write_*` methods (into a caller's buffer) work
//! without allocation, in `no_std`.
//!
//! ## What is written
//! - Public keys: `SEQUENCE { AlgorithmIdentifier, BIT STRING }` with the raw key
//!   (FIPS 203 ek / FIPS 204 pk) in the bit string.
//! - Private keys: a version 1 (`v1`, 0) OneAsymmetricKey whose `privateKey` holds
//!   one arm of the RFCs' CHOICE: by default `seed [0]` (the 64-byte d || z of
//!   ML-KEM, the 32-byte xi of ML-DSA), which is what the RFCs recommend; on request
//!   ([`PrivateKeyFormat`]) `expandedKey` or `both`.
//! - The AlgorithmIdentifier is the OID alone (parameters absent):
//!   id-alg-ml-kem-512/768/1024 = 2.16.840.1.101.3.4.4.{1,2,3},
//!   id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.{17,18,19}.
//!
//! ## What is accepted
//! DER only, and only the structures above; every deviation is an
//! [`Error::KeyEncoding`] naming the problem
//! ([`EncodingProblem`]):
//! - another algorithm's OID, or parameters present;
//! - indefinite or non-minimal lengths, trailing bytes, truncation, unexpected tags
//!   (the private-key CHOICE is told apart by its tag, never by its length);
//! - a version other than v1 or v2, or a `publicKey` field in a v1 structure;
//! - a BIT STRING with unused bits;
//! - `both` whose seed does not regenerate exactly the given expanded key
//!   ([`EncodingProblem::SeedMismatch`]);
//! - a `publicKey` field that is not the key pair's public key
//!   ([`EncodingProblem::PublicKeyMismatch`]).
//!
//! Expanded keys are also checked as when parsed from raw bytes: ML-KEM's FIPS 203
//! section 7.3 hash check ([`Error::DecapsulationKeyCheck`]),
//! ML-DSA's coefficient ranges and recomputed t0 and tr
//! ([`Error::SigningKeyCheck`]). Wrong sizes of the
//! seed or of a key are [`Error::InvalidLength`] naming the
//! object. Attributes (`[0]`) are skipped. PKCS#8 files are read unencrypted: an
//! `ENCRYPTED PRIVATE KEY` PEM is refused ([`EncodingProblem::PemLabel`]).
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use pqlattice::{ml_dsa_65, ml_kem_768};
//!
//! // Save: the seed form (86 bytes for any ML-KEM key pair).
//! let kp = ml_kem_768::KeyPair::generate_with_os_rng()?;
//! let private_pem = kp.to_pkcs8_pem();
//! let public_pem = kp.encapsulation_key().to_public_key_pem();
//!
//! // Load.
//! let dk = ml_kem_768::DecapsulationKey::from_pkcs8_pem(&private_pem)?;
//! let ek = ml_kem_768::EncapsulationKey::from_public_key_pem(&public_pem)?;
//! let (ct, ss) = ek.encapsulate_with_os_rng()?;
//! assert_eq!(dk.decapsulate(&ct), ss);
//!
//! // A key file for another algorithm is refused with a typed error.
//! assert!(ml_dsa_65::SigningKey::from_pkcs8_pem(&private_pem).is_err());
//! # }
//! # Ok::<(), pqlattice::Error>(())
//! ```

use crate::Error;
use crate::der::{self, Reader, Writer};
use core::fmt;

/// What is wrong with a DER or PEM key encoding (in [`Error::KeyEncoding`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodingProblem {
    /// The input ends inside an element.
    Truncated,
    /// Bytes follow the last element.
    TrailingData,
    /// An indefinite length (BER, not DER).
    IndefiniteLength,
    /// A length not in its shortest DER form.
    NonMinimalLength,
    /// A length field longer than any key needs (more than three octets).
    LengthTooLarge,
    /// An element with an unexpected tag.
    UnexpectedTag {
        /// The tag octet found.
        found: u8,
    },
    /// The algorithm OID is not the one expected (another algorithm or parameter set).
    WrongAlgorithm,
    /// The AlgorithmIdentifier has parameters; RFC 9935 and RFC 9881 require them absent.
    ParametersPresent,
    /// The PKCS#8 version is neither v1 (0) nor v2 (1), or is not a minimal INTEGER.
    UnsupportedVersion,
    /// A version 1 PKCS#8 structure carries a public key (RFC 5958 requires v2).
    PublicKeyInV1,
    /// A BIT STRING with unused bits (keys are whole octets).
    BitStringUnusedBits,
    /// The `both` form's seed does not regenerate its expanded key.
    SeedMismatch,
    /// The public key inside the PKCS#8 structure is not the private key's public key.
    PublicKeyMismatch,
    /// No PEM block with the expected label (`PRIVATE KEY` or `PUBLIC KEY`) was found,
    /// or another label (e.g. `ENCRYPTED PRIVATE KEY`) was.
    PemLabel,
    /// A PEM block without its END line, with headers, or with a mismatched END line.
    PemFraming,
    /// The PEM body is not canonical padded base64.
    PemBase64,
}

impl fmt::Display for EncodingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodingProblem::Truncated => f.write_str("DER input is truncated"),
            EncodingProblem::TrailingData => f.write_str("trailing bytes after the DER element"),
            EncodingProblem::IndefiniteLength => f.write_str("indefinite length (BER) is not DER"),
            EncodingProblem::NonMinimalLength => f.write_str("length is not minimally encoded"),
            EncodingProblem::LengthTooLarge => f.write_str("length field too large"),
            EncodingProblem::UnexpectedTag { found } => {
                write!(f, "unexpected DER tag 0x{found:02x}")
            }
            EncodingProblem::WrongAlgorithm => {
                f.write_str("the algorithm identifier is for another algorithm or parameter set")
            }
            EncodingProblem::ParametersPresent => {
                f.write_str("algorithm parameters present (must be absent)")
            }
            EncodingProblem::UnsupportedVersion => {
                f.write_str("unsupported PKCS#8 version (expected v1 or v2)")
            }
            EncodingProblem::PublicKeyInV1 => {
                f.write_str("a version 1 PKCS#8 structure must not contain a public key")
            }
            EncodingProblem::BitStringUnusedBits => f.write_str("BIT STRING with unused bits"),
            EncodingProblem::SeedMismatch => {
                f.write_str("the seed does not regenerate the expanded key")
            }
            EncodingProblem::PublicKeyMismatch => {
                f.write_str("the embedded public key does not match the private key")
            }
            EncodingProblem::PemLabel => f.write_str("no PEM block with the expected label"),
            EncodingProblem::PemFraming => f.write_str("malformed PEM framing"),
            EncodingProblem::PemBase64 => f.write_str("invalid base64 in the PEM body"),
        }
    }
}

/// Which arm of the private-key CHOICE of RFC 9935 / RFC 9881 to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PrivateKeyFormat {
    /// `seed [0]`: the key-generation seed only (the default, and the RFCs'
    /// recommendation: smallest, and every other form is derived from it).
    #[default]
    Seed,
    /// `expandedKey`: the FIPS 203 / FIPS 204 expanded private key, for consumers that
    /// cannot expand seeds. Keys built from the expanded form can only be written so.
    Expanded,
    /// `both`: the seed and the expanded key.
    Both,
}

/// The encoding facts of one parameter set.
pub(crate) struct Algorithm {
    /// The OID's contents octets (without tag and length).
    pub(crate) oid: [u8; 9],
    /// "ML-KEM-768 SubjectPublicKeyInfo", for errors.
    pub(crate) spki_what: &'static str,
    /// "ML-KEM-768 PKCS#8 private key", for errors.
    pub(crate) pkcs8_what: &'static str,
    /// "ML-KEM-768 seed", for errors.
    pub(crate) seed_what: &'static str,
    /// "ML-KEM-768 key pair", for errors.
    pub(crate) pair_what: &'static str,
}

/// Defines an [`Algorithm`] constant.
macro_rules! algorithm {
    ($c:ident, $name:literal, $arc:literal, $last:literal) => {
        pub(crate) const $c: Algorithm = Algorithm {
            oid: [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, $arc, $last],
            spki_what: concat!($name, " SubjectPublicKeyInfo"),
            pkcs8_what: concat!($name, " PKCS#8 private key"),
            seed_what: concat!($name, " seed"),
            pair_what: concat!($name, " key pair"),
        };
    };
}
// 2.16.840.1.101.3.4.4.{1,2,3} (RFC 9935 section 3) and 2.16.840.1.101.3.4.3.{17,18,19}
// (RFC 9881 section 2): 2.16 -> 0x60, 840 -> 0x86 0x48, 1, 101 -> 0x65, 3, 4, arc, last.
algorithm!(ML_KEM_512, "ML-KEM-512", 0x04, 0x01);
algorithm!(ML_KEM_768, "ML-KEM-768", 0x04, 0x02);
algorithm!(ML_KEM_1024, "ML-KEM-1024", 0x04, 0x03);
algorithm!(ML_DSA_44, "ML-DSA-44", 0x03, 0x11);
algorithm!(ML_DSA_65, "ML-DSA-65", 0x03, 0x12);
algorithm!(ML_DSA_87, "ML-DSA-87", 0x03, 0x13);

/// Size of the AlgorithmIdentifier `SEQUENCE { OID }` (13 bytes).
const ALG_ID_LEN: usize = der::tlv_len(der::tlv_len(9));
/// Size of the version `INTEGER 0`.
const VERSION_LEN: usize = 3;

/// The size of a SubjectPublicKeyInfo for a `pk_len`-byte key.
pub(crate) const fn spki_len(pk_len: usize) -> usize {
    der::tlv_len(ALG_ID_LEN + der::tlv_len(1 + pk_len))
}

/// The size of the privateKey CHOICE contents for the given format.
const fn choice_len(seed_len: usize, expanded_len: usize, format: PrivateKeyFormat) -> usize {
    match format {
        PrivateKeyFormat::Seed => der::tlv_len(seed_len),
        PrivateKeyFormat::Expanded => der::tlv_len(expanded_len),
        PrivateKeyFormat::Both => der::tlv_len(der::tlv_len(seed_len) + der::tlv_len(expanded_len)),
    }
}

/// The size of a version 1 PKCS#8 OneAsymmetricKey in the given format.
pub(crate) const fn pkcs8_len(
    seed_len: usize,
    expanded_len: usize,
    format: PrivateKeyFormat,
) -> usize {
    der::tlv_len(
        VERSION_LEN + ALG_ID_LEN + der::tlv_len(choice_len(seed_len, expanded_len, format)),
    )
}

fn write_alg_id(w: &mut Writer<'_>, alg: &Algorithm) {
    w.header(der::SEQUENCE, der::tlv_len(alg.oid.len()));
    w.header(der::OID, alg.oid.len());
    w.bytes(&alg.oid);
}

/// Writes a SubjectPublicKeyInfo; returns its length.
pub(crate) fn write_spki(alg: &Algorithm, pk: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let needed = spki_len(pk.len());
    let mut w = Writer::new(out);
    w.header(der::SEQUENCE, ALG_ID_LEN + der::tlv_len(1 + pk.len()));
    write_alg_id(&mut w, alg);
    w.header(der::BIT_STRING, 1 + pk.len());
    w.bytes(&[0]);
    w.bytes(pk);
    w.finish(alg.spki_what, needed)
}

/// Writes a version 1 PKCS#8 OneAsymmetricKey holding `seed`, `expanded` or both, as
/// `format` says (the unused one may be empty); returns its length.
pub(crate) fn write_pkcs8(
    alg: &Algorithm,
    seed: &[u8],
    expanded: &[u8],
    format: PrivateKeyFormat,
    out: &mut [u8],
) -> Result<usize, Error> {
    let choice = choice_len(seed.len(), expanded.len(), format);
    let needed = pkcs8_len(seed.len(), expanded.len(), format);
    let mut w = Writer::new(out);
    w.header(
        der::SEQUENCE,
        VERSION_LEN + ALG_ID_LEN + der::tlv_len(choice),
    );
    w.bytes(&[der::INTEGER, 1, 0]);
    write_alg_id(&mut w, alg);
    w.header(der::OCTET_STRING, choice);
    match format {
        PrivateKeyFormat::Seed => {
            w.header(der::CONTEXT_0_PRIMITIVE, seed.len());
            w.bytes(seed);
        }
        PrivateKeyFormat::Expanded => {
            w.header(der::OCTET_STRING, expanded.len());
            w.bytes(expanded);
        }
        PrivateKeyFormat::Both => {
            w.header(
                der::SEQUENCE,
                der::tlv_len(seed.len()) + der::tlv_len(expanded.len()),
            );
            w.header(der::OCTET_STRING, seed.len());
            w.bytes(seed);
            w.header(der::OCTET_STRING, expanded.len());
            w.bytes(expanded);
        }
    }
    w.finish(alg.pkcs8_what, needed)
}

/// The seed-form PKCS#8 encoding of `seed`, in an array of exactly its size `N`.
pub(crate) fn seed_pkcs8<const S: usize, const N: usize>(
    alg: &Algorithm,
    seed: &[u8; S],
) -> zeroize::Zeroizing<[u8; N]> {
    const { assert!(N == pkcs8_len(S, 0, PrivateKeyFormat::Seed)) };
    let mut out = zeroize::Zeroizing::new([0u8; N]);
    // cannot fail: `N` is the exact size (checked at compile time above).
    let _ = write_pkcs8(alg, seed, &[], PrivateKeyFormat::Seed, &mut out[..]);
    out
}

/// The key-file methods of one scheme's key types, written once for ML-KEM and
/// ML-DSA: SPKI on the public key, PKCS#8 on the private key and on the key pair.
///
/// Invoked in `ml_kem/pkcs8.rs` and `ml_dsa/pkcs8.rs`, where `alg::<P>()` (the
/// parameter set's [`Algorithm`]), `SEED_SIZE` and `PKCS8_SEED_DER_SIZE` are in
/// scope. The private key type has fields `seed: Option<_>` and the expanded
/// encoding named by `expanded:`; the arguments give the type names, the size
/// and name constants of `ParameterSet`, and the doc text that differs.
macro_rules! key_file_methods {
    (
        rfc: $rfc:literal,
        public: $Pub:ident, $pub_size:ident, $pub_what:literal, $pub_check:literal,
        private: $Priv:ident, $priv_size:ident, $priv_name:ident, $priv_check:literal,
        $expanded_check:literal,
        expanded: $expanded:ident, public_of_private: |$k:ident| $pk:expr,
        pair_from_private: $from_private:ident, $seed_der:literal,
    ) => {
        impl<P: ParameterSet> $Pub<P> {
            /// Size of the SubjectPublicKeyInfo DER encoding.
            pub const PUBLIC_KEY_DER_SIZE: usize = p8::spki_len(P::$pub_size);

            #[doc = concat!("Parses a DER SubjectPublicKeyInfo (", $rfc, ") holding this")]
            #[doc = concat!("parameter set's ", $pub_what, ".")]
            ///
            /// Errors: [`Error::KeyEncoding`] (malformed DER, another algorithm,
            #[doc = concat!("parameters present, ...), [`Error::InvalidLength`]", $pub_check, ".")]
            pub fn from_public_key_der(der: &[u8]) -> Result<Self, Error> {
                Self::from_bytes(p8::parse_spki(der, alg::<P>())?)
            }

            /// [`Self::from_public_key_der`] with the key built in place on the heap
            /// (it never lives on the stack; for callers with small stacks, such as
            /// the C API).
            #[cfg(feature = "alloc")]
            pub fn boxed_from_public_key_der(
                der: &[u8],
            ) -> Result<alloc::boxed::Box<Self>, Error> {
                Self::boxed_from_bytes(p8::parse_spki(der, alg::<P>())?)
            }

            /// Writes the DER SubjectPublicKeyInfo into `out`; returns its length
            /// ([`Self::PUBLIC_KEY_DER_SIZE`]).
            ///
            /// Errors: [`Error::BufferTooSmall`].
            pub fn write_public_key_der(&self, out: &mut [u8]) -> Result<usize, Error> {
                p8::write_spki(alg::<P>(), self.bytes.as_ref(), out)
            }

            /// The DER SubjectPublicKeyInfo.
            #[cfg(feature = "alloc")]
            pub fn to_public_key_der(&self) -> Vec<u8> {
                let mut v = vec![0u8; Self::PUBLIC_KEY_DER_SIZE];
                // cannot fail: the buffer has the exact size.
                let _ = self.write_public_key_der(&mut v);
                v
            }

            /// The PEM (`PUBLIC KEY`) SubjectPublicKeyInfo.
            #[cfg(feature = "alloc")]
            pub fn to_public_key_pem(&self) -> String {
                let pem = p8::pem::encode(p8::pem::PUBLIC_KEY, &self.to_public_key_der());
                String::from(pem.as_str())
            }

            /// Parses a PEM (`PUBLIC KEY`) SubjectPublicKeyInfo; see
            /// [`Self::from_public_key_der`].
            #[cfg(feature = "alloc")]
            pub fn from_public_key_pem(pem: &str) -> Result<Self, Error> {
                let der = p8::pem::decode(p8::pem::PUBLIC_KEY, pem, alg::<P>().spki_what)?;
                Self::from_public_key_der(&der)
            }

            /// [`Self::from_public_key_pem`] with the key built in place on the heap.
            #[cfg(feature = "alloc")]
            pub fn boxed_from_public_key_pem(pem: &str) -> Result<alloc::boxed::Box<Self>, Error> {
                let der = p8::pem::decode(p8::pem::PUBLIC_KEY, pem, alg::<P>().spki_what)?;
                Self::boxed_from_public_key_der(&der)
            }
        }

        impl<P: ParameterSet> $Priv<P> {
            /// Size of the PKCS#8 DER encoding in `format`.
            pub const fn pkcs8_der_size(format: PrivateKeyFormat) -> usize {
                p8::pkcs8_len(SEED_SIZE, P::$priv_size, format)
            }

            #[doc = concat!("Parses a DER PKCS#8 OneAsymmetricKey (", $rfc, ") holding this")]
            /// parameter set's private key in any of the three forms: `seed` (the key
            #[doc = concat!("then has its seed), `expandedKey` (", $expanded_check, "; no seed)")]
            /// or `both` (accepted only if the seed regenerates exactly the expanded
            /// key). An embedded public key must be the key's own.
            ///
            /// Errors: [`Error::KeyEncoding`], [`Error::InvalidLength`],
            #[doc = concat!("[`Error::", $priv_check, "`].")]
            pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
                Self::decode_pkcs8(der, Self::from_seed, Self::from_bytes)
            }

            /// [`Self::from_pkcs8_der`] with the key built in place on the heap (it
            /// never lives on the stack; for callers with small stacks, such as the C
            /// API). The same checks and errors.
            #[cfg(feature = "alloc")]
            pub fn boxed_from_pkcs8_der(der: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
                Self::decode_pkcs8(der, Self::boxed_from_seed, Self::boxed_from_bytes)
            }

            /// The PKCS#8 decoder, building its result `K` (the key, or a box of it)
            /// with `from_seed` (seed form) and `from_expanded` (checked expanded form).
            fn decode_pkcs8<K: core::borrow::Borrow<Self>>(
                der: &[u8],
                from_seed: impl FnOnce(&[u8; SEED_SIZE]) -> K,
                from_expanded: impl FnOnce(&[u8]) -> Result<K, Error>,
            ) -> Result<K, Error> {
                let alg = alg::<P>();
                let info = p8::parse_pkcs8(der, alg)?;
                let err = |problem| Error::KeyEncoding {
                    what: alg.pkcs8_what,
                    problem,
                };
                // The seed's length is checked (and the error names it) before the
                // conversion to an array.
                let seeded = |seed: &[u8]| {
                    check_len(alg.seed_what, seed, SEED_SIZE)?;
                    let mut array = Zeroizing::new([0u8; SEED_SIZE]);
                    array.copy_from_slice(seed);
                    Ok::<_, Error>(from_seed(&array))
                };
                let key = match info.key {
                    PrivateKeyChoice::Seed(seed) => seeded(seed)?,
                    PrivateKeyChoice::Expanded(expanded) => from_expanded(expanded)?,
                    PrivateKeyChoice::Both { seed, expanded } => {
                        check_len(P::$priv_name, expanded, P::$priv_size)?;
                        let key = seeded(seed)?;
                        if !bool::from(key.borrow().$expanded.as_ref().ct_eq(expanded)) {
                            return Err(err(EncodingProblem::SeedMismatch));
                        }
                        key
                    }
                };
                let public: &[u8] = {
                    let $k = key.borrow();
                    $pk
                };
                if info.public_key.is_some_and(|pk| pk != public) {
                    return Err(err(EncodingProblem::PublicKeyMismatch));
                }
                Ok(key)
            }

            /// Writes the DER PKCS#8 encoding in `format` into `out`; returns its
            /// length ([`Self::pkcs8_der_size`]).
            ///
            /// Errors: [`Error::SeedUnavailable`] (seed or both requested for a key
            /// parsed from the expanded form), [`Error::BufferTooSmall`].
            pub fn write_pkcs8_der(
                &self,
                format: PrivateKeyFormat,
                out: &mut [u8],
            ) -> Result<usize, Error> {
                let seed: &[u8] = match (format, &self.seed) {
                    (PrivateKeyFormat::Expanded, _) => &[],
                    (_, Some(seed)) => seed,
                    (_, None) => return Err(Error::SeedUnavailable { what: P::$priv_name }),
                };
                p8::write_pkcs8(alg::<P>(), seed, self.$expanded.as_ref(), format, out)
            }

            /// The DER PKCS#8 encoding in the recommended seed form.
            ///
            /// Errors: [`Error::SeedUnavailable`] for a key parsed from the expanded
            /// form (use [`Self::to_pkcs8_der_as`] with [`PrivateKeyFormat::Expanded`]).
            #[cfg(feature = "alloc")]
            pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
                self.to_pkcs8_der_as(PrivateKeyFormat::Seed)
            }

            /// The DER PKCS#8 encoding in `format`.
            ///
            /// Errors: [`Error::SeedUnavailable`].
            #[cfg(feature = "alloc")]
            pub fn to_pkcs8_der_as(
                &self,
                format: PrivateKeyFormat,
            ) -> Result<Zeroizing<Vec<u8>>, Error> {
                let mut v = Zeroizing::new(vec![0u8; Self::pkcs8_der_size(format)]);
                self.write_pkcs8_der(format, &mut v)?;
                Ok(v)
            }

            /// The PEM (`PRIVATE KEY`) PKCS#8 encoding in the seed form.
            ///
            /// Errors: [`Error::SeedUnavailable`].
            #[cfg(feature = "alloc")]
            pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, Error> {
                self.to_pkcs8_pem_as(PrivateKeyFormat::Seed)
            }

            /// The PEM (`PRIVATE KEY`) PKCS#8 encoding in `format`.
            ///
            /// Errors: [`Error::SeedUnavailable`].
            #[cfg(feature = "alloc")]
            pub fn to_pkcs8_pem_as(
                &self,
                format: PrivateKeyFormat,
            ) -> Result<Zeroizing<String>, Error> {
                let der = self.to_pkcs8_der_as(format)?;
                Ok(p8::pem::encode(p8::pem::PRIVATE_KEY, &der))
            }

            /// Parses a PEM (`PRIVATE KEY`) PKCS#8 private key; see
            /// [`Self::from_pkcs8_der`].
            #[cfg(feature = "alloc")]
            pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
                let der = p8::pem::decode(p8::pem::PRIVATE_KEY, pem, alg::<P>().pkcs8_what)?;
                Self::from_pkcs8_der(&der)
            }

            /// [`Self::from_pkcs8_pem`] with the key built in place on the heap.
            #[cfg(feature = "alloc")]
            pub fn boxed_from_pkcs8_pem(pem: &str) -> Result<alloc::boxed::Box<Self>, Error> {
                let der = p8::pem::decode(p8::pem::PRIVATE_KEY, pem, alg::<P>().pkcs8_what)?;
                Self::boxed_from_pkcs8_der(&der)
            }
        }

        impl<P: ParameterSet> KeyPair<P> {
            #[doc = concat!("The DER PKCS#8 encoding in the seed form: always ", $seed_der, " bytes, no")]
            /// allocation.
            pub fn to_pkcs8_der(&self) -> Zeroizing<[u8; PKCS8_SEED_DER_SIZE]> {
                p8::seed_pkcs8(alg::<P>(), self.seed())
            }

            /// The PEM (`PRIVATE KEY`) PKCS#8 encoding in the seed form.
            #[cfg(feature = "alloc")]
            pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
                p8::pem::encode(p8::pem::PRIVATE_KEY, &self.to_pkcs8_der()[..])
            }

            /// Parses a DER PKCS#8 private key that has the seed (`seed` or `both`
            #[doc = concat!("form); see [`", stringify!($Priv), "::from_pkcs8_der`].")]
            ///
            /// Errors: as there, and [`Error::SeedUnavailable`] for the `expandedKey` form.
            pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
                Self::$from_private($Priv::from_pkcs8_der(der)?)
            }

            /// Parses a PEM PKCS#8 private key that has the seed; see
            /// [`Self::from_pkcs8_der`].
            #[cfg(feature = "alloc")]
            pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
                Self::$from_private($Priv::from_pkcs8_pem(pem)?)
            }
        }
    };
}
pub(crate) use key_file_methods;

/// Reads an AlgorithmIdentifier that must be `alg`'s OID with parameters absent.
fn read_alg_id(r: &mut Reader<'_>, alg: &Algorithm) -> Result<(), Error> {
    let body = r.read(der::SEQUENCE)?;
    let mut a = Reader::new(body, r.what());
    let oid = a.read(der::OID)?;
    if oid != alg.oid {
        return Err(a.err(EncodingProblem::WrongAlgorithm));
    }
    if !a.is_empty() {
        return Err(a.err(EncodingProblem::ParametersPresent));
    }
    Ok(())
}

/// The contents of a BIT STRING that must have no unused bits.
fn bit_string_octets<'a>(r: &Reader<'_>, bits: &'a [u8]) -> Result<&'a [u8], Error> {
    match bits.split_first() {
        Some((0, rest)) => Ok(rest),
        Some(_) => Err(r.err(EncodingProblem::BitStringUnusedBits)),
        None => Err(r.err(EncodingProblem::Truncated)),
    }
}

/// Parses a SubjectPublicKeyInfo for `alg`; returns the raw public key (its length
/// is checked by the caller).
pub(crate) fn parse_spki<'a>(input: &'a [u8], alg: &Algorithm) -> Result<&'a [u8], Error> {
    let mut outer = Reader::new(input, alg.spki_what);
    let body = outer.read(der::SEQUENCE)?;
    outer.finish()?;
    let mut r = Reader::new(body, alg.spki_what);
    read_alg_id(&mut r, alg)?;
    let bits = r.read(der::BIT_STRING)?;
    r.finish()?;
    bit_string_octets(&r, bits)
}

/// The private-key CHOICE, as found.
pub(crate) enum PrivateKeyChoice<'a> {
    /// `seed [0]`.
    Seed(&'a [u8]),
    /// `expandedKey`.
    Expanded(&'a [u8]),
    /// `both`.
    Both {
        /// The seed.
        seed: &'a [u8],
        /// The expanded key.
        expanded: &'a [u8],
    },
}

/// A parsed OneAsymmetricKey (lengths of the parts not yet checked).
pub(crate) struct PrivateKeyInfo<'a> {
    /// The private key.
    pub(crate) key: PrivateKeyChoice<'a>,
    /// The optional `publicKey [1]` (raw key octets).
    pub(crate) public_key: Option<&'a [u8]>,
}

/// Parses a PKCS#8 OneAsymmetricKey (v1 or v2) for `alg`.
pub(crate) fn parse_pkcs8<'a>(
    input: &'a [u8],
    alg: &Algorithm,
) -> Result<PrivateKeyInfo<'a>, Error> {
    let what = alg.pkcs8_what;
    let mut outer = Reader::new(input, what);
    let body = outer.read(der::SEQUENCE)?;
    outer.finish()?;
    let mut r = Reader::new(body, what);
    let v2 = match r.read(der::INTEGER)? {
        [0] => false,
        [1] => true,
        _ => return Err(r.err(EncodingProblem::UnsupportedVersion)),
    };
    read_alg_id(&mut r, alg)?;
    let private = r.read(der::OCTET_STRING)?;
    if r.peek_tag() == Some(der::CONTEXT_0_CONSTRUCTED) {
        // attributes [0] IMPLICIT SET OF Attribute: not used by this library.
        r.read_any()?;
    }
    let mut public_key = None;
    if r.peek_tag() == Some(der::CONTEXT_1_PRIMITIVE) {
        if !v2 {
            return Err(r.err(EncodingProblem::PublicKeyInV1));
        }
        let bits = r.read(der::CONTEXT_1_PRIMITIVE)?;
        public_key = Some(bit_string_octets(&r, bits)?);
    }
    r.finish()?;

    // The CHOICE, told apart by its tag.
    let mut c = Reader::new(private, what);
    let key = match c.peek_tag() {
        Some(der::CONTEXT_0_PRIMITIVE) => PrivateKeyChoice::Seed(c.read(der::CONTEXT_0_PRIMITIVE)?),
        Some(der::OCTET_STRING) => PrivateKeyChoice::Expanded(c.read(der::OCTET_STRING)?),
        Some(der::SEQUENCE) => {
            let both = c.read(der::SEQUENCE)?;
            let mut b = Reader::new(both, what);
            let seed = b.read(der::OCTET_STRING)?;
            let expanded = b.read(der::OCTET_STRING)?;
            b.finish()?;
            PrivateKeyChoice::Both { seed, expanded }
        }
        Some(found) => return Err(c.err(EncodingProblem::UnexpectedTag { found })),
        None => return Err(c.err(EncodingProblem::Truncated)),
    };
    c.finish()?;
    Ok(PrivateKeyInfo { key, public_key })
}

/// PEM (RFC 7468) and base64, for the `alloc` conveniences.
#[cfg(feature = "alloc")]
pub(crate) mod pem {
    use super::EncodingProblem;
    use crate::Error;
    use alloc::string::String;
    use alloc::vec::Vec;
    use zeroize::Zeroizing;

    /// The PEM label of PKCS#8 private keys.
    pub(crate) const PRIVATE_KEY: &str = "PRIVATE KEY";
    /// The PEM label of SubjectPublicKeyInfo public keys.
    pub(crate) const PUBLIC_KEY: &str = "PUBLIC KEY";

    /// The base64 character of a 6-bit value, without branches or table lookups
    /// (private keys pass through here).
    fn encode6(v: u8) -> u8 {
        let v = i16::from(v);
        let mut c = v + 65; // 'A'..
        c += ((25 - v) >> 8) & 6; // v >= 26: 'a'..
        c -= ((51 - v) >> 8) & 75; // v >= 52: '0'..
        c -= ((61 - v) >> 8) & 15; // v == 62: '+'
        c += ((62 - v) >> 8) & 3; // v == 63: '/'
        c as u8
    }

    /// The 6-bit value of a base64 character, or a negative number, without branches
    /// or table lookups.
    fn decode6(c: u8) -> i16 {
        let c = i16::from(c);
        // Each term is (c - base + 1) where c is in the range (all-ones mask), else 0.
        let in_range = |lo: i16, hi: i16| ((lo - 1 - c) & (c - hi - 1)) >> 8;
        let mut r = -1;
        r += in_range(0x41, 0x5a) & (c - 0x41 + 1); // 'A'-'Z' -> 0..25
        r += in_range(0x61, 0x7a) & (c - 0x61 + 26 + 1); // 'a'-'z' -> 26..51
        r += in_range(0x30, 0x39) & (c - 0x30 + 52 + 1); // '0'-'9' -> 52..61
        r += in_range(0x2b, 0x2b) & (62 + 1); // '+'
        r += in_range(0x2f, 0x2f) & (63 + 1); // '/'
        r
    }

    /// Encodes `der` as a PEM block with `label`, 64 characters per line, LF line ends.
    pub(crate) fn encode(label: &str, der: &[u8]) -> Zeroizing<String> {
        let b64_len = der.len().div_ceil(3) * 4;
        let mut s = Zeroizing::new(String::with_capacity(
            b64_len + b64_len / 64 + 2 * label.len() + 40,
        ));
        s.push_str("-----BEGIN ");
        s.push_str(label);
        s.push_str("-----\n");
        let mut line = 0;
        for chunk in der.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
            for i in 0..4 {
                let c = if i <= chunk.len() {
                    encode6(((n >> (18 - 6 * i)) & 0x3f) as u8)
                } else {
                    b'='
                };
                s.push(char::from(c));
            }
            line += 4;
            if line == 64 {
                s.push('\n');
                line = 0;
            }
        }
        if line != 0 {
            s.push('\n');
        }
        s.push_str("-----END ");
        s.push_str(label);
        s.push_str("-----\n");
        s
    }

    /// Decodes the first PEM block of `text`, which must have label `label`. Text
    /// before the BEGIN line and after the END line is ignored (RFC 7468 section 2);
    /// line ends may be LF or CRLF; the body must be canonical padded base64.
    pub(crate) fn decode(
        label: &str,
        text: &str,
        what: &'static str,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let err = |problem| Error::KeyEncoding { what, problem };
        let mut lines = text.lines();
        // The BEGIN line.
        loop {
            let Some(line) = lines.next() else {
                return Err(err(EncodingProblem::PemLabel));
            };
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("-----BEGIN ") {
                if rest.strip_suffix("-----") == Some(label) {
                    break;
                }
                return Err(err(EncodingProblem::PemLabel));
            }
        }
        // The body, up to the END line.
        let mut chars = Zeroizing::new(Vec::with_capacity(text.len()));
        loop {
            let Some(line) = lines.next() else {
                return Err(err(EncodingProblem::PemFraming));
            };
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("-----END ") {
                if rest.strip_suffix("-----") == Some(label) {
                    break;
                }
                return Err(err(EncodingProblem::PemFraming));
            }
            if line.starts_with("-----") || line.contains(':') {
                // Another boundary, or RFC 1421 headers (encrypted legacy PEM).
                return Err(err(EncodingProblem::PemFraming));
            }
            chars.extend(line.bytes().filter(|b| !b.is_ascii_whitespace()));
        }
        // Canonical padded base64.
        if chars.is_empty() || chars.len() % 4 != 0 {
            return Err(err(EncodingProblem::PemBase64));
        }
        let pad = chars.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 {
            return Err(err(EncodingProblem::PemBase64));
        }
        let body = &chars[..chars.len() - pad];
        let mut out = Zeroizing::new(Vec::with_capacity(body.len() / 4 * 3 + 2));
        let mut bad = 0i16;
        for group in body.chunks(4) {
            let mut n = 0u32;
            for (i, &c) in group.iter().enumerate() {
                let v = decode6(c);
                bad |= v;
                n |= ((v & 0x3f) as u32) << (18 - 6 * i);
            }
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            let keep = group.len() - 1; // 4 chars: 3 bytes; 3 chars: 2; 2 chars: 1
            if group.len() == 1 {
                return Err(err(EncodingProblem::PemBase64));
            }
            // The bits below the kept bytes must be zero (canonical encoding).
            let unused = match keep {
                3 => 0,
                2 => n & 0xff,
                _ => n & 0xffff,
            };
            if unused != 0 {
                return Err(err(EncodingProblem::PemBase64));
            }
            out.extend_from_slice(&bytes[..keep]);
        }
        if bad < 0 {
            return Err(err(EncodingProblem::PemBase64));
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::format;

        #[test]
        fn base64_alphabet_round_trips() {
            const ALPHABET: &[u8; 64] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (v, &c) in ALPHABET.iter().enumerate() {
                assert_eq!(encode6(v as u8), c);
                assert_eq!(decode6(c), v as i16);
            }
            for c in 0..=255u8 {
                if !ALPHABET.contains(&c) {
                    assert!(decode6(c) < 0, "{c:#x} decoded");
                }
            }
        }

        #[test]
        fn pem_round_trip_every_length() {
            for len in 0..200usize {
                let der: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
                let pem = encode("TEST", &der);
                if len == 0 {
                    assert!(decode("TEST", &pem, "t").is_err());
                    continue;
                }
                assert_eq!(&decode("TEST", &pem, "t").unwrap()[..], &der[..]);
                let crlf = pem.replace('\n', "\r\n");
                assert_eq!(&decode("TEST", &crlf, "t").unwrap()[..], &der[..]);
            }
        }

        #[test]
        fn pem_rejects_malformed() {
            let problem = |text: &str| match decode("TEST", text, "t") {
                Err(Error::KeyEncoding { problem, .. }) => problem,
                other => panic!("{text:?}: {other:?}"),
            };
            let ok = "-----BEGIN TEST-----\nAAEC\n-----END TEST-----\n";
            assert_eq!(&decode("TEST", ok, "t").unwrap()[..], &[0, 1, 2]);
            assert_eq!(
                &decode("TEST", &format!("junk\n{ok}junk"), "t").unwrap()[..],
                &[0, 1, 2]
            );
            assert_eq!(problem(""), EncodingProblem::PemLabel);
            assert_eq!(
                problem("-----BEGIN OTHER-----\nAAEC\n-----END OTHER-----\n"),
                EncodingProblem::PemLabel
            );
            assert_eq!(
                problem("-----BEGIN TEST-----\nAAEC\n"),
                EncodingProblem::PemFraming
            );
            assert_eq!(
                problem("-----BEGIN TEST-----\nAAEC\n-----END OTHER-----\n"),
                EncodingProblem::PemFraming
            );
            assert_eq!(
                problem("-----BEGIN TEST-----\nProc-Type: 4,ENCRYPTED\nAAEC\n-----END TEST-----\n"),
                EncodingProblem::PemFraming
            );
            for body in [
                "AAE",
                "AAEC=",
                "AA=C",
                "AA==A===",
                "AA*C",
                "AAE\u{e9}",
                "AB==",
                "AAF=",
                "A===",
            ] {
                let text = format!("-----BEGIN TEST-----\n{body}\n-----END TEST-----\n");
                assert_eq!(problem(&text), EncodingProblem::PemBase64, "{body}");
            }
            // Padded but canonical.
            let text = "-----BEGIN TEST-----\nAA==\n-----END TEST-----\n";
            assert_eq!(&decode("TEST", text, "t").unwrap()[..], &[0]);
            let text = "-----BEGIN TEST-----\nAAE=\n-----END TEST-----\n";
            assert_eq!(&decode("TEST", text, "t").unwrap()[..], &[0, 1]);
        }
    }
}
