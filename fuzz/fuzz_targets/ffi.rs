//! The C API (libpqlattice.so, built by scripts/fuzz.sh before this target) with
//! fuzzer-chosen buffers, lengths and null pointers. Checks: every call returns a
//! known status; a failed call leaves its outputs zeroed; a successful call agrees
//! with the Rust API; wrong lengths and null pointers are always rejected; the key-file
//! decoders (PKCS#8, SPKI) give the status the Rust decoder's result maps to.
#![no_main]

use core::ffi::c_int;
use libfuzzer_sys::fuzz_target;

const PQL_OK: c_int = 0;
const PQL_ERR_NULL_POINTER: c_int = -1;
const PQL_ERR_INVALID_LENGTH: c_int = -2;
const PQL_ERR_KEY_ENCODING: c_int = -36;
const PQL_ERR_WRONG_ALGORITHM: c_int = -37;

/// The opaque handles of the key-file calls.
#[repr(C)]
struct Opaque {
    _private: [u8; 0],
}

unsafe extern "C" {
    fn pql_ml_kem_768_decapsulate(
        ss: *mut u8,
        ss_len: usize,
        ct: *const u8,
        ct_len: usize,
        dk: *const u8,
        dk_len: usize,
    ) -> c_int;
    fn pql_ml_kem_768_check_encapsulation_key(ek: *const u8, ek_len: usize) -> c_int;
    fn pql_ml_dsa_44_verify(
        sig: *const u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
        vk: *const u8,
        vk_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_sign_deterministic(
        sig: *mut u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
        sk: *const u8,
        sk_len: usize,
    ) -> c_int;
    fn pql_error_string(code: c_int) -> *const core::ffi::c_char;
    fn pql_ml_kem_768_dk_from_pkcs8(dk: *mut *mut Opaque, der: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_dk_free(dk: *mut Opaque);
    fn pql_ml_kem_768_ek_from_spki(ek: *mut *mut Opaque, der: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_ek_free(ek: *mut Opaque);
    fn pql_ml_dsa_44_sk_from_pkcs8(sk: *mut *mut Opaque, der: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_free(sk: *mut Opaque);
    fn pql_ml_dsa_44_vk_from_spki(vk: *mut *mut Opaque, der: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_vk_free(vk: *mut Opaque);
}

type Decode = unsafe extern "C" fn(*mut *mut Opaque, *const u8, usize) -> c_int;
type Free = unsafe extern "C" fn(*mut Opaque);

/// A C key-file decoder on `der`: its status must be the one the Rust decoder's
/// result maps to, and the handle NULL exactly when it fails.
fn c_decoder(decode: Decode, free: Free, der: &[u8], rust: Result<(), pqlattice::Error>) {
    let mut h: *mut Opaque = core::ptr::NonNull::dangling().as_ptr();
    // SAFETY: `der` is valid for its length; `h` is a valid handle output.
    let rc = unsafe { decode(&mut h, der.as_ptr(), der.len()) };
    assert!(known(rc), "unknown status {rc}");
    match rust {
        Ok(()) => {
            assert_eq!(rc, PQL_OK);
            assert!(!h.is_null());
            // SAFETY: a live handle from the decoder, freed once.
            unsafe { free(h) };
        }
        Err(e) => {
            assert!(h.is_null());
            let wrong_alg = matches!(
                e,
                pqlattice::Error::KeyEncoding {
                    problem: pqlattice::pkcs8::EncodingProblem::WrongAlgorithm,
                    ..
                }
            );
            if wrong_alg {
                assert_eq!(rc, PQL_ERR_WRONG_ALGORITHM);
            } else if matches!(e, pqlattice::Error::KeyEncoding { .. }) {
                assert_eq!(rc, PQL_ERR_KEY_ENCODING);
            } else {
                assert!(rc < 0);
            }
        }
    }
}


use pqlattice::{ml_dsa_44, ml_kem_768};

/// Picks a length near `exact` (often exact) from a fuzz byte.
fn pick_len(b: u8, exact: usize) -> usize {
    match b % 8 {
        0..=4 => exact,
        5 => exact.saturating_sub(1),
        6 => exact + 1,
        _ => b as usize,
    }
}

/// A pointer to `buf`, or null when the fuzz byte says so.
fn ptr(buf: &[u8], b: u8) -> *const u8 {
    if b % 16 == 15 { core::ptr::null() } else { buf.as_ptr() }
}

fn known(rc: c_int) -> bool {
    // SAFETY: pql_error_string accepts any int and returns a static C string.
    let s = unsafe { core::ffi::CStr::from_ptr(pql_error_string(rc)) };
    (PQL_ERR_WRONG_ALGORITHM..=0).contains(&rc) && !s.to_bytes().is_empty()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 40 {
        return;
    }
    // Key files through C (any bytes; and after a seed-form PKCS#8 header of the
    // set): the status agrees with the Rust decoder.
    let mut with_header = vec![
        0x30, 0x54, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
        0x04, 0x04, 0x02,
    ];
    with_header.extend_from_slice(&data[40..]);
    for der in [data, &with_header[..]] {
        let ok = |r: Result<(), pqlattice::Error>| r;
        c_decoder(
            pql_ml_kem_768_dk_from_pkcs8,
            pql_ml_kem_768_dk_free,
            der,
            ok(ml_kem_768::DecapsulationKey::boxed_from_pkcs8_der(der).map(drop)),
        );
        c_decoder(
            pql_ml_kem_768_ek_from_spki,
            pql_ml_kem_768_ek_free,
            der,
            ok(ml_kem_768::EncapsulationKey::boxed_from_public_key_der(der).map(drop)),
        );
        c_decoder(
            pql_ml_dsa_44_sk_from_pkcs8,
            pql_ml_dsa_44_sk_free,
            der,
            ok(ml_dsa_44::SigningKey::boxed_from_pkcs8_der(der).map(drop)),
        );
        c_decoder(
            pql_ml_dsa_44_vk_from_spki,
            pql_ml_dsa_44_vk_free,
            der,
            ok(ml_dsa_44::VerifyingKey::boxed_from_public_key_der(der).map(drop)),
        );
    }

    let ctl = &data[..8];
    let seed: [u8; 32] = data[8..40].try_into().unwrap();
    let rest = &data[40..];

    // ML-KEM-768 decapsulation.
    let mut kseed = [0u8; 64];
    kseed[..32].copy_from_slice(&seed);
    let (ek, dk) = ml_kem_768::generate_from_seed(&kseed);
    let dk_bytes = dk.to_bytes();
    let ct: Vec<u8> = rest.iter().copied().cycle().take(ml_kem_768::CIPHERTEXT_SIZE).collect();
    if ct.len() == ml_kem_768::CIPHERTEXT_SIZE {
        let mut ss = [0xEEu8; 40];
        let ss_len = pick_len(ctl[0], 32).min(40);
        let ct_len = pick_len(ctl[1], ct.len()).min(ct.len());
        let dk_len = pick_len(ctl[2], dk_bytes.len()).min(dk_bytes.len());
        let (ctp, dkp) = (ptr(&ct, ctl[3]), ptr(&dk_bytes[..], ctl[4]));
        // SAFETY: every non-null pointer is valid for its length (lengths are clamped
        // to the buffers above).
        let rc = unsafe {
            pql_ml_kem_768_decapsulate(ss.as_mut_ptr(), ss_len, ctp, ct_len, dkp, dk_len)
        };
        assert!(known(rc), "unknown status {rc}");
        let lengths_ok = ss_len == 32 && ct_len == ct.len() && dk_len == dk_bytes.len();
        let ptrs_ok = !ctp.is_null() && !dkp.is_null();
        if lengths_ok && ptrs_ok {
            assert_eq!(rc, PQL_OK);
            let expected = dk.decapsulate(&ml_kem_768::Ciphertext::from_bytes(&ct).unwrap());
            assert_eq!(&ss[..32], &expected.as_bytes()[..]);
        } else {
            assert!(rc == PQL_ERR_NULL_POINTER || rc == PQL_ERR_INVALID_LENGTH, "rc {rc}");
            assert!(ss[..ss_len.min(32)].iter().all(|&b| b == 0), "output not zeroed");
        }
    }

    // Encapsulation-key check on fuzzer-modified keys: agrees with the Rust API.
    let mut ekb = ek.as_bytes().to_vec();
    for e in rest.chunks_exact(3).take(4) {
        let pos = u16::from_le_bytes([e[0], e[1]]) as usize % ekb.len();
        ekb[pos] ^= e[2];
    }
    // SAFETY: ekb is valid for its length.
    let rc = unsafe { pql_ml_kem_768_check_encapsulation_key(ekb.as_ptr(), ekb.len()) };
    assert_eq!(rc == PQL_OK, ml_kem_768::EncapsulationKey::from_bytes(&ekb).is_ok());

    // ML-DSA-44: sign through C, verify through C and Rust, with fuzzer-chosen ctx.
    let (vk, sk) = ml_dsa_44::generate_from_seed(&seed);
    let sk_bytes = sk.to_bytes();
    let ctx_len = (ctl[5] as usize) % 8 + if ctl[5] > 250 { 250 } else { 0 };
    let ctx: Vec<u8> = rest.iter().copied().cycle().take(ctx_len).collect();
    let msg = rest;
    let mut sig = vec![0xEEu8; ml_dsa_44::SIGNATURE_SIZE];
    let sig_len = pick_len(ctl[6], sig.len()).min(sig.len());
    // SAFETY: all buffers valid for the given lengths.
    let rc = unsafe {
        pql_ml_dsa_44_sign_deterministic(
            sig.as_mut_ptr(),
            sig_len,
            msg.as_ptr(),
            msg.len(),
            ctx.as_ptr(),
            ctx.len(),
            sk_bytes.as_ptr(),
            sk_bytes.len(),
        )
    };
    assert!(known(rc));
    let expected = sk.sign_deterministic(msg, &ctx);
    if sig_len == sig.len() {
        match &expected {
            Ok(s) => {
                assert_eq!(rc, PQL_OK);
                assert_eq!(&sig[..], &s.as_bytes()[..]);
            }
            Err(_) => assert_ne!(rc, PQL_OK),
        }
    } else {
        assert_eq!(rc, PQL_ERR_INVALID_LENGTH);
        assert!(sig[..sig_len].iter().all(|&b| b == 0), "output not zeroed");
    }
    if rc == PQL_OK {
        // Corrupt per the fuzzer, then C and Rust verification must agree.
        let mut corrupted = false;
        if let Some(&b) = rest.first() {
            let n = sig.len();
            sig[(b as usize * 13) % n] ^= ctl[7];
            corrupted = ctl[7] != 0;
        }
        let vkb = vk.as_bytes();
        // SAFETY: all buffers valid for the given lengths.
        let rc = unsafe {
            pql_ml_dsa_44_verify(
                sig.as_ptr(),
                sig.len(),
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
                vkb.as_ptr(),
                vkb.len(),
            )
        };
        let rust = vk.verify(msg, &ctx, &ml_dsa_44::Signature::from_bytes(&sig).unwrap());
        assert_eq!(rc == PQL_OK, rust.is_ok());
        assert_eq!(rc == PQL_OK, !corrupted);
    }
});
