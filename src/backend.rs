//! Choice of the arithmetic backend: portable Rust or a SIMD kernel set.
//!
//! Every operation (key generation, encapsulation, signing, ...) runs its whole
//! algorithm with one backend, chosen once per call by reading a cached value: no
//! per-coefficient indirection. The best backend the CPU supports is detected on
//! first use (with `std`, through `is_x86_feature_detected!`; without `std`,
//! through `cpuid` and `xgetbv`) and cached. Builds with the needed target features
//! enabled at compile time (e.g. `-C target-cpu=x86-64-v3`) skip detection.
//!
//! With `std`, the environment variable `PQLATTICE_BACKEND` (a [`Backend::name`])
//! chooses the initial backend instead of detection, if that backend is available
//! (otherwise it is ignored): this is how the test suite runs once per backend, and
//! how a deployment can rule out a kernel family without rebuilding.
//!
//! All backends compute bit-identical results and are constant-time; forcing one is
//! for testing, benchmarking, or avoiding a kernel family on a given machine
//! (e.g. AVX-512 frequency effects).
//!
//! ```
//! use pqlattice::backend::{self, Backend};
//!
//! // Which backend runs by default on this machine?
//! let best = backend::active();
//! assert!(best.is_available());
//!
//! // Force the portable backend (always available), then go back.
//! backend::force(Backend::Portable).unwrap(); // cannot fail: portable is always available
//! assert_eq!(backend::active(), Backend::Portable);
//! backend::force(best).unwrap(); // cannot fail: best() is available by definition
//! ```

use core::sync::atomic::{AtomicU8, Ordering};

use crate::Error;

/// A family of arithmetic and Keccak kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Backend {
    /// Safe, portable Rust. Available everywhere.
    Portable,
    /// x86_64 AVX2 kernels (needs AVX2, BMI2 and POPCNT).
    Avx2,
    /// x86_64 AVX-512 kernels (needs AVX-512F, -BW and -VL, plus everything
    /// [`Backend::Avx2`] needs).
    Avx512,
    /// AArch64 NEON kernels with a NEON Keccak.
    Neon,
    /// AArch64 NEON kernels with Keccak on the Armv8.4 SHA3 extension.
    NeonSha3,
    /// WebAssembly SIMD128 kernels (chosen at compile time: wasm has no run-time
    /// feature detection, so builds with `-C target-feature=+simd128` use it).
    WasmSimd128,
}

impl Backend {
    /// Every backend, in order of preference from slowest to fastest.
    pub const ALL: [Backend; 6] = [
        Backend::Portable,
        Backend::Avx2,
        Backend::Avx512,
        Backend::Neon,
        Backend::NeonSha3,
        Backend::WasmSimd128,
    ];

    /// A short lower-case name: `"portable"`, `"avx2"`, `"avx512"`, `"neon"`,
    /// `"neon-sha3"`, `"wasm-simd128"`.
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Portable => "portable",
            Backend::Avx2 => "avx2",
            Backend::Avx512 => "avx512",
            Backend::Neon => "neon",
            Backend::NeonSha3 => "neon-sha3",
            Backend::WasmSimd128 => "wasm-simd128",
        }
    }

    /// Parses a [`Backend::name`].
    pub fn from_name(name: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Whether this build contains the backend and this CPU can run it.
    pub fn is_available(self) -> bool {
        compiled_in(self) && cpu_supports(self)
    }

    fn to_u8(self) -> u8 {
        self as u8
    }

    fn from_u8(v: u8) -> Backend {
        Backend::ALL[v as usize]
    }
}

/// Whether the kernels of `b` are compiled into this build.
const fn compiled_in(b: Backend) -> bool {
    match b {
        Backend::Portable => true,
        Backend::Avx2 => cfg!(target_arch = "x86_64"),
        Backend::Avx512 => cfg!(target_arch = "x86_64"),
        Backend::Neon | Backend::NeonSha3 => cfg!(target_arch = "aarch64"),
        Backend::WasmSimd128 => cfg!(all(target_arch = "wasm32", target_feature = "simd128")),
    }
}

/// Whether the CPU running us supports `b` (detected once, cached in [`ACTIVE`]'s
/// first use; the feature queries themselves are cheap and side-effect free).
fn cpu_supports(b: Backend) -> bool {
    match b {
        Backend::Portable => true,
        #[cfg(target_arch = "x86_64")]
        Backend::Avx2 => x86::has_avx2(),
        #[cfg(target_arch = "x86_64")]
        Backend::Avx512 => x86::has_avx2() && x86::has_avx512(),
        #[cfg(target_arch = "aarch64")]
        Backend::Neon => true,
        #[cfg(target_arch = "aarch64")]
        Backend::NeonSha3 => aarch64::has_sha3(),
        Backend::WasmSimd128 => cfg!(all(target_arch = "wasm32", target_feature = "simd128")),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// Sentinel for "not chosen yet".
const UNSET: u8 = u8::MAX;

/// The backend in use, or [`UNSET`].
static ACTIVE: AtomicU8 = AtomicU8::new(UNSET);

/// The fastest backend available on this machine.
pub fn best() -> Backend {
    Backend::ALL
        .into_iter()
        .rev()
        .find(|b| b.is_available())
        .unwrap_or(Backend::Portable)
}

/// The backend that operations use now: the one set by [`force`], else [`best`].
#[inline]
pub fn active() -> Backend {
    let v = ACTIVE.load(Ordering::Relaxed);
    if v != UNSET {
        return Backend::from_u8(v);
    }
    let b = initial();
    ACTIVE.store(b.to_u8(), Ordering::Relaxed);
    b
}

/// The backend to start with: `PQLATTICE_BACKEND` if set and available, else [`best`].
fn initial() -> Backend {
    #[cfg(feature = "std")]
    if let Some(b) = std::env::var("PQLATTICE_BACKEND")
        .ok()
        .and_then(|name| Backend::from_name(name.trim()))
        .filter(|b| b.is_available())
    {
        return b;
    }
    best()
}

/// Makes every subsequent operation (in every thread) use `backend`.
///
/// Fails with [`Error::BackendUnavailable`] if this build or CPU cannot run it.
/// An operation already running finishes on the backend it started with; keys,
/// ciphertexts and signatures are interchangeable between backends.
pub fn force(backend: Backend) -> Result<(), Error> {
    if !backend.is_available() {
        return Err(Error::BackendUnavailable {
            backend: backend.name(),
        });
    }
    ACTIVE.store(backend.to_u8(), Ordering::Relaxed);
    Ok(())
}

/// The backends available here (this build and CPU), in [`Backend::ALL`] order.
pub fn available() -> impl Iterator<Item = Backend> {
    Backend::ALL.into_iter().filter(|b| b.is_available())
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    //! x86_64 feature detection.

    /// AVX2 + BMI2 + POPCNT, with OS support for the YMM state.
    pub(super) fn has_avx2() -> bool {
        #[cfg(all(
            target_feature = "avx2",
            target_feature = "bmi2",
            target_feature = "popcnt"
        ))]
        {
            true
        }
        #[cfg(all(
            feature = "std",
            not(all(
                target_feature = "avx2",
                target_feature = "bmi2",
                target_feature = "popcnt"
            ))
        ))]
        {
            std::is_x86_feature_detected!("avx2")
                && std::is_x86_feature_detected!("bmi2")
                && std::is_x86_feature_detected!("popcnt")
        }
        #[cfg(all(
            not(feature = "std"),
            not(all(
                target_feature = "avx2",
                target_feature = "bmi2",
                target_feature = "popcnt"
            ))
        ))]
        {
            cpuid::has_avx2()
        }
    }

    /// AVX-512 F, BW and VL, with OS support for the ZMM state.
    pub(super) fn has_avx512() -> bool {
        #[cfg(all(
            target_feature = "avx512f",
            target_feature = "avx512bw",
            target_feature = "avx512vl"
        ))]
        {
            true
        }
        #[cfg(all(
            feature = "std",
            not(all(
                target_feature = "avx512f",
                target_feature = "avx512bw",
                target_feature = "avx512vl"
            ))
        ))]
        {
            std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("avx512vl")
        }
        #[cfg(all(
            not(feature = "std"),
            not(all(
                target_feature = "avx512f",
                target_feature = "avx512bw",
                target_feature = "avx512vl"
            ))
        ))]
        {
            cpuid::has_avx512()
        }
    }

    /// `no_std` detection: `cpuid` leaves 1 and 7, and `xgetbv` for the OS-enabled
    /// register state (XCR0).
    #[cfg(not(feature = "std"))]
    #[allow(unsafe_code, dead_code)]
    mod cpuid {
        use core::arch::x86_64::{__cpuid, __cpuid_count, CpuidResult};

        fn leaf(eax: u32, ecx: u32) -> CpuidResult {
            // SAFETY: `cpuid` exists on every x86_64 CPU and only reads registers.
            #[allow(unused_unsafe)]
            unsafe {
                if ecx == 0 {
                    __cpuid(eax)
                } else {
                    __cpuid_count(eax, ecx)
                }
            }
        }

        /// XCR0, or 0 if the OS has not enabled XSAVE (then no AVX state either).
        fn xcr0() -> u64 {
            if leaf(1, 0).ecx & (1 << 27) == 0 {
                return 0;
            }
            let (lo, hi): (u32, u32);
            // SAFETY: OSXSAVE (CPUID.1:ECX[27]) is set, so `xgetbv` with ECX = 0 is
            // defined; it only reads XCR0 into EDX:EAX.
            unsafe {
                core::arch::asm!("xgetbv", in("ecx") 0u32, out("eax") lo, out("edx") hi,
                    options(nomem, nostack, preserves_flags));
            }
            (u64::from(hi) << 32) | u64::from(lo)
        }

        pub(super) fn has_avx2() -> bool {
            let l1 = leaf(1, 0);
            let l7 = leaf(7, 0);
            let popcnt = l1.ecx & (1 << 23) != 0;
            let avx = l1.ecx & (1 << 28) != 0;
            let avx2 = l7.ebx & (1 << 5) != 0;
            let bmi2 = l7.ebx & (1 << 8) != 0;
            // XMM (bit 1) and YMM (bit 2) state enabled by the OS.
            popcnt && avx && avx2 && bmi2 && xcr0() & 0b110 == 0b110
        }

        pub(super) fn has_avx512() -> bool {
            let l7 = leaf(7, 0);
            let f = l7.ebx & (1 << 16) != 0;
            let bw = l7.ebx & (1 << 30) != 0;
            let vl = l7.ebx & (1 << 31) != 0;
            // Opmask, ZMM_Hi256 and Hi16_ZMM state (bits 5-7) besides XMM/YMM.
            f && bw && vl && xcr0() & 0b1110_0110 == 0b1110_0110
        }
    }
}

/// Whether this AArch64 CPU has the SHA3 extension (for the Keccak kernels).
#[cfg(target_arch = "aarch64")]
pub(crate) fn has_sha3() -> bool {
    aarch64::has_sha3()
}

#[cfg(target_arch = "aarch64")]
mod aarch64 {
    //! AArch64 feature detection (NEON is part of the base architecture).

    /// The Armv8.4 SHA3 extension (EOR3, RAX1, XAR, BCAX).
    pub(super) fn has_sha3() -> bool {
        #[cfg(target_feature = "sha3")]
        {
            true
        }
        #[cfg(all(feature = "std", not(target_feature = "sha3")))]
        {
            std::arch::is_aarch64_feature_detected!("sha3")
        }
        #[cfg(all(not(feature = "std"), not(target_feature = "sha3")))]
        {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for b in Backend::ALL {
            assert_eq!(Backend::from_name(b.name()), Some(b));
            assert_eq!(Backend::from_u8(b.to_u8()), b);
        }
        assert_eq!(Backend::from_name("sse2"), None);
    }

    #[test]
    fn portable_always_available_and_forcible() {
        assert!(Backend::Portable.is_available());
        assert_eq!(available().next(), Some(Backend::Portable));
        let before = active();
        // Test: the portable backend is always available.
        force(Backend::Portable).unwrap();
        assert_eq!(active(), Backend::Portable);
        // Test: `before` was active, so it is available.
        force(before).unwrap();
        assert_eq!(active(), before);
    }

    #[test]
    fn unavailable_backend_is_an_error() {
        for b in Backend::ALL {
            if !b.is_available() {
                assert_eq!(
                    force(b),
                    Err(Error::BackendUnavailable { backend: b.name() })
                );
            }
        }
    }

    #[test]
    fn best_is_available() {
        assert!(best().is_available());
    }
}
