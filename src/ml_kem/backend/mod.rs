//! The narrow interface between ML-KEM's algorithms and the polynomial arithmetic.
//!
//! Everything that touches all 256 coefficients of a polynomial (NTT, inverse NTT,
//! base multiplication, reductions, compression, sampling, byte encoding) is a
//! kernel of [`KemKernels`], the contract: one method per kernel with the bounds it
//! may assume and must meet. The algorithms in `ml_kem::internal` are generic over
//! the backend and call the kernels through [`KemBackend`], which checks each
//! contract once for every backend; `crate::backend::with_backend!` picks the
//! backend once per API call.
//!
//! [`Portable`] (safe Rust) defines every kernel. A SIMD backend (`Avx2<K>`, over
//! its 4-way Keccak `K`; `Avx512<K>`, zmm NTTs and base multiplication over
//! `Avx2<K>`; `Neon<K>`; `Simd128`) defines only the kernels it replaces, and its
//! `NATIVE` list (derived from the impl by `crate::backend::kernels!`) is pinned by
//! the tests; everything else runs its fallback's kernel (in the end the portable
//! one). The differential harness (`crate::testing::kernels`) checks
//! every kernel of every backend against the portable one.
//!
//! ## Conventions
//! - A polynomial is `[i16; 256]` ([`Poly`]); q = 3329.
//! - "Canonical" means every coefficient is in `[0, q)`.
//! - Montgomery factor R = 2^16. [`KemBackend::basemul_acc`] multiplies by R^-1 and
//!   [`KemBackend::inv_ntt`] by R, so that inv_ntt(basemul_acc(a, b)) is the true
//!   product; [`KemBackend::to_mont`] multiplies by R (used after basemul_acc in
//!   key generation, where the product stays in the NTT domain).
//! - Every function is constant-time in its secret inputs; the only variable-time
//!   function is [`KemBackend::rej_uniform`], whose input is public (derived from rho).

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
pub(crate) mod avx512;
#[cfg(target_arch = "aarch64")]
pub(crate) mod neon;
pub(crate) mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd128;

#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::Avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) use avx512::Avx512;
#[cfg(target_arch = "aarch64")]
pub(crate) use neon::Neon;
pub(crate) use portable::Portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) use simd128::Simd128;

use crate::backend::cpu;

/// q, the ML-KEM modulus (FIPS 203 section 2.4).
pub(crate) const Q: i16 = 3329;

/// A polynomial in R_q = Z_q[X]/(X^256 + 1), or its NTT representation.
pub(crate) type Poly = [i16; 256];

/// R^2 mod q.
pub(crate) const MONT_SQ: i16 = 1353;

/// x^e mod q, for the tables (const evaluation only).
const fn pow_mod(x: i64, mut e: u32) -> i64 {
    let (mut r, mut b) = (1i64, x % 3329);
    while e > 0 {
        if e & 1 == 1 {
            r = r * b % 3329;
        }
        b = b * b % 3329;
        e >>= 1;
    }
    r
}

/// BitRev7(i): the 7-bit reversal of `i` (FIPS 203 section 4.3).
const fn bitrev7(i: usize) -> u32 {
    let mut r = 0u32;
    let mut k = 0;
    while k < 7 {
        r |= (((i >> k) & 1) as u32) << (6 - k);
        k += 1;
    }
    r
}

/// `x * R mod q` as a centered representative in `(-q/2, q/2]`.
const fn to_mont_centered(x: i64) -> i16 {
    let m = x * 2285 % 3329;
    (if m > 1664 { m - 3329 } else { m }) as i16
}

/// zeta^BitRev7(k) for k = 0..128, zeta = 17, in Montgomery form (FIPS 203
/// Algorithms 9 and 10 use entries 1..127).
pub(crate) const ZETAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut k = 0;
    while k < 128 {
        t[k] = to_mont_centered(pow_mod(17, bitrev7(k)));
        k += 1;
    }
    t
};

/// zeta^(2 BitRev7(i) + 1) for i = 0..128, in Montgomery form: the moduli
/// X^2 - gamma_i of the base multiplication (FIPS 203 Algorithm 11).
pub(crate) const GAMMAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = to_mont_centered(pow_mod(17, 2 * bitrev7(i) + 1));
        i += 1;
    }
    t
};

/// The ML-KEM kernels: the contract, one method per kernel, each with the bounds it
/// may assume and must guarantee (on the absolute value of each i16 coefficient).
///
/// A backend implements this trait with the [`crate::backend::kernels!`] macro,
/// defining only the kernels it replaces; every other one runs its
/// [`KemKernels::Fallback`]'s (the portable backend's, except for `Avx512<K>`,
/// whose fallback is `Avx2<K>`). The
/// algorithms never call these methods directly but the [`KemBackend`] wrappers,
/// which check the contract (in debug builds) and obtain the backend's CPU token.
pub(crate) trait KemKernels {
    /// The CPU feature proof the kernels take (see [`crate::backend::cpu`]).
    type Token: cpu::Token + Into<<Self::Fallback as KemKernels>::Token>;

    /// Where the kernels this backend does not define come from.
    type Fallback: KemKernels;

    /// The multi-way Keccak-f[1600] (4-way, and 8-way where
    /// [`crate::hash::MultiKeccak::WAYS`] says so) used by matrix expansion (SampleNTT) and noise
    /// sampling (PRF).
    type Keccak: crate::hash::MultiKeccak;

    /// The fewest useful lanes for which one call of the 4-way [`KemKernels::Keccak`]
    /// beats that many single-lane SHAKE calls: 4 when the 4-way permutation runs
    /// its lanes one after another (portable), 2 or even 1 for a SIMD one. Noise
    /// sampling sends a partial group of at least this many polynomials through the
    /// 4-way Keccak. Affects speed only, never results.
    const KECCAK_X4_MIN_LANES: usize = 4;

    /// The kernels this backend defines itself (generated by `kernels!`; the
    /// tests pin it per backend).
    #[cfg_attr(not(test), allow(dead_code))]
    const NATIVE: &'static [&'static str];

    /// NTT (FIPS 203 Algorithm 9), in place, output in the standard (bit-reversed)
    /// coefficient order of FIPS 203.
    /// In: |a_i| < q. Out: |b_i| <= (q-1)/2, b = NTT(a) mod q.
    fn ntt(t: Self::Token, a: &mut Poly) {
        <Self::Fallback as KemKernels>::ntt(t.into(), a)
    }

    /// NTT^-1 (FIPS 203 Algorithm 10) times R, in place.
    /// In: |a_i| < q. Out: |b_i| < q, b = NTT^-1(a) * R mod q.
    fn inv_ntt(t: Self::Token, a: &mut Poly) {
        <Self::Fallback as KemKernels>::inv_ntt(t.into(), a)
    }

    /// `out = sum_i a[i] x b[i] * R^-1` in the NTT domain (MultiplyNTTs and
    /// BaseCaseMultiply, FIPS 203 Algorithms 11 and 12, summed over a vector: the
    /// inner product of two NTT vectors).
    /// In: `a.len() == b.len()` in 1..=4, all |coefficients| < q. Out: |out_i| < q.
    fn basemul_acc(t: Self::Token, out: &mut Poly, a: &[Poly], b: &[Poly]) {
        <Self::Fallback as KemKernels>::basemul_acc(t.into(), out, a, b)
    }

    /// `a = a * R mod q`. In: any i16. Out: |a_i| < q.
    fn to_mont(t: Self::Token, a: &mut Poly) {
        <Self::Fallback as KemKernels>::to_mont(t.into(), a)
    }

    /// Reduces to canonical form. In: any i16. Out: `[0, q)`, congruent mod q.
    fn reduce(t: Self::Token, a: &mut Poly) {
        <Self::Fallback as KemKernels>::reduce(t.into(), a)
    }

    /// `a += b` coefficient-wise, no reduction. In: |a_i + b_i| < 2^15.
    fn add(t: Self::Token, a: &mut Poly, b: &Poly) {
        <Self::Fallback as KemKernels>::add(t.into(), a, b)
    }

    /// `a -= b` coefficient-wise, no reduction. In: |a_i - b_i| < 2^15.
    fn sub(t: Self::Token, a: &mut Poly, b: &Poly) {
        <Self::Fallback as KemKernels>::sub(t.into(), a, b)
    }

    /// ByteEncode_d(Compress_d(a)) (FIPS 203 Algorithm 5 and section 4.2.1) for
    /// d in {1, 4, 5, 10, 11}. In: canonical `a`; `out.len() == 32 * d`.
    fn compress_encode(t: Self::Token, d: usize, a: &Poly, out: &mut [u8]) {
        <Self::Fallback as KemKernels>::compress_encode(t.into(), d, a, out)
    }

    /// Decompress_d(ByteDecode_d(bytes)) (FIPS 203 Algorithm 6 and section 4.2.1)
    /// for d in {1, 4, 5, 10, 11}. In: `bytes.len() == 32 * d`. Out: canonical.
    fn decode_decompress(t: Self::Token, d: usize, bytes: &[u8], a: &mut Poly) {
        <Self::Fallback as KemKernels>::decode_decompress(t.into(), d, bytes, a)
    }

    /// ByteEncode_12 (FIPS 203 Algorithm 5). In: canonical `a`; `out.len() == 384`.
    fn encode12(t: Self::Token, a: &Poly, out: &mut [u8]) {
        <Self::Fallback as KemKernels>::encode12(t.into(), a, out)
    }

    /// ByteDecode_12 (FIPS 203 Algorithm 6), reducing each 12-bit value mod q.
    /// In: `bytes.len() == 384`. Out: canonical. Returns true iff every 12-bit
    /// value was already below q (the FIPS 203 section 7.2 modulus check); the
    /// result is computed without branching on the data.
    fn decode12(t: Self::Token, bytes: &[u8], a: &mut Poly) -> bool {
        <Self::Fallback as KemKernels>::decode12(t.into(), bytes, a)
    }

    /// SamplePolyCBD_eta (FIPS 203 Algorithm 8) for eta in {2, 3}.
    /// In: `bytes.len() == 64 * eta`. Out: coefficients in `[-eta, eta]`.
    fn cbd(t: Self::Token, eta: usize, bytes: &[u8], a: &mut Poly) {
        <Self::Fallback as KemKernels>::cbd(t.into(), eta, bytes, a)
    }

    /// The rejection step of SampleNTT (FIPS 203 Algorithm 7): parses 12-bit
    /// candidates from `buf` (length a multiple of 3), writing those below q to
    /// `out` in order, until `out` is full or `buf` is exhausted. Returns the number
    /// written. Variable time: `buf` is public (derived from rho).
    fn rej_uniform(t: Self::Token, out: &mut [i16], buf: &[u8]) -> usize {
        <Self::Fallback as KemKernels>::rej_uniform(t.into(), out, buf)
    }

    /// Overwrites secret temporaries with zeros in a way the compiler may not elide
    /// (the guarantee of `zeroize`). The portable one is `zeroize` itself, one
    /// volatile store per element; SIMD backends use wide stores and an
    /// optimization barrier.
    fn wipe_polys(t: Self::Token, a: &mut [Poly]) {
        <Self::Fallback as KemKernels>::wipe_polys(t.into(), a)
    }

    /// [`KemKernels::wipe_polys`] for bytes.
    fn wipe_bytes(t: Self::Token, a: &mut [u8]) {
        <Self::Fallback as KemKernels>::wipe_bytes(t.into(), a)
    }
}

/// What the algorithms call: every [`KemKernels`] method, with the backend's CPU
/// token obtained and the kernel's contract checked (in debug builds: the
/// algorithms guarantee it) in one place for all backends. Implemented for every
/// kernel set, and only through this blanket impl.
pub(crate) trait KemBackend {
    /// [`KemKernels::Keccak`].
    type Keccak: crate::hash::MultiKeccak;
    /// [`KemKernels::KECCAK_X4_MIN_LANES`].
    const KECCAK_X4_MIN_LANES: usize;
    /// [`KemKernels::ntt`].
    fn ntt(a: &mut Poly);
    /// [`KemKernels::inv_ntt`].
    fn inv_ntt(a: &mut Poly);
    /// [`KemKernels::basemul_acc`].
    fn basemul_acc(out: &mut Poly, a: &[Poly], b: &[Poly]);
    /// [`KemKernels::to_mont`].
    fn to_mont(a: &mut Poly);
    /// [`KemKernels::reduce`].
    fn reduce(a: &mut Poly);
    /// [`KemKernels::add`].
    fn add(a: &mut Poly, b: &Poly);
    /// [`KemKernels::sub`].
    fn sub(a: &mut Poly, b: &Poly);
    /// [`KemKernels::compress_encode`].
    fn compress_encode(d: usize, a: &Poly, out: &mut [u8]);
    /// [`KemKernels::decode_decompress`].
    fn decode_decompress(d: usize, bytes: &[u8], a: &mut Poly);
    /// [`KemKernels::encode12`].
    fn encode12(a: &Poly, out: &mut [u8]);
    /// [`KemKernels::decode12`].
    fn decode12(bytes: &[u8], a: &mut Poly) -> bool;
    /// [`KemKernels::cbd`].
    fn cbd(eta: usize, bytes: &[u8], a: &mut Poly);
    /// [`KemKernels::rej_uniform`].
    fn rej_uniform(out: &mut [i16], buf: &[u8]) -> usize;
    /// [`KemKernels::wipe_polys`].
    fn wipe_polys(a: &mut [Poly]);
    /// [`KemKernels::wipe_bytes`].
    fn wipe_bytes(a: &mut [u8]);
}

/// Whether every coefficient is in `(-bound, bound)`.
fn below(a: &Poly, bound: i16) -> bool {
    a.iter().all(|&x| x > -bound && x < bound)
}

/// Whether every coefficient is in `[0, q)`.
fn canonical(a: &Poly) -> bool {
    a.iter().all(|&x| (0..Q).contains(&x))
}

/// The compression widths of ML-KEM.
fn valid_d(d: usize) -> bool {
    matches!(d, 1 | 4 | 5 | 10 | 11)
}

/// Runs kernel `$k` of `$T` with its token; without one (impossible through the
/// dispatch, which selects a backend only after detecting it) the portable kernel.
macro_rules! call {
    ($T:ty, $k:ident($($arg:expr),*)) => {
        match <<$T as KemKernels>::Token as cpu::Token>::detect() {
            Some(t) => <$T as KemKernels>::$k(t, $($arg),*),
            None => crate::backend::cold(|| <Portable as KemKernels>::$k(cpu::Portable::new(), $($arg),*)),
        }
    };
}

impl<T: KemKernels> KemBackend for T {
    type Keccak = T::Keccak;
    const KECCAK_X4_MIN_LANES: usize = T::KECCAK_X4_MIN_LANES;

    #[inline(always)]
    fn ntt(a: &mut Poly) {
        debug_assert!(below(a, Q), "ntt: input bound");
        call!(T, ntt(a));
        debug_assert!(below(a, Q / 2 + 1), "ntt: output bound");
    }

    #[inline(always)]
    fn inv_ntt(a: &mut Poly) {
        debug_assert!(below(a, Q), "inv_ntt: input bound");
        call!(T, inv_ntt(a));
        debug_assert!(below(a, Q), "inv_ntt: output bound");
    }

    #[inline(always)]
    fn basemul_acc(out: &mut Poly, a: &[Poly], b: &[Poly]) {
        debug_assert!(
            a.len() == b.len() && (1..=4).contains(&a.len()),
            "basemul_acc: lengths"
        );
        debug_assert!(
            a.iter().chain(b).all(|p| below(p, Q)),
            "basemul_acc: input bound"
        );
        call!(T, basemul_acc(out, a, b));
        debug_assert!(below(out, Q), "basemul_acc: output bound");
    }

    #[inline(always)]
    fn to_mont(a: &mut Poly) {
        call!(T, to_mont(a));
        debug_assert!(below(a, Q), "to_mont: output bound");
    }

    #[inline(always)]
    fn reduce(a: &mut Poly) {
        call!(T, reduce(a));
        debug_assert!(canonical(a), "reduce: output not canonical");
    }

    #[inline(always)]
    fn add(a: &mut Poly, b: &Poly) {
        debug_assert!(
            a.iter()
                .zip(b)
                .all(|(&x, &y)| (i32::from(x) + i32::from(y)).abs() < 1 << 15),
            "add: overflow"
        );
        call!(T, add(a, b));
    }

    #[inline(always)]
    fn sub(a: &mut Poly, b: &Poly) {
        debug_assert!(
            a.iter()
                .zip(b)
                .all(|(&x, &y)| (i32::from(x) - i32::from(y)).abs() < 1 << 15),
            "sub: overflow"
        );
        call!(T, sub(a, b));
    }

    #[inline(always)]
    fn compress_encode(d: usize, a: &Poly, out: &mut [u8]) {
        debug_assert!(
            valid_d(d) && out.len() == 32 * d,
            "compress_encode: d or length"
        );
        debug_assert!(canonical(a), "compress_encode: input not canonical");
        call!(T, compress_encode(d, a, out));
    }

    #[inline(always)]
    fn decode_decompress(d: usize, bytes: &[u8], a: &mut Poly) {
        debug_assert!(
            valid_d(d) && bytes.len() == 32 * d,
            "decode_decompress: d or length"
        );
        call!(T, decode_decompress(d, bytes, a));
        debug_assert!(canonical(a), "decode_decompress: output not canonical");
    }

    #[inline(always)]
    fn encode12(a: &Poly, out: &mut [u8]) {
        debug_assert!(out.len() == 384, "encode12: length");
        debug_assert!(canonical(a), "encode12: input not canonical");
        call!(T, encode12(a, out));
    }

    #[inline(always)]
    fn decode12(bytes: &[u8], a: &mut Poly) -> bool {
        debug_assert!(bytes.len() == 384, "decode12: length");
        let ok = call!(T, decode12(bytes, a));
        debug_assert!(canonical(a), "decode12: output not canonical");
        ok
    }

    #[inline(always)]
    fn cbd(eta: usize, bytes: &[u8], a: &mut Poly) {
        debug_assert!(
            (eta == 2 || eta == 3) && bytes.len() == 64 * eta,
            "cbd: eta or length"
        );
        call!(T, cbd(eta, bytes, a));
        debug_assert!(below(a, eta as i16 + 1), "cbd: output bound");
    }

    #[inline(always)]
    fn rej_uniform(out: &mut [i16], buf: &[u8]) -> usize {
        debug_assert!(buf.len().is_multiple_of(3), "rej_uniform: length");
        let n = call!(T, rej_uniform(out, buf));
        debug_assert!(n <= out.len() && out[..n].iter().all(|&x| (0..Q).contains(&x)));
        n
    }

    #[inline(always)]
    fn wipe_polys(a: &mut [Poly]) {
        call!(T, wipe_polys(a));
        debug_assert!(a.iter().all(|p| p.iter().all(|&x| x == 0)), "wipe_polys");
    }

    #[inline(always)]
    fn wipe_bytes(a: &mut [u8]) {
        call!(T, wipe_bytes(a));
        debug_assert!(a.iter().all(|&x| x == 0), "wipe_bytes");
    }
}
