//! The portable ML-KEM backend: safe Rust, constant-time, no tables indexed by secrets.

use super::{GAMMAS, KemBackend, MONT_SQ, Poly, Q, ZETAS};

/// q^-1 mod 2^16, as a signed 16-bit value (3329 * 62209 = 1 mod 2^16).
const QINV: i16 = -3327;

/// Montgomery reduction: for |a| < 2^15 q returns r = a * 2^-16 mod q with |r| < q.
#[inline(always)]
pub(crate) fn montgomery_reduce(a: i32) -> i16 {
    let t = (a as i16).wrapping_mul(QINV);
    ((a - i32::from(t) * i32::from(Q)) >> 16) as i16
}

/// a * b * 2^-16 mod q. |a * b| < 2^15 q gives |result| < q.
#[inline(always)]
pub(crate) fn fqmul(a: i16, b: i16) -> i16 {
    montgomery_reduce(i32::from(a) * i32::from(b))
}

/// Barrett reduction: for any i16 `a`, the representative of a mod q in
/// `[-(q-1)/2, (q-1)/2]`. Multiply-shift only (no division).
#[inline(always)]
pub(crate) fn barrett_reduce(a: i16) -> i16 {
    // V = round(2^26 / q)
    const V: i32 = ((1 << 26) + (Q as i32) / 2) / (Q as i32);
    let t = ((V * i32::from(a) + (1 << 25)) >> 26) as i16;
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
    const M: u64 = ((1u64 << 40) + 2 * 3329 - 1) / (2 * 3329);
    let n = ((x as u64) << (d + 1)) + Q as u64;
    (((n * M) >> 40) as u16) & ((1u16 << d) - 1)
}

/// Decompress_d(y) = round(q y / 2^d) (FIPS 203 (4.8)) for y < 2^d.
#[inline(always)]
pub(crate) fn decompress(d: usize, y: u16) -> i16 {
    ((u32::from(y) * Q as u32 + (1u32 << (d - 1))) >> d) as i16
}

/// Packs the low `d` bits of each of the 256 values little-endian (BitsToBytes of
/// FIPS 203 Algorithm 3 applied to the concatenated d-bit strings).
#[inline(always)]
fn pack(d: usize, values: impl Iterator<Item = u16>, out: &mut [u8]) {
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

/// Unpacks 256 values of `d` bits each (inverse of [`pack`]).
#[inline(always)]
fn unpack(d: usize, bytes: &[u8], mut f: impl FnMut(usize, u16)) {
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

/// The portable backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Portable;

impl KemBackend for Portable {
    fn ntt(a: &mut Poly) {
        let mut k = 1;
        let mut len = 128;
        while len >= 2 {
            for start in (0..256).step_by(2 * len) {
                let zeta = ZETAS[k];
                k += 1;
                for j in start..start + len {
                    let t = fqmul(zeta, a[j + len]);
                    a[j + len] = a[j] - t;
                    a[j] += t;
                }
            }
            len >>= 1;
        }
        for c in a.iter_mut() {
            *c = barrett_reduce(*c);
        }
    }

    fn inv_ntt(a: &mut Poly) {
        // F = R^2 / 128 mod q: the 128^-1 of Algorithm 10 step 14, times R for the
        // Montgomery convention (cancels the R^-1 of basemul_acc).
        const F: i16 = 1441;
        let mut k = 127;
        let mut len = 2;
        while len <= 128 {
            for start in (0..256).step_by(2 * len) {
                let zeta = ZETAS[k];
                k -= 1;
                for j in start..start + len {
                    let t = a[j];
                    a[j] = barrett_reduce(t + a[j + len]);
                    a[j + len] = fqmul(zeta, a[j + len] - t);
                }
            }
            len <<= 1;
        }
        for c in a.iter_mut() {
            *c = fqmul(*c, F);
        }
    }

    fn basemul_acc(out: &mut Poly, a: &[Poly], b: &[Poly]) {
        for i in 0..128 {
            let gamma = GAMMAS[i];
            let (mut c0, mut c1) = (0i32, 0i32);
            for (f, g) in a.iter().zip(b.iter()) {
                let (a0, a1) = (i32::from(f[2 * i]), i32::from(f[2 * i + 1]));
                let (b0, b1) = (i32::from(g[2 * i]), i32::from(g[2 * i + 1]));
                c0 += a0 * b0 + i32::from(montgomery_reduce(a1 * b1)) * i32::from(gamma);
                c1 += a0 * b1 + a1 * b0;
            }
            out[2 * i] = montgomery_reduce(c0);
            out[2 * i + 1] = montgomery_reduce(c1);
        }
    }

    fn to_mont(a: &mut Poly) {
        for c in a.iter_mut() {
            *c = fqmul(*c, MONT_SQ);
        }
    }

    fn reduce(a: &mut Poly) {
        for c in a.iter_mut() {
            *c = reduce_canonical(*c);
        }
    }

    fn add(a: &mut Poly, b: &Poly) {
        for (x, y) in a.iter_mut().zip(b.iter()) {
            *x += *y;
        }
    }

    fn sub(a: &mut Poly, b: &Poly) {
        for (x, y) in a.iter_mut().zip(b.iter()) {
            *x -= *y;
        }
    }

    fn compress_encode(d: usize, a: &Poly, out: &mut [u8]) {
        pack(d, a.iter().map(|&x| compress(d, x)), out);
    }

    fn decode_decompress(d: usize, bytes: &[u8], a: &mut Poly) {
        unpack(d, bytes, |i, y| a[i] = decompress(d, y));
    }

    fn encode12(a: &Poly, out: &mut [u8]) {
        pack(12, a.iter().map(|&x| x as u16), out);
    }

    fn decode12(bytes: &[u8], a: &mut Poly) -> bool {
        // Accumulate "some value was >= q" without branching: (q - 1 - v) is negative
        // exactly when v >= q, so its sign bit records the failure.
        let mut bad: i32 = 0;
        unpack(12, bytes, |i, v| {
            let v = v as i16;
            bad |= i32::from(Q - 1 - v);
            // v < 4096 < 2q: one conditional subtraction of q, via the sign mask.
            let r = v - Q;
            a[i] = r + ((r >> 15) & Q);
        });
        (bad >> 31) == 0
    }

    fn cbd(eta: usize, bytes: &[u8], a: &mut Poly) {
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

    fn rej_uniform(out: &mut [i16], buf: &[u8]) -> usize {
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
}
