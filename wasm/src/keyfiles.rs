//! Key files and streaming ML-DSA on the key objects of `lib.rs`.
//!
//! Key files: SubjectPublicKeyInfo (public keys) and PKCS#8 (private keys) in DER and
//! PEM (RFC 9935, RFC 9881), with the library's strict decoders (every private-key
//! form, `both` and embedded public keys checked) and encoders; PEM is the library's
//! own (RFC 7468, `PUBLIC KEY` / `PRIVATE KEY`), not JavaScript's. Keys are decoded in
//! place on the heap (`boxed_from_*`: 1.5 to 66 KiB of stack, where decoding by value
//! took up to 530 KiB). Linking those constructors in changes how the library's
//! by-value constructors, which the other exports use, are inlined: their stack use
//! grew (ML-DSA-87 key generation 184 -> 240 KiB), and `wipe_depth` grew with it.
//!
//! Streaming: a mu hasher object (`update`, `finalize`) made from a signing or
//! verifying key object, whose mu the key objects sign (`signMu`) or verify
//! (`verifyMu`); the JavaScript wrapper turns this into `signer()` / `verifier()`
//! objects.

use crate::{
    MlDsa44SigningKey, MlDsa44VerifyingKey, MlDsa65SigningKey, MlDsa65VerifyingKey,
    MlDsa87SigningKey, MlDsa87VerifyingKey, MlKem512DecapsulationKey, MlKem512EncapsulationKey,
    MlKem768DecapsulationKey, MlKem768EncapsulationKey, MlKem1024DecapsulationKey,
    MlKem1024EncapsulationKey, js_err, sign_rnd, verdict, wipe_depth, wiped,
};
use pqlattice::pkcs8::PrivateKeyFormat;
use wasm_bindgen::prelude::*;

/// The private-key form with the given number: 0 seed (the default), 1 expandedKey,
/// 2 both.
fn format(id: u8) -> Result<PrivateKeyFormat, JsError> {
    match id {
        0 => Ok(PrivateKeyFormat::Seed),
        1 => Ok(PrivateKeyFormat::Expanded),
        2 => Ok(PrivateKeyFormat::Both),
        _ => Err(JsError::new(
            "unknown PKCS#8 private-key form: expected 'seed', 'expanded' or 'both'",
        )),
    }
}

/// `from*`/`to*` key-file methods for a private-key object `$sk` (type `$ty` in the
/// library) and its public-key object `$pk` (`$pty`).
macro_rules! key_files {
    ($sk:ident, $ty:ty, $pk:ident, $pty:ty, $wipe:expr) => {
        #[wasm_bindgen]
        impl $sk {
            /// The key of a DER PKCS#8 private key (any form; checked).
            #[wasm_bindgen(js_name = fromPkcs8)]
            pub fn from_pkcs8(der: &[u8]) -> Result<$sk, JsError> {
                wiped($wipe, || {
                    Ok($sk(<$ty>::boxed_from_pkcs8_der(der).map_err(js_err)?))
                })
            }

            /// The key of a PEM (`PRIVATE KEY`) PKCS#8 private key (any form; checked).
            #[wasm_bindgen(js_name = fromPkcs8Pem)]
            pub fn from_pkcs8_pem(pem: &str) -> Result<$sk, JsError> {
                wiped($wipe, || {
                    Ok($sk(<$ty>::boxed_from_pkcs8_pem(pem).map_err(js_err)?))
                })
            }

            /// The DER PKCS#8 encoding in form `form` (0 seed, 1 expanded, 2 both).
            #[wasm_bindgen(js_name = toPkcs8)]
            pub fn to_pkcs8(&self, form: u8) -> Result<Vec<u8>, JsError> {
                wiped($wipe, || {
                    let der = self.0.to_pkcs8_der_as(format(form)?).map_err(js_err)?;
                    Ok(der.to_vec())
                })
            }

            /// The PEM PKCS#8 encoding in form `form`.
            #[wasm_bindgen(js_name = toPkcs8Pem)]
            pub fn to_pkcs8_pem(&self, form: u8) -> Result<String, JsError> {
                wiped($wipe, || {
                    let pem = self.0.to_pkcs8_pem_as(format(form)?).map_err(js_err)?;
                    Ok(String::from(pem.as_str()))
                })
            }
        }

        #[wasm_bindgen]
        impl $pk {
            /// The key of a DER SubjectPublicKeyInfo (checked).
            #[wasm_bindgen(js_name = fromSpki)]
            pub fn from_spki(der: &[u8]) -> Result<$pk, JsError> {
                Ok($pk(<$pty>::boxed_from_public_key_der(der).map_err(js_err)?))
            }

            /// The key of a PEM (`PUBLIC KEY`) SubjectPublicKeyInfo (checked).
            #[wasm_bindgen(js_name = fromSpkiPem)]
            pub fn from_spki_pem(pem: &str) -> Result<$pk, JsError> {
                Ok($pk(<$pty>::boxed_from_public_key_pem(pem).map_err(js_err)?))
            }

            /// The DER SubjectPublicKeyInfo.
            #[wasm_bindgen(js_name = toSpki)]
            pub fn to_spki(&self) -> Vec<u8> {
                self.0.to_public_key_der()
            }

            /// The PEM SubjectPublicKeyInfo.
            #[wasm_bindgen(js_name = toSpkiPem)]
            pub fn to_spki_pem(&self) -> String {
                self.0.to_public_key_pem()
            }
        }
    };
}

key_files!(
    MlKem512DecapsulationKey,
    pqlattice::ml_kem_512::DecapsulationKey,
    MlKem512EncapsulationKey,
    pqlattice::ml_kem_512::EncapsulationKey,
    wipe_depth::ML_KEM_512
);
key_files!(
    MlKem768DecapsulationKey,
    pqlattice::ml_kem_768::DecapsulationKey,
    MlKem768EncapsulationKey,
    pqlattice::ml_kem_768::EncapsulationKey,
    wipe_depth::ML_KEM_768
);
key_files!(
    MlKem1024DecapsulationKey,
    pqlattice::ml_kem_1024::DecapsulationKey,
    MlKem1024EncapsulationKey,
    pqlattice::ml_kem_1024::EncapsulationKey,
    wipe_depth::ML_KEM_1024
);
key_files!(
    MlDsa44SigningKey,
    pqlattice::ml_dsa_44::SigningKey,
    MlDsa44VerifyingKey,
    pqlattice::ml_dsa_44::VerifyingKey,
    wipe_depth::ML_DSA_44
);
key_files!(
    MlDsa65SigningKey,
    pqlattice::ml_dsa_65::SigningKey,
    MlDsa65VerifyingKey,
    pqlattice::ml_dsa_65::VerifyingKey,
    wipe_depth::ML_DSA_65
);
key_files!(
    MlDsa87SigningKey,
    pqlattice::ml_dsa_87::SigningKey,
    MlDsa87VerifyingKey,
    pqlattice::ml_dsa_87::VerifyingKey,
    wipe_depth::ML_DSA_87
);

/// An incremental hasher for the ML-DSA message representative mu (all parameter
/// sets: mu depends on the key only through tr = H(pk)).
#[wasm_bindgen]
pub struct MlDsaMuHasher(pqlattice::ml_dsa::MuHasher);

#[wasm_bindgen]
impl MlDsaMuHasher {
    /// Absorbs the next piece of the message.
    pub fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    /// mu (64 bytes) of the message absorbed so far; the hasher is left unchanged.
    pub fn finalize(&self) -> Vec<u8> {
        self.0.clone().finalize().to_vec()
    }
}

/// Streaming methods for an ML-DSA signing-key object `$sk` and verifying-key object
/// `$vk` of one parameter set.
macro_rules! streaming {
    ($sk:ident, $vk:ident, $name:literal, $m:ident) => {
        #[wasm_bindgen]
        impl $sk {
            /// A hasher for mu of a message under the context `ctx`.
            #[wasm_bindgen(js_name = muHasher)]
            pub fn mu_hasher(&self, ctx: &[u8]) -> Result<MlDsaMuHasher, JsError> {
                Ok(MlDsaMuHasher(self.0.mu_hasher(ctx).map_err(js_err)?))
            }

            /// Signs a 64-byte mu (hedged unless `deterministic` or `extra` (32 bytes of
            /// rnd)): the signature `sign` gives on the message mu was computed from.
            #[wasm_bindgen(js_name = signMu)]
            pub fn sign_mu(
                &self,
                mu: &[u8],
                extra: Option<Vec<u8>>,
                deterministic: bool,
            ) -> Result<Vec<u8>, JsError> {
                wiped(wipe_depth::ML_DSA_KEY_OBJECT_SIGN, || {
                    let mu = crate::array::<64>(concat!($name, " mu"), mu)?;
                    let rnd = sign_rnd(concat!($name, " extraEntropy"), extra, deterministic)?;
                    let sig = self.0.sign_mu_with_randomness(mu, &rnd);
                    Ok(sig.as_bytes().as_ref().to_vec())
                })
            }
        }

        #[wasm_bindgen]
        impl $vk {
            /// A hasher for mu of a message under the context `ctx`.
            #[wasm_bindgen(js_name = muHasher)]
            pub fn mu_hasher(&self, ctx: &[u8]) -> Result<MlDsaMuHasher, JsError> {
                Ok(MlDsaMuHasher(self.0.mu_hasher(ctx).map_err(js_err)?))
            }

            /// Verifies a signature against a 64-byte mu: `false` if it does not verify.
            #[wasm_bindgen(js_name = verifyMu)]
            pub fn verify_mu(&self, sig: &[u8], mu: &[u8]) -> Result<bool, JsError> {
                let mu = crate::array::<64>(concat!($name, " mu"), mu)?;
                let sig = pqlattice::$m::Signature::from_bytes(sig).map_err(js_err)?;
                verdict(self.0.verify_mu(mu, &sig))
            }
        }
    };
}

streaming!(
    MlDsa44SigningKey,
    MlDsa44VerifyingKey,
    "ML-DSA-44",
    ml_dsa_44
);
streaming!(
    MlDsa65SigningKey,
    MlDsa65VerifyingKey,
    "ML-DSA-65",
    ml_dsa_65
);
streaming!(
    MlDsa87SigningKey,
    MlDsa87VerifyingKey,
    "ML-DSA-87",
    ml_dsa_87
);
