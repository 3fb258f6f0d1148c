//! The C API's functions the benchmarks call (through `libpqlattice.so`, linked as
//! `libpql_c_api.so` by build.rs), shared by `handles.rs` and `paired.rs`.
#![allow(dead_code)] // each benchmark uses a subset

use core::ffi::c_int;

/// Opaque C handle types.
#[repr(C)]
pub struct KemDk(u8);
#[repr(C)]
pub struct KemEk(u8);
#[repr(C)]
pub struct DsaSk(u8);
#[repr(C)]
pub struct DsaVk(u8);

#[link(name = "pql_c_api", kind = "dylib")]
unsafe extern "C" {
    pub fn pql_ml_kem_768_dk_from_seed(dk: *mut *mut KemDk, seed: *const u8, len: usize) -> c_int;
    pub fn pql_ml_kem_768_dk_decapsulate(
        dk: *const KemDk,
        ss: *mut u8,
        ss_len: usize,
        ct: *const u8,
        ct_len: usize,
    ) -> c_int;
    pub fn pql_ml_kem_768_dk_free(dk: *mut KemDk);
    pub fn pql_ml_kem_768_decapsulate(
        ss: *mut u8,
        ss_len: usize,
        ct: *const u8,
        ct_len: usize,
        dk: *const u8,
        dk_len: usize,
    ) -> c_int;
    pub fn pql_ml_kem_768_ek_from_bytes(ek: *mut *mut KemEk, b: *const u8, len: usize) -> c_int;
    pub fn pql_ml_kem_768_ek_encapsulate_derand(
        ek: *const KemEk,
        ct: *mut u8,
        ct_len: usize,
        ss: *mut u8,
        ss_len: usize,
        m: *const u8,
        m_len: usize,
    ) -> c_int;
    pub fn pql_ml_kem_768_ek_free(ek: *mut KemEk);
    pub fn pql_ml_dsa_65_sk_from_seed(sk: *mut *mut DsaSk, seed: *const u8, len: usize) -> c_int;
    pub fn pql_ml_dsa_65_sk_sign_deterministic(
        sk: *const DsaSk,
        sig: *mut u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    pub fn pql_ml_dsa_65_sk_free(sk: *mut DsaSk);
    pub fn pql_ml_dsa_65_vk_from_bytes(vk: *mut *mut DsaVk, b: *const u8, len: usize) -> c_int;
    pub fn pql_ml_dsa_65_vk_verify(
        vk: *const DsaVk,
        sig: *const u8,
        sig_len: usize,
        msg: *const u8,
        msg_len: usize,
        ctx: *const u8,
        ctx_len: usize,
    ) -> c_int;
    pub fn pql_ml_dsa_65_vk_free(vk: *mut DsaVk);
}

/// The stack depths the C layer wipes after these calls (ffi/src/kem.rs `wipe`
/// for ML-KEM-768, ffi/src/dsa.rs `WIPE_SIGN`).
pub const KEM_DECAPS_WIPE: usize = 14 * 1024;
/// See [`KEM_DECAPS_WIPE`].
pub const KEM_ENCAPS_WIPE: usize = 10 * 1024;
/// See [`KEM_DECAPS_WIPE`].
pub const SIGN_WIPE: usize = 60 * 1024;

/// Panics with the status code unless it is `PQL_OK`.
pub fn ok(rc: c_int, what: &str) {
    assert_eq!(rc, 0, "{what} failed with status {rc}");
}
