//! Tests shared by `node.rs` (run in Node) and `web.rs` (run in headless Chromium).

mod memory;

use pqlattice_wasm::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(
    inline_js = "export function err_message(e) { return e instanceof Error ? e.message : 'not an Error'; }"
)]
extern "C" {
    fn err_message(e: &JsValue) -> String;
}

/// The JS `Error` message of a failed call.
fn fails<T: core::fmt::Debug>(r: Result<T, JsError>) -> String {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => err_message(&JsValue::from(e)),
    }
}

#[wasm_bindgen_test]
fn kem_round_trips_all_sets() {
    let sets: [(
        fn(Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
        fn(&[u8], Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
        fn(&[u8], &[u8]) -> Result<Vec<u8>, JsError>,
        fn(&[u8]) -> Result<Vec<u8>, JsError>,
        usize,
        usize,
        usize,
    ); 3] = [
        (
            ml_kem512_keygen,
            ml_kem512_encapsulate,
            ml_kem512_decapsulate,
            ml_kem512_public_key,
            800,
            1632,
            768,
        ),
        (
            ml_kem768_keygen,
            ml_kem768_encapsulate,
            ml_kem768_decapsulate,
            ml_kem768_public_key,
            1184,
            2400,
            1088,
        ),
        (
            ml_kem1024_keygen,
            ml_kem1024_encapsulate,
            ml_kem1024_decapsulate,
            ml_kem1024_public_key,
            1568,
            3168,
            1568,
        ),
    ];
    for (keygen, encaps, decaps, public_key, pk_len, sk_len, ct_len) in sets {
        let kp = keygen(None).unwrap();
        assert_eq!(kp.len(), pk_len + sk_len);
        let (pk, sk) = kp.split_at(pk_len);
        assert_eq!(public_key(sk).unwrap(), pk);
        let out = encaps(pk, None).unwrap();
        assert_eq!(out.len(), ct_len + 32);
        let (ct, ss) = out.split_at(ct_len);
        assert_eq!(decaps(ct, sk).unwrap(), ss);
        // A different ciphertext gives a different (implicit-rejection) secret.
        let mut bad = ct.to_vec();
        bad[0] ^= 1;
        assert_ne!(decaps(&bad, sk).unwrap(), ss);
        // Two fresh key pairs differ (the Web Crypto rng is really used).
        assert_ne!(keygen(None).unwrap(), kp);
        // A seed determines the key pair.
        assert_eq!(
            keygen(Some(vec![7; 64])).unwrap(),
            keygen(Some(vec![7; 64])).unwrap()
        );
    }
}

#[wasm_bindgen_test]
fn dsa_round_trips_all_sets() {
    type Sign = fn(&[u8], &[u8], &[u8], Option<Vec<u8>>, bool) -> Result<Vec<u8>, JsError>;
    type Verify = fn(&[u8], &[u8], &[u8], &[u8]) -> Result<bool, JsError>;
    let sets: [(
        fn(Option<Vec<u8>>) -> Result<Vec<u8>, JsError>,
        Sign,
        Verify,
        usize,
        usize,
    ); 3] = [
        (ml_dsa44_keygen, ml_dsa44_sign, ml_dsa44_verify, 1312, 2420),
        (ml_dsa65_keygen, ml_dsa65_sign, ml_dsa65_verify, 1952, 3309),
        (ml_dsa87_keygen, ml_dsa87_sign, ml_dsa87_verify, 2592, 4627),
    ];
    for (keygen, sign, verify, pk_len, sig_len) in sets {
        let kp = keygen(None).unwrap();
        let (pk, sk) = kp.split_at(pk_len);
        let sig = sign(b"msg", sk, b"ctx", None, false).unwrap();
        assert_eq!(sig.len(), sig_len);
        assert!(verify(&sig, b"msg", pk, b"ctx").unwrap());
        assert!(!verify(&sig, b"msh", pk, b"ctx").unwrap());
        assert!(!verify(&sig, b"msg", pk, b"cty").unwrap());
        // Hedged signatures differ; deterministic ones repeat.
        assert_ne!(sign(b"msg", sk, b"ctx", None, false).unwrap(), sig);
        assert_eq!(
            sign(b"m", sk, b"", None, true).unwrap(),
            sign(b"m", sk, b"", Some(vec![0; 32]), false).unwrap()
        );
    }
}

#[wasm_bindgen_test]
fn dsa_prehash_and_external_mu() {
    let kp = ml_dsa65_keygen(Some(vec![1; 32])).unwrap();
    let (pk, sk) = kp.split_at(1952);
    let sha512_oid = [
        0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03,
    ];
    let digest = [9u8; 64];
    let sig = ml_dsa65_sign_prehash(&sha512_oid, &digest, sk, b"c", None, false).unwrap();
    assert!(ml_dsa65_verify_prehash(&sha512_oid, &sig, &digest, pk, b"c").unwrap());
    assert!(!ml_dsa65_verify(&sig, &digest, pk, b"c").unwrap());
    let msg = fails(ml_dsa65_sign_prehash(
        &sha512_oid,
        &digest[..32],
        sk,
        b"",
        None,
        false,
    ));
    assert_eq!(msg, "pre-hash digest for SHA2-512 must be 64 bytes, got 32");
    let mut unknown = sha512_oid;
    unknown[10] = 0x0d;
    assert!(
        fails(ml_dsa65_sign_prehash(
            &unknown, &digest, sk, b"", None, false
        ))
        .contains("unsupported pre-hash")
    );

    let mu = ml_dsa65_compute_mu(pk, b"hello", b"ctx").unwrap();
    let sig = ml_dsa65_sign_internal(&mu, sk, true, None, false).unwrap();
    assert!(ml_dsa65_verify_internal(&sig, &mu, pk, true).unwrap());
    assert!(ml_dsa65_verify(&sig, b"hello", pk, b"ctx").unwrap());
    assert_eq!(
        fails(ml_dsa65_sign_internal(&mu[..63], sk, true, None, false)),
        "ML-DSA-65 mu: expected 64 bytes, got 63"
    );
}

#[wasm_bindgen_test]
fn bad_inputs_are_errors_with_the_library_message() {
    assert_eq!(
        fails(ml_kem768_keygen(Some(vec![0; 63]))),
        "ML-KEM-768 seed: expected 64 bytes, got 63"
    );
    assert_eq!(
        fails(ml_dsa44_keygen(Some(vec![0; 33]))),
        "ML-DSA-44 seed: expected 32 bytes, got 33"
    );
    let msg = fails(ml_kem512_encapsulate(&[0; 799], None));
    assert!(msg.contains("expected 800 bytes, got 799"), "{msg}");
    // An encapsulation key whose first coefficient is 4095 >= q.
    let kp = ml_kem768_keygen(None).unwrap();
    let mut ek = kp[..1184].to_vec();
    ek[0] = 0xff;
    ek[1] |= 0x0f;
    // The text is the library's `Display`.
    assert_eq!(
        fails(ml_kem768_encapsulate(&ek, None)),
        pqlattice::Error::EncapsulationKeyCheck.to_string()
    );
    // A decapsulation key with a corrupted H(ek).
    let mut dk = kp[1184..].to_vec();
    dk[2400 - 64] ^= 1;
    assert!(
        fails(ml_kem768_decapsulate(&[0; 1088], &dk)).contains("decapsulation key check failed")
    );
    assert!(
        fails(ml_kem768_encapsulate(&kp[..1184], Some(vec![0; 31])))
            .contains("expected 32 bytes, got 31")
    );
    // Context over 255 bytes, in signing and verifying.
    let kp = ml_dsa87_keygen(None).unwrap();
    let (pk, sk) = kp.split_at(2592);
    let long = [0u8; 256];
    assert_eq!(
        fails(ml_dsa87_sign(b"m", sk, &long, None, false)),
        "context string too long: 256 bytes, at most 255 allowed"
    );
    assert!(
        fails(ml_dsa87_verify(&[0; 4627], b"m", pk, &long)).contains("context string too long")
    );
    assert!(
        fails(ml_dsa87_verify(&[0; 4626], b"m", pk, b"")).contains("expected 4627 bytes, got 4626")
    );
    assert!(
        fails(ml_dsa87_sign(b"m", sk, b"", Some(vec![0; 5]), false))
            .contains("extraEntropy: expected 32 bytes, got 5")
    );
    assert!(fails(ml_dsa87_sign(b"m", &sk[1..], b"", None, false)).contains("expected 4896 bytes"));
    // Empty inputs everywhere.
    assert!(ml_kem1024_decapsulate(&[], &[]).is_err());
    assert!(ml_dsa44_verify(&[], &[], &[], &[]).is_err());
    assert!(ml_dsa44_public_key(&[]).is_err());
}

#[wasm_bindgen_test]
fn web_rng_fills_large_buffers() {
    use rand_core::TryRng;
    let mut a = vec![0u8; 70_000]; // more than one getRandomValues call
    let Ok(()) = WebRng.try_fill_bytes(&mut a);
    let zeros = a.iter().filter(|&&b| b == 0).count();
    assert!(zeros < 1_000, "{zeros} zero bytes");
    assert!(a[65_536..].iter().any(|&b| b != 0));
    let (Ok(x), Ok(y)) = (WebRng.try_next_u64(), WebRng.try_next_u64());
    assert_ne!(x, y);
}

#[cfg(target_feature = "simd128")]
#[wasm_bindgen_test]
fn simd128_backend_is_the_default() {
    assert_eq!(
        pqlattice::backend::active(),
        pqlattice::backend::Backend::WasmSimd128
    );
    assert_eq!(active_backend(), "wasm-simd128");
}

/// The crate's one differential kernel harness (every ML-KEM and ML-DSA kernel and
/// the 4-way Keccak of the SIMD128 backend against the portable ones, with its
/// negative control), as `tests/kernels.rs` runs it natively.
#[cfg(target_feature = "simd128")]
#[wasm_bindgen_test]
fn simd128_kernels_equal_portable() {
    let backend = pqlattice::backend::Backend::WasmSimd128;
    assert!(pqlattice::testing::kernels::check_backend(backend, 300) > 10_000);
}

/// Whole operations give the same bytes under both backends, and keys made under one
/// work under the other (keys cache NTT-domain values).
#[cfg(target_feature = "simd128")]
#[wasm_bindgen_test]
fn backends_agree_on_every_operation() {
    let run = |backend: &str| {
        assert!(force_backend(backend));
        let mut out = Vec::new();
        for i in 0..3u8 {
            let kp = ml_kem768_keygen(Some(vec![i; 64])).unwrap();
            let (pk, sk) = kp.split_at(1184);
            let ct = ml_kem768_encapsulate(pk, Some(vec![i ^ 0x5a; 32])).unwrap();
            out.extend_from_slice(&kp);
            out.extend_from_slice(&ct);
            out.extend(ml_kem768_decapsulate(&ct[..1088], sk).unwrap());
            let mut bad = ct[..1088].to_vec();
            bad[i as usize] ^= 1; // implicit rejection path
            out.extend(ml_kem768_decapsulate(&bad, sk).unwrap());
            let kp = ml_dsa65_keygen(Some(vec![i; 32])).unwrap();
            let (pk, sk) = kp.split_at(1952);
            let sig = ml_dsa65_sign(&[i; 40], sk, b"ctx", None, true).unwrap();
            assert!(ml_dsa65_verify(&sig, &[i; 40], pk, b"ctx").unwrap());
            out.extend_from_slice(&kp);
            out.extend_from_slice(&sig);
        }
        out
    };
    let simd = run("wasm-simd128");
    let portable = run("portable");
    assert!(force_backend("wasm-simd128"));
    assert!(simd == portable, "backends disagree");
    assert!(!force_backend("avx2"));
    assert!(!force_backend("no-such-backend"));
    assert_eq!(active_backend(), "wasm-simd128");
}
