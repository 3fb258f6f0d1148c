//! The C API (libpqlattice.so, built by scripts/fuzz.sh before this target) with
//! fuzzer-chosen buffers, lengths and null pointers. Checks: every call returns a
//! known status; a failed call leaves its outputs zeroed; a successful call agrees
//! with the Rust API; wrong lengths and null pointers are always rejected; the key-file
//! decoders (PKCS#8, SPKI) give the status the Rust decoder's result maps to.
//! The key handles too: fuzzer-modified key bytes into a handle (`*_from_bytes`,
//! accepted exactly when the Rust API accepts them, the handle NULL otherwise),
//! then every operation on it with fuzzer-chosen inputs and output lengths, and
//! `*_free`; calls on NULL handles are rejected.
#![no_main]

use core::ffi::{c_int, c_void};
use libfuzzer_sys::fuzz_target;

const PQL_OK: c_int = 0;
const PQL_ERR_NULL_POINTER: c_int = -1;
const PQL_ERR_INVALID_LENGTH: c_int = -2;
const PQL_ERR_KEY_ENCODING: c_int = -36;
const PQL_ERR_WRONG_ALGORITHM: c_int = -37;
const PQL_ERR_INVALID_ARGUMENT: c_int = -3;

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
    fn pql_ml_kem_768_dk_from_pkcs8(dk: *mut *mut c_void, der: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_ek_from_spki(ek: *mut *mut c_void, der: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_from_pkcs8(sk: *mut *mut c_void, der: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_vk_from_spki(vk: *mut *mut c_void, der: *const u8, len: usize) -> c_int;

    // Key handles (opaque: `void *` here).
    fn pql_ml_kem_768_dk_from_seed(dk: *mut *mut c_void, seed: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_dk_from_bytes(dk: *mut *mut c_void, bytes: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_dk_to_bytes(dk: *const c_void, out: *mut u8, len: usize) -> c_int;
    fn pql_ml_kem_768_dk_seed(dk: *const c_void, seed: *mut u8, len: usize) -> c_int;
    fn pql_ml_kem_768_dk_encapsulation_key(dk: *const c_void, ek: *mut *mut c_void) -> c_int;
    fn pql_ml_kem_768_dk_encapsulation_key_bytes(
        dk: *const c_void,
        ek: *mut u8,
        len: usize,
    ) -> c_int;
    fn pql_ml_kem_768_dk_decapsulate(
        dk: *const c_void,
        ss: *mut u8,
        ss_len: usize,
        ct: *const u8,
        ct_len: usize,
    ) -> c_int;
    fn pql_ml_kem_768_dk_free(dk: *mut c_void);
    fn pql_ml_kem_768_ek_from_bytes(ek: *mut *mut c_void, bytes: *const u8, len: usize) -> c_int;
    fn pql_ml_kem_768_ek_to_bytes(ek: *const c_void, out: *mut u8, len: usize) -> c_int;
    fn pql_ml_kem_768_ek_encapsulate(
        ek: *const c_void,
        ct: *mut u8,
        ct_len: usize,
        ss: *mut u8,
        ss_len: usize,
    ) -> c_int;
    fn pql_ml_kem_768_ek_encapsulate_derand(
        ek: *const c_void,
        ct: *mut u8,
        ct_len: usize,
        ss: *mut u8,
        ss_len: usize,
        m: *const u8,
        m_len: usize,
    ) -> c_int;
    fn pql_ml_kem_768_ek_free(ek: *mut c_void);
    fn pql_ml_dsa_44_sk_from_bytes(sk: *mut *mut c_void, bytes: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_to_bytes(sk: *const c_void, out: *mut u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_seed(sk: *const c_void, seed: *mut u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_verifying_key(sk: *const c_void, vk: *mut *mut c_void) -> c_int;
    fn pql_ml_dsa_44_sk_verifying_key_bytes(sk: *const c_void, vk: *mut u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_sk_sign(
        sk: *const c_void,
        sig: *mut u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_sk_sign_deterministic(
        sk: *const c_void,
        sig: *mut u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_sk_sign_prehash_deterministic(
        sk: *const c_void,
        sig: *mut u8,
        sig_len: usize,
        hash: c_int,
        digest: *const u8,
        digest_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_sk_sign_mu(
        sk: *const c_void,
        sig: *mut u8,
        sig_len: usize,
        mu: *const u8,
        mu_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_sk_free(sk: *mut c_void);
    fn pql_ml_dsa_44_vk_from_bytes(vk: *mut *mut c_void, bytes: *const u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_vk_to_bytes(vk: *const c_void, out: *mut u8, len: usize) -> c_int;
    fn pql_ml_dsa_44_vk_verify(
        vk: *const c_void,
        sig: *const u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_vk_verify_prehash(
        vk: *const c_void,
        sig: *const u8,
        sig_len: usize,
        hash: c_int,
        digest: *const u8,
        digest_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_vk_verify_mu(
        vk: *const c_void,
        sig: *const u8,
        sig_len: usize,
        mu: *const u8,
        mu_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_vk_compute_mu(
        vk: *const c_void,
        mu: *mut u8,
        mu_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    fn pql_ml_dsa_44_vk_free(vk: *mut c_void);
}

type Decode = unsafe extern "C" fn(*mut *mut c_void, *const u8, usize) -> c_int;
type Free = unsafe extern "C" fn(*mut c_void);

/// A C key-file decoder on `der`: its status must be the one the Rust decoder's
/// result maps to, and the handle NULL exactly when it fails.
fn c_decoder(decode: Decode, free: Free, der: &[u8], rust: Result<(), pqlattice::Error>) {
    let mut h: *mut c_void = core::ptr::NonNull::dangling().as_ptr();
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
    if b % 16 == 15 {
        core::ptr::null()
    } else {
        buf.as_ptr()
    }
}

/// XORs fuzzer-chosen bytes into `buf` at fuzzer-chosen positions (up to 4).
fn modify(buf: &mut [u8], edits: &[u8]) {
    for e in edits.chunks_exact(3).take(4) {
        let pos = u16::from_le_bytes([e[0], e[1]]) as usize % buf.len();
        buf[pos] ^= e[2];
    }
}

/// A handle output: `out`, or null when the fuzz byte says so.
fn hout(out: &mut *mut c_void, b: u8) -> *mut *mut c_void {
    if b % 16 == 15 {
        core::ptr::null_mut()
    } else {
        out
    }
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
    let ct: Vec<u8> = rest
        .iter()
        .copied()
        .cycle()
        .take(ml_kem_768::CIPHERTEXT_SIZE)
        .collect();
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
            assert!(
                rc == PQL_ERR_NULL_POINTER || rc == PQL_ERR_INVALID_LENGTH,
                "rc {rc}"
            );
            assert!(
                ss[..ss_len.min(32)].iter().all(|&b| b == 0),
                "output not zeroed"
            );
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
    assert_eq!(
        rc == PQL_OK,
        ml_kem_768::EncapsulationKey::from_bytes(&ekb).is_ok()
    );

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
    kem_handles(ctl, &kseed, &dk_bytes[..], ek.as_bytes(), &ct, rest);
    dsa_handles(ctl, &sk_bytes[..], vk.as_bytes(), msg, &ctx);
});

/// ML-KEM-768 key handles: fuzzer-modified key bytes into handles, every operation
/// on them, agreement with the Rust API, and free.
fn kem_handles(
    ctl: &[u8],
    kseed: &[u8; 64],
    dk_bytes: &[u8],
    ek_bytes: &[u8],
    ct: &[u8],
    rest: &[u8],
) {
    // A modified expanded decapsulation key (unmodified when the edits are empty
    // or cancel out): the handle exists exactly when Rust accepts the bytes.
    let mut dkb = dk_bytes.to_vec();
    if ctl[0] & 1 == 1 {
        modify(&mut dkb, rest);
    }
    let dk_len = pick_len(ctl[2], dkb.len()).min(dkb.len());
    let mut h: *mut c_void = 0x1 as *mut c_void;
    let out = hout(&mut h, ctl[3]);
    // SAFETY: `out` is null or valid for a pointer write; dkb is valid for dk_len bytes.
    let rc = unsafe { pql_ml_kem_768_dk_from_bytes(out, dkb.as_ptr(), dk_len) };
    assert!(known(rc), "unknown status {rc}");
    if out.is_null() {
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        h = core::ptr::null_mut();
    } else {
        let rust = ml_kem_768::DecapsulationKey::from_bytes(&dkb[..dk_len]);
        assert_eq!(rc == PQL_OK, rust.is_ok(), "rc {rc}");
        assert_eq!(
            rc == PQL_OK,
            !h.is_null(),
            "handle on failure or none on success"
        );
    }
    if !h.is_null() {
        let mut buf = vec![0xEEu8; dkb.len()];
        // SAFETY: h is a live handle; buf is valid for its length.
        unsafe {
            assert_eq!(
                pql_ml_kem_768_dk_to_bytes(h, buf.as_mut_ptr(), buf.len()),
                PQL_OK
            );
            assert_eq!(buf, dkb);
            let mut seed = [0xEEu8; 64];
            let rc = pql_ml_kem_768_dk_seed(h, seed.as_mut_ptr(), seed.len());
            assert_eq!(rc, PQL_ERR_INVALID_ARGUMENT, "a key from bytes has no seed");
            assert!(seed.iter().all(|&b| b == 0));
            let mut ekb = vec![0u8; ml_kem_768::ENCAPSULATION_KEY_SIZE];
            let ek_len = pick_len(ctl[4], ekb.len()).min(ekb.len());
            let rc = pql_ml_kem_768_dk_encapsulation_key_bytes(h, ekb.as_mut_ptr(), ek_len);
            assert_eq!(rc == PQL_OK, ek_len == ekb.len(), "rc {rc}");
            // Decapsulation of the fuzzer's ciphertext: as in Rust.
            let mut ss = [0xEEu8; 32];
            let ss_len = pick_len(ctl[5], 32).min(32);
            let ct_len = pick_len(ctl[6], ct.len()).min(ct.len());
            let rc = pql_ml_kem_768_dk_decapsulate(h, ss.as_mut_ptr(), ss_len, ct.as_ptr(), ct_len);
            if ss_len == 32 && ct_len == ml_kem_768::CIPHERTEXT_SIZE {
                assert_eq!(rc, PQL_OK);
                let dk = ml_kem_768::DecapsulationKey::from_bytes(&dkb).unwrap();
                let expected = dk.decapsulate(&ml_kem_768::Ciphertext::from_bytes(ct).unwrap());
                assert_eq!(&ss[..], &expected.as_bytes()[..]);
            } else {
                assert_eq!(rc, PQL_ERR_INVALID_LENGTH);
                assert!(ss[..ss_len].iter().all(|&b| b == 0), "output not zeroed");
            }
            // Its encapsulation key as a handle: a round trip with the dk handle.
            let mut e: *mut c_void = core::ptr::null_mut();
            assert_eq!(pql_ml_kem_768_dk_encapsulation_key(h, &mut e), PQL_OK);
            let mut m = [0u8; 32];
            for (d, s) in m.iter_mut().zip(rest.iter().rev()) {
                *d = *s;
            }
            let mut c2 = vec![0u8; ml_kem_768::CIPHERTEXT_SIZE];
            let (mut k1, mut k2) = ([0u8; 32], [1u8; 32]);
            let rc = pql_ml_kem_768_ek_encapsulate_derand(
                e,
                c2.as_mut_ptr(),
                c2.len(),
                k1.as_mut_ptr(),
                32,
                m.as_ptr(),
                32,
            );
            assert_eq!(rc, PQL_OK);
            let rc = pql_ml_kem_768_dk_decapsulate(h, k2.as_mut_ptr(), 32, c2.as_ptr(), c2.len());
            assert_eq!(rc, PQL_OK);
            // As in Rust; the round trip holds for the unmodified key (a modified
            // s-hat passes the section 7.3 check, and decapsulation then gives the
            // implicit-rejection value).
            let dk = ml_kem_768::DecapsulationKey::from_bytes(&dkb).unwrap();
            let expected = dk.decapsulate(&ml_kem_768::Ciphertext::from_bytes(&c2).unwrap());
            assert_eq!(&k2[..], &expected.as_bytes()[..]);
            if dkb == dk_bytes {
                assert_eq!(k1, k2);
            }
            pql_ml_kem_768_ek_free(e);
            pql_ml_kem_768_dk_free(h);
        }
    }

    // A modified encapsulation key.
    let mut ekb = ek_bytes.to_vec();
    if ctl[0] & 2 == 2 {
        modify(&mut ekb, &rest[rest.len().min(12)..]);
    }
    let ek_len = pick_len(ctl[7], ekb.len()).min(ekb.len());
    let mut e: *mut c_void = 0x1 as *mut c_void;
    let out = hout(&mut e, ctl[1]);
    // SAFETY: as above.
    let rc = unsafe { pql_ml_kem_768_ek_from_bytes(out, ekb.as_ptr(), ek_len) };
    assert!(known(rc), "unknown status {rc}");
    if out.is_null() {
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        e = core::ptr::null_mut();
    } else {
        let rust = ml_kem_768::EncapsulationKey::from_bytes(&ekb[..ek_len]);
        assert_eq!(rc == PQL_OK, rust.is_ok(), "rc {rc}");
        assert_eq!(rc == PQL_OK, !e.is_null());
    }
    if !e.is_null() {
        let rust = ml_kem_768::EncapsulationKey::from_bytes(&ekb).unwrap();
        let mut m = [0u8; 32];
        for (d, s) in m.iter_mut().zip(rest) {
            *d = *s;
        }
        let mut c = vec![0xEEu8; ml_kem_768::CIPHERTEXT_SIZE];
        let mut k = [0xEEu8; 32];
        let c_len = pick_len(ctl[2], c.len()).min(c.len());
        // SAFETY: e is a live handle; every buffer is valid for its length.
        unsafe {
            let mut buf = vec![0u8; ekb.len()];
            assert_eq!(
                pql_ml_kem_768_ek_to_bytes(e, buf.as_mut_ptr(), buf.len()),
                PQL_OK
            );
            assert_eq!(buf, ekb);
            let rc = pql_ml_kem_768_ek_encapsulate_derand(
                e,
                c.as_mut_ptr(),
                c_len,
                k.as_mut_ptr(),
                32,
                m.as_ptr(),
                32,
            );
            if c_len == c.len() {
                assert_eq!(rc, PQL_OK);
                let (rc_ct, rk) = rust.encapsulate_deterministic(&m);
                assert_eq!(&c[..], &rc_ct.as_bytes()[..]);
                assert_eq!(&k[..], &rk.as_bytes()[..]);
            } else {
                assert_eq!(rc, PQL_ERR_INVALID_LENGTH);
                assert!(c[..c_len].iter().all(|&b| b == 0) && k.iter().all(|&b| b == 0));
            }
            let rc = pql_ml_kem_768_ek_encapsulate(e, c.as_mut_ptr(), c.len(), k.as_mut_ptr(), 32);
            assert_eq!(rc, PQL_OK);
            pql_ml_kem_768_ek_free(e);
        }
    }

    // From the seed: the seed comes back; NULL handles are rejected.
    let mut h: *mut c_void = core::ptr::null_mut();
    // SAFETY: valid pointers and lengths; NULL handles are allowed arguments.
    unsafe {
        assert_eq!(
            pql_ml_kem_768_dk_from_seed(&mut h, kseed.as_ptr(), 64),
            PQL_OK
        );
        let mut seed = [0u8; 64];
        assert_eq!(pql_ml_kem_768_dk_seed(h, seed.as_mut_ptr(), 64), PQL_OK);
        assert_eq!(&seed, kseed);
        pql_ml_kem_768_dk_free(h);
        let mut ss = [0xEEu8; 32];
        let rc = pql_ml_kem_768_dk_decapsulate(
            core::ptr::null(),
            ss.as_mut_ptr(),
            32,
            ct.as_ptr(),
            ct.len(),
        );
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        assert!(ss.iter().all(|&b| b == 0));
        pql_ml_kem_768_dk_free(core::ptr::null_mut());
        pql_ml_kem_768_ek_free(core::ptr::null_mut());
    }
}

/// ML-DSA-44 key handles: as for ML-KEM.
fn dsa_handles(ctl: &[u8], sk_bytes: &[u8], vk_bytes: &[u8], msg: &[u8], ctx: &[u8]) {
    let mut skb = sk_bytes.to_vec();
    if ctl[1] & 1 == 1 {
        modify(&mut skb, msg);
    }
    let sk_len = pick_len(ctl[3], skb.len()).min(skb.len());
    let mut h: *mut c_void = 0x1 as *mut c_void;
    let out = hout(&mut h, ctl[4]);
    // SAFETY: `out` is null or valid for a pointer write; skb is valid for sk_len bytes.
    let rc = unsafe { pql_ml_dsa_44_sk_from_bytes(out, skb.as_ptr(), sk_len) };
    assert!(known(rc), "unknown status {rc}");
    if out.is_null() {
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        h = core::ptr::null_mut();
    } else {
        let rust = ml_dsa_44::SigningKey::from_bytes(&skb[..sk_len]);
        assert_eq!(rc == PQL_OK, rust.is_ok(), "rc {rc}");
        assert_eq!(rc == PQL_OK, !h.is_null());
    }
    let mut sig = vec![0xEEu8; ml_dsa_44::SIGNATURE_SIZE];
    let mut signed = false;
    if !h.is_null() {
        let sk = ml_dsa_44::SigningKey::from_bytes(&skb).unwrap();
        let sig_len = pick_len(ctl[5], sig.len()).min(sig.len());
        // SAFETY: h is a live handle; every buffer is valid for its length.
        unsafe {
            let mut buf = vec![0u8; skb.len()];
            assert_eq!(
                pql_ml_dsa_44_sk_to_bytes(h, buf.as_mut_ptr(), buf.len()),
                PQL_OK
            );
            assert_eq!(buf, skb);
            let mut seed = [0xEEu8; 32];
            assert_eq!(
                pql_ml_dsa_44_sk_seed(h, seed.as_mut_ptr(), 32),
                PQL_ERR_INVALID_ARGUMENT
            );
            assert!(seed.iter().all(|&b| b == 0));
            let mut vkb = vec![0u8; ml_dsa_44::VERIFYING_KEY_SIZE];
            let rc = pql_ml_dsa_44_sk_verifying_key_bytes(h, vkb.as_mut_ptr(), vkb.len());
            assert_eq!(rc, PQL_OK);
            assert_eq!(&vkb[..], sk.verifying_key_bytes().as_ref());
            let rc = pql_ml_dsa_44_sk_sign_deterministic(
                h,
                sig.as_mut_ptr(),
                sig_len,
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
            );
            assert!(known(rc));
            if sig_len == sig.len() {
                match sk.sign_deterministic(msg, ctx) {
                    Ok(s) => {
                        assert_eq!(rc, PQL_OK);
                        assert_eq!(&sig[..], &s.as_bytes()[..]);
                        signed = true;
                    }
                    Err(_) => assert_ne!(rc, PQL_OK),
                }
            } else {
                assert_eq!(rc, PQL_ERR_INVALID_LENGTH);
                assert!(sig[..sig_len].iter().all(|&b| b == 0), "output not zeroed");
            }
            // Hedged, pre-hashed and mu signing: status codes.
            let mut s2 = vec![0u8; sig.len()];
            let rc = pql_ml_dsa_44_sk_sign(
                h,
                s2.as_mut_ptr(),
                s2.len(),
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
            );
            assert!(known(rc));
            let digest_len = pick_len(ctl[6], 32).min(msg.len());
            let rc = pql_ml_dsa_44_sk_sign_prehash_deterministic(
                h,
                s2.as_mut_ptr(),
                s2.len(),
                1,
                msg.as_ptr(),
                digest_len,
                ctx.as_ptr(),
                ctx.len(),
            );
            assert!(known(rc));
            let mu_len = pick_len(ctl[7], 64).min(msg.len());
            let rc = pql_ml_dsa_44_sk_sign_mu(h, s2.as_mut_ptr(), s2.len(), msg.as_ptr(), mu_len);
            assert_eq!(rc == PQL_OK, mu_len == 64, "rc {rc}");
            // Its verifying key as a handle verifies what the handle signed.
            let mut v: *mut c_void = core::ptr::null_mut();
            assert_eq!(pql_ml_dsa_44_sk_verifying_key(h, &mut v), PQL_OK);
            if signed {
                let rc = pql_ml_dsa_44_vk_verify(
                    v,
                    sig.as_ptr(),
                    sig.len(),
                    msg.as_ptr(),
                    msg.len(),
                    ctx.as_ptr(),
                    ctx.len(),
                );
                assert_eq!(rc, PQL_OK);
            }
            pql_ml_dsa_44_vk_free(v);
            pql_ml_dsa_44_sk_free(h);
        }
    }

    // A modified verifying key: parsed as in Rust; verification of the (possibly
    // modified) signature agrees with Rust.
    let mut vkb = vk_bytes.to_vec();
    if ctl[1] & 2 == 2 {
        modify(&mut vkb, ctx);
    }
    let vk_len = pick_len(ctl[2], vkb.len()).min(vkb.len());
    let mut v: *mut c_void = 0x1 as *mut c_void;
    let out = hout(&mut v, ctl[0]);
    // SAFETY: as above.
    let rc = unsafe { pql_ml_dsa_44_vk_from_bytes(out, vkb.as_ptr(), vk_len) };
    assert!(known(rc), "unknown status {rc}");
    if out.is_null() {
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        v = core::ptr::null_mut();
    } else {
        let rust = ml_dsa_44::VerifyingKey::from_bytes(&vkb[..vk_len]);
        assert_eq!(rc == PQL_OK, rust.is_ok(), "rc {rc}");
        assert_eq!(rc == PQL_OK, !v.is_null());
    }
    if !v.is_null() {
        let vk = ml_dsa_44::VerifyingKey::from_bytes(&vkb).unwrap();
        if let Some(&b) = msg.first() {
            let n = sig.len();
            sig[(b as usize * 7) % n] ^= ctl[6] & ctl[1];
        }
        // SAFETY: v is a live handle; every buffer is valid for its length.
        unsafe {
            let mut buf = vec![0u8; vkb.len()];
            assert_eq!(
                pql_ml_dsa_44_vk_to_bytes(v, buf.as_mut_ptr(), buf.len()),
                PQL_OK
            );
            assert_eq!(buf, vkb);
            let rc = pql_ml_dsa_44_vk_verify(
                v,
                sig.as_ptr(),
                sig.len(),
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
            );
            let rust = vk.verify(msg, ctx, &ml_dsa_44::Signature::from_bytes(&sig).unwrap());
            assert_eq!(rc == PQL_OK, rust.is_ok(), "rc {rc}");
            let rc = pql_ml_dsa_44_vk_verify_prehash(
                v,
                sig.as_ptr(),
                sig.len(),
                1,
                msg.as_ptr(),
                msg.len().min(32),
                ctx.as_ptr(),
                ctx.len(),
            );
            assert!(known(rc));
            let mut mu = [0xEEu8; 64];
            let mu_len = pick_len(ctl[3], 64).min(64);
            let rc = pql_ml_dsa_44_vk_compute_mu(
                v,
                mu.as_mut_ptr(),
                mu_len,
                msg.as_ptr(),
                msg.len(),
                ctx.as_ptr(),
                ctx.len(),
            );
            if mu_len == 64 {
                match vk.compute_mu(msg, ctx) {
                    Ok(expected) => {
                        assert_eq!(rc, PQL_OK);
                        assert_eq!(mu, expected);
                        let rc =
                            pql_ml_dsa_44_vk_verify_mu(v, sig.as_ptr(), sig.len(), mu.as_ptr(), 64);
                        let s = ml_dsa_44::Signature::from_bytes(&sig).unwrap();
                        assert_eq!(rc == PQL_OK, vk.verify_mu(&mu, &s).is_ok(), "rc {rc}");
                    }
                    Err(_) => {
                        assert_ne!(rc, PQL_OK);
                        assert!(mu.iter().all(|&b| b == 0));
                    }
                }
            } else {
                assert_eq!(rc, PQL_ERR_INVALID_LENGTH);
                assert!(mu[..mu_len].iter().all(|&b| b == 0));
            }
            pql_ml_dsa_44_vk_free(v);
        }
    }
    // SAFETY: NULL handles are allowed arguments.
    unsafe {
        let rc = pql_ml_dsa_44_vk_verify(
            core::ptr::null(),
            sig.as_ptr(),
            sig.len(),
            msg.as_ptr(),
            msg.len(),
            ctx.as_ptr(),
            ctx.len(),
        );
        assert_eq!(rc, PQL_ERR_NULL_POINTER);
        pql_ml_dsa_44_sk_free(core::ptr::null_mut());
        pql_ml_dsa_44_vk_free(core::ptr::null_mut());
    }
}
