//! WASM bindings of `pqlattice` (ML-KEM, FIPS 203; ML-DSA, FIPS 204; X-Wing and the
//! secure channel of `docs/channel.md`, in `channel.rs`).
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
//! Every export that handles a secret runs in `wiped`, which overwrites the stack it
//! used before returning (`wipe.rs`). The key-object classes at the end keep a parsed
//! key in the heap for many calls.
//!
//! The `test-hooks` feature (test builds only, never the shipped package) adds switches
//! that turn the wiping off, for the negative controls of the tests.

use pqlattice::Error;
use wasm_bindgen::prelude::*;

mod alloc;
mod channel;
mod keyfiles;
mod rng;
mod wipe;

pub use channel::*;
pub use keyfiles::MlDsaMuHasher;
pub use rng::WebRng;

/// Bytes of stack overwritten after every export that handles secrets
/// (`wipe::with_stack_wipe`), per parameter set: at least the deepest
/// stack use of any of its exports (the `stack_use_of_every_export` test checks that the
/// wiping reaches below it, and that every export stays within 64 KiB, wiping
/// included), rounded up to whole 4 KiB with a margin. Every key is built in place on
/// the heap (`boxed_from_*`), so no key is on the stack. Measured (release with the test
/// hooks, Node) and in README.md.
mod wipe_depth {
    /// Deepest: decapsulate, 17.0 KiB.
    pub const ML_KEM_512: usize = 24 * 1024;
    /// Deepest: keygen, 28.5 KiB.
    pub const ML_KEM_768: usize = 36 * 1024;
    /// Deepest: keygen, 37.3 KiB.
    pub const ML_KEM_1024: usize = 44 * 1024;
    /// Deepest: prehash sign, 35.7 KiB.
    pub const ML_DSA_44: usize = 44 * 1024;
    /// Deepest: sign, 43.1 KiB.
    pub const ML_DSA_65: usize = 52 * 1024;
    /// Deepest: prehash sign, 49.8 KiB.
    pub const ML_DSA_87: usize = 56 * 1024;
    /// The methods of ML-KEM key objects (no key parsing): every parameter set
    /// (deepest: ML-KEM-1024 encapsulate, 13.0 KiB).
    pub const ML_KEM_KEY_OBJECT: usize = 16 * 1024;
    /// `sign` of ML-DSA key objects (no key parsing): every parameter set (deepest:
    /// ML-DSA-87, 49.7 KiB).
    pub const ML_DSA_KEY_OBJECT_SIGN: usize = 56 * 1024;
}

#[cfg(feature = "test-hooks")]
static STACK_WIPE: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(true);

/// Runs `f`, the body of an export that handles secrets (seeds, secret keys, shared
/// secrets, signing randomness), then overwrites the stack it used, so that no copy the
/// compiler made of a secret stays in the module's stack region after the call.
fn wiped<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "test-hooks")]
    if !STACK_WIPE.load(core::sync::atomic::Ordering::Relaxed) {
        return wipe::with_stack_wipe(0, f);
    }
    wipe::with_stack_wipe(depth, f)
}

/// Switches for the tests (builds with the `test-hooks` feature only, never the shipped
/// package): the negative controls of the memory-search tests turn the wiping off.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub mod test_hooks {
    /// The number of stack bytes wiped after each secret-handling export of a
    /// parameter set (`"ML-KEM-768"`, ..., `"X-Wing"`) or channel class
    /// (`"ChannelIdentity"`, `"ChannelHandshake"`, `"ChannelSession"`), 0 for an
    /// unknown name.
    pub fn stack_wipe_bytes(set: &str) -> usize {
        use super::wipe_depth::*;
        match set {
            "ML-KEM-512" => ML_KEM_512,
            "ML-KEM-768" => ML_KEM_768,
            "ML-KEM-1024" => ML_KEM_1024,
            "ML-DSA-44" => ML_DSA_44,
            "ML-DSA-65" => ML_DSA_65,
            "ML-DSA-87" => ML_DSA_87,
            "X-Wing" => crate::channel::wipe_depth::XWING,
            "ChannelIdentity" => crate::channel::wipe_depth::IDENTITY,
            "ChannelHandshake" => crate::channel::wipe_depth::HANDSHAKE,
            "ChannelSession" => crate::channel::wipe_depth::SESSION,
            _ => 0,
        }
    }

    /// Stack wiping after secret-handling exports on (the default) or off.
    pub fn set_stack_wipe(on: bool) {
        super::STACK_WIPE.store(on, core::sync::atomic::Ordering::Relaxed);
    }

    /// Wiping of freed heap blocks on (the default) or off.
    pub fn set_heap_wipe(on: bool) {
        crate::alloc::set_wipe(on);
    }
}

/// Test builds only: stack wiping on or off from JavaScript (bench.mjs measures its cost).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
#[wasm_bindgen(js_name = __setStackWipe)]
pub fn set_stack_wipe_js(on: bool) {
    test_hooks::set_stack_wipe(on);
}

/// Test builds only: an empty operation followed by `bytes` of stack wiping (bench.mjs
/// measures the wiping alone with it).
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
#[wasm_bindgen(js_name = __wipeStack)]
pub fn wipe_stack_js(bytes: usize) {
    wipe::with_stack_wipe(bytes, || ());
}

/// Test builds only: the number of stack bytes wiped after each secret-handling export
/// of a parameter set.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
#[wasm_bindgen(js_name = __stackWipeBytes)]
pub fn stack_wipe_bytes_js(set: &str) -> usize {
    test_hooks::stack_wipe_bytes(set)
}

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

/// Fills `buf` from `crypto.getRandomValues` and returns it.
fn random<const N: usize>(buf: &mut [u8; N]) -> &[u8; N] {
    use rand_core::TryRng;
    let Ok(()) = WebRng.try_fill_bytes(&mut buf[..]);
    buf
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
    ($m:ident, $name:literal, $wipe:expr, $keygen:ident, $pk:ident, $encaps:ident, $decaps:ident) => {
        /// ML-KEM.KeyGen: `publicKey || secretKey`, from `seed` (64 bytes, d || z) or fresh
        /// randomness.
        #[wasm_bindgen]
        pub fn $keygen(seed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                // One key construction (from the given or a fresh seed), and only the
                // decapsulation key (it holds the encapsulation key), built in place on
                // the heap.
                let mut fresh = zeroize::Zeroizing::new([0u8; 64]);
                let seed = match &seed {
                    Some(s) => array::<64>(concat!($name, " seed"), s)?,
                    None => random(&mut fresh),
                };
                let dk = p::DecapsulationKey::boxed_from_seed(seed);
                Ok(concat(
                    dk.encapsulation_key().as_bytes().as_ref(),
                    dk.to_bytes().as_ref(),
                ))
            })
        }

        /// The encapsulation key embedded in a decapsulation key (checked).
        #[wasm_bindgen]
        pub fn $pk(secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                let dk = p::DecapsulationKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                Ok(dk.encapsulation_key().as_bytes().as_ref().to_vec())
            })
        }

        /// ML-KEM.Encaps: `cipherText || sharedSecret`; `m` (32 bytes) makes it
        /// deterministic (known-answer tests).
        #[wasm_bindgen]
        pub fn $encaps(public_key: &[u8], m: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                let ek = p::EncapsulationKey::boxed_from_bytes(public_key).map_err(js_err)?;
                // ML-KEM.Encaps draws m and runs Encaps_internal: one call site.
                let mut fresh = zeroize::Zeroizing::new([0u8; 32]);
                let m = match &m {
                    Some(m) => array::<32>(concat!($name, " encapsulation randomness m"), m)?,
                    None => random(&mut fresh),
                };
                let (ct, ss) = ek.encapsulate_deterministic(m);
                Ok(concat(ct.as_bytes().as_ref(), ss.as_bytes()))
            })
        }

        /// ML-KEM.Decaps: the shared secret.
        #[wasm_bindgen]
        pub fn $decaps(cipher_text: &[u8], secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                let ct = p::Ciphertext::from_bytes(cipher_text).map_err(js_err)?;
                let dk = p::DecapsulationKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                Ok(dk.decapsulate(&ct).as_bytes().to_vec())
            })
        }
    };
}

kem_bindings!(
    ml_kem_512,
    "ML-KEM-512",
    wipe_depth::ML_KEM_512,
    ml_kem512_keygen,
    ml_kem512_public_key,
    ml_kem512_encapsulate,
    ml_kem512_decapsulate
);
kem_bindings!(
    ml_kem_768,
    "ML-KEM-768",
    wipe_depth::ML_KEM_768,
    ml_kem768_keygen,
    ml_kem768_public_key,
    ml_kem768_encapsulate,
    ml_kem768_decapsulate
);
kem_bindings!(
    ml_kem_1024,
    "ML-KEM-1024",
    wipe_depth::ML_KEM_1024,
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
    ($m:ident, $name:literal, $wipe:expr, $keygen:ident, $pk:ident, $sign:ident, $verify:ident,
     $sign_ph:ident, $verify_ph:ident, $sign_int:ident, $verify_int:ident, $mu:ident) => {
        /// ML-DSA.KeyGen: `publicKey || secretKey`, from `seed` (32 bytes) or fresh
        /// randomness.
        #[wasm_bindgen]
        pub fn $keygen(seed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                // One key construction, from the given or a fresh seed.
                let mut fresh = zeroize::Zeroizing::new([0u8; 32]);
                let seed = match &seed {
                    Some(s) => array::<32>(concat!($name, " seed"), s)?,
                    None => random(&mut fresh),
                };
                // Straight to the two encodings, written into the returned buffer
                // (no key object; the buffer is wiped when freed, like every heap
                // block).
                let mut out = vec![0u8; p::VERIFYING_KEY_SIZE + p::SIGNING_KEY_SIZE];
                let (vk, sk) = out.split_at_mut(p::VERIFYING_KEY_SIZE);
                p::SigningKey::encodings_from_seed_into(seed, vk, sk).map_err(js_err)?;
                Ok(out)
            })
        }

        /// The verifying key of a signing key (checked).
        #[wasm_bindgen]
        pub fn $pk(secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
            wiped($wipe, || {
                use pqlattice::$m as p;
                let sk = p::SigningKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                Ok(sk.verifying_key_bytes().as_ref().to_vec())
            })
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
            wiped($wipe, || {
                use pqlattice::$m as p;
                let sk = p::SigningKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
                let sig = sk.sign_with_randomness(msg, ctx, &rnd).map_err(js_err)?;
                Ok(sig.as_bytes().as_ref().to_vec())
            })
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
            let vk = p::VerifyingKey::boxed_from_bytes(public_key).map_err(js_err)?;
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
            wiped($wipe, || {
                use pqlattice::$m as p;
                let hash = prehash_from_oid(oid)?;
                let sk = p::SigningKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
                let sig = sk
                    .sign_prehash_with_randomness(hash, digest, ctx, &rnd)
                    .map_err(js_err)?;
                Ok(sig.as_bytes().as_ref().to_vec())
            })
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
            let vk = p::VerifyingKey::boxed_from_bytes(public_key).map_err(js_err)?;
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
            wiped($wipe, || {
                use pqlattice::$m as p;
                let sk = p::SigningKey::boxed_from_bytes(secret_key).map_err(js_err)?;
                let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
                let sig = if external_mu {
                    sk.sign_mu_with_randomness(array::<64>(concat!($name, " mu"), msg)?, &rnd)
                } else {
                    sk.sign_internal(msg, &rnd)
                };
                Ok(sig.as_bytes().as_ref().to_vec())
            })
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
            let vk = p::VerifyingKey::boxed_from_bytes(public_key).map_err(js_err)?;
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
            let vk = p::VerifyingKey::boxed_from_bytes(public_key).map_err(js_err)?;
            Ok(vk.compute_mu(msg, ctx).map_err(js_err)?.to_vec())
        }
    };
}

dsa_bindings!(
    ml_dsa_44,
    "ML-DSA-44",
    wipe_depth::ML_DSA_44,
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
    wipe_depth::ML_DSA_65,
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
    wipe_depth::ML_DSA_87,
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

// ---- Key objects: a key parsed (and checked) once, used for many calls ----------------
//
// The noble-style functions above take key bytes on every call, so each call parses and
// checks its key again (for ML-DSA: unpacking s1, s2, t0 and their NTTs, expanding A).
// These classes keep the parsed key in the module's heap (boxed, so moving the object
// around never copies key material on the stack); `free()` drops it, which zeroizes the
// key, and the allocator wipes the block. wasm-bindgen's glue also frees objects that
// are garbage-collected without `free()` (FinalizationRegistry).

macro_rules! kem_key_objects {
    ($m:ident, $name:literal, $wipe:expr, $dk:ident, $ek:ident) => {
        /// An ML-KEM decapsulation key, parsed once.
        #[wasm_bindgen]
        pub struct $dk(Box<pqlattice::$m::DecapsulationKey>);

        #[wasm_bindgen]
        impl $dk {
            /// The key determined by a 64-byte seed d || z (FIPS 203 KeyGen_internal).
            #[wasm_bindgen(js_name = fromSeed)]
            pub fn from_seed(seed: &[u8]) -> Result<$dk, JsError> {
                wiped($wipe, || {
                    let seed = array::<64>(concat!($name, " seed"), seed)?;
                    Ok($dk(pqlattice::$m::DecapsulationKey::boxed_from_seed(seed)))
                })
            }

            /// The key of a decapsulation-key encoding (checked as FIPS 203 7.3 asks).
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(bytes: &[u8]) -> Result<$dk, JsError> {
                wiped($wipe, || {
                    let dk = pqlattice::$m::DecapsulationKey::boxed_from_bytes(bytes);
                    Ok($dk(dk.map_err(js_err)?))
                })
            }

            /// ML-KEM.Decaps: the shared secret.
            pub fn decapsulate(&self, cipher_text: &[u8]) -> Result<Vec<u8>, JsError> {
                wiped(wipe_depth::ML_KEM_KEY_OBJECT, || {
                    let ct = pqlattice::$m::Ciphertext::from_bytes(cipher_text).map_err(js_err)?;
                    Ok(self.0.decapsulate(&ct).as_bytes().to_vec())
                })
            }

            /// The encapsulation key's encoding.
            #[wasm_bindgen(js_name = publicKey)]
            pub fn public_key(&self) -> Vec<u8> {
                self.0.encapsulation_key().as_bytes().as_ref().to_vec()
            }

            /// The decapsulation key's encoding (secret).
            #[wasm_bindgen(js_name = toBytes)]
            pub fn to_bytes(&self) -> Vec<u8> {
                wiped(wipe_depth::ML_KEM_KEY_OBJECT, || {
                    self.0.to_bytes().as_ref().to_vec()
                })
            }
        }

        /// An ML-KEM encapsulation key, parsed (and checked) once.
        #[wasm_bindgen]
        pub struct $ek(Box<pqlattice::$m::EncapsulationKey>);

        #[wasm_bindgen]
        impl $ek {
            /// The key of an encapsulation-key encoding (checked as FIPS 203 7.2 asks).
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(bytes: &[u8]) -> Result<$ek, JsError> {
                let ek = pqlattice::$m::EncapsulationKey::boxed_from_bytes(bytes);
                Ok($ek(ek.map_err(js_err)?))
            }

            /// ML-KEM.Encaps: `cipherText || sharedSecret`; `m` (32 bytes) makes it
            /// deterministic.
            pub fn encapsulate(&self, m: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
                wiped(wipe_depth::ML_KEM_KEY_OBJECT, || {
                    let mut fresh = zeroize::Zeroizing::new([0u8; 32]);
                    let m = match &m {
                        Some(m) => array::<32>(concat!($name, " encapsulation randomness m"), m)?,
                        None => random(&mut fresh),
                    };
                    let (ct, ss) = self.0.encapsulate_deterministic(m);
                    Ok(concat(ct.as_bytes().as_ref(), ss.as_bytes()))
                })
            }

            /// The key's encoding.
            #[wasm_bindgen(js_name = toBytes)]
            pub fn to_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().as_ref().to_vec()
            }
        }
    };
}

kem_key_objects!(
    ml_kem_512,
    "ML-KEM-512",
    wipe_depth::ML_KEM_512,
    MlKem512DecapsulationKey,
    MlKem512EncapsulationKey
);
kem_key_objects!(
    ml_kem_768,
    "ML-KEM-768",
    wipe_depth::ML_KEM_768,
    MlKem768DecapsulationKey,
    MlKem768EncapsulationKey
);
kem_key_objects!(
    ml_kem_1024,
    "ML-KEM-1024",
    wipe_depth::ML_KEM_1024,
    MlKem1024DecapsulationKey,
    MlKem1024EncapsulationKey
);

macro_rules! dsa_key_objects {
    ($m:ident, $name:literal, $wipe:expr, $sk:ident, $vk:ident) => {
        /// An ML-DSA signing key, parsed once.
        #[wasm_bindgen]
        pub struct $sk(Box<pqlattice::$m::SigningKey>);

        #[wasm_bindgen]
        impl $sk {
            /// The key determined by a 32-byte seed xi (FIPS 204 ML-DSA.KeyGen_internal).
            #[wasm_bindgen(js_name = fromSeed)]
            pub fn from_seed(seed: &[u8]) -> Result<$sk, JsError> {
                wiped($wipe, || {
                    let seed = array::<32>(concat!($name, " seed"), seed)?;
                    Ok($sk(pqlattice::$m::SigningKey::boxed_from_seed(seed)))
                })
            }

            /// The key of a signing-key encoding (coefficient ranges checked).
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(bytes: &[u8]) -> Result<$sk, JsError> {
                wiped($wipe, || {
                    let sk = pqlattice::$m::SigningKey::boxed_from_bytes(bytes);
                    Ok($sk(sk.map_err(js_err)?))
                })
            }

            /// ML-DSA.Sign (hedged unless `deterministic` or `extra` (32 bytes of rnd)).
            pub fn sign(
                &self,
                msg: &[u8],
                ctx: &[u8],
                extra: Option<Vec<u8>>,
                deterministic: bool,
            ) -> Result<Vec<u8>, JsError> {
                wiped(wipe_depth::ML_DSA_KEY_OBJECT_SIGN, || {
                    let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
                    let sig = self
                        .0
                        .sign_with_randomness(msg, ctx, &rnd)
                        .map_err(js_err)?;
                    Ok(sig.as_bytes().as_ref().to_vec())
                })
            }

            /// The verifying key's encoding.
            #[wasm_bindgen(js_name = publicKey)]
            pub fn public_key(&self) -> Vec<u8> {
                self.0.verifying_key_bytes().as_ref().to_vec()
            }

            /// The signing key's encoding (secret).
            #[wasm_bindgen(js_name = toBytes)]
            pub fn to_bytes(&self) -> Vec<u8> {
                wiped($wipe, || self.0.to_bytes().as_ref().to_vec())
            }
        }

        /// An ML-DSA verifying key, parsed once.
        #[wasm_bindgen]
        pub struct $vk(Box<pqlattice::$m::VerifyingKey>);

        #[wasm_bindgen]
        impl $vk {
            /// The key of a verifying-key encoding.
            #[wasm_bindgen(js_name = fromBytes)]
            pub fn from_bytes(bytes: &[u8]) -> Result<$vk, JsError> {
                let vk = pqlattice::$m::VerifyingKey::boxed_from_bytes(bytes);
                Ok($vk(vk.map_err(js_err)?))
            }

            /// ML-DSA.Verify: `false` for a signature that does not verify.
            pub fn verify(&self, sig: &[u8], msg: &[u8], ctx: &[u8]) -> Result<bool, JsError> {
                let sig = pqlattice::$m::Signature::from_bytes(sig).map_err(js_err)?;
                verdict(self.0.verify(msg, ctx, &sig))
            }

            /// The key's encoding.
            #[wasm_bindgen(js_name = toBytes)]
            pub fn to_bytes(&self) -> Vec<u8> {
                self.0.as_bytes().as_ref().to_vec()
            }
        }
    };
}

dsa_key_objects!(
    ml_dsa_44,
    "ML-DSA-44",
    wipe_depth::ML_DSA_44,
    MlDsa44SigningKey,
    MlDsa44VerifyingKey
);
dsa_key_objects!(
    ml_dsa_65,
    "ML-DSA-65",
    wipe_depth::ML_DSA_65,
    MlDsa65SigningKey,
    MlDsa65VerifyingKey
);
dsa_key_objects!(
    ml_dsa_87,
    "ML-DSA-87",
    wipe_depth::ML_DSA_87,
    MlDsa87SigningKey,
    MlDsa87VerifyingKey
);
