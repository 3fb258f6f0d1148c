//! The portable ML-KEM backend: safe Rust, constant-time, no tables indexed by secrets.

use super::{GAMMAS, MONT_SQ, Poly, Q, ZETAS};
use crate::backend::cpu;

/// q^-1 mod 2^16, as a signed 16-bit value (3329 * 62209 = 1 mod 2^16).
const QINV: i16 = -3327;

/// Montgomery reduction: for |a| < 2^15 q returns r = a * 2^-16 mod q with |r| < q.
/// The 32-bit reference form of [`fqmul`] (tests only).
#[cfg(test)]
fn montgomery_reduce(a: i32) -> i16 {
    let t = (a as i16).wrapping_mul(QINV);
    ((a - i32::from(t) * i32::from(Q)) >> 16) as i16
}

/// a * b * 2^-16 mod q. |a * b| < 2^15 q gives |result| < q.
///
/// The same value as `montgomery_reduce(a * b)`, computed in 16-bit halves (the low
/// halves of `a * b` and `t * q` are equal, so the difference of the high halves is
/// exact): every step is a 16-bit lane operation (`pmullw` / `pmulhw` on x86), so
/// loops over coefficients vectorise on the baseline target.
#[inline(always)]
pub(crate) fn fqmul(a: i16, b: i16) -> i16 {
    let lo = a.wrapping_mul(b);
    let t = lo.wrapping_mul(QINV);
    mulhi(a, b).wrapping_sub(mulhi(t, Q))
}

/// The high 16 bits of the 32-bit product `a * b`.
#[inline(always)]
fn mulhi(a: i16, b: i16) -> i16 {
    ((i32::from(a) * i32::from(b)) >> 16) as i16
}

/// Barrett reduction: for any i16 `a`, the representative of a mod q in
/// `[-(q-1)/2, (q-1)/2]`. Multiply-shift only (no division), in 16-bit lanes:
/// floor((V a + 2^25) / 2^26) = (floor(V a / 2^16) + 2^9) >> 10 exactly, since
/// 2^25 is a multiple of 2^16.
#[inline(always)]
pub(crate) fn barrett_reduce(a: i16) -> i16 {
    // V = round(2^26 / q) = 20159
    const V: i16 = (((1i32 << 26) + (Q as i32) / 2) / (Q as i32)) as i16;
    let t = (mulhi(a, V) + (1 << 9)) >> 10;
    a.wrapping_sub(t.wrapping_mul(Q))
}

/// Canonical representative in `[0, q)` of any i16, without branches.
#[inline(always)]
pub(crate) fn reduce_canonical(a: i16) -> i16 {
    let r = barrett_reduce(a);
    r + ((r >> 15) & Q)
}

/// Compress_d(x) = round(2^d x / q) mod 2^d for canonical x (FIPS 203 (4.7)),
/// computed as floor((2^(d+1) x + q) / 2q) with a multiply-shift: no division
/// instruction touches the secret (KyberSlash). Exact for all x < q, d <= 11
/// (checked exhaustively by the tests).
#[inline(always)]
pub(crate) fn compress(d: usize, x: i16) -> u16 {
    // M = ceil(2^40 / 2q)
    const M: u64 = (1u64 << 40).div_ceil(2 * 3329);
    let n = ((x as u64) << (d + 1)) + Q as u64;
    (((n * M) >> 40) as u16) & ((1u16 << d) - 1)
}

/// Decompress_d(y) = round(q y / 2^d) (FIPS 203 (4.8)) for y < 2^d.
#[inline(always)]
pub(crate) fn decompress(d: usize, y: u16) -> i16 {
    ((u32::from(y) * Q as u32 + (1u32 << (d - 1))) >> d) as i16
}

/// Packs 256 values of `D` bits little-endian (BitsToBytes of FIPS 203 Algorithm 3
/// applied to the concatenated D-bit strings), `V` values (`V * D / 8` whole bytes,
/// at most 128 bits) at a time: value `i` is `value(i)`, below 2^D.
#[inline(always)]
fn pack<const D: usize, const V: usize>(out: &mut [u8], mut value: impl FnMut(usize) -> u16) {
    let len = const { V * D / 8 };
    for (c, chunk) in out.chunks_exact_mut(len).enumerate() {
        if V * D <= 64 {
            let mut acc = 0u64;
            for k in 0..V {
                acc |= u64::from(value(V * c + k)) << (D * k);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..len]);
        } else {
            let mut acc = 0u128;
            for k in 0..V {
                acc |= u128::from(value(V * c + k)) << (D * k);
            }
            chunk.copy_from_slice(&acc.to_le_bytes()[..len]);
        }
    }
}

/// Unpacks 256 values of `D` bits (inverse of [`pack`]), `V` values at a time,
/// handing each to `f(i, value)`.
#[inline(always)]
fn unpack<const D: usize, const V: usize>(bytes: &[u8], mut f: impl FnMut(usize, u16)) {
    let len = const { V * D / 8 };
    let mask = (1u16 << D) - 1;
    for (c, chunk) in bytes.chunks_exact(len).enumerate() {
        if V * D <= 64 {
            let mut w = [0u8; 8];
            w[..len].copy_from_slice(chunk);
            let acc = u64::from_le_bytes(w);
            for k in 0..V {
                f(V * c + k, (acc >> (D * k)) as u16 & mask);
            }
        } else {
            let mut w = [0u8; 16];
            w[..len].copy_from_slice(chunk);
            let acc = u128::from_le_bytes(w);
            for k in 0..V {
                f(V * c + k, (acc >> (D * k)) as u16 & mask);
            }
        }
    }
}

/// [`pack`] for a run-time `d` (the general case; the kernels use the chunked forms).
fn pack_bits(d: usize, values: impl Iterator<Item = u16>, out: &mut [u8]) {
    let mut acc: u64 = 0;
    let mut bits = 0;
    let mut o = 0;
    for v in values {
        acc |= u64::from(v) << bits;
        bits += d;
        while bits >= 8 {
            out[o] = acc as u8;
            o += 1;
            acc >>= 8;
            bits -= 8;
        }
    }
}

/// [`unpack`] for a run-time `d`.
fn unpack_bits(d: usize, bytes: &[u8], mut f: impl FnMut(usize, u16)) {
    let mask = (1u64 << d) - 1;
    let mut acc: u64 = 0;
    let mut bits = 0;
    let mut i = 0;
    for &b in bytes {
        acc |= u64::from(b) << bits;
        bits += 8;
        while bits >= d {
            f(i, (acc & mask) as u16);
            i += 1;
            acc >>= d;
            bits -= d;
        }
    }
}

/// [`pack`] of Compress_D of every coefficient.
#[inline(always)]
fn compress_pack<const D: usize, const V: usize>(a: &Poly, out: &mut [u8]) {
    pack::<D, V>(out, |i| compress(D, a[i]));
}

/// Decompress_D of every value of [`unpack`].
#[inline(always)]
fn unpack_decompress<const D: usize, const V: usize>(bytes: &[u8], a: &mut Poly) {
    unpack::<D, V>(bytes, |i, y| a[i] = decompress(D, y));
}

/// One layer of the forward NTT (FIPS 203 Algorithm 9, steps 3-10, for len = LEN):
/// the blocks of 2 LEN coefficients, block b with zeta = ZETAS[128 / LEN + b].
/// The two halves of a block are separate slices, so the butterfly loop vectorises.
#[inline(always)]
fn ntt_layer<const LEN: usize>(a: &mut Poly) {
    for (b, block) in a.chunks_exact_mut(2 * LEN).enumerate() {
        let zeta = ZETAS[128 / LEN + b];
        let (lo, hi) = block.split_at_mut(LEN);
        for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
            let t = fqmul(zeta, *y);
            *y = *x - t;
            *x += t;
        }
    }
}

/// One layer of the inverse NTT (FIPS 203 Algorithm 10, steps 3-11, for len = LEN),
/// without reducing the sums: block b with zeta = ZETAS[256 / LEN - 1 - b].
#[inline(always)]
fn inv_ntt_layer<const LEN: usize>(a: &mut Poly) {
    for (b, block) in a.chunks_exact_mut(2 * LEN).enumerate() {
        let zeta = ZETAS[256 / LEN - 1 - b];
        let (lo, hi) = block.split_at_mut(LEN);
        for (x, y) in lo.iter_mut().zip(hi.iter_mut()) {
            let t = *x;
            *x = t + *y;
            *y = fqmul(zeta, *y - t);
        }
    }
}

/// The portable backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable;

impl super::KemKernels for Portable {
    type Token = cpu::Portable;
    type Fallback = Portable;
    type Keccak = crate::hash::Portable;
    /// The reference: it defines every kernel and replaces none.
    const NATIVE: &'static [&'static str] = &[];

    fn ntt(_: cpu::Portable, a: &mut Poly) {
        // Seven layers of Cooley-Tukey butterflies; each adds less than q to the
        // bound, so |a_i| < 8q < 2^15 holds without reductions in between.
        ntt_layer::<128>(a);
        ntt_layer::<64>(a);
        ntt_layer::<32>(a);
        ntt_layer::<16>(a);
        ntt_layer::<8>(a);
        ntt_layer::<4>(a);
        ntt_layer::<2>(a);
        for c in a.iter_mut() {
            *c = barrett_reduce(*c);
        }
    }

    fn inv_ntt(_: cpu::Portable, a: &mut Poly) {
        // F = R^2 / 128 mod q: the 128^-1 of Algorithm 10 step 14, times R for the
        // Montgomery convention (cancels the R^-1 of basemul_acc).
        const F: i16 = 1441;
        // Gentleman-Sande butterflies with lazy reduction: a layer at most doubles
        // the bound (the sums; the products are below q), so from |a_i| < q three
        // layers stay below 8q < 2^15 (and the differences they form below 8q too);
        // one Barrett pass brings everything to (q-1)/2, after which the last four
        // layers end below 8q again. The final Montgomery product by F is below q
        // (|a_i F| < 8q * 1441 < 2^15 q).
        inv_ntt_layer::<2>(a);
        inv_ntt_layer::<4>(a);
        inv_ntt_layer::<8>(a);
        for c in a.iter_mut() {
            *c = barrett_reduce(*c);
        }
        inv_ntt_layer::<16>(a);
        inv_ntt_layer::<32>(a);
        inv_ntt_layer::<64>(a);
        inv_ntt_layer::<128>(a);
        for c in a.iter_mut() {
            *c = fqmul(*c, F);
        }
    }

    fn basemul_acc(_: cpu::Portable, out: &mut Poly, a: &[Poly], b: &[Poly]) {
        // Per pair i and vector entry: c0 = a0 b0 + (a1 b1) gamma_i, c1 = a0 b1 + a1 b0,
        // each product a Montgomery product in 16-bit lanes (below q), so the sums
        // over at most four entries stay below 8q < 2^15; one Barrett reduction at
        // the end. Every step works on whole rows of even or odd coefficients.
        let mut c0 = [0i16; 128];
        let mut c1 = [0i16; 128];
        for (f, g) in a.iter().zip(b.iter()) {
            for i in 0..128 {
                let (a0, a1) = (f[2 * i], f[2 * i + 1]);
                let (b0, b1) = (g[2 * i], g[2 * i + 1]);
                c0[i] += fqmul(a0, b0) + fqmul(fqmul(a1, b1), GAMMAS[i]);
                c1[i] += fqmul(a0, b1) + fqmul(a1, b0);
            }
        }
        for i in 0..128 {
            out[2 * i] = barrett_reduce(c0[i]);
            out[2 * i + 1] = barrett_reduce(c1[i]);
        }
    }

    fn to_mont(_: cpu::Portable, a: &mut Poly) {
        for c in a.iter_mut() {
            *c = fqmul(*c, MONT_SQ);
        }
    }

    fn reduce(_: cpu::Portable, a: &mut Poly) {
        for c in a.iter_mut() {
            *c = reduce_canonical(*c);
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

    fn compress_encode(_: cpu::Portable, d: usize, a: &Poly, out: &mut [u8]) {
        // Chunks of whole bytes: 8 bits (d = 1), 64 (4), 40 (5, 10), 88 (11).
        match d {
            1 => compress_pack::<1, 8>(a, out),
            4 => compress_pack::<4, 16>(a, out),
            5 => compress_pack::<5, 8>(a, out),
            10 => compress_pack::<10, 4>(a, out),
            11 => compress_pack::<11, 8>(a, out),
            // Not used by ML-KEM; any other d < 12, a bit at a time.
            _ => pack_bits(d, a.iter().map(|&x| compress(d, x)), out),
        }
    }

    fn decode_decompress(_: cpu::Portable, d: usize, bytes: &[u8], a: &mut Poly) {
        match d {
            1 => unpack_decompress::<1, 8>(bytes, a),
            4 => unpack_decompress::<4, 16>(bytes, a),
            5 => unpack_decompress::<5, 8>(bytes, a),
            10 => unpack_decompress::<10, 4>(bytes, a),
            11 => unpack_decompress::<11, 8>(bytes, a),
            // Not used by ML-KEM; any other d < 12, a bit at a time.
            _ => unpack_bits(d, bytes, |i, y| a[i] = decompress(d, y)),
        }
    }

    fn encode12(_: cpu::Portable, a: &Poly, out: &mut [u8]) {
        pack::<12, 4>(out, |i| a[i] as u16);
    }

    fn decode12(_: cpu::Portable, bytes: &[u8], a: &mut Poly) -> bool {
        // Accumulate "some value was >= q" without branching: (q - 1 - v) is negative
        // exactly when v >= q, so its sign bit records the failure.
        let mut bad: i32 = 0;
        unpack::<12, 4>(bytes, |i, v| {
            let v = v as i16;
            bad |= i32::from(Q - 1 - v);
            // v < 4096 < 2q: one conditional subtraction of q, via the sign mask.
            let r = v - Q;
            a[i] = r + ((r >> 15) & Q);
        });
        (bad >> 31) == 0
    }

    fn cbd(_: cpu::Portable, eta: usize, bytes: &[u8], a: &mut Poly) {
        if eta == 2 {
            for (i, chunk) in bytes.chunks_exact(4).enumerate() {
                let w = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                let t = (w & 0x5555_5555) + ((w >> 1) & 0x5555_5555);
                for j in 0..8 {
                    let x = ((t >> (4 * j)) & 3) as i16;
                    let y = ((t >> (4 * j + 2)) & 3) as i16;
                    a[8 * i + j] = x - y;
                }
            }
        } else {
            for (i, chunk) in bytes.chunks_exact(3).enumerate() {
                let w = u32::from(chunk[0]) | u32::from(chunk[1]) << 8 | u32::from(chunk[2]) << 16;
                let t = (w & 0x24_9249) + ((w >> 1) & 0x24_9249) + ((w >> 2) & 0x24_9249);
                for j in 0..4 {
                    let x = ((t >> (6 * j)) & 7) as i16;
                    let y = ((t >> (6 * j + 3)) & 7) as i16;
                    a[4 * i + j] = x - y;
                }
            }
        }
    }

    fn rej_uniform(_: cpu::Portable, out: &mut [i16], buf: &[u8]) -> usize {
        let mut n = 0;
        for c in buf.chunks_exact(3) {
            if n == out.len() {
                break;
            }
            let d1 = u16::from(c[0]) | (u16::from(c[1] & 0x0F) << 8);
            let d2 = u16::from(c[1] >> 4) | (u16::from(c[2]) << 4);
            if d1 < Q as u16 {
                out[n] = d1 as i16;
                n += 1;
            }
            if d2 < Q as u16 && n < out.len() {
                out[n] = d2 as i16;
                n += 1;
            }
        }
        n
    }

    fn wipe_polys(_: cpu::Portable, a: &mut [Poly]) {
        zeroize::Zeroize::zeroize(a.as_flattened_mut());
    }

    fn wipe_bytes(_: cpu::Portable, a: &mut [u8]) {
        zeroize::Zeroize::zeroize(a);
    }
}

#[cfg(test)]
mod tests {
    //! The portable arithmetic against naive references taken straight from FIPS 203.
    #![allow(clippy::needless_range_loop)]
    use super::*;
    use crate::ml_kem::backend::KemBackend;

    /// A small deterministic generator for test inputs.
    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn poly(&mut self, bound: i16) -> Poly {
            core::array::from_fn(|_| (self.next() % (2 * bound as u64 - 1)) as i16 - (bound - 1))
        }
    }

    fn modq(x: i64) -> i64 {
        x.rem_euclid(3329)
    }

    /// Schoolbook multiplication in Z_q[X]/(X^256 + 1).
    fn schoolbook(a: &Poly, b: &Poly) -> [i64; 256] {
        let mut c = [0i64; 256];
        for i in 0..256 {
            for j in 0..256 {
                let p = i64::from(a[i]) * i64::from(b[j]);
                if i + j < 256 {
                    c[i + j] += p;
                } else {
                    c[i + j - 256] -= p;
                }
            }
        }
        c.map(modq)
    }

    #[test]
    fn ntt_multiplication_matches_schoolbook() {
        let mut rng = XorShift(0x1234_5678_9abc_def1);
        for _ in 0..50 {
            let (a, b) = (rng.poly(Q), rng.poly(Q));
            let expected = schoolbook(&a, &b);
            let (mut fa, mut fb) = (a, b);
            Portable::ntt(&mut fa);
            Portable::ntt(&mut fb);
            let mut c = [0i16; 256];
            Portable::basemul_acc(&mut c, &[fa], &[fb]);
            Portable::inv_ntt(&mut c);
            Portable::reduce(&mut c);
            assert_eq!(c.map(i64::from), expected);
        }
    }

    #[test]
    fn inner_product_of_four_matches_schoolbook() {
        let mut rng = XorShift(99);
        let a: [Poly; 4] = core::array::from_fn(|_| rng.poly(Q));
        let b: [Poly; 4] = core::array::from_fn(|_| rng.poly(Q));
        let mut expected = [0i64; 256];
        for i in 0..4 {
            let p = schoolbook(&a[i], &b[i]);
            for j in 0..256 {
                expected[j] = modq(expected[j] + p[j]);
            }
        }
        let (mut fa, mut fb) = (a, b);
        fa.iter_mut().for_each(Portable::ntt);
        fb.iter_mut().for_each(Portable::ntt);
        let mut c = [0i16; 256];
        Portable::basemul_acc(&mut c, &fa, &fb);
        Portable::inv_ntt(&mut c);
        Portable::reduce(&mut c);
        assert_eq!(c.map(i64::from), expected);
    }

    /// The documented output bounds hold at the extremes of the input bounds.
    #[test]
    fn contract_bounds() {
        let mut rng = XorShift(7);
        let extremes = [[Q - 1; 256], [-(Q - 1); 256], rng.poly(Q)];
        for a in extremes {
            let mut f = a;
            Portable::ntt(&mut f);
            assert!(f.iter().all(|&c| c.abs() <= (Q - 1) / 2));
            let mut g = a;
            Portable::inv_ntt(&mut g);
            assert!(g.iter().all(|&c| c.abs() < Q));
            // inv_ntt(ntt(a)) = a * R
            let mut h = f;
            Portable::inv_ntt(&mut h);
            for i in 0..256 {
                assert_eq!(modq(i64::from(h[i])), modq(i64::from(a[i]) * 65536));
            }
            let mut c = [0i16; 256];
            Portable::basemul_acc(&mut c, &[a; 4], &[a; 4]);
            assert!(c.iter().all(|&x| x.abs() < Q));
        }
    }

    #[test]
    fn reductions_exhaustive() {
        for a in i16::MIN..=i16::MAX {
            let b = barrett_reduce(a);
            assert!(b.abs() <= (Q - 1) / 2 && modq(i64::from(b)) == modq(i64::from(a)));
            let c = reduce_canonical(a);
            assert!((0..Q).contains(&c) && modq(i64::from(c)) == modq(i64::from(a)));
            let m = fqmul(a, MONT_SQ); // a * R
            assert!(m.abs() < Q && modq(i64::from(m)) == modq(i64::from(a) * 65536));
            // The 16-bit-lane Montgomery product equals the 32-bit reduction.
            for b in [
                1,
                -1,
                Q - 1,
                -(Q - 1),
                1441,
                MONT_SQ,
                ZETAS[1],
                i16::MAX,
                i16::MIN,
            ] {
                if (i32::from(a) * i32::from(b)).abs() < (1 << 15) * i32::from(Q) {
                    assert_eq!(fqmul(a, b), montgomery_reduce(i32::from(a) * i32::from(b)));
                }
            }
        }
        let mut rng = XorShift(3);
        for _ in 0..100_000 {
            let a = (rng.next() % (2 * 32768 * 3329)) as i32 - 32768 * 3329;
            let r = montgomery_reduce(a);
            assert!(r.abs() < Q);
            assert_eq!(modq(i64::from(r) * 65536), modq(i64::from(a)));
        }
    }

    /// Compress_d / Decompress_d over every input, against the rational definitions
    /// of FIPS 203 (4.7) and (4.8).
    #[test]
    fn compress_decompress_exhaustive() {
        for d in [1usize, 4, 5, 10, 11] {
            for x in 0..Q {
                // round(2^d x / q) = floor((2^(d+1) x + q) / 2q)
                let naive = (((i64::from(x) << (d + 1)) + 3329) / 6658) % (1 << d);
                assert_eq!(i64::from(compress(d, x)), naive, "d={d} x={x}");
            }
            for y in 0..(1u16 << d) {
                let naive = (2 * 3329 * i64::from(y) + (1 << d)) >> (d + 1);
                assert_eq!(i64::from(decompress(d, y)), naive, "d={d} y={y}");
            }
        }
    }

    #[test]
    fn encode_decode_round_trips() {
        let mut rng = XorShift(11);
        for d in [1usize, 4, 5, 10, 11] {
            let a: Poly = core::array::from_fn(|_| (rng.next() % 3329) as i16);
            let mut bytes = [0u8; 32 * 11];
            Portable::compress_encode(d, &a, &mut bytes[..32 * d]);
            // Bit-level check against BytesToBits/BitsToBytes (Algorithms 3, 4).
            for i in 0..256 {
                let mut v = 0u16;
                for j in 0..d {
                    let bit = (bytes[(i * d + j) / 8] >> ((i * d + j) % 8)) & 1;
                    v |= u16::from(bit) << j;
                }
                assert_eq!(v, compress(d, a[i]));
            }
            let mut back = [0i16; 256];
            Portable::decode_decompress(d, &bytes[..32 * d], &mut back);
            for i in 0..256 {
                assert_eq!(back[i], decompress(d, compress(d, a[i])));
            }
        }
        let a: Poly = core::array::from_fn(|_| (rng.next() % 3329) as i16);
        let mut bytes = [0u8; 384];
        Portable::encode12(&a, &mut bytes);
        let mut back = [0i16; 256];
        assert!(Portable::decode12(&bytes, &mut back));
        assert_eq!(a, back);
        // Every out-of-range 12-bit value is flagged, in every position.
        for (pos, bad) in [(0usize, 3329u16), (255, 4095), (128, 3330)] {
            let mut b2 = bytes;
            let bit = pos * 12;
            for j in 0..12 {
                let mask = 1u8 << ((bit + j) % 8);
                if (bad >> j) & 1 == 1 {
                    b2[(bit + j) / 8] |= mask;
                } else {
                    b2[(bit + j) / 8] &= !mask;
                }
            }
            assert!(!Portable::decode12(&b2, &mut back));
            assert_eq!(i64::from(back[pos]), i64::from(bad) % 3329);
        }
        // q - 1 everywhere passes.
        let top = [Q - 1; 256];
        Portable::encode12(&top, &mut bytes);
        assert!(Portable::decode12(&bytes, &mut back));
    }

    /// Algorithm 8 bit by bit.
    #[test]
    fn cbd_matches_algorithm_8() {
        let mut rng = XorShift(5);
        for eta in [2usize, 3] {
            for _ in 0..20 {
                let bytes: [u8; 192] = core::array::from_fn(|_| rng.next() as u8);
                let b = &bytes[..64 * eta];
                let bit = |k: usize| i16::from((b[k / 8] >> (k % 8)) & 1);
                let mut f = [0i16; 256];
                Portable::cbd(eta, b, &mut f);
                for i in 0..256 {
                    let x: i16 = (0..eta).map(|j| bit(2 * i * eta + j)).sum();
                    let y: i16 = (0..eta).map(|j| bit(2 * i * eta + eta + j)).sum();
                    assert_eq!(f[i], x - y);
                }
            }
        }
    }

    /// Algorithm 7's parsing step.
    #[test]
    fn rej_uniform_matches_algorithm_7() {
        let mut rng = XorShift(17);
        let buf: [u8; 504] = core::array::from_fn(|_| rng.next() as u8);
        let mut naive = [0i16; 256];
        let mut j = 0;
        for c in buf.chunks_exact(3) {
            let d1 = u16::from(c[0]) + 256 * (u16::from(c[1]) % 16);
            let d2 = u16::from(c[1]) / 16 + 16 * u16::from(c[2]);
            if d1 < 3329 && j < 256 {
                naive[j] = d1 as i16;
                j += 1;
            }
            if d2 < 3329 && j < 256 {
                naive[j] = d2 as i16;
                j += 1;
            }
        }
        let mut out = [0i16; 256];
        let n = Portable::rej_uniform(&mut out, &buf);
        assert_eq!(n, j);
        assert_eq!(out[..n], naive[..n]);
        // Filling in two pieces gives the same result.
        let mut out2 = [0i16; 256];
        let n1 = Portable::rej_uniform(&mut out2[..100], &buf);
        assert_eq!(n1, 100);
        assert_eq!(out2[..100], naive[..100]);
    }

    #[test]
    fn zeta_tables() {
        // zeta = 17 is a primitive 256th root of unity mod q; ZETAS[1] = 17^64 * R.
        assert_eq!(modq(i64::from(ZETAS[0])), modq(65536));
        assert_eq!(modq(i64::from(ZETAS[1])), modq(1729 * 65536));
        assert_eq!(modq(i64::from(GAMMAS[0])), modq(17 * 65536));
    }
}
