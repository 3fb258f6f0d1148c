//! Benchmark hooks for `benches/keccak.rs` and `benches/kernels.rs` (not a supported
//! API).

use crate::hash::keccak::{Lanes, Permute, Portable, State, keccak_f1600};
use crate::hash::{SHAKE128_RATE, Shake128xN};

/// Four lane-interleaved Keccak states (`lanes[i][j]`: lane `i` of instance `j`).
pub type Lanes4 = Lanes<4>;

/// One portable Keccak-f\[1600\].
pub fn keccak_portable(state: &mut State) {
    keccak_f1600(state);
}

/// One Keccak-f\[1600\] with the scalar single-instance permutation (BMI1/BMI2
/// build when available, else portable): what SHA3 and SHAKE run with every
/// backend but AVX-512.
pub fn keccak_single(state: &mut [[u64; 1]; 25]) {
    <crate::hash::Scalar as Permute<1>>::permute(state);
}

/// Four portable Keccak-f\[1600\] on interleaved states.
pub fn keccak_x4_portable(lanes: &mut Lanes4) {
    <Portable as Permute<4>>::permute(lanes);
}

/// Whether [`keccak_x4_avx2`] and [`shake128x4_squeeze3_avx2`] can run here
/// (x86_64 with AVX2, detected with `std`; always false without `std`).
pub fn avx2_available() -> bool {
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    {
        std::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(all(feature = "std", target_arch = "x86_64")))]
    {
        false
    }
}

/// The AVX2 4-way permutation, after checking [`avx2_available`].
fn avx2_x4<F: FnOnce()>(f: F) {
    assert!(avx2_available(), "AVX2 not available");
    f();
}

/// Four Keccak-f\[1600\] with the AVX2 kernel. Panics without AVX2.
pub fn keccak_x4_avx2(lanes: &mut Lanes4) {
    avx2_x4(|| {
        #[cfg(target_arch = "x86_64")]
        <crate::hash::Avx2x4 as Permute<4>>::permute(lanes);
        #[cfg(not(target_arch = "x86_64"))]
        let _ = lanes;
    });
}

/// Whether [`keccak_x4_avx512`] and [`shake128x4_squeeze3_avx512`] can run here
/// (the AVX-512 backend is available: x86_64 with AVX-512F/BW/VL and AVX2).
pub fn avx512_available() -> bool {
    crate::backend::Backend::Avx512.is_available()
}

/// Four Keccak-f\[1600\] with the AVX-512VL kernel. Panics without AVX-512.
pub fn keccak_x4_avx512(lanes: &mut Lanes4) {
    assert!(avx512_available(), "AVX-512 not available");
    #[cfg(target_arch = "x86_64")]
    <crate::hash::Avx512x4 as Permute<4>>::permute(lanes);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = lanes;
}

/// Eight lane-interleaved Keccak states (`lanes[i][j]`: lane `i` of instance `j`).
pub type Lanes8 = Lanes<8>;

/// Eight Keccak-f\[1600\] with the AVX-512 zmm kernel. Panics without AVX-512.
pub fn keccak_x8_avx512(lanes: &mut Lanes8) {
    assert!(avx512_available(), "AVX-512 not available");
    #[cfg(target_arch = "x86_64")]
    <crate::hash::Avx512x8 as Permute<8>>::permute(lanes);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = lanes;
}

/// One Keccak-f\[1600\] with the AVX-512 single-state kernel (what SHA3 and SHAKE
/// run while the AVX-512 backend is active). Panics without AVX-512.
pub fn keccak_x1_avx512(state: &mut [[u64; 1]; 25]) {
    assert!(avx512_available(), "AVX-512 not available");
    #[cfg(target_arch = "x86_64")]
    <crate::hash::Avx512x8 as Permute<1>>::permute(state);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = state;
}

/// [`shake128x4_squeeze3_portable`] with the AVX-512VL kernel. Panics without
/// AVX-512.
pub fn shake128x4_squeeze3_avx512(seeds: [&[u8; 34]; 4], out: &mut [[u8; 3 * SHAKE128_RATE]; 4]) {
    assert!(avx512_available(), "AVX-512 not available");
    #[cfg(target_arch = "x86_64")]
    shake128x4_squeeze3::<crate::hash::Avx512x4>(seeds, out);
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (seeds, out);
}

fn shake128x4_squeeze3<P: Permute<4>>(
    seeds: [&[u8; 34]; 4],
    out: &mut [[u8; 3 * SHAKE128_RATE]; 4],
) {
    let mut x = Shake128xN::<4, P>::new();
    x.absorb(seeds.map(|s| &s[..]));
    let [o0, o1, o2, o3] = out;
    x.squeeze([o0, o1, o2, o3]);
}

/// ML-KEM SampleNTT's hashing: SHAKE128x4 of 34-byte seeds, 3 blocks out, portable.
pub fn shake128x4_squeeze3_portable(seeds: [&[u8; 34]; 4], out: &mut [[u8; 3 * SHAKE128_RATE]; 4]) {
    shake128x4_squeeze3::<Portable>(seeds, out);
}

/// [`shake128x4_squeeze3_portable`] with the AVX2 kernel. Panics without AVX2.
pub fn shake128x4_squeeze3_avx2(seeds: [&[u8; 34]; 4], out: &mut [[u8; 3 * SHAKE128_RATE]; 4]) {
    avx2_x4(|| {
        #[cfg(target_arch = "x86_64")]
        shake128x4_squeeze3::<crate::hash::Avx2x4>(seeds, out);
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (seeds, out);
    });
}

/// ML-DSA NTT (FIPS 204 Algorithm 41) in place with `backend`'s kernel, for
/// `benches/kernels.rs`. Input `|a_i| < q`. A backend that is not available here
/// runs the portable kernel (the dispatch's no-token path).
pub fn ml_dsa_ntt(backend: crate::backend::Backend, a: &mut [i32; 256]) {
    use crate::ml_dsa::backend::DsaBackend;
    crate::backend::with_backend!(backend, |_K, D| <D as DsaBackend>::ntt(a))
}

/// ML-DSA inverse NTT times 2^32 (FIPS 204 Algorithm 42) in place with
/// `backend`'s kernel, as [`ml_dsa_ntt`]. Input `|a_i| < q`.
pub fn ml_dsa_inv_ntt(backend: crate::backend::Backend, a: &mut [i32; 256]) {
    use crate::ml_dsa::backend::DsaBackend;
    crate::backend::with_backend!(backend, |_K, D| <D as DsaBackend>::inv_ntt(a))
}

/// BitPack (FIPS 204 Algorithm 17) of `w` with `Some(b)`, SimpleBitPack (Algorithm
/// 16) with `None`, into `out` (`32 * bits` bytes) with `backend`'s kernel, for
/// `benches/kernels.rs`. `bits` is a FIPS 204 width (3, 4, 6, 10, 13, 18, 20) and
/// `b - w_i` (or `w_i`) is in `[0, 2^bits)`; other widths leave `out` unchanged.
/// A backend that is not available here runs the portable kernel. Each width is
/// passed on as a constant, as at the library's own call sites (a run-time width
/// would compile the portable packer with a division, which the division scan
/// rejects).
pub fn ml_dsa_pack(
    backend: crate::backend::Backend,
    out: &mut [u8],
    w: &[i32; 256],
    b: Option<i32>,
    bits: usize,
) {
    use crate::ml_dsa::encode;
    macro_rules! widths {
        ($D:ty; $($n:literal),*) => {
            match bits {
                $($n => match b {
                    Some(b) => encode::bit_pack::<$D>(out, w, b, $n),
                    None => encode::simple_bit_pack::<$D>(out, w, $n),
                },)*
                _ => {}
            }
        };
    }
    crate::backend::with_backend!(backend, |_K, D| widths!(D; 3, 4, 6, 10, 13, 18, 20))
}
