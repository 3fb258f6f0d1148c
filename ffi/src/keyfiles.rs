//! Key files: SubjectPublicKeyInfo (public keys) and PKCS#8 OneAsymmetricKey
//! (private keys) in DER, for ML-KEM (RFC 9935) and ML-DSA (RFC 9881), on the key
//! handles: `pql_ml_kem_<n>_ek_from_spki`, `..._dk_to_pkcs8`, `pql_ml_dsa_<n>_vk_to_spki`,
//! `..._sk_from_pkcs8`, ... (entries of the ML-KEM and ML-DSA tables, generic
//! functions here).
//!
//! Decoders take any length (the DER element's own lengths are checked) and accept
//! what `pqlattice::pkcs8` accepts: every private-key form (`seed`, `expandedKey`,
//! `both`, told apart by tag), v1 or v2 with a matching public key. Encoders write
//! exactly the size of their `PQL_*_BYTES` macro. Keys are built in place on the
//! heap (`boxed_from_*`), never on the caller's stack.

use crate::boundary::{HandleOut, Input, Output, handle, run, run_wiped};
use crate::{PQL_ERR_INVALID_ARGUMENT, PQL_ERR_KEY_ENCODING, error_code};
use core::ffi::c_int;
use pql::pkcs8::PrivateKeyFormat;
use pql::{ml_dsa, ml_kem};

/// PKCS#8 private-key form for `*_to_pkcs8`: `seed [0]` alone, the form RFC 9935 and
/// RFC 9881 recommend (the smallest; the default to write).
pub const PQL_PKCS8_SEED: c_int = 0;
/// PKCS#8 private-key form for `*_to_pkcs8`: `expandedKey` alone (the FIPS 203 / 204
/// expanded private key), for readers that cannot expand seeds; the only form a key
/// made from its expanded encoding can be written in.
pub const PQL_PKCS8_EXPANDED: c_int = 1;
/// PKCS#8 private-key form for `*_to_pkcs8`: `both` (the seed and the expanded key).
pub const PQL_PKCS8_BOTH: c_int = 2;

/// Size in bytes of an ML-KEM PKCS#8 private key in the seed form (all parameter sets).
pub const PQL_ML_KEM_PKCS8_SEED_BYTES: usize = 86;
/// Size in bytes of an ML-KEM-512 SubjectPublicKeyInfo (DER).
pub const PQL_ML_KEM_512_SPKI_BYTES: usize = 822;
/// Size in bytes of an ML-KEM-512 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_KEM_512_PKCS8_EXPANDED_BYTES: usize = 1660;
/// Size in bytes of an ML-KEM-512 PKCS#8 private key in the both form.
pub const PQL_ML_KEM_512_PKCS8_BOTH_BYTES: usize = 1730;
/// Size in bytes of an ML-KEM-768 SubjectPublicKeyInfo (DER).
pub const PQL_ML_KEM_768_SPKI_BYTES: usize = 1206;
/// Size in bytes of an ML-KEM-768 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_KEM_768_PKCS8_EXPANDED_BYTES: usize = 2428;
/// Size in bytes of an ML-KEM-768 PKCS#8 private key in the both form.
pub const PQL_ML_KEM_768_PKCS8_BOTH_BYTES: usize = 2498;
/// Size in bytes of an ML-KEM-1024 SubjectPublicKeyInfo (DER).
pub const PQL_ML_KEM_1024_SPKI_BYTES: usize = 1590;
/// Size in bytes of an ML-KEM-1024 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_KEM_1024_PKCS8_EXPANDED_BYTES: usize = 3196;
/// Size in bytes of an ML-KEM-1024 PKCS#8 private key in the both form.
pub const PQL_ML_KEM_1024_PKCS8_BOTH_BYTES: usize = 3266;

/// Size in bytes of an ML-DSA PKCS#8 private key in the seed form (all parameter sets).
pub const PQL_ML_DSA_PKCS8_SEED_BYTES: usize = 54;
/// Size in bytes of an ML-DSA-44 SubjectPublicKeyInfo (DER).
pub const PQL_ML_DSA_44_SPKI_BYTES: usize = 1334;
/// Size in bytes of an ML-DSA-44 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_DSA_44_PKCS8_EXPANDED_BYTES: usize = 2588;
/// Size in bytes of an ML-DSA-44 PKCS#8 private key in the both form.
pub const PQL_ML_DSA_44_PKCS8_BOTH_BYTES: usize = 2626;
/// Size in bytes of an ML-DSA-65 SubjectPublicKeyInfo (DER).
pub const PQL_ML_DSA_65_SPKI_BYTES: usize = 1974;
/// Size in bytes of an ML-DSA-65 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_DSA_65_PKCS8_EXPANDED_BYTES: usize = 4060;
/// Size in bytes of an ML-DSA-65 PKCS#8 private key in the both form.
pub const PQL_ML_DSA_65_PKCS8_BOTH_BYTES: usize = 4098;
/// Size in bytes of an ML-DSA-87 SubjectPublicKeyInfo (DER).
pub const PQL_ML_DSA_87_SPKI_BYTES: usize = 2614;
/// Size in bytes of an ML-DSA-87 PKCS#8 private key in the expandedKey form.
pub const PQL_ML_DSA_87_PKCS8_EXPANDED_BYTES: usize = 4924;
/// Size in bytes of an ML-DSA-87 PKCS#8 private key in the both form.
pub const PQL_ML_DSA_87_PKCS8_BOTH_BYTES: usize = 4962;

// The header's literals must agree with the library (cbindgen cannot evaluate paths).
const _: () = {
    use PrivateKeyFormat::{Both, Expanded, Seed};
    use ml_dsa::{MlDsa44, MlDsa65, MlDsa87, SigningKey, VerifyingKey};
    use ml_kem::{DecapsulationKey, EncapsulationKey, MlKem512, MlKem768, MlKem1024};
    assert!(PQL_ML_KEM_PKCS8_SEED_BYTES == ml_kem::PKCS8_SEED_DER_SIZE);
    assert!(PQL_ML_KEM_PKCS8_SEED_BYTES == DecapsulationKey::<MlKem512>::pkcs8_der_size(Seed));
    assert!(PQL_ML_KEM_PKCS8_SEED_BYTES == DecapsulationKey::<MlKem1024>::pkcs8_der_size(Seed));
    assert!(PQL_ML_KEM_512_SPKI_BYTES == EncapsulationKey::<MlKem512>::PUBLIC_KEY_DER_SIZE);
    assert!(PQL_ML_KEM_768_SPKI_BYTES == EncapsulationKey::<MlKem768>::PUBLIC_KEY_DER_SIZE);
    assert!(PQL_ML_KEM_1024_SPKI_BYTES == EncapsulationKey::<MlKem1024>::PUBLIC_KEY_DER_SIZE);
    assert!(
        PQL_ML_KEM_512_PKCS8_EXPANDED_BYTES
            == DecapsulationKey::<MlKem512>::pkcs8_der_size(Expanded)
    );
    assert!(
        PQL_ML_KEM_768_PKCS8_EXPANDED_BYTES
            == DecapsulationKey::<MlKem768>::pkcs8_der_size(Expanded)
    );
    assert!(
        PQL_ML_KEM_1024_PKCS8_EXPANDED_BYTES
            == DecapsulationKey::<MlKem1024>::pkcs8_der_size(Expanded)
    );
    assert!(PQL_ML_KEM_512_PKCS8_BOTH_BYTES == DecapsulationKey::<MlKem512>::pkcs8_der_size(Both));
    assert!(PQL_ML_KEM_768_PKCS8_BOTH_BYTES == DecapsulationKey::<MlKem768>::pkcs8_der_size(Both));
    assert!(
        PQL_ML_KEM_1024_PKCS8_BOTH_BYTES == DecapsulationKey::<MlKem1024>::pkcs8_der_size(Both)
    );
    assert!(PQL_ML_DSA_PKCS8_SEED_BYTES == ml_dsa::PKCS8_SEED_DER_SIZE);
    assert!(PQL_ML_DSA_PKCS8_SEED_BYTES == SigningKey::<MlDsa44>::pkcs8_der_size(Seed));
    assert!(PQL_ML_DSA_PKCS8_SEED_BYTES == SigningKey::<MlDsa87>::pkcs8_der_size(Seed));
    assert!(PQL_ML_DSA_44_SPKI_BYTES == VerifyingKey::<MlDsa44>::PUBLIC_KEY_DER_SIZE);
    assert!(PQL_ML_DSA_65_SPKI_BYTES == VerifyingKey::<MlDsa65>::PUBLIC_KEY_DER_SIZE);
    assert!(PQL_ML_DSA_87_SPKI_BYTES == VerifyingKey::<MlDsa87>::PUBLIC_KEY_DER_SIZE);
    assert!(PQL_ML_DSA_44_PKCS8_EXPANDED_BYTES == SigningKey::<MlDsa44>::pkcs8_der_size(Expanded));
    assert!(PQL_ML_DSA_65_PKCS8_EXPANDED_BYTES == SigningKey::<MlDsa65>::pkcs8_der_size(Expanded));
    assert!(PQL_ML_DSA_87_PKCS8_EXPANDED_BYTES == SigningKey::<MlDsa87>::pkcs8_der_size(Expanded));
    assert!(PQL_ML_DSA_44_PKCS8_BOTH_BYTES == SigningKey::<MlDsa44>::pkcs8_der_size(Both));
    assert!(PQL_ML_DSA_65_PKCS8_BOTH_BYTES == SigningKey::<MlDsa65>::pkcs8_der_size(Both));
    assert!(PQL_ML_DSA_87_PKCS8_BOTH_BYTES == SigningKey::<MlDsa87>::pkcs8_der_size(Both));
};

/// Stack wiped after decoding or encoding a private key, in bytes: the deepest
/// decode uses 22.4 KiB (an ML-DSA expanded key, which is checked; the seed forms
/// generate the key: ML-DSA-87 21.5 KiB), measured as in `kem.rs`;
/// `ffi/tests/test_stack.c` checks nothing is left below it.
const WIPE: usize = 24 * 1024;

/// The private-key form with the given `PQL_PKCS8_*` id.
fn format(id: c_int) -> Option<PrivateKeyFormat> {
    match id {
        PQL_PKCS8_SEED => Some(PrivateKeyFormat::Seed),
        PQL_PKCS8_EXPANDED => Some(PrivateKeyFormat::Expanded),
        PQL_PKCS8_BOTH => Some(PrivateKeyFormat::Both),
        _ => None,
    }
}

/// The status code of a key-file decoding error: a wrong size inside the DER (of the
/// key, the seed or the expanded key) is a malformed file, not a wrong buffer length.
fn file_error(e: pql::Error) -> c_int {
    match e {
        pql::Error::InvalidLength { .. } => PQL_ERR_KEY_ENCODING,
        e => error_code(e),
    }
}

/// What a key type needs for its key-file functions (implemented for the four key
/// types of each parameter set).
pub(crate) trait PublicKeyFile: Sized {
    /// The SubjectPublicKeyInfo size.
    const SPKI_SIZE: usize;
    /// Decodes a SubjectPublicKeyInfo into the heap.
    fn boxed_from_spki(der: &[u8]) -> Result<Box<Self>, pql::Error>;
    /// Writes the SubjectPublicKeyInfo (exactly `SPKI_SIZE` bytes).
    fn write_spki(&self, out: &mut [u8]) -> Result<usize, pql::Error>;
}

/// What a private-key type needs for its key-file functions.
pub(crate) trait PrivateKeyFile: Sized {
    /// The PKCS#8 size in `format`.
    fn pkcs8_size(format: PrivateKeyFormat) -> usize;
    /// Decodes a PKCS#8 private key into the heap.
    fn boxed_from_pkcs8(der: &[u8]) -> Result<Box<Self>, pql::Error>;
    /// Writes the PKCS#8 encoding in `format` (exactly `pkcs8_size(format)` bytes).
    fn write_pkcs8(&self, format: PrivateKeyFormat, out: &mut [u8]) -> Result<usize, pql::Error>;
}

impl<P: ml_kem::ParameterSet> PublicKeyFile for ml_kem::EncapsulationKey<P> {
    const SPKI_SIZE: usize = Self::PUBLIC_KEY_DER_SIZE;
    fn boxed_from_spki(der: &[u8]) -> Result<Box<Self>, pql::Error> {
        Self::boxed_from_public_key_der(der)
    }
    fn write_spki(&self, out: &mut [u8]) -> Result<usize, pql::Error> {
        self.write_public_key_der(out)
    }
}

impl<P: ml_dsa::ParameterSet> PublicKeyFile for ml_dsa::VerifyingKey<P> {
    const SPKI_SIZE: usize = Self::PUBLIC_KEY_DER_SIZE;
    fn boxed_from_spki(der: &[u8]) -> Result<Box<Self>, pql::Error> {
        Self::boxed_from_public_key_der(der)
    }
    fn write_spki(&self, out: &mut [u8]) -> Result<usize, pql::Error> {
        self.write_public_key_der(out)
    }
}

impl<P: ml_kem::ParameterSet> PrivateKeyFile for ml_kem::DecapsulationKey<P> {
    fn pkcs8_size(format: PrivateKeyFormat) -> usize {
        Self::pkcs8_der_size(format)
    }
    fn boxed_from_pkcs8(der: &[u8]) -> Result<Box<Self>, pql::Error> {
        Self::boxed_from_pkcs8_der(der)
    }
    fn write_pkcs8(&self, format: PrivateKeyFormat, out: &mut [u8]) -> Result<usize, pql::Error> {
        self.write_pkcs8_der(format, out)
    }
}

impl<P: ml_dsa::ParameterSet> PrivateKeyFile for ml_dsa::SigningKey<P> {
    fn pkcs8_size(format: PrivateKeyFormat) -> usize {
        Self::pkcs8_der_size(format)
    }
    fn boxed_from_pkcs8(der: &[u8]) -> Result<Box<Self>, pql::Error> {
        Self::boxed_from_pkcs8_der(der)
    }
    fn write_pkcs8(&self, format: PrivateKeyFormat, out: &mut [u8]) -> Result<usize, pql::Error> {
        self.write_pkcs8_der(format, out)
    }
}

// ---------------------------------------------------------------------------
// The generic implementations (one per table entry; `K` is the set's key type).
// Safety contract shared by all of them: every pointer is NULL or valid for `len`
// bytes (reads for inputs, writes for outputs) for the duration of the call, every
// handle argument is NULL or a live handle of its type from this library, and every
// handle output is NULL or valid for writing a pointer.
// ---------------------------------------------------------------------------

/// A new public-key handle from a DER SubjectPublicKeyInfo.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn from_spki<K: PublicKeyFile>(
    key: *mut *mut K,
    der: *const u8,
    der_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, der) = unsafe { (HandleOut::new(key), Input::new(der, der_len)) };
    run(&[], || {
        out.check()?;
        out.set(K::boxed_from_spki(der.var()?).map_err(file_error)?)
    })
}

/// The DER SubjectPublicKeyInfo of a public-key handle.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn to_spki<K: PublicKeyFile>(
    key: *const K,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, K::SPKI_SIZE) };
    run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let key = unsafe { handle(key) }?;
        out.check()?;
        let mut der = vec![0u8; K::SPKI_SIZE];
        key.write_spki(&mut der).map_err(error_code)?;
        out.write(&der)
    })
}

/// A new private-key handle from a DER PKCS#8 private key (any form).
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn from_pkcs8<K: PrivateKeyFile>(
    key: *mut *mut K,
    der: *const u8,
    der_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, der) = unsafe { (HandleOut::new(key), Input::new(der, der_len)) };
    run_wiped(WIPE, &[], || {
        out.check()?;
        out.set(K::boxed_from_pkcs8(der.var()?).map_err(file_error)?)
    })
}

/// The DER PKCS#8 encoding of a private-key handle in the form `format`.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn to_pkcs8<K: PrivateKeyFile>(
    key: *const K,
    format_id: c_int,
    out: *mut u8,
    out_len: usize,
) -> c_int {
    let fmt = format(format_id);
    // An unknown form has no size: the whole buffer is zeroed on failure.
    let size = fmt.map_or(out_len, K::pkcs8_size);
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(out, out_len, size) };
    run_wiped(WIPE, &[&out], || {
        // SAFETY: forwarded from this function's contract.
        let key = unsafe { handle(key) }?;
        let fmt = fmt.ok_or(PQL_ERR_INVALID_ARGUMENT)?;
        out.check()?;
        let mut der = pql::Zeroizing::new(vec![0u8; size]);
        key.write_pkcs8(fmt, &mut der).map_err(error_code)?;
        out.write(&der)
    })
}

/// Per-parameter-set entry points (the tables call `name::<P>`): each forwards to the
/// generic function with the set's key type.
macro_rules! per_set {
    ($bound:path => $(
        $name:ident = $generic:ident :: < $key:ident > ( $($arg:ident : $aty:ty),* );
    )*) => {$(
        #[doc = concat!("[`", stringify!($generic), "`] for the set's `", stringify!($key), "`.")]
        ///
        /// # Safety
        /// See the contract above.
        pub(crate) unsafe fn $name<P: $bound>($($arg: $aty),*) -> c_int {
            // SAFETY: forwarded from this function's contract.
            unsafe { $generic::<$key<P>>($($arg),*) }
        }
    )*};
}

use ml_dsa::{SigningKey, VerifyingKey};
use ml_kem::{DecapsulationKey, EncapsulationKey};

per_set! { ml_kem::ParameterSet =>
    ek_from_spki = from_spki::<EncapsulationKey>(ek: *mut *mut EncapsulationKey<P>, der: *const u8, der_len: usize);
    ek_to_spki = to_spki::<EncapsulationKey>(ek: *const EncapsulationKey<P>, out: *mut u8, out_len: usize);
    dk_from_pkcs8 = from_pkcs8::<DecapsulationKey>(dk: *mut *mut DecapsulationKey<P>, der: *const u8, der_len: usize);
    dk_to_pkcs8 = to_pkcs8::<DecapsulationKey>(dk: *const DecapsulationKey<P>, format: c_int, out: *mut u8, out_len: usize);
}

per_set! { ml_dsa::ParameterSet =>
    vk_from_spki = from_spki::<VerifyingKey>(vk: *mut *mut VerifyingKey<P>, der: *const u8, der_len: usize);
    vk_to_spki = to_spki::<VerifyingKey>(vk: *const VerifyingKey<P>, out: *mut u8, out_len: usize);
    sk_from_pkcs8 = from_pkcs8::<SigningKey>(sk: *mut *mut SigningKey<P>, der: *const u8, der_len: usize);
    sk_to_pkcs8 = to_pkcs8::<SigningKey>(sk: *const SigningKey<P>, format: c_int, out: *mut u8, out_len: usize);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{PQL_ERR_WRONG_ALGORITHM, PQL_OK};
    use pql::ml_kem::{DecapsulationKey, MlKem512, MlKem768};

    #[test]
    fn format_ids() {
        assert_eq!(format(PQL_PKCS8_SEED), Some(PrivateKeyFormat::Seed));
        assert_eq!(format(PQL_PKCS8_EXPANDED), Some(PrivateKeyFormat::Expanded));
        assert_eq!(format(PQL_PKCS8_BOTH), Some(PrivateKeyFormat::Both));
        assert_eq!(format(3), None);
        assert_eq!(format(-1), None);
    }

    #[test]
    fn decoding_errors_map_to_key_file_codes() {
        let dk = DecapsulationKey::<MlKem768>::from_seed(&[1; 64]);
        let der = dk.to_pkcs8_der().unwrap();
        let mut handle: *mut DecapsulationKey<MlKem768> = core::ptr::null_mut();
        // SAFETY: valid buffers and handle output.
        let rc = unsafe {
            from_pkcs8::<DecapsulationKey<MlKem768>>(&mut handle, der.as_ptr(), der.len())
        };
        assert_eq!(rc, PQL_OK);
        // SAFETY: the handle was just made and is freed once.
        unsafe { crate::boundary::free_handle(handle) };
        let mut other: *mut DecapsulationKey<MlKem512> = core::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe {
            from_pkcs8::<DecapsulationKey<MlKem512>>(&mut other, der.as_ptr(), der.len())
        };
        assert_eq!(rc, PQL_ERR_WRONG_ALGORITHM);
        assert!(other.is_null());
        // SAFETY: as above.
        let rc = unsafe {
            from_pkcs8::<DecapsulationKey<MlKem768>>(&mut handle, der.as_ptr(), der.len() - 1)
        };
        assert_eq!(rc, PQL_ERR_KEY_ENCODING);
        assert!(handle.is_null());
    }
}
