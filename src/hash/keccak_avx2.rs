//! 4-way Keccak-f[1600] for x86_64 with AVX2, in hand-written assembly
//! (`asm/x86_64/keccak_x4_avx2.S`).
//!
//! The four states stay lane-interleaved (the sponge's own layout, [`Lanes<4>`]):
//! lane `i` of the four instances is one ymm word, so the kernel needs no transpose.
//! The kernel runs only with a `crate::backend::cpu::Avx2` token.

use super::keccak::{Lanes, Permute, RC};

/// The AVX2 4-way permutation (on a CPU without AVX2 it runs the portable one).
#[derive(Clone, Copy)]
pub(crate) struct Avx2x4;

super::keccak::multi_keccak_x4!(Avx2x4);

/// `vpshufb` masks rotating each 64-bit word left by 8 bits (first 32 bytes) and by
/// 56 bits (last 32 bytes): output byte `k` of a word takes input byte `k - 1`
/// (resp. `k + 1`) mod 8, within each 128-bit half.
#[repr(C, align(32))]
struct ShuffleMasks([u8; 64]);

static SHUFFLE_MASKS: ShuffleMasks = ShuffleMasks([
    7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, //
    7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, //
    1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, //
    1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
]);

/// The kernel. Reads and writes the 800 bytes at `state`, reads the 24 round
/// constants at `rc` and the 64 mask bytes at `masks`; uses at most 840 bytes of stack
/// (wiped before returning), clobbers only caller-saved registers of the
/// System V ABI (rax, rcx, ymm0-15: all cleared on return).
///
/// # Safety
/// The CPU must support AVX2; `state` must be valid for reads and writes of 800
/// bytes, `rc` for reads of 24 `u64`s and `masks` for reads of 64 bytes.
#[unsafe(naked)]
unsafe extern "sysv64" fn keccak_x4_avx2(
    _state: *mut [[u64; 4]; 25],
    _rc: *const u64,
    _masks: *const [u8; 64],
) {
    core::arch::naked_asm!(
        include_str!("../../asm/x86_64/keccak_x4_avx2.S"),
        options(raw)
    )
}

impl Permute<4> for Avx2x4 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        let Some(_avx2) = <crate::backend::cpu::Avx2 as crate::backend::cpu::Token>::detect()
        else {
            // Not reachable through the dispatch, which selects this permutation
            // only for backends that need AVX2: stay correct anyway.
            return <super::Portable as Permute<4>>::permute(lanes);
        };
        // SAFETY: `_avx2` proves the CPU supports AVX2. `lanes` is an exclusive
        // reference to exactly 800 bytes, `RC` is 24 `u64`s and `SHUFFLE_MASKS` 64
        // bytes, all valid for the call; the kernel follows the sysv64 ABI it is
        // declared with.
        unsafe { keccak_x4_avx2(lanes, RC.as_ptr(), &SHUFFLE_MASKS.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::keccak::{SpongeN, State, keccak_f1600};
    use crate::hash::{SHAKE128_RATE, SHAKE256_RATE, Shake128, Shake256};
    use std::{eprintln, vec, vec::Vec};

    fn have_avx2() -> bool {
        let ok = std::is_x86_feature_detected!("avx2");
        if !ok {
            eprintln!("skipping: this CPU lacks AVX2");
        }
        ok
    }

    /// SplitMix64, a deterministic test-data generator.
    fn splitmix(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Runs the AVX2 kernel on four states and checks each against `keccak_f1600`.
    fn check(states: [State; 4]) {
        let mut lanes: Lanes<4> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        Avx2x4::permute(&mut lanes);
        for (j, s) in states.iter().enumerate() {
            let mut want = *s;
            keccak_f1600(&mut want);
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(got, want, "instance {j} of {states:x?}");
        }
    }

    #[test]
    fn permutation_matches_portable_random() {
        if !have_avx2() {
            return;
        }
        let mut seed = 1;
        for _ in 0..200 {
            check(core::array::from_fn(|_| {
                core::array::from_fn(|_| splitmix(&mut seed))
            }));
        }
    }

    #[test]
    fn permutation_matches_portable_edge_states() {
        if !have_avx2() {
            return;
        }
        let zero = [0u64; 25];
        let ones = [u64::MAX; 25];
        check([zero; 4]);
        check([ones; 4]);
        check([zero, ones, zero, ones]);
        check([ones, zero, ones, zero]);
        // A single set bit, in a different lane and bit position per instance, so a
        // lane or instance mix-up cannot cancel out.
        for bit in 0..1600 {
            let states: [State; 4] = core::array::from_fn(|j| {
                let b = (bit + 397 * j) % 1600;
                let mut s = [0u64; 25];
                s[b / 64] = 1 << (b % 64);
                s
            });
            check(states);
        }
        // Single clear bit in all-ones states.
        for bit in (0..1600).step_by(7) {
            let states: [State; 4] = core::array::from_fn(|j| {
                let b = (bit + 211 * j) % 1600;
                let mut s = [u64::MAX; 25];
                s[b / 64] ^= 1 << (b % 64);
                s
            });
            check(states);
        }
    }

    #[test]
    fn permutation_repeated_matches_portable() {
        if !have_avx2() {
            return;
        }
        // Iterate the permutation many times (the sponge's squeeze pattern).
        let mut seed = 99;
        let mut states: [State; 4] =
            core::array::from_fn(|_| core::array::from_fn(|_| splitmix(&mut seed)));
        let mut lanes: Lanes<4> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        for _ in 0..100 {
            Avx2x4::permute(&mut lanes);
            for s in states.iter_mut() {
                keccak_f1600(s);
            }
        }
        for (j, s) in states.iter().enumerate() {
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(&got, s, "instance {j}");
        }
    }

    /// SHAKE x4 over `Avx2x4` against the single-lane portable sponge, for input and
    /// output lengths around the rate boundaries, absorbing and squeezing in pieces.
    fn sponge_x4_matches_single<const RATE: usize>(single: fn(&[u8], &mut [u8])) {
        let mut lens = vec![0, 1, 2, 7, 8, 9, 33, 34, 64];
        for k in 1..=3 {
            lens.extend([k * RATE - 1, k * RATE, k * RATE + 1]);
        }
        let mut seed = RATE as u64;
        for &inlen in &lens {
            for &outlen in &lens {
                let inputs: [Vec<u8>; 4] = core::array::from_fn(|_| {
                    (0..inlen).map(|_| splitmix(&mut seed) as u8).collect()
                });
                let mut x4 = SpongeN::<4, RATE, 0x1F, Avx2x4>::new();
                // absorb in two pieces (the first splits a block when inlen > 1)
                let split = inlen / 2;
                x4.absorb(core::array::from_fn(|j| &inputs[j][..split]));
                x4.absorb(core::array::from_fn(|j| &inputs[j][split..]));
                let mut outs: [Vec<u8>; 4] = core::array::from_fn(|_| vec![0u8; outlen]);
                // squeeze in two uneven pieces
                let cut = outlen / 3;
                {
                    let [o0, o1, o2, o3] = &mut outs;
                    x4.squeeze([
                        &mut o0[..cut],
                        &mut o1[..cut],
                        &mut o2[..cut],
                        &mut o3[..cut],
                    ]);
                    x4.squeeze([
                        &mut o0[cut..],
                        &mut o1[cut..],
                        &mut o2[cut..],
                        &mut o3[cut..],
                    ]);
                }
                for j in 0..4 {
                    let mut want = vec![0u8; outlen];
                    single(&inputs[j], &mut want);
                    assert_eq!(
                        outs[j], want,
                        "rate {RATE} inlen {inlen} outlen {outlen} lane {j}"
                    );
                }
            }
        }
    }

    #[test]
    fn shake128x4_matches_single() {
        if !have_avx2() {
            return;
        }
        sponge_x4_matches_single::<SHAKE128_RATE>(|m, o| Shake128::digest_into(&[m], o));
    }

    #[test]
    fn shake256x4_matches_single() {
        if !have_avx2() {
            return;
        }
        sponge_x4_matches_single::<SHAKE256_RATE>(|m, o| Shake256::digest_into(&[m], o));
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            // Test helper: the hex literals are fixed and valid.
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// FIPS 202 example values (NIST CSRC "Examples with Intermediate Values"):
    /// SHAKE128("") and SHAKE256(""), computed through the AVX2 kernel, in every
    /// instance alongside other inputs.
    #[test]
    fn shake_known_answers_via_avx2() {
        if !have_avx2() {
            return;
        }
        let empty: &[u8] = &[];
        let mut x = crate::hash::Shake128xN::<4, Avx2x4>::new();
        x.absorb([empty; 4]);
        let mut outs = [[0u8; 32]; 4];
        let [o0, o1, o2, o3] = &mut outs;
        x.squeeze([o0, o1, o2, o3]);
        let want = hex("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
        for o in &outs {
            assert_eq!(o.to_vec(), want);
        }
        let mut x = crate::hash::Shake256xN::<4, Avx2x4>::new();
        x.absorb([empty; 4]);
        let mut outs = [[0u8; 64]; 4];
        let [o0, o1, o2, o3] = &mut outs;
        x.squeeze([o0, o1, o2, o3]);
        let want = hex(
            "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
        );
        for o in &outs {
            assert_eq!(o.to_vec(), want);
        }
    }
}
