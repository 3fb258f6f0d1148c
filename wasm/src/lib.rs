//! WASM bindings of `pqlattice` (ML-KEM, FIPS 203; ML-DSA, FIPS 204).
//!
//! This crate holds no cryptography: every function parses its byte arguments with the
//! library's own checked constructors, calls the library, and hands the bytes back. The
//! JavaScript surface users see is the ESM wrapper in `pkg-src/index.js`, which gives
//! these flat exports the shape of `@noble/post-quantum`.
//!
//! Rules kept here so that no user input can reach a wasm trap (the target aborts on
//! panic):
//! - every length is checked (by the library or by `array` below) before any
//!   conversion to a fixed-size array; no `unwrap`, `expect`, indexing or slicing by
//!   a user-controlled length;
//! - errors become JS `Error`s with the library's message (its `Display` text).
//!
//! Secrets: the global allocator below wipes every heap block when it is freed, which
//! covers the copies wasm-bindgen makes of `Uint8Array` arguments and results (secret
//! keys, seeds, shared secrets). Key objects of the library zeroize themselves on drop.

use pqlattice::Error;
use wasm_bindgen::prelude::*;

mod alloc;
mod rng;

pub use rng::WebRng;

/// A JS `Error` carrying the library's message for `e` (its `Display` text).
fn js_err(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

/// `bytes` as a `&[u8; N]`, or the library's length error naming `what`.
fn array<'a, const N: usize>(what: &'static str, bytes: &'a [u8]) -> Result<&'a [u8; N], JsError> {
    <&[u8; N]>::try_from(bytes).map_err(|_| {
        js_err(Error::InvalidLength {
            what,
            expected: N,
            actual: bytes.len(),
        })
    })
}

fn concat(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(a.len() + b.len());
    v.extend_from_slice(a);
    v.extend_from_slice(b);
    v
}

/// The HashML-DSA hash function whose 11-byte DER OID is `oid`.
fn prehash_from_oid(oid: &[u8]) -> Result<pqlattice::ml_dsa::PreHash, JsError> {
    pqlattice::ml_dsa::PreHash::ALL
        .into_iter()
        .find(|h| h.oid().as_slice() == oid)
        .ok_or_else(|| {
            JsError::new("unsupported pre-hash function: its OID is not one of the 12 hashes of FIPS 204 section 5.4")
        })
}

/// The 32 signing randomness bytes: `extra` if given (checked length), zero when
/// `deterministic`, otherwise fresh from `crypto.getRandomValues`.
fn sign_rnd(
    what: &'static str,
    extra: Option<Vec<u8>>,
    deterministic: bool,
) -> Result<zeroize::Zeroizing<[u8; 32]>, JsError> {
    let mut rnd = zeroize::Zeroizing::new([0u8; 32]);
    match extra {
        Some(e) => rnd.copy_from_slice(array::<32>(what, &e)?),
        None if deterministic => {}
        None => {
            use rand_core::TryRng;
            let Ok(()) = WebRng.try_fill_bytes(&mut rnd[..]);
        }
    }
    Ok(rnd)
}

macro_rules! kem_bindings {
    ($m:ident, $name:literal, $keygen:ident, $pk:ident, $encaps:ident, $decaps:ident) => {
        /// ML-KEM.KeyGen: `publicKey || secretKey`, from `seed` (64 bytes, d || z) or fresh
        /// randomness.
        #[wasm_bindgen]
        pub fn $keygen(seed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let (ek, dk) = match seed {
                Some(s) => p::generate_from_seed(array::<64>(concat!($name, " seed"), &s)?),
                None => p::generate(&mut WebRng),
            };
            Ok(concat(ek.as_bytes().as_ref(), dk.to_bytes().as_ref()))
        }

        /// The encapsulation key embedded in a decapsulation key (checked).
        #[wasm_bindgen]
        pub fn $pk(secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let dk = p::DecapsulationKey::from_bytes(secret_key).map_err(js_err)?;
            Ok(dk.encapsulation_key().as_bytes().as_ref().to_vec())
        }

        /// ML-KEM.Encaps: `cipherText || sharedSecret`; `m` (32 bytes) makes it
        /// deterministic (known-answer tests).
        #[wasm_bindgen]
        pub fn $encaps(public_key: &[u8], m: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let ek = p::EncapsulationKey::from_bytes(public_key).map_err(js_err)?;
            let (ct, ss) = match m {
                Some(m) => ek.encapsulate_deterministic(array::<32>(
                    concat!($name, " encapsulation randomness m"),
                    &m,
                )?),
                None => ek.encapsulate(&mut WebRng),
            };
            Ok(concat(ct.as_bytes().as_ref(), ss.as_bytes()))
        }

        /// ML-KEM.Decaps: the shared secret.
        #[wasm_bindgen]
        pub fn $decaps(cipher_text: &[u8], secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let ct = p::Ciphertext::from_bytes(cipher_text).map_err(js_err)?;
            let dk = p::DecapsulationKey::from_bytes(secret_key).map_err(js_err)?;
            Ok(dk.decapsulate(&ct).as_bytes().to_vec())
        }
    };
}

kem_bindings!(
    ml_kem_512,
    "ML-KEM-512",
    ml_kem512_keygen,
    ml_kem512_public_key,
    ml_kem512_encapsulate,
    ml_kem512_decapsulate
);
kem_bindings!(
    ml_kem_768,
    "ML-KEM-768",
    ml_kem768_keygen,
    ml_kem768_public_key,
    ml_kem768_encapsulate,
    ml_kem768_decapsulate
);
kem_bindings!(
    ml_kem_1024,
    "ML-KEM-1024",
    ml_kem1024_keygen,
    ml_kem1024_public_key,
    ml_kem1024_encapsulate,
    ml_kem1024_decapsulate
);

/// `Ok(true)` / `Ok(false)` for a signature that does / does not verify; other errors
/// (wrong lengths, context too long) stay errors.
fn verdict(r: Result<(), Error>) -> Result<bool, JsError> {
    match r {
        Ok(()) => Ok(true),
        Err(Error::InvalidSignature) => Ok(false),
        Err(e) => Err(js_err(e)),
    }
}

macro_rules! dsa_bindings {
    ($m:ident, $name:literal, $keygen:ident, $pk:ident, $sign:ident, $verify:ident,
     $sign_ph:ident, $verify_ph:ident, $sign_int:ident, $verify_int:ident, $mu:ident) => {
        /// ML-DSA.KeyGen: `publicKey || secretKey`, from `seed` (32 bytes) or fresh
        /// randomness.
        #[wasm_bindgen]
        pub fn $keygen(seed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let (vk, sk) = match seed {
                Some(s) => p::generate_from_seed(array::<32>(concat!($name, " seed"), &s)?),
                None => p::generate(&mut WebRng),
            };
            Ok(concat(vk.as_bytes().as_ref(), sk.to_bytes().as_ref()))
        }

        /// The verifying key of a signing key (checked).
        #[wasm_bindgen]
        pub fn $pk(secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let sk = p::SigningKey::from_bytes(secret_key).map_err(js_err)?;
            Ok(sk.verifying_key().as_bytes().as_ref().to_vec())
        }

        /// ML-DSA.Sign (hedged unless `deterministic` or `extra` (32 bytes of rnd)).
        #[wasm_bindgen]
        pub fn $sign(
            msg: &[u8],
            secret_key: &[u8],
            ctx: &[u8],
            extra: Option<Vec<u8>>,
            deterministic: bool,
        ) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let sk = p::SigningKey::from_bytes(secret_key).map_err(js_err)?;
            let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
            let sig = sk.sign_with_randomness(msg, ctx, &rnd).map_err(js_err)?;
            Ok(sig.as_bytes().as_ref().to_vec())
        }

        /// ML-DSA.Verify: `false` for a signature that does not verify.
        #[wasm_bindgen]
        pub fn $verify(
            sig: &[u8],
            msg: &[u8],
            public_key: &[u8],
            ctx: &[u8],
        ) -> Result<bool, JsError> {
            use pqlattice::$m as p;
            let vk = p::VerifyingKey::from_bytes(public_key).map_err(js_err)?;
            let sig = p::Signature::from_bytes(sig).map_err(js_err)?;
            verdict(vk.verify(msg, ctx, &sig))
        }

        /// HashML-DSA.Sign of a digest made with the hash whose DER OID is `oid`.
        #[wasm_bindgen]
        pub fn $sign_ph(
            oid: &[u8],
            digest: &[u8],
            secret_key: &[u8],
            ctx: &[u8],
            extra: Option<Vec<u8>>,
            deterministic: bool,
        ) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let hash = prehash_from_oid(oid)?;
            let sk = p::SigningKey::from_bytes(secret_key).map_err(js_err)?;
            let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
            let sig = sk
                .sign_prehash_with_randomness(hash, digest, ctx, &rnd)
                .map_err(js_err)?;
            Ok(sig.as_bytes().as_ref().to_vec())
        }

        /// HashML-DSA.Verify of a digest made with the hash whose DER OID is `oid`.
        #[wasm_bindgen]
        pub fn $verify_ph(
            oid: &[u8],
            sig: &[u8],
            digest: &[u8],
            public_key: &[u8],
            ctx: &[u8],
        ) -> Result<bool, JsError> {
            use pqlattice::$m as p;
            let hash = prehash_from_oid(oid)?;
            let vk = p::VerifyingKey::from_bytes(public_key).map_err(js_err)?;
            let sig = p::Signature::from_bytes(sig).map_err(js_err)?;
            verdict(vk.verify_prehash(hash, digest, ctx, &sig))
        }

        /// Sign_internal on M' (`external_mu == false`) or on a 64-byte mu.
        #[wasm_bindgen]
        pub fn $sign_int(
            msg: &[u8],
            secret_key: &[u8],
            external_mu: bool,
            extra: Option<Vec<u8>>,
            deterministic: bool,
        ) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let sk = p::SigningKey::from_bytes(secret_key).map_err(js_err)?;
            let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
            let sig = if external_mu {
                sk.sign_mu_with_randomness(array::<64>(concat!($name, " mu"), msg)?, &rnd)
            } else {
                sk.sign_internal(msg, &rnd)
            };
            Ok(sig.as_bytes().as_ref().to_vec())
        }

        /// Verify_internal on M' (`external_mu == false`) or on a 64-byte mu.
        #[wasm_bindgen]
        pub fn $verify_int(
            sig: &[u8],
            msg: &[u8],
            public_key: &[u8],
            external_mu: bool,
        ) -> Result<bool, JsError> {
            use pqlattice::$m as p;
            let vk = p::VerifyingKey::from_bytes(public_key).map_err(js_err)?;
            let sig = p::Signature::from_bytes(sig).map_err(js_err)?;
            if external_mu {
                verdict(vk.verify_mu(array::<64>(concat!($name, " mu"), msg)?, &sig))
            } else {
                Ok(vk.verify_internal(msg, &sig))
            }
        }

        /// mu = H(H(pk) || 0 || |ctx| || ctx || msg, 64), for the external-mu entry points.
        #[wasm_bindgen]
        pub fn $mu(public_key: &[u8], msg: &[u8], ctx: &[u8]) -> Result<Vec<u8>, JsError> {
            use pqlattice::$m as p;
            let vk = p::VerifyingKey::from_bytes(public_key).map_err(js_err)?;
            Ok(vk.compute_mu(msg, ctx).map_err(js_err)?.to_vec())
        }
    };
}

dsa_bindings!(
    ml_dsa_44,
    "ML-DSA-44",
    ml_dsa44_keygen,
    ml_dsa44_public_key,
    ml_dsa44_sign,
    ml_dsa44_verify,
    ml_dsa44_sign_prehash,
    ml_dsa44_verify_prehash,
    ml_dsa44_sign_internal,
    ml_dsa44_verify_internal,
    ml_dsa44_compute_mu
);
dsa_bindings!(
    ml_dsa_65,
    "ML-DSA-65",
    ml_dsa65_keygen,
    ml_dsa65_public_key,
    ml_dsa65_sign,
    ml_dsa65_verify,
    ml_dsa65_sign_prehash,
    ml_dsa65_verify_prehash,
    ml_dsa65_sign_internal,
    ml_dsa65_verify_internal,
    ml_dsa65_compute_mu
);
dsa_bindings!(
    ml_dsa_87,
    "ML-DSA-87",
    ml_dsa87_keygen,
    ml_dsa87_public_key,
    ml_dsa87_sign,
    ml_dsa87_verify,
    ml_dsa87_sign_prehash,
    ml_dsa87_verify_prehash,
    ml_dsa87_sign_internal,
    ml_dsa87_verify_internal,
    ml_dsa87_compute_mu
);

/// Whether the module can allocate `bytes` bytes now (growing its memory if needed).
///
/// The JS wrapper calls this before handing large arguments to the generated glue,
/// whose allocator aborts (a wasm trap) when memory cannot grow: with this check, a
/// size the module cannot hold becomes a JS `Error` instead. The block is released at
/// once; the allocator keeps the memory, so the glue's allocations that follow fit.
#[doc(hidden)]
#[wasm_bindgen(js_name = __reserve)]
pub fn reserve(bytes: usize) -> bool {
    Vec::<u8>::new().try_reserve_exact(bytes).is_ok()
}

/// The arithmetic backend that operations use now (`pqlattice::backend::active`):
/// `"wasm-simd128"` in this package's builds (compiled with `+simd128`), `"portable"`
/// when forced.
#[wasm_bindgen(js_name = activeBackend)]
pub fn active_backend() -> String {
    pqlattice::backend::active().name().into()
}

/// Makes every later operation use the backend `name` (`"portable"` or
/// `"wasm-simd128"`, as `pqlattice::backend::force`); returns false, changing
/// nothing, if this build cannot run it. Both give identical results; this exists
/// for testing and benchmarking.
#[wasm_bindgen(js_name = forceBackend)]
pub fn force_backend(name: &str) -> bool {
    pqlattice::backend::Backend::from_name(name)
        .is_some_and(|b| pqlattice::backend::force(b).is_ok())
}
