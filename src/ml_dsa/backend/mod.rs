//! The narrow polynomial-arithmetic interface of ML-DSA.
//!
//! Everything the algorithms of FIPS 204 do coefficient by coefficient goes through
//! [`DsaBackend`]: the NTT (Algorithms 41, 42), pointwise products in the NTT domain
//! (Algorithms 45-48, with Montgomery reduction, Algorithm 49), modular reduction,
//! Power2Round (35), Decompose/HighBits/LowBits (36-38), MakeHint/UseHint (39, 40)
//! and the infinity-norm check. A SIMD backend implements the same functions with the
//! same contracts; the generic algorithms in `super::internal` never touch a
//! coefficient themselves where performance matters.
//!
//! Representation: a polynomial is `[i32; 256]`, coefficients are signed
//! representatives of Z_q, q = 8380417. Each function's contract states the input
//! bounds it requires and the output bounds it guarantees; the algorithms rely on
//! exactly these. Every function is constant time in its data (no data-dependent
//! branch, index or division); only `GAMMA2` and bounds are public parameters.

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512;
#[cfg(target_arch = "aarch64")]
pub(crate) mod neon;
pub(crate) mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod simd128;

use super::params::Poly;

/// Polynomial arithmetic mod q = 8380417 for ML-DSA. See the module documentation.
pub(crate) trait DsaBackend {
    /// The 4-way Keccak-f[1600] used by ExpandA, ExpandS and ExpandMask.
    type Keccak: crate::hash::Permute<4>;

    /// Forward NTT (FIPS 204 Algorithm 41), in place, output in bit-reversed order as
    /// FIPS 204 specifies.
    ///
    /// Contract: input `|a_i| < q`; output `|a_i| < 9q`.
    fn ntt(a: &mut Poly);

    /// Inverse NTT (Algorithm 42) times the Montgomery factor 2^32: computes
    /// `NTT^-1(a) * 2^32 mod q`, cancelling the `2^-32` of one prior Montgomery
    /// product.
    ///
    /// Contract: input `|a_i| < q`; output `|a_i| < q`.
    fn invntt_tomont(a: &mut Poly);

    /// Pointwise Montgomery product (Algorithm 45 with Algorithm 49):
    /// `out_i = a_i * b_i * 2^-32 mod q`.
    ///
    /// Contract: `|a_i * b_i| < 2^31 q`; output `|out_i| < q`.
    fn pointwise_montgomery(out: &mut Poly, a: &Poly, b: &Poly);

    /// Pointwise multiply-accumulate of two vectors (the inner product of Algorithm 48):
    /// `out_i = sum_j a[j]_i * b[j]_i * 2^-32 mod q`.
    ///
    /// Contract: `a.len() == b.len() <= 8`, `|a[j]_i| < q` and `|b[j]_i| < 9q`;
    /// output `|out_i| < q`.
    fn pointwise_acc_montgomery(out: &mut Poly, a: &[Poly], b: &[Poly]);

    /// Reduction to a small representative: `a_i mod q` in `[-6283008, 6283008]`
    /// (not necessarily the centered one: e.g. 775437909 maps to 4439545, not to
    /// -3940872).
    ///
    /// Contract: input `a_i <= 2^31 - 2^22 - 1`.
    fn reduce32(a: &mut Poly);

    /// Adds q to each negative coefficient.
    ///
    /// Contract: input `-q <= a_i < q`; output `0 <= a_i < q`.
    fn caddq(a: &mut Poly);

    /// `a_i += b_i` (no reduction).
    ///
    /// Contract: the sums fit in `i32` (the caller bounds them).
    fn add(a: &mut Poly, b: &Poly);

    /// `a_i -= b_i` (no reduction).
    ///
    /// Contract: the differences fit in `i32` (the caller bounds them).
    fn sub(a: &mut Poly, b: &Poly);

    /// `a_i <<= D` (t1 * 2^d, for verification).
    ///
    /// Contract: `0 <= a_i < 2^10`; output `0 <= a_i < q`.
    fn shift_left_d(a: &mut Poly);

    /// Power2Round (Algorithm 35): `a = a1 * 2^13 + a0` with `a0` in `(-2^12, 2^12]`.
    ///
    /// Contract: input `0 <= a_i < q`; outputs `0 <= a1_i < 2^10`, `-2^12 < a0_i <= 2^12`.
    fn power2round(a1: &mut Poly, a0: &mut Poly, a: &Poly);

    /// Decompose (Algorithm 36) for `GAMMA2` in `{(q-1)/88, (q-1)/32}`:
    /// `a = a1 * 2 GAMMA2 + a0 mod q`, with the special case `a - a0 = q - 1`.
    ///
    /// Contract: input `0 <= a_i < q`; outputs `0 <= a1_i < (q-1)/(2 GAMMA2)` and
    /// `-GAMMA2 <= a0_i <= GAMMA2` (the `- 1` case reaches `-GAMMA2`).
    ///
    /// The algorithms need only one half at a time ([`Self::highbits`],
    /// [`Self::lowbits`]); this joint form is the reference they are tested against.
    #[cfg_attr(not(test), allow(dead_code))]
    fn decompose<const GAMMA2: i32>(a1: &mut Poly, a0: &mut Poly, a: &Poly);

    /// HighBits (Algorithm 37): `a1` of [`Self::decompose`], in place.
    ///
    /// Contract: input `0 <= a_i < q`; output `0 <= a_i < (q-1)/(2 GAMMA2)`.
    fn highbits<const GAMMA2: i32>(a: &mut Poly);

    /// LowBits (Algorithm 38): `a0` of [`Self::decompose`].
    ///
    /// Contract: input `0 <= a_i < q`; output `-GAMMA2 <= a0_i <= GAMMA2`.
    fn lowbits<const GAMMA2: i32>(a0: &mut Poly, a: &Poly);

    /// MakeHint (Algorithm 39), with `r` and `r_plus_z = r + z mod q` given:
    /// `h_i = [HighBits(r_i) != HighBits(r_plus_z_i)]`, written into `h` as 0 or 1.
    /// Returns the number of ones.
    ///
    /// Contract: inputs `0 <= r_i, r_plus_z_i < q`; output `h_i` in `{0, 1}`.
    fn make_hint<const GAMMA2: i32>(h: &mut Poly, r: &Poly, r_plus_z: &Poly) -> u32;

    /// UseHint (Algorithm 40), in place: `a_i = UseHint(h_i, a_i)`.
    ///
    /// Contract: input `0 <= a_i < q`, `h_i` in `{0, 1}`; output
    /// `0 <= a_i < (q-1)/(2 GAMMA2)`.
    fn use_hint<const GAMMA2: i32>(a: &mut Poly, h: &Poly);

    /// Infinity-norm check: all-ones (`u32::MAX`) if some `|a_i| >= bound`, else 0,
    /// computed without branching on the coefficients.
    ///
    /// Contract: `|a_i| <= 6283008` (e.g. after [`Self::reduce32`]) and
    /// `0 < bound <= (q-1)/8`; `|a_i|` means the centered representative.
    fn norm_exceeds(a: &Poly, bound: i32) -> u32;

    /// RejNTTPoly's inner loop (Algorithm 30 with CoeffFromThreeBytes, Algorithm 14):
    /// consumes the 3-byte candidates of `buf` in order, appending each one below q
    /// to `out` at position `*ctr` (and advancing it), until `buf` is used up or
    /// `*ctr == 256`. The stream is public (it derives from rho), so implementations
    /// may branch on it; this is the one data-dependent-time function of the trait.
    ///
    /// Contract: `*ctr <= 256` and `buf.len()` a multiple of 3; afterwards
    /// `out[..*ctr]` holds the accepted values in stream order, and entries from
    /// `*ctr` on are unspecified (they are overwritten by later calls).
    fn rej_ntt_fill(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
        super::sample::rej_ntt_fill(out, ctr, buf)
    }

    /// RejBoundedPoly's inner loop (Algorithm 31 with CoeffFromHalfByte, Algorithm
    /// 15) for eta = `ETA` (2 or 4): consumes the nibbles of `buf` (low nibble of each
    /// byte first), appending the value of each accepted one to `out` at position
    /// `*ctr` (and advancing it), until `buf` is used up or `*ctr == 256`.
    ///
    /// The values are secret: they must be computed and moved without data-dependent
    /// branches or addresses. Only the accept/reject pattern of the nibbles (public
    /// by design, and declassified) may drive control flow and store positions.
    ///
    /// Contract: `*ctr <= 256`; afterwards `out[..*ctr]` holds the accepted values in
    /// stream order, and entries from `*ctr` on are unspecified (overwritten later).
    fn rej_bounded_fill<const ETA: i32>(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
        super::sample::rej_bounded_fill::<ETA>(out, ctr, buf)
    }

    /// SampleInBall (Algorithm 29) on the SHAKE256 output `stream` (already absorbed
    /// c~): writes the challenge c with exactly `tau` coefficients +-1, the others 0.
    /// The first 8 stream bytes are the sign bits h; then each candidate byte j is
    /// accepted when j <= i (i from 256 - tau to 255).
    ///
    /// The stream, and so c and the positions, are secret (c of a rejected signing
    /// attempt must not leak): no branch or memory index may depend on them. The
    /// public loop structure is [`super::sample::sample_in_ball_with`]: two blocks
    /// always, more only while (declassified) fewer than tau bytes were accepted;
    /// a backend supplies the state representation ([`super::sample::BallState`]).
    ///
    /// Contract: `tau <= 64` and the stream eventually accepts `tau` bytes; the
    /// output is exactly the portable one.
    fn sample_in_ball<X: super::sample::BallStream>(c: &mut Poly, tau: usize, stream: &mut X) {
        super::sample::sample_in_ball_with::<super::sample::Bitmaps, X>(c, tau, stream)
    }

    /// BitUnpack(bytes, GAMMA1 - 1, GAMMA1) (Algorithm 19) as ExpandMask (Algorithm 34)
    /// and sigDecode (Algorithm 27) use it: `w_i = GAMMA1 - x_i` for the `BITS`-bit
    /// little-endian fields `x_i` of `bytes`.
    ///
    /// Contract: `(GAMMA1, BITS)` is `(2^17, 18)` or `(2^19, 20)` and
    /// `bytes.len() == 32 * BITS`; output `-GAMMA1 < w_i <= GAMMA1`.
    fn unpack_gamma1<const GAMMA1: i32, const BITS: usize>(w: &mut Poly, bytes: &[u8]) {
        // Every BITS-bit value is in range: no failure to report.
        let _ = super::encode::bit_unpack(w, bytes, GAMMA1, BITS, u32::MAX >> 1);
    }
}
