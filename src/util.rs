//! Small shared helpers: randomness and constant-time utilities.

#[cfg(feature = "std")]
use crate::Error;
use rand_core::CryptoRng;

/// Fills a fresh `N`-byte array from `rng`.
#[inline]
pub(crate) fn random_array<const N: usize, R: CryptoRng + ?Sized>(rng: &mut R) -> [u8; N] {
    let mut out = [0u8; N];
    rng.fill_bytes(&mut out);
    out
}

/// Fills `out` from the operating system's random number generator.
#[cfg(feature = "std")]
pub(crate) fn os_random(out: &mut [u8]) -> Result<(), Error> {
    use rand_core::TryRng;
    getrandom::SysRng
        .try_fill_bytes(out)
        .map_err(|_| Error::Randomness)
}

/// A `CryptoRng` over the operating system's generator that remembers a failure
/// instead of panicking, for the `*_with_os_rng` conveniences.
#[cfg(feature = "std")]
#[allow(dead_code)] // for conveniences whose randomness is consumed inside a generic core
pub(crate) struct OsRng {
    pub(crate) failed: bool,
}

#[cfg(feature = "std")]
#[allow(dead_code)]
impl OsRng {
    /// Runs `f` with an OS-backed rng; `Err(Error::Randomness)` if the OS failed.
    pub(crate) fn with<T>(f: impl FnOnce(&mut Self) -> T) -> Result<T, Error> {
        let mut rng = OsRng { failed: false };
        let out = f(&mut rng);
        if rng.failed {
            Err(Error::Randomness)
        } else {
            Ok(out)
        }
    }
}

#[cfg(feature = "std")]
impl rand_core::TryRng for OsRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        if os_random(dst).is_err() {
            // Never hand out predictable bytes silently: zero them and report the
            // failure to the caller through `OsRng::with`.
            dst.fill(0);
            self.failed = true;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl rand_core::TryCryptoRng for OsRng {}
