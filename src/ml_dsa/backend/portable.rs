//! The portable backend: safe, constant-time Rust, no SIMD.

use super::ball::{BallStream, Bitmaps, sample_in_ball_with};
use super::{D, Poly, Q};
use crate::backend::cpu;
use crate::ctgrind::declassified;

/// The portable backend: the reference every other backend is tested against.
pub(crate) struct Portable;

/// q^-1 mod 2^32 (Newton iteration on the 2-adic inverse), as a signed word.
pub(crate) const QINV: i32 = {
    let q = Q as u32;
    let mut inv: u32 = q; // correct to 3 bits since q is odd
    let mut i = 0;
    while i < 5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(q.wrapping_mul(inv)));
        i += 1;
    }
    inv as i32
};
const _: () = assert!((Q as u32).wrapping_mul(QINV as u32) == 1);

/// x mod q for x >= 0, at compile time only.
const fn cmod(x: u64) -> u64 {
    x % (Q as u64)
}

/// The primitive 512-th root of unity mod q (FIPS 204 section 7.5).
const ZETA: u64 = 1753;

/// BitRev8 (Algorithm 43).
const fn bitrev8(k: usize) -> usize {
    (k as u8).reverse_bits() as usize
}

/// zeta^BitRev8(k) * 2^32 mod q, centered, for k = 0..256 (the Montgomery form of the
/// NTT twiddles; FIPS 204 Appendix B lists zeta^BitRev8(k) mod q).
pub(crate) const ZETAS_MONT: [i32; 256] = {
    let mut out = [0i32; 256];
    let mut k = 0;
    while k < 256 {
        let e = bitrev8(k);
        let mut z: u64 = 1;
        let mut i = 0;
        while i < e {
            z = cmod(z * ZETA);
            i += 1;
        }
        let m = cmod(z << 32) as i64;
        out[k] = if m > (Q as i64) / 2 {
            (m - Q as i64) as i32
        } else {
            m as i32
        };
        k += 1;
    }
    out
};

/// 2^64 / 256 mod q = 2^56 mod q: one Montgomery multiplication by it computes
/// x * 2^32 / 256, the final scaling of the inverse NTT.
pub(crate) const INV_NTT_F: i32 = cmod(1u64 << 56) as i32;

/// Montgomery reduction (Algorithm 49): a * 2^-32 mod q, for |a| < 2^31 q, with
/// result in (-q, q).
#[inline(always)]
pub(crate) fn montgomery_reduce(a: i64) -> i32 {
    let t = (a as i32).wrapping_mul(QINV);
    ((a - (t as i64) * (Q as i64)) >> 32) as i32
}

/// a mod q in [-6283008, 6283008] for a <= 2^31 - 2^22 - 1.
#[inline(always)]
pub(crate) fn reduce(a: i32) -> i32 {
    let t = (a + (1 << 22)) >> 23;
    a - t * Q
}

/// a mod q in [0, q) for a in (-q, q): adds q if a is negative (branch-free).
#[inline(always)]
pub(crate) fn mod_q(a: i32) -> i32 {
    a + ((a >> 31) & Q)
}

/// Power2Round (Algorithm 35) of one coefficient in [0, q): (r1, r0).
#[inline(always)]
pub(crate) fn power2round(a: i32) -> (i32, i32) {
    let a1 = (a + (1 << (D - 1)) - 1) >> D;
    (a1, a - (a1 << D))
}

/// All-ones if a == b, else 0 (for small non-negative a, b).
#[inline(always)]
fn ct_eq_mask(a: i32, b: i32) -> i32 {
    let x = a ^ b;
    // (x | -x) has the sign bit set iff x != 0.
    !((x | x.wrapping_neg()) >> 31)
}

/// Decompose (Algorithm 36) of one coefficient r in [0, q), for the two gamma2 of
/// FIPS 204: (r1, r0) with r = r1 * 2 gamma2 + r0 mod q, r0 in (-gamma2, gamma2], and
/// the wrap-around case r - r0 = q - 1 mapped to r1 = 0, r0 - 1.
///
/// No division: r1' = floor((r + gamma2 - 1) / (2 gamma2)) is computed as
/// (x * M) >> 48 with M = ceil(2^48 / (2 gamma2)). For x < 2^24 the error term
/// x (M - 2^48/(2 gamma2)) / 2^48 stays below 2^-24, less than the distance (at
/// least 1/(2 gamma2), about 2^-18) from a non-integer x/(2 gamma2) to the next
/// integer, so the floor is exact (the unit tests check every r in [0, q) against a
/// naive reference).
#[inline(always)]
pub(crate) fn decompose<const GAMMA2: i32>(r: i32) -> (i32, i32) {
    let alpha = 2 * GAMMA2;
    let m: u64 = (1u64 << 48).div_ceil(alpha as u64); // constant-folded
    let top = (Q - 1) / alpha; // 44 or 16, constant-folded
    let x = (r + GAMMA2 - 1) as u64;
    let r1 = ((x * m) >> 48) as i32;
    let r0 = r - r1 * alpha;
    let wrap = ct_eq_mask(r1, top);
    (r1 & !wrap, r0 - (wrap & 1))
}

/// UseHint (Algorithm 40) of one coefficient.
#[inline(always)]
pub(crate) fn use_hint<const GAMMA2: i32>(h: i32, r: i32) -> i32 {
    let m = (Q - 1) / (2 * GAMMA2);
    let (r1, r0) = decompose::<GAMMA2>(r);
    // step = +1 if r0 > 0, else -1; applied only when h = 1.
    let positive = (-r0) >> 31; // all-ones iff r0 > 0
    let step = (positive & 2) - 1;
    let mut v = r1 + (step & -h);
    v += m & (v >> 31); // -1 -> m - 1
    v -= m & !((v - m) >> 31); // m -> 0
    v
}

// ------------------------------------------------ sampling and bit unpacking

/// Consumes 3-byte candidates of `buf` into `out` from position `*ctr`
/// (RejNTTPoly's loop with CoeffFromThreeBytes, Algorithm 14).
///
/// Branch-free per candidate: every candidate is stored at `out[*ctr]` and the
/// position advances only when it is below q, so a rejected value is overwritten by
/// the next accepted one (the position stays below 256 until the polynomial is full,
/// and the loop stops there). The data is public (derived from rho); the point is to
/// avoid a mispredicted branch per rejection.
#[inline(always)]
pub(crate) fn rej_ntt_fill(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
    let mut c = *ctr;
    for chunk in buf.chunks_exact(3) {
        if c == 256 {
            break;
        }
        let z = chunk[0] as i32 | (chunk[1] as i32) << 8 | ((chunk[2] & 0x7f) as i32) << 16;
        out[c] = z;
        c += (z < Q) as usize;
    }
    *ctr = c;
}

/// CoeffFromHalfByte (Algorithm 15) for eta = 2 or 4: `(accept, value)`, with
/// `accept` in {0, 1} and `value` meaningful only when accepted. Constant time
/// (`b mod 5` by multiply-shift: `floor(13 b / 64) = floor(b / 5)` for b < 16).
#[inline(always)]
pub(crate) fn coeff_from_half_byte<const ETA: i32>(b: u8) -> (u8, i32) {
    let b = b as i32;
    if ETA == 2 {
        let accept = ((b - 15) >> 31) & 1;
        let q5 = (b * 13) >> 6;
        (accept as u8, 2 - (b - 5 * q5))
    } else {
        let accept = ((b - 9) >> 31) & 1;
        (accept as u8, 4 - b)
    }
}

/// Consumes nibbles of `buf` into `out` from position `*ctr` (RejBoundedPoly's loop).
///
/// Constant-time note: the seed is secret, so the coefficients are, but which
/// nibbles are *rejected* is not: a rejected nibble is discarded, and the accepted
/// values are uniform on [-eta, eta] independently of where the rejections fell. The
/// per-nibble accept bit is therefore declassified (and drives the write position);
/// the values themselves are computed without branches.
pub(crate) fn rej_bounded_fill<const ETA: i32>(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
    // Branch-free per nibble: the value is always stored at the current position and
    // the position advances by the (declassified) accept bit, so a rejected value is
    // overwritten by the next accepted one before the polynomial is complete.
    let mut c = *ctr;
    for &byte in buf {
        for nib in [byte & 15, byte >> 4] {
            if c == 256 {
                *ctr = c;
                return;
            }
            let (accept, v) = coeff_from_half_byte::<ETA>(nib);
            out[c] = v;
            c += declassified(accept) as usize;
        }
    }
    *ctr = c;
}

/// Packs 256 values, each already mapped into `[0, 2^bits)`, little-endian.
///
/// Whole bytes at a time, in the narrowest word that holds them: eight values
/// (`bits` bytes) in a 64-bit word up to 8 bits (eta, w1), four values in a 64-bit
/// word for the other even widths up to 16 (t1), eight in a 128-bit word for the odd
/// ones (t0), four in a 128-bit word for the even widths up to 32 (z): no
/// data-independent but hard to predict inner loop over the bit position.
#[inline(always)]
pub(crate) fn pack_bits(out: &mut [u8], bits: usize, value: impl Fn(usize) -> u32) {
    debug_assert_eq!(out.len(), 32 * bits);
    if bits <= 8 {
        // eta and w1 fields: eight values (`bits` whole bytes) per 64-bit word.
        let mask = (1u64 << bits) - 1;
        for (g, chunk) in out.chunks_exact_mut(bits).enumerate() {
            let mut acc: u64 = 0;
            for j in 0..8 {
                acc |= (value(8 * g + j) as u64 & mask) << (j * bits);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..bits]);
        }
        return;
    }
    if bits <= 16 && bits.is_multiple_of(2) {
        // t1 (10 bits): four values (`bits / 2` whole bytes) per 64-bit word.
        let mask = (1u64 << bits) - 1;
        for (g, chunk) in out.chunks_exact_mut(bits / 2).enumerate() {
            let mut acc: u64 = 0;
            for j in 0..4 {
                acc |= (value(4 * g + j) as u64 & mask) << (j * bits);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..bits / 2]);
        }
        return;
    }
    if bits <= 16 {
        let mask = (1u128 << bits) - 1;
        for (g, chunk) in out.chunks_exact_mut(bits).enumerate() {
            let mut acc: u128 = 0;
            for j in 0..8 {
                acc |= (value(8 * g + j) as u128 & mask) << (j * bits);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..bits]);
        }
        return;
    }
    if bits <= 32 && bits.is_multiple_of(2) {
        // z (18 or 20 bits): four values (`bits / 2` whole bytes) per 128-bit word.
        let mask = (1u128 << bits) - 1;
        for (g, chunk) in out.chunks_exact_mut(bits / 2).enumerate() {
            let mut acc: u128 = 0;
            for j in 0..4 {
                acc |= (value(4 * g + j) as u128 & mask) << (j * bits);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..bits / 2]);
        }
        return;
    }
    let mask = (1u64 << bits) - 1;
    let mut acc: u64 = 0;
    let mut nbits = 0usize;
    let mut pos = 0usize;
    for i in 0..256 {
        acc |= (value(i) as u64 & mask) << nbits;
        nbits += bits;
        while nbits >= 8 {
            out[pos] = acc as u8;
            pos += 1;
            acc >>= 8;
            nbits -= 8;
        }
    }
}

/// Unpacks 256 `bits`-bit values, little-endian, passing each to `store`, whole
/// bytes at a time in the narrowest word that holds them (as [`pack_bits`] packs
/// them): eight values from a 64-bit word up to 8 bits, four from a 64-bit word
/// for the other even widths up to 16, eight from a 128-bit word for the odd ones up
/// to 16, four from a 128-bit word for the even widths up to 32.
#[inline(always)]
pub(crate) fn unpack_bits(bytes: &[u8], bits: usize, mut store: impl FnMut(usize, u32)) {
    debug_assert_eq!(bytes.len(), 32 * bits);
    if bits <= 8 {
        let mask = (1u64 << bits) - 1;
        for (g, chunk) in bytes.chunks_exact(bits).enumerate() {
            let mut word = [0u8; 8];
            word[..bits].copy_from_slice(chunk);
            let acc = u64::from_le_bytes(word);
            for j in 0..8 {
                store(8 * g + j, ((acc >> (j * bits)) & mask) as u32);
            }
        }
        return;
    }
    if bits <= 16 && bits.is_multiple_of(2) {
        let mask = (1u64 << bits) - 1;
        for (g, chunk) in bytes.chunks_exact(bits / 2).enumerate() {
            let mut word = [0u8; 8];
            word[..bits / 2].copy_from_slice(chunk);
            let acc = u64::from_le_bytes(word);
            for j in 0..4 {
                store(4 * g + j, ((acc >> (j * bits)) & mask) as u32);
            }
        }
        return;
    }
    if bits <= 16 {
        let mask = (1u128 << bits) - 1;
        for (g, chunk) in bytes.chunks_exact(bits).enumerate() {
            let mut word = [0u8; 16];
            word[..bits].copy_from_slice(chunk);
            let acc = u128::from_le_bytes(word);
            for j in 0..8 {
                store(8 * g + j, ((acc >> (j * bits)) & mask) as u32);
            }
        }
        return;
    }
    if bits <= 32 && bits.is_multiple_of(2) {
        let mask = (1u128 << bits) - 1;
        for (g, chunk) in bytes.chunks_exact(bits / 2).enumerate() {
            let mut word = [0u8; 16];
            word[..bits / 2].copy_from_slice(chunk);
            let acc = u128::from_le_bytes(word);
            for j in 0..4 {
                store(4 * g + j, ((acc >> (j * bits)) & mask) as u32);
            }
        }
        return;
    }
    let mask = (1u64 << bits) - 1;
    let mut acc: u64 = 0;
    let mut nbits = 0usize;
    let mut pos = 0usize;
    for i in 0..256 {
        while nbits < bits {
            acc |= (bytes[pos] as u64) << nbits;
            pos += 1;
            nbits += 8;
        }
        store(i, (acc & mask) as u32);
        acc >>= bits;
        nbits -= bits;
    }
}

/// BitUnpack (Algorithm 19): `w_i = b - x_i`. Returns an all-ones mask if some `x_i`
/// exceeds `max_x` (an encoding outside `[-a, b]`, where `max_x = a + b`), else 0;
/// constant time in the data.
#[inline(always)]
pub(crate) fn bit_unpack(w: &mut Poly, bytes: &[u8], b: i32, bits: usize, max_x: u32) -> u32 {
    let mut bad = 0u32;
    unpack_bits(bytes, bits, |i, x| {
        // x > max_x  <=>  max_x - x wraps (x, max_x < 2^31).
        bad |= ((max_x.wrapping_sub(x)) as i32 >> 31) as u32;
        w[i] = b - x as i32;
    });
    bad
}

impl super::DsaKernels for Portable {
    type Token = cpu::Portable;
    type Fallback = Portable;
    type Keccak = crate::hash::Portable;
    /// The reference: it defines every kernel and replaces none.
    const NATIVE: &'static [&'static str] = &[];

    fn ntt(_: cpu::Portable, a: &mut Poly) {
        let mut k = 0usize;
        let mut len = 128usize;
        while len > 0 {
            let mut start = 0usize;
            while start < 256 {
                k += 1;
                let zeta = ZETAS_MONT[k] as i64;
                let (lo, hi) = a[start..start + 2 * len].split_at_mut(len);
                for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
                    let t = montgomery_reduce(zeta * (*y as i64));
                    *y = *x - t;
                    *x += t;
                }
                start += 2 * len;
            }
            len >>= 1;
        }
    }

    fn inv_ntt(_: cpu::Portable, a: &mut Poly) {
        let mut k = 256usize;
        let mut len = 1usize;
        while len < 256 {
            let mut start = 0usize;
            while start < 256 {
                k -= 1;
                let zeta = -(ZETAS_MONT[k] as i64);
                let (lo, hi) = a[start..start + 2 * len].split_at_mut(len);
                for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
                    let t = *x;
                    *x = t + *y;
                    *y = montgomery_reduce(zeta * ((t - *y) as i64));
                }
                start += 2 * len;
            }
            len <<= 1;
        }
        for x in a.iter_mut() {
            *x = montgomery_reduce(INV_NTT_F as i64 * (*x as i64));
        }
    }

    fn pointwise_montgomery(_: cpu::Portable, out: &mut Poly, a: &Poly, b: &Poly) {
        for ((o, x), y) in out.iter_mut().zip(a.iter()).zip(b.iter()) {
            *o = montgomery_reduce(*x as i64 * *y as i64);
        }
    }

    fn pointwise_acc_montgomery(_: cpu::Portable, out: &mut Poly, a: &[Poly], b: &[Poly]) {
        for i in 0..256 {
            let mut acc: i64 = 0;
            for (x, y) in a.iter().zip(b.iter()) {
                acc += x[i] as i64 * y[i] as i64;
            }
            out[i] = montgomery_reduce(acc);
        }
    }

    fn reduce(_: cpu::Portable, a: &mut Poly) {
        for x in a.iter_mut() {
            *x = reduce(*x);
        }
    }

    fn mod_q(_: cpu::Portable, a: &mut Poly) {
        for x in a.iter_mut() {
            *x = mod_q(*x);
        }
    }

    fn add(_: cpu::Portable, a: &mut Poly, b: &Poly) {
        for (x, y) in a.iter_mut().zip(b.iter()) {
            *x += *y;
        }
    }

    fn sub(_: cpu::Portable, a: &mut Poly, b: &Poly) {
        for (x, y) in a.iter_mut().zip(b.iter()) {
            *x -= *y;
        }
    }

    fn shift_left_d(_: cpu::Portable, a: &mut Poly) {
        for x in a.iter_mut() {
            *x <<= D;
        }
    }

    fn power2round(_: cpu::Portable, a1: &mut Poly, a0: &mut Poly, a: &Poly) {
        for i in 0..256 {
            (a1[i], a0[i]) = power2round(a[i]);
        }
    }

    fn decompose<const GAMMA2: i32>(_: cpu::Portable, a1: &mut Poly, a0: &mut Poly, a: &Poly) {
        for i in 0..256 {
            (a1[i], a0[i]) = decompose::<GAMMA2>(a[i]);
        }
    }

    fn highbits<const GAMMA2: i32>(_: cpu::Portable, a: &mut Poly) {
        for x in a.iter_mut() {
            *x = decompose::<GAMMA2>(*x).0;
        }
    }

    fn lowbits<const GAMMA2: i32>(_: cpu::Portable, a0: &mut Poly, a: &Poly) {
        for (x, y) in a0.iter_mut().zip(a.iter()) {
            *x = decompose::<GAMMA2>(*y).1;
        }
    }

    fn make_hint<const GAMMA2: i32>(
        _: cpu::Portable,
        h: &mut Poly,
        r: &Poly,
        r_plus_z: &Poly,
    ) -> u32 {
        let mut count = 0u32;
        for i in 0..256 {
            let x = decompose::<GAMMA2>(r[i]).0;
            let y = decompose::<GAMMA2>(r_plus_z[i]).0;
            let bit = !ct_eq_mask(x, y) & 1;
            h[i] = bit;
            count += bit as u32;
        }
        count
    }

    fn use_hint<const GAMMA2: i32>(_: cpu::Portable, a: &mut Poly, h: &Poly) {
        for (x, hi) in a.iter_mut().zip(h.iter()) {
            *x = use_hint::<GAMMA2>(*hi, *x);
        }
    }

    fn norm_exceeds(_: cpu::Portable, a: &Poly, bound: i32) -> u32 {
        let mut acc = 0i32;
        for x in a.iter() {
            let s = *x >> 31;
            let abs = (*x ^ s) - s;
            acc |= (bound - 1 - abs) >> 31;
        }
        acc as u32
    }

    fn rej_ntt_fill(_: cpu::Portable, out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
        rej_ntt_fill(out, ctr, buf)
    }

    fn rej_bounded_fill<const ETA: i32>(
        _: cpu::Portable,
        out: &mut Poly,
        ctr: &mut usize,
        buf: &[u8],
    ) {
        rej_bounded_fill::<ETA>(out, ctr, buf)
    }

    fn sample_in_ball<X: BallStream>(t: cpu::Portable, c: &mut Poly, tau: usize, stream: &mut X) {
        sample_in_ball_with::<Bitmaps, X>(t, c, tau, stream)
    }

    fn unpack_gamma1<const GAMMA1: i32, const BITS: usize>(
        _: cpu::Portable,
        w: &mut Poly,
        bytes: &[u8],
    ) {
        // Every BITS-bit value is in range: no failure to report.
        let _ = bit_unpack(w, bytes, GAMMA1, BITS, u32::MAX >> 1);
    }

    fn bit_pack<const BITS: usize>(_: cpu::Portable, out: &mut [u8], w: &Poly, b: i32) {
        pack_bits(out, BITS, |i| (b - w[i]) as u32);
    }

    fn simple_bit_pack<const BITS: usize>(_: cpu::Portable, out: &mut [u8], w: &Poly) {
        pack_bits(out, BITS, |i| w[i] as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ml_dsa::backend::DsaBackend;
    use crate::ml_dsa::params::{MlDsa44, MlDsa87, ParameterSet};

    const G88: i32 = (Q - 1) / 88;
    const G32: i32 = (Q - 1) / 32;

    /// FIPS 204 Algorithm 36, written naively with `%` and `/` (tests only).
    fn naive_decompose(r: i32, gamma2: i32) -> (i32, i32) {
        let alpha = 2 * gamma2;
        let rp = r.rem_euclid(Q);
        let mut r0 = rp % alpha;
        if r0 > alpha / 2 {
            r0 -= alpha;
        }
        if rp - r0 == Q - 1 {
            (0, r0 - 1)
        } else {
            ((rp - r0) / alpha, r0)
        }
    }

    fn naive_mod(a: i64) -> i64 {
        a.rem_euclid(Q as i64)
    }

    #[test]
    fn constants() {
        // zeta^BitRev8(1) = zeta^128 in FIPS 204 Appendix B is 4808194.
        let z1 = montgomery_reduce(ZETAS_MONT[1] as i64);
        assert_eq!(naive_mod(z1 as i64), 4808194);
        // 1753^256 = -1 mod q.
        let mut z: i64 = 1;
        for _ in 0..256 {
            z = z * 1753 % Q as i64;
        }
        assert_eq!(z, Q as i64 - 1);
    }

    #[test]
    fn decompose_exhaustive() {
        for r in 0..Q {
            assert_eq!(decompose::<G88>(r), naive_decompose(r, G88), "r = {r}");
            assert_eq!(decompose::<G32>(r), naive_decompose(r, G32), "r = {r}");
        }
    }

    #[test]
    fn poly_level_decompose_highbits_lowbits() {
        let mut a = [0i32; 256];
        for start in (0..Q).step_by(256 * 97) {
            for (i, x) in a.iter_mut().enumerate() {
                *x = (start + i as i32 * 97).min(Q - 1);
            }
            let (mut a1, mut a0, mut lo, mut hi) = ([0; 256], [0; 256], [0; 256], a);
            Portable::decompose::<G32>(&mut a1, &mut a0, &a);
            Portable::lowbits::<G32>(&mut lo, &a);
            Portable::highbits::<G32>(&mut hi);
            for i in 0..256 {
                assert_eq!((a1[i], a0[i]), naive_decompose(a[i], G32));
            }
            assert_eq!(lo, a0);
            assert_eq!(hi, a1);
        }
    }

    #[test]
    fn power2round_exhaustive() {
        for r in 0..Q {
            let (r1, r0) = power2round(r);
            // r0 = r mod+- 2^13 in (-2^12, 2^12], r1 = (r - r0) / 2^13.
            let mut n0 = r % 8192;
            if n0 > 4096 {
                n0 -= 8192;
            }
            assert_eq!((r1, r0), ((r - n0) / 8192, n0), "r = {r}");
            assert!((0..1024).contains(&r1));
        }
    }

    fn naive_use_hint(h: i32, r: i32, gamma2: i32) -> i32 {
        let m = (Q - 1) / (2 * gamma2);
        let (r1, r0) = naive_decompose(r, gamma2);
        if h == 1 && r0 > 0 {
            (r1 + 1).rem_euclid(m)
        } else if h == 1 {
            (r1 - 1).rem_euclid(m)
        } else {
            r1
        }
    }

    #[test]
    fn hints() {
        // UseHint against the naive Algorithm 40, every r, both hint values.
        for r in 0..Q {
            for h in 0..2 {
                assert_eq!(use_hint::<G88>(h, r), naive_use_hint(h, r, G88));
                assert_eq!(use_hint::<G32>(h, r), naive_use_hint(h, r, G32));
            }
        }
        // The defining property (FIPS 204 Lemma 1): for |z| <= gamma2,
        // UseHint(MakeHint(z, r), r) = HighBits(r + z).
        fn check<const G: i32>() {
            let mut seed = 0x1234_5678_9abc_def0u64;
            let mut next = || {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed
            };
            let mut h = [0i32; 256];
            let mut r = [0i32; 256];
            let mut rz = [0i32; 256];
            for _ in 0..2000 {
                for i in 0..256 {
                    r[i] = (next() % Q as u64) as i32;
                    let z = (next() % (2 * G as u64 + 1)) as i32 - G;
                    rz[i] = (r[i] + z).rem_euclid(Q);
                }
                let n = Portable::make_hint::<G>(&mut h, &r, &rz);
                assert_eq!(n as i32, h.iter().sum::<i32>());
                let mut hb = rz;
                Portable::highbits::<G>(&mut hb);
                let mut u = r;
                Portable::use_hint::<G>(&mut u, &h);
                assert_eq!(u, hb);
            }
        }
        check::<G88>();
        check::<G32>();
    }

    #[test]
    fn norm_check() {
        let mut a = [0i32; 256];
        let b = MlDsa87::GAMMA1 - MlDsa87::BETA;
        assert_eq!(Portable::norm_exceeds(&a, b), 0);
        for v in [b - 1, -(b - 1)] {
            a[17] = v;
            assert_eq!(Portable::norm_exceeds(&a, b), 0);
        }
        for v in [b, -b, 6283008, -6283008] {
            a[255] = v;
            assert_eq!(Portable::norm_exceeds(&a, b), u32::MAX);
        }
        let _ = MlDsa44::K;
    }

    /// Schoolbook product in Z_q[X]/(X^256 + 1).
    fn schoolbook(a: &Poly, b: &Poly) -> [i64; 256] {
        let mut c = [0i64; 256];
        for i in 0..256 {
            for j in 0..256 {
                let p = a[i] as i64 * b[j] as i64;
                if i + j < 256 {
                    c[i + j] += p;
                } else {
                    c[i + j - 256] -= p;
                }
            }
        }
        c.map(naive_mod)
    }

    #[test]
    fn ntt_matches_schoolbook() {
        let mut seed = 42u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as i64
        };
        for round in 0..20 {
            let mut a = [0i32; 256];
            let mut b = [0i32; 256];
            for i in 0..256 {
                // Full range |x| < q for a, small for b in half the rounds.
                a[i] = (next() % (2 * Q as i64 - 1)) as i32 - (Q - 1);
                b[i] = if round % 2 == 0 {
                    (next() % 9) as i32 - 4
                } else {
                    (next() % (2 * Q as i64 - 1)) as i32 - (Q - 1)
                };
            }
            let expect = schoolbook(&a, &b);
            let (mut ah, mut bh) = (a, b);
            Portable::ntt(&mut ah);
            Portable::ntt(&mut bh);
            assert!(ah.iter().all(|x| x.abs() < 9 * Q));
            Portable::reduce(&mut ah);
            let mut c = [0i32; 256];
            Portable::pointwise_montgomery(&mut c, &ah, &bh);
            Portable::inv_ntt(&mut c);
            assert!(c.iter().all(|x| x.abs() < Q));
            let got = c.map(|x| naive_mod(x as i64));
            assert_eq!(got, expect);
            // NTT then inverse is the identity times 2^32 (one Montgomery factor).
            let mut r = a;
            Portable::ntt(&mut r);
            Portable::reduce(&mut r);
            Portable::inv_ntt(&mut r);
            for i in 0..256 {
                assert_eq!(
                    naive_mod(r[i] as i64),
                    naive_mod(a[i] as i64 * ((1i64 << 32) % Q as i64))
                );
            }
        }
    }
}
