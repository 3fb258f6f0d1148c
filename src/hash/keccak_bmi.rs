//! Single-instance Keccak-f[1600] for x86_64, selected at run time.
//!
//! [`Scalar`]: the portable code compiled with BMI1/BMI2 enabled (`andn` for chi,
//! `rorx` for the non-destructive rotations), else the portable build. The baseline
//! x86_64 target has neither extension, so the default build's single-state
//! permutation cannot use them; compiling the same rounds a second time with the
//! features on (in the direct form: `andn` makes the portable build's lane
//! complementing unnecessary), and choosing that copy only when the CPU has them,
//! is about 6% faster here (AMD Zen 3) than the portable build.
//!
//! [`Single`], the permutation of the hash functions (SHA3-256/512, SHAKE128/256:
//! H, G, J, PRF, mu, ...): the AVX-512 single-state kernel
//! (`<Avx512x8 as Permute<1>>`, `asm/x86_64/keccak_x1_avx512.S`) while the AVX-512
//! backend is the active one ([`crate::backend::active`]), else [`Scalar`]. The
//! check is one relaxed atomic load per permutation; the other backends keep the
//! scalar permutation, so that each backend's figures measure its own code.

use super::keccak::{Lanes, Permute, State, keccak_f1600, keccak_rounds};

/// The scalar single-instance permutation: BMI1/BMI2 build when the CPU supports
/// it, otherwise the portable one. Same results either way.
#[derive(Clone, Copy)]
pub(crate) struct Scalar;

/// The single-instance permutation of the hash functions: the AVX-512 kernel when
/// the AVX-512 backend is active, else [`Scalar`]. Same results either way.
#[derive(Clone, Copy)]
pub(crate) struct Single;

/// [`keccak_f1600`] compiled with BMI1 and BMI2 enabled, in the direct form (chi's
/// `!b & c` is one `andn`, so the lane-complementing transform would only add work).
#[target_feature(enable = "bmi1,bmi2")]
fn keccak_f1600_bmi(a: &mut State) {
    keccak_rounds::<false>(a);
}

/// Whether the CPU has BMI1 and BMI2 (compile time, else std's cached detection;
/// `no_std` builds without the target features use the portable code).
#[inline]
fn has_bmi() -> bool {
    #[cfg(all(target_feature = "bmi1", target_feature = "bmi2"))]
    {
        true
    }
    #[cfg(all(
        not(all(target_feature = "bmi1", target_feature = "bmi2")),
        any(feature = "std", test)
    ))]
    {
        std::is_x86_feature_detected!("bmi1") && std::is_x86_feature_detected!("bmi2")
    }
    #[cfg(all(
        not(all(target_feature = "bmi1", target_feature = "bmi2")),
        not(any(feature = "std", test))
    ))]
    {
        false
    }
}

impl Permute<1> for Scalar {
    #[inline]
    fn permute(lanes: &mut Lanes<1>) {
        // `[[u64; 1]; 25]` flattens to exactly one `State`.
        let Ok(state) = <&mut State>::try_from(lanes.as_flattened_mut()) else {
            return;
        };
        if has_bmi() {
            // SAFETY: `keccak_f1600_bmi` only requires the BMI1 and BMI2 target
            // features, which `has_bmi` has just confirmed (at compile time or by
            // CPU detection).
            unsafe { keccak_f1600_bmi(state) }
        } else {
            keccak_f1600(state);
        }
    }
}

/// Whether [`Single`] runs the AVX-512 kernel: the AVX-512 backend is active (which
/// [`crate::backend::force`] and the initial choice only allow on a CPU with the
/// `cpu::Avx512` token; the kernel wrapper checks the token again).
#[inline]
pub(crate) fn single_uses_avx512() -> bool {
    crate::backend::active() == crate::backend::Backend::Avx512
}

impl Permute<1> for Single {
    #[inline]
    fn permute(lanes: &mut Lanes<1>) {
        if single_uses_avx512() {
            <super::Avx512x8 as Permute<1>>::permute(lanes)
        } else {
            <Scalar as Permute<1>>::permute(lanes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The BMI build against the portable one on iterated states.
    #[test]
    fn bmi_matches_portable() {
        if !has_bmi() {
            std::eprintln!("skipping: this CPU lacks BMI1/BMI2");
            return;
        }
        let mut a: State = core::array::from_fn(|i| (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut b: Lanes<1> = core::array::from_fn(|i| [a[i]]);
        for _ in 0..50 {
            keccak_f1600(&mut a);
            Scalar::permute(&mut b);
            let got: State = core::array::from_fn(|i| b[i][0]);
            assert_eq!(got, a);
        }
    }
}
