//! Keccak-f[1600] for AArch64: two states at once in the two 64-bit lanes of 25 NEON
//! registers, run twice for the 4-way [`Permute<4>`] hook.
//!
//! Two flavours share one round description ([`keccak_x2!`]):
//! - [`NeonX2`]: base NEON (part of every AArch64 CPU). Rotations are a shift plus a
//!   shift-right-and-insert (`SHL` + `SRI`), chi uses `BIC`.
//! - [`NeonSha3X2`]: the Armv8.2 SHA3 extension (`EOR3` for the five-way theta
//!   parities, `RAX1` for theta's D, `XAR` for theta + rho, `BCAX` for chi). It is
//!   only used where [`crate::backend`] detected the extension; without it (a direct
//!   call on an older CPU) it falls back to [`NeonX2`].
//!
//! The round is FIPS 202 section 3.3 (theta, rho, pi, chi, iota) with the lanes of
//! rho and pi unrolled: `B[y + 5 ((2x + 3y) mod 5)] = rot(A[x + 5y] ^ D[x], r[x, y])`
//! with the offsets r of FIPS 202 Table 2 (`super::RHO`; the tests check both flavours
//! against the portable [`super::keccak_f1600`] lane by lane). Nothing here depends on
//! the data except through the XOR/AND/rotate data path: constant time.

#![allow(unsafe_code)]

use core::arch::aarch64::{
    uint64x2_t, vbicq_u64, vcombine_u64, vcreate_u64, vdupq_n_u64, veorq_u64, vgetq_lane_u64,
    vshlq_n_u64, vsriq_n_u64,
};

use super::{Lanes, Permute, RC, State};

/// One Keccak-f[1600] on the 2-lane state `$s: [uint64x2_t; 25]`, written with the
/// five operations given as macros:
/// `$eor5!(a, b, c, d, e)` = a ^ b ^ c ^ d ^ e; `$rax1!(a, b)` = a ^ rol(b, 1);
/// `$xor_rol!(a, d, r)` = rol(a ^ d, r); `$bcax!(a, b, c)` = a ^ (b & !c).
macro_rules! keccak_x2 {
    ($s:ident, $eor5:ident, $rax1:ident, $xor_rol:ident, $bcax:ident) => {
        for rc in RC {
            // theta: column parities C[x] and D[x] = C[x-1] ^ rol(C[x+1], 1)
            let c0 = $eor5!($s[0], $s[5], $s[10], $s[15], $s[20]);
            let c1 = $eor5!($s[1], $s[6], $s[11], $s[16], $s[21]);
            let c2 = $eor5!($s[2], $s[7], $s[12], $s[17], $s[22]);
            let c3 = $eor5!($s[3], $s[8], $s[13], $s[18], $s[23]);
            let c4 = $eor5!($s[4], $s[9], $s[14], $s[19], $s[24]);
            let d0 = $rax1!(c4, c1);
            let d1 = $rax1!(c0, c2);
            let d2 = $rax1!(c1, c3);
            let d3 = $rax1!(c2, c4);
            let d4 = $rax1!(c3, c0);
            // theta's XOR, rho and pi: B[y + 5((2x+3y) mod 5)] = rol(A[x+5y] ^ D[x], r)
            let b0 = $xor_rol!($s[0], d0, 0);
            let b1 = $xor_rol!($s[6], d1, 44);
            let b2 = $xor_rol!($s[12], d2, 43);
            let b3 = $xor_rol!($s[18], d3, 21);
            let b4 = $xor_rol!($s[24], d4, 14);
            let b5 = $xor_rol!($s[3], d3, 28);
            let b6 = $xor_rol!($s[9], d4, 20);
            let b7 = $xor_rol!($s[10], d0, 3);
            let b8 = $xor_rol!($s[16], d1, 45);
            let b9 = $xor_rol!($s[22], d2, 61);
            let b10 = $xor_rol!($s[1], d1, 1);
            let b11 = $xor_rol!($s[7], d2, 6);
            let b12 = $xor_rol!($s[13], d3, 25);
            let b13 = $xor_rol!($s[19], d4, 8);
            let b14 = $xor_rol!($s[20], d0, 18);
            let b15 = $xor_rol!($s[4], d4, 27);
            let b16 = $xor_rol!($s[5], d0, 36);
            let b17 = $xor_rol!($s[11], d1, 10);
            let b18 = $xor_rol!($s[17], d2, 15);
            let b19 = $xor_rol!($s[23], d3, 56);
            let b20 = $xor_rol!($s[2], d2, 62);
            let b21 = $xor_rol!($s[8], d3, 55);
            let b22 = $xor_rol!($s[14], d4, 39);
            let b23 = $xor_rol!($s[15], d0, 41);
            let b24 = $xor_rol!($s[21], d1, 2);
            // chi: A[x, y] = B[x, y] ^ (!B[x+1, y] & B[x+2, y])
            $s[0] = $bcax!(b0, b2, b1);
            $s[1] = $bcax!(b1, b3, b2);
            $s[2] = $bcax!(b2, b4, b3);
            $s[3] = $bcax!(b3, b0, b4);
            $s[4] = $bcax!(b4, b1, b0);
            $s[5] = $bcax!(b5, b7, b6);
            $s[6] = $bcax!(b6, b8, b7);
            $s[7] = $bcax!(b7, b9, b8);
            $s[8] = $bcax!(b8, b5, b9);
            $s[9] = $bcax!(b9, b6, b5);
            $s[10] = $bcax!(b10, b12, b11);
            $s[11] = $bcax!(b11, b13, b12);
            $s[12] = $bcax!(b12, b14, b13);
            $s[13] = $bcax!(b13, b10, b14);
            $s[14] = $bcax!(b14, b11, b10);
            $s[15] = $bcax!(b15, b17, b16);
            $s[16] = $bcax!(b16, b18, b17);
            $s[17] = $bcax!(b17, b19, b18);
            $s[18] = $bcax!(b18, b15, b19);
            $s[19] = $bcax!(b19, b16, b15);
            $s[20] = $bcax!(b20, b22, b21);
            $s[21] = $bcax!(b21, b23, b22);
            $s[22] = $bcax!(b22, b24, b23);
            $s[23] = $bcax!(b23, b20, b24);
            $s[24] = $bcax!(b24, b21, b20);
            // iota
            $s[0] = veorq_u64($s[0], vdupq_n_u64(rc));
        }
    };
}

/// Interleaves two states: lane 0 of register i is `a[i]`, lane 1 is `b[i]`.
#[inline]
#[target_feature(enable = "neon")]
fn load2(a: &State, b: &State) -> [uint64x2_t; 25] {
    core::array::from_fn(|i| vcombine_u64(vcreate_u64(a[i]), vcreate_u64(b[i])))
}

/// Inverse of [`load2`].
#[inline]
#[target_feature(enable = "neon")]
fn store2(s: &[uint64x2_t; 25], a: &mut State, b: &mut State) {
    for ((x, y), v) in a.iter_mut().zip(b.iter_mut()).zip(s.iter()) {
        *x = vgetq_lane_u64::<0>(*v);
        *y = vgetq_lane_u64::<1>(*v);
    }
}

macro_rules! neon_eor5 {
    ($a:expr, $b:expr, $c:expr, $d:expr, $e:expr) => {
        veorq_u64(veorq_u64(veorq_u64($a, $b), veorq_u64($c, $d)), $e)
    };
}
/// rol(x, r) for 0 < r < 64: `SHL #r` then `SRI #(64 - r)` inserts the high bits.
macro_rules! neon_rol {
    ($x:expr, 0) => {
        $x
    };
    ($x:expr, $r:literal) => {{
        let x = $x;
        vsriq_n_u64::<{ 64 - $r }>(vshlq_n_u64::<$r>(x), x)
    }};
}
macro_rules! neon_rax1 {
    ($a:expr, $b:expr) => {
        veorq_u64($a, neon_rol!($b, 1))
    };
}
macro_rules! neon_xor_rol {
    ($a:expr, $d:expr, $r:tt) => {
        neon_rol!(veorq_u64($a, $d), $r)
    };
}
macro_rules! neon_bcax {
    ($a:expr, $b:expr, $c:expr) => {
        veorq_u64($a, vbicq_u64($b, $c))
    };
}

/// Keccak-f[1600] on two states with base NEON.
#[target_feature(enable = "neon")]
fn keccak_x2_neon(a: &mut State, b: &mut State) {
    let mut s = load2(a, b);
    keccak_x2!(s, neon_eor5, neon_rax1, neon_xor_rol, neon_bcax);
    store2(&s, a, b);
}

/// Keccak-f[1600] on two states with the SHA3 extension.
#[target_feature(enable = "neon,sha3")]
fn keccak_x2_sha3(a: &mut State, b: &mut State) {
    use core::arch::aarch64::{vbcaxq_u64, veor3q_u64, vrax1q_u64, vxarq_u64};
    macro_rules! sha3_eor5 {
        ($a:expr, $b:expr, $c:expr, $d:expr, $e:expr) => {
            veor3q_u64(veor3q_u64($a, $b, $c), $d, $e)
        };
    }
    macro_rules! sha3_rax1 {
        ($a:expr, $b:expr) => {
            vrax1q_u64($a, $b)
        };
    }
    // XAR rotates right: rol(x, r) = ror(x, (64 - r) mod 64).
    macro_rules! sha3_xor_rol {
        ($a:expr, $d:expr, $r:literal) => {
            vxarq_u64::<{ (64 - $r) % 64 }>($a, $d)
        };
    }
    macro_rules! sha3_bcax {
        ($a:expr, $b:expr, $c:expr) => {
            vbcaxq_u64($a, $b, $c)
        };
    }
    let mut s = load2(a, b);
    keccak_x2!(s, sha3_eor5, sha3_rax1, sha3_xor_rol, sha3_bcax);
    store2(&s, a, b);
}

/// The four states of lane-interleaved `lanes` (the sponge's layout), one after the
/// other (the layout the 2-way kernels load from).
fn to_states(lanes: &Lanes<4>) -> [State; 4] {
    core::array::from_fn(|j| core::array::from_fn(|i| lanes[i][j]))
}

/// Writes `states` back into lane-interleaved `lanes`.
fn from_states(states: &[State; 4], lanes: &mut Lanes<4>) {
    for (i, lane) in lanes.iter_mut().enumerate() {
        for (j, w) in lane.iter_mut().enumerate() {
            *w = states[j][i];
        }
    }
}

/// 2-way NEON Keccak, applied to states (0, 1) and (2, 3).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NeonX2;

super::multi_keccak_x4!(NeonX2);

impl Permute<4> for NeonX2 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        let mut states = to_states(lanes);
        let [s0, s1, s2, s3] = &mut states;
        // SAFETY: NEON is part of the AArch64 base architecture (every aarch64 target
        // enables it; see the compile-time check below).
        unsafe {
            keccak_x2_neon(s0, s1);
            keccak_x2_neon(s2, s3);
        }
        from_states(&states, lanes);
        zeroize::Zeroize::zeroize(states.as_flattened_mut());
    }
}

// The backends assume NEON without run-time detection.
#[cfg(not(target_feature = "neon"))]
compile_error!("AArch64 builds of pqlattice require the `neon` target feature");

/// 2-way Keccak on the SHA3 extension, applied to states (0, 1) and (2, 3).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NeonSha3X2;

super::multi_keccak_x4!(NeonSha3X2);

impl Permute<4> for NeonSha3X2 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        let mut states = to_states(lanes);
        let [s0, s1, s2, s3] = &mut states;
        if let Some(_sha3) = <crate::backend::cpu::Sha3 as crate::backend::cpu::Token>::detect() {
            // SAFETY: `_sha3` proves the CPU implements the SHA3 extension, the only
            // requirement of keccak_x2_sha3.
            unsafe {
                keccak_x2_sha3(s0, s1);
                keccak_x2_sha3(s2, s3);
            }
        } else {
            // SAFETY: NEON is part of the AArch64 base architecture.
            unsafe {
                keccak_x2_neon(s0, s1);
                keccak_x2_neon(s2, s3);
            }
        }
        from_states(&states, lanes);
        zeroize::Zeroize::zeroize(states.as_flattened_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::super::keccak_f1600;
    use super::*;

    fn states(seed: u64) -> [State; 4] {
        let mut x = seed;
        core::array::from_fn(|_| {
            core::array::from_fn(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            })
        })
    }

    fn check<P: Permute<4>>(name: &str) {
        let mut cases: std::vec::Vec<[State; 4]> = (1..40).map(states).collect();
        // Edge states: all zero, all ones, single bits in each lane, and one
        // instance different from the others (lanes must not mix).
        cases.push([[0; 25]; 4]);
        cases.push([[u64::MAX; 25]; 4]);
        for bit in [0u32, 1, 31, 32, 63] {
            for lane in 0..25 {
                let mut s = [[0u64; 25]; 4];
                s[lane % 4][lane] = 1 << bit;
                cases.push(s);
            }
        }
        let mut mixed = [[0u64; 25]; 4];
        mixed[1] = [u64::MAX; 25];
        mixed[2][24] = 0x8000_0000_0000_0001;
        cases.push(mixed);
        for (n, case) in cases.iter().enumerate() {
            let mut got = *case;
            // Several permutations in a row (a state reaches every lane value).
            for _ in 0..3 {
                let mut lanes = [[0u64; 4]; 25];
                from_states(&got, &mut lanes);
                P::permute(&mut lanes);
                got = to_states(&lanes);
            }
            for i in 0..4 {
                let mut want = case[i];
                for _ in 0..3 {
                    keccak_f1600(&mut want);
                }
                for lane in 0..25 {
                    assert_eq!(
                        got[i][lane], want[lane],
                        "{name} case {n} state {i} lane {lane}"
                    );
                }
            }
        }
    }

    #[test]
    fn neon_x2_matches_portable() {
        check::<NeonX2>("neon");
    }

    #[test]
    fn sha3_x2_matches_portable() {
        // Without the extension this exercises the fallback; the suite runs under
        // qemu once with and once without it (scripts/test-aarch64.sh).
        std::println!(
            "sha3 extension: {}",
            <crate::backend::cpu::Sha3 as crate::backend::cpu::Token>::detect().is_some()
        );
        check::<NeonSha3X2>("neon-sha3");
    }
}
