//! A 2-way Keccak-f[1600] (FIPS 202 Algorithm 7) on WebAssembly SIMD128: two
//! independent states in the two 64-bit lanes of 25 `v128`, and [`Simd128x2`] as a
//! [`Permute<4>`] that runs it twice.
//!
//! wasm SIMD has no 64-bit lane rotation, so each rotation of rho and theta is two
//! shifts and an `or`; scalar wasm has a native `i64.rotl`. Whether the vector form
//! pays therefore depends on the engine: see the measurements in `wasm/README.md`.
//! The round constants and rotation offsets are derived here from their definitions
//! (FIPS 202 Algorithms 5 and 2) rather than copied, and the tests compare the
//! permutation with the portable one.

use core::arch::wasm32::*;

use super::keccak::{Lanes, Permute};

/// rc(t) of FIPS 202 Algorithm 5: the output bit of the degree-8 LFSR.
const fn rc_bit(t: usize) -> u64 {
    if t % 255 == 0 {
        return 1;
    }
    // R as bits R[0..8] in bits 0..8 of `r`; initially R = 10000000.
    let mut r: u16 = 1;
    let mut i = 1;
    while i <= t % 255 {
        r <<= 1; // R = 0 || R
        let r8 = (r >> 8) & 1;
        r ^= r8 | (r8 << 4) | (r8 << 5) | (r8 << 6); // R[0], R[4], R[5], R[6] ^= R[8]
        r &= 0xff; // Trunc_8
        i += 1;
    }
    (r & 1) as u64
}

/// The 24 iota round constants: RC[2^j - 1] = rc(j + 7 i_r) (FIPS 202 Algorithm 6).
const RC: [u64; 24] = {
    let mut out = [0u64; 24];
    let mut ir = 0;
    while ir < 24 {
        let mut j = 0;
        while j <= 6 {
            out[ir] |= rc_bit(j + 7 * ir) << ((1 << j) - 1);
            j += 1;
        }
        ir += 1;
    }
    out
};

/// The rho offsets, indexed by x + 5y (FIPS 202 Algorithm 2).
const RHO: [u32; 25] = {
    let mut out = [0u32; 25];
    let (mut x, mut y) = (1usize, 0usize);
    let mut t = 0;
    while t < 24 {
        out[x + 5 * y] = (((t + 1) * (t + 2) / 2) % 64) as u32;
        (x, y) = (y, (2 * x + 3 * y) % 5);
        t += 1;
    }
    out
};

/// Both lanes rotated left by `n` (0 < n < 64).
#[inline(always)]
fn rotl(x: v128, n: u32) -> v128 {
    v128_or(i64x2_shl(x, n), u64x2_shr(x, 64 - n))
}

/// Keccak-f[1600] on two interleaved states.
#[inline(always)]
fn keccak_f1600_x2(a: &mut [v128; 25]) {
    for rc in RC {
        // theta (Algorithm 1)
        let c: [v128; 5] = core::array::from_fn(|x| {
            v128_xor(
                v128_xor(v128_xor(a[x], a[x + 5]), v128_xor(a[x + 10], a[x + 15])),
                a[x + 20],
            )
        });
        let d: [v128; 5] =
            core::array::from_fn(|x| v128_xor(c[(x + 4) % 5], rotl(c[(x + 1) % 5], 1)));
        // rho and pi (Algorithms 2 and 3): B[y, 2x+3y] = rot(A[x, y] ^ D[x], r[x, y])
        let mut b = [i64x2_splat(0); 25];
        for x in 0..5 {
            for y in 0..5 {
                let v = v128_xor(a[x + 5 * y], d[x]);
                let r = RHO[x + 5 * y];
                b[y + 5 * ((2 * x + 3 * y) % 5)] = if r == 0 { v } else { rotl(v, r) };
            }
        }
        // chi (Algorithm 4): B[x] ^ (!B[x+1] & B[x+2])
        for y in 0..5 {
            for x in 0..5 {
                a[x + 5 * y] = v128_xor(
                    b[x + 5 * y],
                    v128_andnot(b[(x + 2) % 5 + 5 * y], b[(x + 1) % 5 + 5 * y]),
                );
            }
        }
        // iota (Algorithm 6)
        a[0] = v128_xor(a[0], i64x2_splat(rc as i64));
    }
}

/// Keccak-f[1600] of two states at once. Not inlined: one copy serves every sponge.
#[inline(never)]
fn permute2(lanes: &mut Lanes<4>, first: usize) {
    let mut a: [v128; 25] = core::array::from_fn(|i| u64x2(lanes[i][first], lanes[i][first + 1]));
    keccak_f1600_x2(&mut a);
    for (lane, v) in lanes.iter_mut().zip(a) {
        lane[first] = u64x2_extract_lane::<0>(v);
        lane[first + 1] = u64x2_extract_lane::<1>(v);
    }
}

/// The 2-way SIMD128 permutation, applied to instance pairs (0, 1) and (2, 3).
#[derive(Clone, Copy)]
pub(crate) struct Simd128x2;

super::keccak::multi_keccak_x4!(Simd128x2);

impl Permute<4> for Simd128x2 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        permute2(lanes, 0);
        permute2(lanes, 2);
    }
}
