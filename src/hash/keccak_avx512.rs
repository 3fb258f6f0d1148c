//! 4-way Keccak-f[1600] for x86_64 with AVX-512VL, in hand-written assembly
//! (`asm/x86_64/keccak_x4_avx512.S`).
//!
//! Same lane-interleaved layout as the AVX2 kernel ([`Lanes<4>`], one ymm word per
//! lane), but with AVX-512VL's 32 ymm registers the whole state stays in registers
//! for the 24 rounds, every rotation is one `vprolq` and chi is one `vpternlogq` per
//! lane. The kernel runs only with a `crate::backend::cpu::Avx512` token.

use super::keccak::{Lanes, Permute, RC};

/// The AVX-512VL 4-way permutation (on a CPU without AVX-512 it runs the portable
/// one).
#[derive(Clone, Copy)]
pub(crate) struct Avx512x4;

/// The kernel. Reads and writes the 800 bytes at `state` and reads the 24 round
/// constants at `rc`; uses no stack, clobbers only caller-saved registers of the
/// System V ABI (rax, ymm0-31: all vector registers cleared on return).
///
/// # Safety
/// The CPU must support AVX-512F and AVX-512VL (and the OS must have enabled the
/// ZMM state); `state` must be valid for reads and writes of 800 bytes and `rc` for
/// reads of 24 `u64`s.
#[unsafe(naked)]
unsafe extern "sysv64" fn keccak_x4_avx512(_state: *mut [[u64; 4]; 25], _rc: *const u64) {
    core::arch::naked_asm!(
        include_str!("../../asm/x86_64/keccak_x4_avx512.S"),
        options(raw)
    )
}

impl Permute<4> for Avx512x4 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        let Some(_avx512) = <crate::backend::cpu::Avx512 as crate::backend::cpu::Token>::detect()
        else {
            // Not reachable through the dispatch, which selects this permutation
            // only for the AVX-512 backend: stay correct anyway.
            return <super::Portable as Permute<4>>::permute(lanes);
        };
        // SAFETY: `_avx512` proves the CPU supports AVX-512F/BW/VL and the OS saves
        // the ZMM state. `lanes` is an exclusive reference to exactly 800 bytes and
        // `RC` is 24 `u64`s, both valid for the call; the kernel follows the sysv64
        // ABI it is declared with.
        unsafe { keccak_x4_avx512(lanes, RC.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Backend;
    use crate::hash::keccak::{SpongeN, State, keccak_f1600};
    use crate::hash::{SHAKE128_RATE, SHAKE256_RATE, Shake128, Shake256};
    use std::{eprintln, vec, vec::Vec};

    fn have_avx512() -> bool {
        let ok = Backend::Avx512.is_available();
        if !ok {
            eprintln!(
                "skipping: this CPU lacks AVX-512 (F/BW/VL); run under scripts/avx512-emu.sh"
            );
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

    /// Runs the kernel on four states and checks each against `keccak_f1600`.
    fn check(states: [State; 4]) {
        let mut lanes: Lanes<4> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        Avx512x4::permute(&mut lanes);
        for (j, s) in states.iter().enumerate() {
            let mut want = *s;
            keccak_f1600(&mut want);
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(got, want, "instance {j} of {states:x?}");
        }
    }

    #[test]
    fn permutation_matches_portable_random() {
        if !have_avx512() {
            return;
        }
        let mut seed = 3;
        for _ in 0..100 {
            check(core::array::from_fn(|_| {
                core::array::from_fn(|_| splitmix(&mut seed))
            }));
        }
    }

    #[test]
    fn permutation_matches_portable_edge_states() {
        if !have_avx512() {
            return;
        }
        let zero = [0u64; 25];
        let ones = [u64::MAX; 25];
        check([zero; 4]);
        check([ones; 4]);
        check([zero, ones, zero, ones]);
        // A single set bit, in a different lane and bit position per instance, so a
        // lane or instance mix-up cannot cancel out (every 5th bit position, so every
        // lane and every rotation amount is hit).
        for bit in (0..1600).step_by(5) {
            let states: [State; 4] = core::array::from_fn(|j| {
                let b = (bit + 397 * j) % 1600;
                let mut s = [0u64; 25];
                s[b / 64] = 1 << (b % 64);
                s
            });
            check(states);
        }
    }

    #[test]
    fn permutation_repeated_matches_portable() {
        if !have_avx512() {
            return;
        }
        let mut seed = 77;
        let mut states: [State; 4] =
            core::array::from_fn(|_| core::array::from_fn(|_| splitmix(&mut seed)));
        let mut lanes: Lanes<4> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        for _ in 0..50 {
            Avx512x4::permute(&mut lanes);
            for s in states.iter_mut() {
                keccak_f1600(s);
            }
        }
        for (j, s) in states.iter().enumerate() {
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(&got, s, "instance {j}");
        }
    }

    /// SHAKE x4 over `Avx512x4` against the single-instance sponge, for lengths
    /// around the rate.
    fn sponge_x4_matches_single<const RATE: usize>(single: fn(&[u8], &mut [u8])) {
        let lens = [0, 1, 33, RATE - 1, RATE, RATE + 1, 2 * RATE + 5];
        let mut seed = RATE as u64;
        for &inlen in &lens {
            for &outlen in &lens {
                let inputs: [Vec<u8>; 4] = core::array::from_fn(|_| {
                    (0..inlen).map(|_| splitmix(&mut seed) as u8).collect()
                });
                let mut x4 = SpongeN::<4, RATE, 0x1F, Avx512x4>::new();
                x4.absorb(core::array::from_fn(|j| &inputs[j][..]));
                let mut outs: [Vec<u8>; 4] = core::array::from_fn(|_| vec![0u8; outlen]);
                {
                    let [o0, o1, o2, o3] = &mut outs;
                    x4.squeeze([o0, o1, o2, o3]);
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
    fn shake_x4_matches_single() {
        if !have_avx512() {
            return;
        }
        sponge_x4_matches_single::<SHAKE128_RATE>(|m, o| Shake128::digest_into(&[m], o));
        sponge_x4_matches_single::<SHAKE256_RATE>(|m, o| Shake256::digest_into(&[m], o));
    }
}
