//! 4-way Keccak-f[1600] for x86_64 with AVX-512VL, in hand-written assembly
//! (`asm/x86_64/keccak_x4_avx512.S`).
//!
//! Same lane-interleaved layout as the AVX2 kernel ([`Lanes<4>`], one ymm word per
//! lane), but with AVX-512VL's 32 ymm registers the whole state stays in registers
//! for the 24 rounds, every rotation is one `vprolq` and chi is one `vpternlogq` per
//! lane. Only used after run-time detection of AVX-512F/BW/VL (the AVX-512 backends'
//! `Keccak`).

use super::keccak::{Lanes, Permute, RC};

/// The AVX-512VL 4-way permutation. Only valid on CPUs with AVX-512F and
/// AVX-512VL (callers select it after `crate::backend` detection).
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

/// Whether the CPU supports what the kernel uses (for the debug assertion).
#[inline]
fn avx512_detected() -> bool {
    #[cfg(all(target_feature = "avx512f", target_feature = "avx512vl"))]
    {
        true
    }
    #[cfg(all(
        not(all(target_feature = "avx512f", target_feature = "avx512vl")),
        any(feature = "std", test)
    ))]
    {
        std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512vl")
    }
    #[cfg(all(
        not(all(target_feature = "avx512f", target_feature = "avx512vl")),
        not(any(feature = "std", test))
    ))]
    {
        // No cheap detection without std here; the backend has checked already.
        true
    }
}

impl Permute<4> for Avx512x4 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        debug_assert!(
            avx512_detected(),
            "Avx512x4 used on a CPU without AVX-512VL"
        );
        // SAFETY: `Avx512x4` is only selected after AVX-512 detection (the AVX-512
        // backends are used only when `Backend::Avx512.is_available()`, which checks
        // AVX-512F/BW/VL and the OS's ZMM state; checked above in debug builds).
        // `lanes` is an exclusive reference to exactly 800 bytes and `RC` is 24
        // `u64`s, both valid for the call; the kernel follows the sysv64 ABI it is
        // declared with.
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
