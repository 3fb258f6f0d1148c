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

/// Whether the CPU running us supports `b` (detected once and cached, see [`cpu`]).
fn cpu_supports(b: Backend) -> bool {
    #[allow(unused_imports)]
    use cpu::Token;
    match b {
        Backend::Portable => true,
        #[cfg(target_arch = "x86_64")]
        Backend::Avx2 => cpu::Avx2::detect().is_some(),
        #[cfg(target_arch = "x86_64")]
        Backend::Avx512 => cpu::Avx512::detect().is_some(),
        #[cfg(target_arch = "aarch64")]
        Backend::Neon => cpu::Neon::detect().is_some(),
        #[cfg(target_arch = "aarch64")]
        Backend::NeonSha3 => cpu::Sha3::detect().is_some(),
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        Backend::WasmSimd128 => cpu::Simd128::detect().is_some(),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// The one table from [`Backend`] to the types that implement it: evaluates `$body`
/// with `$Kem` naming the ML-KEM kernel set (a `ml_kem::backend::KemKernels`) and
/// `$Dsa` the ML-DSA one (a `ml_dsa::backend::DsaKernels`) of `$backend`. Both
/// schemes' dispatch (one `match` per operation) and the differential harness use
/// it; a new backend is one arm here.
///
/// A backend this build does not contain runs the portable kernels (unreachable
/// through [`active`], which only returns available backends).
macro_rules! with_backend {
    ($backend:expr, |$Kem:ident, $Dsa:ident| $body:expr) => {
        match $backend {
            $crate::backend::Backend::Portable => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Portable;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Portable;
                $body
            }
            #[cfg(target_arch = "x86_64")]
            $crate::backend::Backend::Avx2 => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Avx2<$crate::hash::Avx2x4>;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Avx2<$crate::hash::Avx2x4>;
                $body
            }
            #[cfg(target_arch = "x86_64")]
            $crate::backend::Backend::Avx512 => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Avx512<$crate::hash::Avx512x8>;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Avx512;
                $body
            }
            #[cfg(target_arch = "aarch64")]
            $crate::backend::Backend::Neon => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Neon<$crate::hash::NeonX2>;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Neon<$crate::hash::NeonX2>;
                $body
            }
            #[cfg(target_arch = "aarch64")]
            $crate::backend::Backend::NeonSha3 => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Neon<$crate::hash::NeonSha3X2>;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Neon<$crate::hash::NeonSha3X2>;
                $body
            }
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            $crate::backend::Backend::WasmSimd128 => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Simd128;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Simd128;
                $body
            }
            #[allow(unreachable_patterns)]
            _ => {
                #[allow(dead_code)]
                type $Kem = $crate::ml_kem::backend::Portable;
                #[allow(dead_code)]
                type $Dsa = $crate::ml_dsa::backend::Portable;
                $body
            }
        }
    };
}
pub(crate) use with_backend;

/// Implements a scheme's kernel trait (`KemKernels` or `DsaKernels`) for a backend
/// and derives its `NATIVE` list, the names of the kernels the impl defines, from
/// the impl itself: the declared native set cannot drift from the code. Every
/// kernel the impl leaves out runs its `Fallback`'s (in the end the portable one).
///
/// ```ignore
/// kernels! {
///     impl[K: MultiKeccak] KemKernels for Neon<K> {
///         type Token = cpu::Neon;
///         type Fallback = Portable;
///         type Keccak = K;
///         fn ntt(t: cpu::Neon, a: &mut Poly) { ... }
///     }
/// }
/// ```
macro_rules! kernels {
    (impl $([$($g:tt)*])? $Trait:ident for $T:ty { $($body:tt)* }) => {
        impl $(<$($g)*>)? $Trait for $T {
            const NATIVE: &'static [&'static str] = $crate::backend::kernels!(@names [] $($body)*);
            $($body)*
        }
    };
    (@names [$($n:ident)*]) => { &[$(stringify!($n)),*] };
    (@names [$($n:ident)*] $(#[$m:meta])+ $($rest:tt)*) => {
        $crate::backend::kernels!(@names [$($n)*] $($rest)*)
    };
    (@names [$($n:ident)*] fn $name:ident $($rest:tt)*) => {
        $crate::backend::kernels!(@names [$($n)* $name] $($rest)*)
    };
    (@names [$($n:ident)*] ($($a:tt)*) $(-> $r:ty)? $b:block $($rest:tt)*) => {
        $crate::backend::kernels!(@names [$($n)*] $($rest)*)
    };
    (@names [$($n:ident)*] $skip:tt $($rest:tt)*) => {
        $crate::backend::kernels!(@names [$($n)*] $($rest)*)
    };
}
pub(crate) use kernels;

/// Runs `f` out of line, as an unlikely path (the kernels' no-token fallback).
#[cold]
#[inline(never)]
pub(crate) fn cold<R>(f: impl FnOnce() -> R) -> R {
    f()
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

/// Proof of CPU support: the zero-sized tokens that the kernels require.
///
/// A SIMD kernel may only run on a CPU with its instruction set. Instead of a
/// "use only after detection" rule written next to every `unsafe` block, each
/// kernel family has a token type here with a private field: the only way to get
/// one is [`cpu::Token::detect`], which returns `None` unless the CPU (and OS) support
/// the family. A kernel takes its token as an argument, so holding a token is the
/// safety argument of every `unsafe` block that executes those instructions.
///
/// Detection runs once; later calls read a cached byte (one relaxed atomic load),
/// or nothing at all when the features are enabled at compile time.
pub(crate) mod cpu {
    #[allow(unused_imports)]
    use core::sync::atomic::{AtomicU8, Ordering};

    /// A zero-sized proof that the CPU supports a kernel family.
    pub(crate) trait Token: Copy + 'static {
        /// The token, if this CPU supports the family.
        fn detect() -> Option<Self>;
    }

    /// The portable kernels: always available.
    #[derive(Clone, Copy, Debug)]
    pub(crate) struct Portable(());

    impl Token for Portable {
        #[inline(always)]
        fn detect() -> Option<Self> {
            Some(Portable(()))
        }
    }

    impl Portable {
        /// The portable token (no requirement to prove).
        #[inline(always)]
        pub(crate) const fn new() -> Self {
            Portable(())
        }
    }

    /// Declares a token type that converts into the tokens it implies.
    macro_rules! token {
        ($(#[$m:meta])* $name:ident implies [$($weaker:ident),*]) => {
            $(#[$m])*
            #[derive(Clone, Copy, Debug)]
            pub(crate) struct $name(());
            impl From<$name> for Portable {
                #[inline(always)]
                fn from(_: $name) -> Portable {
                    Portable(())
                }
            }
            $(impl From<$name> for $weaker {
                #[inline(always)]
                fn from(_: $name) -> $weaker {
                    $weaker(())
                }
            })*
        };
    }

    /// Cached detection results: [`INIT`] once filled, then one bit per family.
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    static DETECTED: AtomicU8 = AtomicU8::new(0);
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    const INIT: u8 = 1;

    /// The cached detection bits (detecting on first use).
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    #[inline(always)]
    fn detected() -> u8 {
        let v = DETECTED.load(Ordering::Relaxed);
        if v & INIT != 0 {
            return v;
        }
        detect_all()
    }

    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    #[cold]
    #[inline(never)]
    fn detect_all() -> u8 {
        let v = INIT | arch::detect();
        DETECTED.store(v, Ordering::Relaxed);
        v
    }

    #[cfg(target_arch = "x86_64")]
    token!(
        /// AVX2, BMI2 and POPCNT, with the OS saving the YMM state.
        Avx2 implies []
    );
    #[cfg(target_arch = "x86_64")]
    token!(
        /// AVX-512F, -BW and -VL with the OS saving the ZMM state, plus everything
        /// [`Avx2`] needs (so it converts into an [`Avx2`] token).
        Avx512 implies [Avx2]
    );

    #[cfg(target_arch = "x86_64")]
    impl Token for Avx2 {
        #[inline(always)]
        fn detect() -> Option<Self> {
            if cfg!(all(
                target_feature = "avx2",
                target_feature = "bmi2",
                target_feature = "popcnt"
            )) || detected() & arch::AVX2 != 0
            {
                Some(Avx2(()))
            } else {
                None
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    impl Token for Avx512 {
        #[inline(always)]
        fn detect() -> Option<Self> {
            if cfg!(all(
                target_feature = "avx2",
                target_feature = "bmi2",
                target_feature = "popcnt",
                target_feature = "avx512f",
                target_feature = "avx512bw",
                target_feature = "avx512vl"
            )) || detected() & (arch::AVX2 | arch::AVX512) == arch::AVX2 | arch::AVX512
            {
                Some(Avx512(()))
            } else {
                None
            }
        }
    }

    #[cfg(target_arch = "aarch64")]
    token!(
        /// NEON (Advanced SIMD): part of the AArch64 base architecture.
        Neon implies []
    );
    #[cfg(target_arch = "aarch64")]
    token!(
        /// The Armv8.4 SHA3 extension (EOR3, RAX1, XAR, BCAX), besides NEON.
        Sha3 implies [Neon]
    );

    #[cfg(target_arch = "aarch64")]
    impl Token for Neon {
        #[inline(always)]
        fn detect() -> Option<Self> {
            // Every AArch64 target Rust supports has NEON (`crate::hash::keccak`
            // checks `target_feature = "neon"` at compile time).
            Some(Neon(()))
        }
    }

    #[cfg(target_arch = "aarch64")]
    impl Token for Sha3 {
        #[inline(always)]
        fn detect() -> Option<Self> {
            if cfg!(target_feature = "sha3") || detected() & arch::SHA3 != 0 {
                Some(Sha3(()))
            } else {
                None
            }
        }
    }

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    token!(
        /// WebAssembly SIMD128, enabled at compile time (wasm has no run-time
        /// feature detection: a module using it does not load without it).
        Simd128 implies []
    );

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    impl Token for Simd128 {
        #[inline(always)]
        fn detect() -> Option<Self> {
            Some(Simd128(()))
        }
    }

    #[cfg(target_arch = "x86_64")]
    mod arch {
        //! x86_64 feature detection.

        pub(super) const AVX2: u8 = 2;
        pub(super) const AVX512: u8 = 4;

        /// The detection bits of this CPU.
        pub(super) fn detect() -> u8 {
            let mut v = 0;
            if has_avx2() {
                v |= AVX2;
            }
            if has_avx512() {
                v |= AVX512;
            }
            v
        }

        /// AVX2 + BMI2 + POPCNT, with OS support for the YMM state.
        #[cfg(feature = "std")]
        fn has_avx2() -> bool {
            std::is_x86_feature_detected!("avx2")
                && std::is_x86_feature_detected!("bmi2")
                && std::is_x86_feature_detected!("popcnt")
        }

        /// AVX-512 F, BW and VL, with OS support for the ZMM state.
        #[cfg(feature = "std")]
        fn has_avx512() -> bool {
            std::is_x86_feature_detected!("avx512f")
                && std::is_x86_feature_detected!("avx512bw")
                && std::is_x86_feature_detected!("avx512vl")
        }

        #[cfg(not(feature = "std"))]
        use cpuid::{has_avx2, has_avx512};

        /// `no_std` detection: `cpuid` leaves 1 and 7, and `xgetbv` for the OS-enabled
        /// register state (XCR0).
        #[cfg(not(feature = "std"))]
        #[allow(unsafe_code)]
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

            pub(in super::super) fn has_avx2() -> bool {
                let l1 = leaf(1, 0);
                let l7 = leaf(7, 0);
                let popcnt = l1.ecx & (1 << 23) != 0;
                let avx = l1.ecx & (1 << 28) != 0;
                let avx2 = l7.ebx & (1 << 5) != 0;
                let bmi2 = l7.ebx & (1 << 8) != 0;
                // XMM (bit 1) and YMM (bit 2) state enabled by the OS.
                popcnt && avx && avx2 && bmi2 && xcr0() & 0b110 == 0b110
            }

            pub(in super::super) fn has_avx512() -> bool {
                let l7 = leaf(7, 0);
                let f = l7.ebx & (1 << 16) != 0;
                let bw = l7.ebx & (1 << 30) != 0;
                let vl = l7.ebx & (1 << 31) != 0;
                // Opmask, ZMM_Hi256 and Hi16_ZMM state (bits 5-7) besides XMM/YMM.
                f && bw && vl && xcr0() & 0b1110_0110 == 0b1110_0110
            }
        }
    }

    #[cfg(target_arch = "aarch64")]
    mod arch {
        //! AArch64 feature detection (NEON is part of the base architecture).

        pub(super) const SHA3: u8 = 2;

        /// The detection bits of this CPU.
        pub(super) fn detect() -> u8 {
            #[cfg(feature = "std")]
            {
                if std::arch::is_aarch64_feature_detected!("sha3") {
                    SHA3
                } else {
                    0
                }
            }
            #[cfg(not(feature = "std"))]
            {
                0
            }
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

    /// The kernels each backend defines itself (and those of its fallback, when that
    /// is not the portable backend): a kernel that silently fell back to portable
    /// (or an unintended new one) changes these lists.
    #[test]
    fn native_kernel_sets_are_pinned() {
        use crate::ml_dsa::backend::DsaKernels;
        use crate::ml_kem::backend::KemKernels;
        fn sets<K: KemKernels, D: DsaKernels>() -> [&'static [&'static str]; 4] {
            [
                K::NATIVE,
                <K::Fallback as KemKernels>::NATIVE,
                D::NATIVE,
                <D::Fallback as DsaKernels>::NATIVE,
            ]
        }
        const KEM_ALL: &[&str] = &[
            "ntt",
            "inv_ntt",
            "basemul_acc",
            "to_mont",
            "reduce",
            "add",
            "sub",
            "compress_encode",
            "decode_decompress",
            "encode12",
            "decode12",
            "cbd",
            "rej_uniform",
            "wipe_polys",
            "wipe_bytes",
        ];
        const KEM_ARITH: &[&str] = &[
            "ntt",
            "inv_ntt",
            "basemul_acc",
            "to_mont",
            "reduce",
            "add",
            "sub",
        ];
        const KEM_ZMM: &[&str] = &["ntt", "inv_ntt", "basemul_acc"];
        const DSA_AVX2: &[&str] = &[
            "ntt",
            "inv_ntt",
            "pointwise_montgomery",
            "pointwise_acc_montgomery",
            "reduce",
            "mod_q",
            "add",
            "sub",
            "shift_left_d",
            "power2round",
            "decompose",
            "highbits",
            "lowbits",
            "make_hint",
            "use_hint",
            "norm_exceeds",
            "unpack_gamma1",
            "bit_pack",
            "simple_bit_pack",
            "rej_ntt_fill",
            "rej_bounded_fill",
            "sample_in_ball",
        ];
        const DSA_NTT: &[&str] = &[
            "ntt",
            "inv_ntt",
            "pointwise_montgomery",
            "pointwise_acc_montgomery",
        ];
        for b in Backend::ALL.into_iter().filter(|&b| compiled_in(b)) {
            let got = with_backend!(b, |K, D| sets::<K, D>());
            let want: [&[&str]; 4] = match b {
                Backend::Portable => [&[], &[], &[], &[]],
                Backend::Avx2 => [KEM_ALL, &[], DSA_AVX2, &[]],
                Backend::Avx512 => [KEM_ZMM, KEM_ALL, DSA_NTT, DSA_AVX2],
                Backend::Neon | Backend::NeonSha3 => [KEM_ARITH, &[], DSA_NTT, &[]],
                Backend::WasmSimd128 => [KEM_ARITH, &[], DSA_NTT, &[]],
            };
            assert_eq!(got, want, "{b:?}");
        }
    }

    #[test]
    fn best_is_available() {
        assert!(best().is_available());
    }
}
