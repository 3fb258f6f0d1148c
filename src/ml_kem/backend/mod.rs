//! The narrow interface between ML-KEM's algorithms and the polynomial arithmetic.
//!
//! Everything that touches all 256 coefficients of a polynomial (NTT, inverse NTT,
//! base multiplication, reductions, compression, sampling, byte encoding) goes
//! through [`KemBackend`]. The algorithms in `ml_kem::algorithms` are generic over
//! the backend; `ml_kem::dispatch` picks one per API call. This crate ships
//! [`Portable`] (safe Rust) and, in wasm32 builds with `simd128`, `Simd128`; SIMD
//! backends (AVX2, AVX-512, NEON, SIMD128) implement the same trait and must satisfy
//! the same contracts, which the tests check against the portable twin.
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

/// The ML-KEM polynomial arithmetic. All functions are associated functions
/// (no state); bounds are on the absolute value of each i16 coefficient.
pub(crate) trait KemBackend {
    /// The 4-way Keccak-f[1600] used by matrix expansion (SampleNTT) and noise
    /// sampling (PRF).
    type Keccak: crate::hash::Permute<4>;

    /// The fewest useful lanes for which one call of the 4-way [`KemBackend::Keccak`]
    /// beats that many single-lane SHAKE calls: 4 when the 4-way permutation runs
    /// its lanes one after another (portable), 2 or even 1 for a SIMD one. Noise
    /// sampling sends a partial group of at least this many polynomials through the
    /// 4-way Keccak. Affects speed only, never results.
    const KECCAK_X4_MIN_LANES: usize = 4;

    /// Forward NTT (FIPS 203 Algorithm 9), in place, output in the standard
    /// (bit-reversed) coefficient order of FIPS 203.
    /// In: |a_i| < q. Out: |b_i| <= (q-1)/2, b = NTT(a) mod q.
    fn ntt(a: &mut Poly);

    /// Inverse NTT (FIPS 203 Algorithm 10) times R, in place.
    /// In: |a_i| < q. Out: |b_i| < q, b = NTT^-1(a) * R mod q.
    fn inv_ntt(a: &mut Poly);

    /// `out = sum_i a[i] x b[i] * R^-1` in the NTT domain (FIPS 203 Algorithms 11
    /// and 12, summed over a vector: the inner product of two NTT vectors).
    /// In: `a.len() == b.len()` in 1..=4, all |coefficients| < q. Out: |out_i| < q.
    fn basemul_acc(out: &mut Poly, a: &[Poly], b: &[Poly]);

    /// `a = a * R mod q`. In: any i16. Out: |a_i| < q.
    fn to_mont(a: &mut Poly);

    /// Reduces to canonical form. In: any i16. Out: `[0, q)`, congruent mod q.
    fn reduce(a: &mut Poly);

    /// `a += b` coefficient-wise, no reduction. In: caller guarantees |a_i + b_i| < 2^15.
    fn add(a: &mut Poly, b: &Poly);

    /// `a -= b` coefficient-wise, no reduction. In: caller guarantees |a_i - b_i| < 2^15.
    fn sub(a: &mut Poly, b: &Poly);

    /// ByteEncode_d(Compress_d(a)) (FIPS 203 Algorithm 5 and section 4.2.1) for
    /// d in {1, 4, 5, 10, 11}. In: canonical `a`; `out.len() == 32 * d`.
    fn compress_encode(d: usize, a: &Poly, out: &mut [u8]);

    /// Decompress_d(ByteDecode_d(bytes)) (Algorithm 6, section 4.2.1) for d in
    /// {1, 4, 5, 10, 11}. In: `bytes.len() == 32 * d`. Out: canonical.
    fn decode_decompress(d: usize, bytes: &[u8], a: &mut Poly);

    /// ByteEncode_12 (Algorithm 5). In: canonical `a`; `out.len() == 384`.
    fn encode12(a: &Poly, out: &mut [u8]);

    /// ByteDecode_12 (Algorithm 6), reducing each 12-bit value mod q.
    /// In: `bytes.len() == 384`. Out: canonical. Returns true iff every 12-bit
    /// value was already below q (the FIPS 203 section 7.2 modulus check); the
    /// result is computed without branching on the data.
    fn decode12(bytes: &[u8], a: &mut Poly) -> bool;

    /// SamplePolyCBD_eta (Algorithm 8) for eta in {2, 3}.
    /// In: `bytes.len() == 64 * eta`. Out: coefficients in `[-eta, eta]`.
    fn cbd(eta: usize, bytes: &[u8], a: &mut Poly);

    /// The rejection step of SampleNTT (Algorithm 7): parses 12-bit candidates from
    /// `buf` (length a multiple of 3), writing those below q to `out` in order,
    /// until `out` is full or `buf` is exhausted. Returns the number written.
    /// Variable time: `buf` is public.
    fn rej_uniform(out: &mut [i16], buf: &[u8]) -> usize;

    /// Overwrites secret temporaries with zeros in a way the compiler may not elide
    /// (the guarantee of `zeroize`). The default is `zeroize` itself, one volatile
    /// store per element; SIMD backends use wide stores and an optimization barrier.
    fn wipe_polys(a: &mut [Poly]) {
        zeroize::Zeroize::zeroize(a.as_flattened_mut());
    }

    /// [`KemBackend::wipe_polys`] for bytes.
    fn wipe_bytes(a: &mut [u8]) {
        zeroize::Zeroize::zeroize(a);
    }
}
