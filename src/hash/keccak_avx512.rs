//! 4-way Keccak-f[1600] for x86_64 with AVX-512VL, in hand-written assembly
//! (`asm/x86_64/keccak_x4_avx512.S`).
//!
//! Same lane-interleaved layout as the AVX2 kernel ([`Lanes<4>`], one ymm word per
//! lane), but with AVX-512VL's 32 ymm registers the whole state stays in registers
//! for the 24 rounds, every rotation is one `vprolq` and chi is one `vpternlogq` per
//! lane. The kernel runs only with a `crate::backend::cpu::Avx512` token.
//!
//! [`Avx512x8`] adds the same kernel widened to zmm registers
//! (`asm/x86_64/keccak_x8_avx512.S`, [`Lanes<8>`], one zmm word per lane): eight
//! states per call for about the cost of four, which the AVX-512 backends' matrix
//! and secret expansion use ([`MultiKeccak::WAYS`] = 8).
//!
//! Its `Permute<1>` is a single-state kernel (`asm/x86_64/keccak_x1_avx512.S`): the
//! 25 lanes in five zmm registers, one plane each, pi as blends into diagonals, so
//! that one permutation stage per round does pi's reordering and chi's
//! neighbours at once. [`super::Single`] (every single-state hash) runs it while the
//! AVX-512 backend is active.

use super::keccak::{Lanes, MultiKeccak, Permute, RC, RHO, State};

/// The constants of the single-state kernel, in the layout its header describes
/// (`asm/x86_64/keccak_x1_avx512.S`), derived from the FIPS 202 tables at compile
/// time.
#[repr(C, align(64))]
pub(crate) struct X1Table {
    /// `idx[j - 1]`, j = 1..4: the `vpermq` index moving qword `(X + j) mod 5` to
    /// qword X (qwords 5-7 stay in place).
    idx: [[u64; 8]; 4],
    /// `rho[Y]`: the rotation amount of qword x of diagonal Y, which holds lane
    /// (x, x + 2Y mod 5) (FIPS 202 Table 2); 0 for qwords 5-7.
    rho: [[u64; 8]; 5],
    /// The round constants (FIPS 202 Algorithm 5).
    rc: [u64; 24],
}

const fn x1_table() -> X1Table {
    let mut t = X1Table {
        idx: [[0; 8]; 4],
        rho: [[0; 8]; 5],
        rc: RC,
    };
    let mut q = 0;
    while q < 8 {
        let mut j = 1;
        while j <= 4 {
            t.idx[j - 1][q] = if q < 5 {
                ((q + j) % 5) as u64
            } else {
                q as u64
            };
            j += 1;
        }
        let mut y = 0;
        while y < 5 {
            if q < 5 {
                t.rho[y][q] = RHO[q + 5 * ((q + 2 * y) % 5)] as u64;
            }
            y += 1;
        }
        q += 1;
    }
    t
}

/// The single-state kernel's constants.
static X1_TABLE: X1Table = x1_table();

// The kernel's hard-coded offsets (`asm/x86_64/keccak_x1_avx512.S`).
const _: () = {
    assert!(core::mem::offset_of!(X1Table, rho) == 256);
    assert!(core::mem::offset_of!(X1Table, rc) == 576);
};

/// The single-state kernel. Reads and writes the 200 bytes at `state` and reads
/// the 768 bytes at `table`; uses no stack, clobbers only caller-saved registers
/// of the System V ABI (rax, k1-k6, zmm0-31: all vector registers cleared on
/// return).
///
/// # Safety
/// The CPU must support AVX-512F (and the OS must have enabled the ZMM state);
/// `state` must be valid for reads and writes of 200 bytes and `table` must point
/// to an [`X1Table`].
#[unsafe(naked)]
unsafe extern "sysv64" fn keccak_x1_avx512(_state: *mut State, _table: *const X1Table) {
    core::arch::naked_asm!(
        include_str!("../../asm/x86_64/keccak_x1_avx512.S"),
        options(raw)
    )
}

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

/// The AVX-512 8-way permutation (the zmm kernel; `Permute<4>` is the ymm one), the
/// AVX-512 backends' Keccak. On a CPU without AVX-512 it runs the portable one.
#[derive(Clone, Copy)]
pub(crate) struct Avx512x8;

/// The 8-way kernel. Reads and writes the 1600 bytes at `state` and reads the 24
/// round constants at `rc`; uses no stack, clobbers only caller-saved registers of
/// the System V ABI (rax, zmm0-31: all vector registers cleared on return).
///
/// # Safety
/// The CPU must support AVX-512F (and the OS must have enabled the ZMM state);
/// `state` must be valid for reads and writes of 1600 bytes and `rc` for reads of
/// 24 `u64`s.
#[unsafe(naked)]
unsafe extern "sysv64" fn keccak_x8_avx512(_state: *mut [[u64; 8]; 25], _rc: *const u64) {
    core::arch::naked_asm!(
        include_str!("../../asm/x86_64/keccak_x8_avx512.S"),
        options(raw)
    )
}

impl Permute<8> for Avx512x8 {
    #[inline]
    fn permute(lanes: &mut Lanes<8>) {
        let Some(_avx512) = <crate::backend::cpu::Avx512 as crate::backend::cpu::Token>::detect()
        else {
            // Not reachable through the dispatch, which selects this permutation
            // only for the AVX-512 backends: stay correct anyway.
            return <super::Portable as Permute<8>>::permute(lanes);
        };
        // SAFETY: `_avx512` proves the CPU supports AVX-512F/BW/VL and the OS saves
        // the ZMM state. `lanes` is an exclusive reference to exactly 1600 bytes and
        // `RC` is 24 `u64`s, both valid for the call; the kernel follows the sysv64
        // ABI it is declared with.
        unsafe { keccak_x8_avx512(lanes, RC.as_ptr()) }
    }
}

impl Permute<4> for Avx512x8 {
    #[inline]
    fn permute(lanes: &mut Lanes<4>) {
        <Avx512x4 as Permute<4>>::permute(lanes)
    }
}

impl Permute<1> for Avx512x8 {
    #[inline]
    fn permute(lanes: &mut Lanes<1>) {
        let Some(_avx512) = <crate::backend::cpu::Avx512 as crate::backend::cpu::Token>::detect()
        else {
            // Not reachable through the dispatch, which selects this permutation
            // only for the AVX-512 backend: stay correct anyway.
            return <super::Scalar as Permute<1>>::permute(lanes);
        };
        // `[[u64; 1]; 25]` flattens to exactly one `State`.
        let Ok(state) = <&mut State>::try_from(lanes.as_flattened_mut()) else {
            return;
        };
        // SAFETY: `_avx512` proves the CPU supports AVX-512F and the OS saves the
        // ZMM state. `state` is an exclusive reference to exactly 200 bytes and
        // `X1_TABLE` is the `X1Table` the kernel expects, both valid for the call;
        // the kernel follows the sysv64 ABI it is declared with.
        unsafe { keccak_x1_avx512(state, &X1_TABLE) }
    }
}

impl MultiKeccak for Avx512x8 {
    const WAYS: usize = 8;
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

    /// Runs the `N`-way kernel `K` on `N` states and checks each against
    /// `keccak_f1600`.
    fn check<const N: usize, K: Permute<N>>(states: [State; N]) {
        let mut lanes: Lanes<N> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        K::permute(&mut lanes);
        for (j, s) in states.iter().enumerate() {
            let mut want = *s;
            keccak_f1600(&mut want);
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(got, want, "instance {j} of {N}: {states:x?}");
        }
    }

    fn random<const N: usize, K: Permute<N>>() {
        let mut seed = 3 + N as u64;
        for _ in 0..100 {
            check::<N, K>(core::array::from_fn(|_| {
                core::array::from_fn(|_| splitmix(&mut seed))
            }));
        }
    }

    #[test]
    fn permutation_matches_portable_random() {
        if !have_avx512() {
            return;
        }
        random::<4, Avx512x4>();
        random::<8, Avx512x8>();
        random::<4, Avx512x8>();
        random::<1, Avx512x8>();
    }

    fn edge_states<const N: usize, K: Permute<N>>() {
        let zero = [0u64; 25];
        let ones = [u64::MAX; 25];
        check::<N, K>([zero; N]);
        check::<N, K>([ones; N]);
        check::<N, K>(core::array::from_fn(
            |j| if j % 2 == 0 { zero } else { ones },
        ));
        // A single set bit, in a different lane and bit position per instance, so a
        // lane or instance mix-up cannot cancel out (every 5th bit position, so every
        // lane and every rotation amount is hit).
        for bit in (0..1600).step_by(5) {
            let states: [State; N] = core::array::from_fn(|j| {
                let b = (bit + 397 * j) % 1600;
                let mut s = [0u64; 25];
                s[b / 64] = 1 << (b % 64);
                s
            });
            check::<N, K>(states);
        }
    }

    #[test]
    fn permutation_matches_portable_edge_states() {
        if !have_avx512() {
            return;
        }
        edge_states::<4, Avx512x4>();
        edge_states::<8, Avx512x8>();
        edge_states::<1, Avx512x8>();
    }

    fn repeated<const N: usize, K: Permute<N>>() {
        let mut seed = 77;
        let mut states: [State; N] =
            core::array::from_fn(|_| core::array::from_fn(|_| splitmix(&mut seed)));
        let mut lanes: Lanes<N> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        for _ in 0..50 {
            K::permute(&mut lanes);
            for s in states.iter_mut() {
                keccak_f1600(s);
            }
        }
        for (j, s) in states.iter().enumerate() {
            let got: State = core::array::from_fn(|i| lanes[i][j]);
            assert_eq!(&got, s, "instance {j} of {N}");
        }
    }

    #[test]
    fn permutation_repeated_matches_portable() {
        if !have_avx512() {
            return;
        }
        repeated::<4, Avx512x4>();
        repeated::<8, Avx512x8>();
        repeated::<1, Avx512x8>();
    }

    /// The single-state kernel on every single-bit state (each lane, each rotation
    /// amount, each position of every plane and diagonal), and a state with a
    /// different value in every lane, against the portable permutation.
    #[test]
    fn x1_every_single_bit_matches_portable() {
        if !have_avx512() {
            return;
        }
        for bit in 0..1600 {
            let mut s = [0u64; 25];
            s[bit / 64] = 1 << (bit % 64);
            check::<1, Avx512x8>([s]);
        }
        check::<1, Avx512x8>([core::array::from_fn(|i| {
            (i as u64 + 1).wrapping_mul(0x0101_0101_0101_0101)
        })]);
    }

    /// The kernel leaves the bytes around the state alone (its loads and stores
    /// are masked to 40-byte planes inside a 64-byte register).
    #[test]
    fn x1_writes_only_the_state() {
        if !have_avx512() {
            return;
        }
        const FILL: u64 = 0xA5A5_A5A5_A5A5_A5A5;
        let mut buf = [[FILL; 1]; 27];
        let mut want: State = core::array::from_fn(|i| i as u64 * 3);
        for (b, w) in buf[1..26].iter_mut().zip(want) {
            b[0] = w;
        }
        // Test: the slice is exactly 25 lanes long.
        let lanes = <&mut Lanes<1>>::try_from(&mut buf[1..26]).unwrap();
        Avx512x8::permute(lanes);
        keccak_f1600(&mut want);
        let got: State = core::array::from_fn(|i| buf[i + 1][0]);
        assert_eq!(got, want);
        assert_eq!((buf[0][0], buf[26][0]), (FILL, FILL));
    }

    /// The dispatch: with the AVX-512 backend active, the single-state hash
    /// functions run the kernel (`single_uses_avx512`) and their outputs equal
    /// the portable sponge's, for input and output lengths around the rates.
    #[test]
    fn single_dispatch_hashes_match_portable() {
        use crate::backend::active;
        use crate::hash::keccak::Portable;
        use crate::hash::keccak_bmi::single_uses_avx512;
        use crate::hash::{Sha3_256, Sha3_512};
        if !have_avx512() {
            return;
        }
        if active() != Backend::Avx512 {
            eprintln!("skipping: the active backend is {:?}, not Avx512", active());
            return;
        }
        assert!(
            single_uses_avx512(),
            "AVX-512 active but Single does not use the kernel"
        );
        fn portable<const RATE: usize, const DS: u8>(m: &[u8], out: &mut [u8]) {
            let mut s = SpongeN::<1, RATE, DS, Portable>::new();
            s.absorb([m]);
            s.squeeze([out]);
        }
        let mut seed = 11;
        let msg: Vec<u8> = (0..3 * 168 + 7)
            .map(|_| splitmix(&mut seed) as u8)
            .collect();
        let mut lens: Vec<usize> = vec![0, 1, 31, 32, 33, 64];
        for rate in [72usize, 136, 168] {
            for k in 1..=2 {
                lens.extend([k * rate - 1, k * rate, k * rate + 1]);
            }
        }
        for &inlen in &lens {
            let m = &msg[..inlen];
            let mut want = [0u8; 32];
            portable::<136, 0x06>(m, &mut want);
            assert_eq!(Sha3_256::digest(&[m]), want, "SHA3-256 inlen {inlen}");
            let mut want = [0u8; 64];
            portable::<72, 0x06>(m, &mut want);
            assert_eq!(Sha3_512::digest(&[m]), want, "SHA3-512 inlen {inlen}");
            for &outlen in &lens {
                let mut want = vec![0u8; outlen];
                let mut got = vec![0u8; outlen];
                portable::<SHAKE128_RATE, 0x1F>(m, &mut want);
                Shake128::digest_into(&[m], &mut got);
                assert_eq!(got, want, "SHAKE128 inlen {inlen} outlen {outlen}");
                portable::<SHAKE256_RATE, 0x1F>(m, &mut want);
                Shake256::digest_into(&[m], &mut got);
                assert_eq!(got, want, "SHAKE256 inlen {inlen} outlen {outlen}");
            }
        }
    }

    /// Negative control: the 8-way check notices a single flipped bit in any
    /// instance (so a kernel that left one instance untouched or mixed two could
    /// not pass), and the by-halves 8-way of the 4-way kernel agrees with the
    /// native 8-way one.
    #[test]
    fn x8_check_detects_a_flipped_instance_and_halves_agree() {
        if !have_avx512() {
            return;
        }
        let mut seed = 5;
        let states: [State; 8] =
            core::array::from_fn(|_| core::array::from_fn(|_| splitmix(&mut seed)));
        let mut native: Lanes<8> = core::array::from_fn(|i| core::array::from_fn(|j| states[j][i]));
        let mut halves = native;
        Avx512x8::permute(&mut native);
        crate::hash::keccak::permute8_by_halves::<Avx512x4>(&mut halves);
        assert_eq!(native, halves);
        for j in 0..8 {
            let mut bad = native;
            bad[j * 3][j] ^= 1 << j;
            let mut want = states[j];
            keccak_f1600(&mut want);
            let got: State = core::array::from_fn(|i| bad[i][j]);
            assert_ne!(got, want, "flip in instance {j} not seen");
        }
    }

    /// SHAKE xN over `K` against the single-instance sponge, for lengths around
    /// the rate.
    fn sponge_xn_matches_single<const N: usize, K: Permute<N>, const RATE: usize>(
        single: fn(&[u8], &mut [u8]),
    ) {
        let lens = [0, 1, 33, RATE - 1, RATE, RATE + 1, 2 * RATE + 5];
        let mut seed = RATE as u64;
        for &inlen in &lens {
            for &outlen in &lens {
                let inputs: [Vec<u8>; N] = core::array::from_fn(|_| {
                    (0..inlen).map(|_| splitmix(&mut seed) as u8).collect()
                });
                let mut xn = SpongeN::<N, RATE, 0x1F, K>::new();
                xn.absorb(core::array::from_fn(|j| &inputs[j][..]));
                let mut outs: [Vec<u8>; N] = core::array::from_fn(|_| vec![0u8; outlen]);
                xn.squeeze(outs.each_mut().map(|o| &mut o[..]));
                for j in 0..N {
                    let mut want = vec![0u8; outlen];
                    single(&inputs[j], &mut want);
                    assert_eq!(
                        outs[j], want,
                        "{N}-way rate {RATE} inlen {inlen} outlen {outlen} lane {j}"
                    );
                }
            }
        }
    }

    #[test]
    fn shake_xn_matches_single() {
        if !have_avx512() {
            return;
        }
        let s128: fn(&[u8], &mut [u8]) = |m, o| Shake128::digest_into(&[m], o);
        let s256: fn(&[u8], &mut [u8]) = |m, o| Shake256::digest_into(&[m], o);
        sponge_xn_matches_single::<4, Avx512x4, SHAKE128_RATE>(s128);
        sponge_xn_matches_single::<4, Avx512x4, SHAKE256_RATE>(s256);
        sponge_xn_matches_single::<8, Avx512x8, SHAKE128_RATE>(s128);
        sponge_xn_matches_single::<8, Avx512x8, SHAKE256_RATE>(s256);
    }
}
