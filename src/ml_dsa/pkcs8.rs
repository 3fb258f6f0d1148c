//! SubjectPublicKeyInfo and PKCS#8 encodings of ML-DSA keys (RFC 9881); see
//! [`crate::pkcs8`].

use super::{KeyPair, ParameterSet, SigningKey, VerifyingKey};
use crate::Error;
use crate::error::check_len;
use crate::pkcs8::{self as p8, Algorithm, EncodingProblem, PrivateKeyChoice, PrivateKeyFormat};
use core::borrow::Borrow;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

#[cfg(feature = "alloc")]
use alloc::{string::String, vec, vec::Vec};

/// Size of the seed xi.
const SEED_SIZE: usize = 32;

/// The encoding facts of parameter set `P` (told apart by k).
pub(crate) fn alg<P: ParameterSet>() -> &'static Algorithm {
    match P::K {
        4 => &p8::ML_DSA_44,
        6 => &p8::ML_DSA_65,
        _ => &p8::ML_DSA_87,
    }
}

/// Size of the seed-form PKCS#8 encoding (all parameter sets).
pub const PKCS8_SEED_DER_SIZE: usize = p8::pkcs8_len(SEED_SIZE, 0, PrivateKeyFormat::Seed);

impl<P: ParameterSet> VerifyingKey<P> {
    /// Size of the SubjectPublicKeyInfo DER encoding.
    pub const PUBLIC_KEY_DER_SIZE: usize = p8::spki_len(P::VERIFYING_KEY_SIZE);

    /// Parses a DER SubjectPublicKeyInfo (RFC 9881) holding this parameter set's
    /// verifying key.
    ///
    /// Errors: [`Error::KeyEncoding`] (malformed DER, another algorithm, parameters
    /// present, ...), [`Error::InvalidLength`].
    pub fn from_public_key_der(der: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(p8::parse_spki(der, alg::<P>())?)
    }

    /// [`Self::from_public_key_der`] with the key built in place on the heap (up to
    /// 66.6 KiB that never live on the stack; for callers with small stacks, such as
    /// the C API).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_public_key_der(der: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
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

impl<P: ParameterSet> SigningKey<P> {
    /// Size of the PKCS#8 DER encoding in `format`.
    pub const fn pkcs8_der_size(format: PrivateKeyFormat) -> usize {
        p8::pkcs8_len(SEED_SIZE, P::SIGNING_KEY_SIZE, format)
    }

    /// Parses a DER PKCS#8 OneAsymmetricKey (RFC 9881) holding this parameter set's
    /// private key in any of the three forms: `seed` (the key then has its seed),
    /// `expandedKey` (checked as by [`Self::from_bytes`]: coefficient ranges and the
    /// recomputed t0 and tr; no seed) or `both` (accepted only if the seed
    /// regenerates exactly the expanded key). An embedded public key must be the
    /// key's own.
    ///
    /// Errors: [`Error::KeyEncoding`], [`Error::InvalidLength`],
    /// [`Error::SigningKeyCheck`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        Self::decode_pkcs8(der, Self::from_seed, Self::from_bytes)
    }

    /// [`Self::from_pkcs8_der`] with the key built in place on the heap (it never
    /// lives on the stack; for callers with small stacks, such as the C API).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_pkcs8_der(der: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        Self::decode_pkcs8(der, Self::boxed_from_seed, Self::boxed_from_bytes)
    }

    /// The PKCS#8 decoder, with the key constructors `seed` (seed form) and
    /// `expanded` (checked expanded form) that build the result `K` (the key or a
    /// box of it).
    fn decode_pkcs8<K: Borrow<Self>>(
        der: &[u8],
        seed: impl FnOnce(&[u8; SEED_SIZE]) -> K,
        expanded: impl FnOnce(&[u8]) -> Result<K, Error>,
    ) -> Result<K, Error> {
        let alg = alg::<P>();
        let info = p8::parse_pkcs8(der, alg)?;
        let err = |problem| Error::KeyEncoding {
            what: alg.pkcs8_what,
            problem,
        };
        let from_seed = |s: &[u8]| -> Result<K, Error> {
            check_len(P::NAME_SEED, s, SEED_SIZE)?;
            let mut array = Zeroizing::new([0u8; SEED_SIZE]);
            array.copy_from_slice(s);
            Ok(seed(&array))
        };
        let sk = match info.key {
            PrivateKeyChoice::Seed(s) => from_seed(s)?,
            PrivateKeyChoice::Expanded(bytes) => expanded(bytes)?,
            PrivateKeyChoice::Both {
                seed: s,
                expanded: bytes,
            } => {
                check_len(P::NAME_SK, bytes, P::SIGNING_KEY_SIZE)?;
                let sk = from_seed(s)?;
                if !bool::from(sk.borrow().bytes.as_ref().ct_eq(bytes)) {
                    return Err(err(EncodingProblem::SeedMismatch));
                }
                sk
            }
        };
        if info
            .public_key
            .is_some_and(|pk| pk != sk.borrow().pk.as_ref())
        {
            return Err(err(EncodingProblem::PublicKeyMismatch));
        }
        Ok(sk)
    }

    /// Writes the DER PKCS#8 encoding in `format` into `out`; returns its length
    /// ([`Self::pkcs8_der_size`]).
    ///
    /// Errors: [`Error::SeedUnavailable`] (seed or both requested for a key parsed
    /// from the expanded form), [`Error::BufferTooSmall`].
    pub fn write_pkcs8_der(
        &self,
        format: PrivateKeyFormat,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let seed: &[u8] = match (format, &self.seed) {
            (PrivateKeyFormat::Expanded, _) => &[],
            (_, Some(seed)) => seed,
            (_, None) => return Err(Error::SeedUnavailable { what: P::NAME_SK }),
        };
        p8::write_pkcs8(alg::<P>(), seed, self.bytes.as_ref(), format, out)
    }

    /// The DER PKCS#8 encoding in the recommended seed form.
    ///
    /// Errors: [`Error::SeedUnavailable`] for a key parsed from the expanded form
    /// (use [`Self::to_pkcs8_der_as`] with [`PrivateKeyFormat::Expanded`]).
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        self.to_pkcs8_der_as(PrivateKeyFormat::Seed)
    }

    /// The DER PKCS#8 encoding in `format`.
    ///
    /// Errors: [`Error::SeedUnavailable`].
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_der_as(&self, format: PrivateKeyFormat) -> Result<Zeroizing<Vec<u8>>, Error> {
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
    pub fn to_pkcs8_pem_as(&self, format: PrivateKeyFormat) -> Result<Zeroizing<String>, Error> {
        let der = self.to_pkcs8_der_as(format)?;
        Ok(p8::pem::encode(p8::pem::PRIVATE_KEY, &der))
    }

    /// Parses a PEM (`PRIVATE KEY`) PKCS#8 private key; see [`Self::from_pkcs8_der`].
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
    /// The DER PKCS#8 encoding in the seed form: always 54 bytes, no allocation.
    pub fn to_pkcs8_der(&self) -> Zeroizing<[u8; PKCS8_SEED_DER_SIZE]> {
        p8::seed_pkcs8(alg::<P>(), self.seed())
    }

    /// The PEM (`PRIVATE KEY`) PKCS#8 encoding in the seed form.
    #[cfg(feature = "alloc")]
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        p8::pem::encode(p8::pem::PRIVATE_KEY, &self.to_pkcs8_der()[..])
    }

    /// Parses a DER PKCS#8 private key that has the seed (`seed` or `both` form);
    /// see [`SigningKey::from_pkcs8_der`].
    ///
    /// Errors: as there, and [`Error::SeedUnavailable`] for the `expandedKey` form.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        Self::from_signing_key(SigningKey::from_pkcs8_der(der)?)
    }

    /// Parses a PEM PKCS#8 private key that has the seed; see [`Self::from_pkcs8_der`].
    #[cfg(feature = "alloc")]
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, Error> {
        Self::from_signing_key(SigningKey::from_pkcs8_pem(pem)?)
    }
}
