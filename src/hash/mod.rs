//! SHA-3 and SHAKE (FIPS 202), written for this crate.
//!
//! Single-instance types ([`Sha3_256`], [`Sha3_512`], [`Shake128`], [`Shake256`]) for
//! the hash functions H, G, J, PRF and XOF of FIPS 203 and H, G of FIPS 204, and the
//! multi-instance [`Shake128xN`] / [`Shake256xN`] that matrix expansion and noise
//! sampling use to hash four (or eight) independent inputs at once. The multi-instance types run
//! on [`keccak::Permute`], the one hook a SIMD Keccak replaces.

pub(crate) mod jobs;
pub(crate) mod keccak;
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
#[allow(dead_code)] // selected by the AVX2 backends, exercised by tests and benches
mod keccak_avx2;

use keccak::SpongeN;
#[cfg(target_arch = "aarch64")]
pub(crate) use keccak::aarch64::{NeonSha3X2, NeonX2};
pub(crate) use keccak::{MultiKeccak, Permute, Portable};
#[cfg(target_arch = "x86_64")]
#[allow(unused_imports)] // used by the AVX2 backends once they select it
pub(crate) use keccak_avx2::Avx2x4;
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod keccak_avx512;
#[cfg(all(target_arch = "x86_64", feature = "testing"))]
pub(crate) use keccak_avx512::Avx512x4;
#[cfg(target_arch = "x86_64")]
pub(crate) use keccak_avx512::Avx512x8;
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod keccak_bmi;
#[cfg(target_arch = "x86_64")]
pub(crate) use keccak_bmi::{Scalar, Single};
/// The single-instance permutation (SHA3-256/512, SHAKE128/256): portable here.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) type Single = Portable;
/// The scalar single-instance permutation (the `Permute<1>` of the backends
/// without a single-state SIMD kernel): portable here.
#[cfg(not(target_arch = "x86_64"))]
pub(crate) type Scalar = Portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) mod keccak_simd128;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) use keccak_simd128::Simd128x2;

/// SHAKE128 rate in bytes (1600 - 2*128 bits).
pub(crate) const SHAKE128_RATE: usize = 168;
/// SHAKE256 rate in bytes (1600 - 2*256 bits).
pub(crate) const SHAKE256_RATE: usize = 136;
const SHA3_256_RATE: usize = 136;
const SHA3_512_RATE: usize = 72;
/// Domain separation for SHA3-* (suffix 01 then pad bit: 0b110 = 0x06).
const DS_SHA3: u8 = 0x06;
/// Domain separation for SHAKE* (suffix 1111 then pad bit: 0x1F).
const DS_SHAKE: u8 = 0x1F;

/// SHAKE128 (FIPS 202 section 6.2).
#[derive(Clone)]
pub(crate) struct Shake128(SpongeN<1, SHAKE128_RATE, DS_SHAKE, Single>);
/// SHAKE256 (FIPS 202 section 6.2).
#[derive(Clone)]
pub(crate) struct Shake256(SpongeN<1, SHAKE256_RATE, DS_SHAKE, Single>);

macro_rules! xof_impl {
    ($t:ident) => {
        impl $t {
            /// A fresh instance.
            pub(crate) fn new() -> Self {
                Self(SpongeN::new())
            }
            /// Absorbs more input (only before the first squeeze).
            pub(crate) fn absorb(&mut self, data: &[u8]) -> &mut Self {
                self.0.absorb([data]);
                self
            }
            /// Squeezes `out.len()` more bytes.
            pub(crate) fn squeeze(&mut self, out: &mut [u8]) {
                self.0.squeeze([out]);
            }
            /// One-shot: the first `out.len()` bytes of the XOF of the concatenated parts.
            #[allow(dead_code)] // not every instance uses the one-shot form
            pub(crate) fn digest_into(parts: &[&[u8]], out: &mut [u8]) {
                let mut x = Self::new();
                for p in parts {
                    x.absorb(p);
                }
                x.squeeze(out);
            }
        }
    };
}
xof_impl!(Shake128);
xof_impl!(Shake256);

/// SHA3-256 (FIPS 202 section 6.1).
pub(crate) struct Sha3_256;
/// SHA3-512 (FIPS 202 section 6.1).
pub(crate) struct Sha3_512;

impl Sha3_256 {
    /// SHA3-256 of the concatenation of `parts`.
    pub(crate) fn digest(parts: &[&[u8]]) -> [u8; 32] {
        let mut s = SpongeN::<1, SHA3_256_RATE, DS_SHA3, Single>::new();
        for p in parts {
            s.absorb([p]);
        }
        let mut out = [0u8; 32];
        s.squeeze([&mut out]);
        out
    }
}

impl Sha3_512 {
    /// SHA3-512 of the concatenation of `parts`.
    pub(crate) fn digest(parts: &[&[u8]]) -> [u8; 64] {
        let mut s = SpongeN::<1, SHA3_512_RATE, DS_SHA3, Single>::new();
        for p in parts {
            s.absorb([p]);
        }
        let mut out = [0u8; 64];
        s.squeeze([&mut out]);
        out
    }
}

/// Domain separation for cSHAKE (suffix 00 then pad bit: 0b100 = 0x04; SP 800-185
/// section 3.3).
#[cfg(feature = "channel")]
const DS_CSHAKE: u8 = 0x04;

/// The cSHAKE sponge (SP 800-185 section 3) with rate `RATE` bytes (168 for
/// cSHAKE128, 136 for cSHAKE256). The caller absorbs the encoded prefix
/// `bytepad(encode_string(N) || encode_string(S), RATE)` itself (see
/// `channel::kdf`), so that KMAC can stream its fields without building them in memory.
#[cfg(feature = "channel")]
pub(crate) struct CShakeSponge<const RATE: usize>(SpongeN<1, RATE, DS_CSHAKE, Single>);

#[cfg(feature = "channel")]
impl<const RATE: usize> CShakeSponge<RATE> {
    /// A fresh sponge.
    pub(crate) fn new() -> Self {
        Self(SpongeN::new())
    }
    /// Absorbs more input (only before the first squeeze).
    pub(crate) fn absorb(&mut self, data: &[u8]) {
        self.0.absorb([data]);
    }
    /// Squeezes `out.len()` more bytes.
    pub(crate) fn squeeze(&mut self, out: &mut [u8]) {
        self.0.squeeze([out]);
    }
}

/// Incremental SHA3-256 whose intermediate digests can be taken without ending it
/// (the channel's transcript hash).
#[cfg(feature = "channel")]
#[derive(Clone)]
pub(crate) struct Sha3_256Incremental(SpongeN<1, SHA3_256_RATE, DS_SHA3, Single>);

#[cfg(feature = "channel")]
impl Sha3_256Incremental {
    /// A fresh hash.
    pub(crate) fn new() -> Self {
        Self(SpongeN::new())
    }
    /// Appends `data`.
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.0.absorb([data]);
    }
    /// The digest of everything appended so far; `self` can go on.
    pub(crate) fn digest(&self) -> [u8; 32] {
        let mut s = self.0.clone();
        let mut out = [0u8; 32];
        s.squeeze([&mut out]);
        out
    }
}

/// `N` SHAKE128 instances in lockstep (equal-length inputs and outputs).
/// `P` is the `N`-way permutation (the backend's Keccak kernel).
pub(crate) struct Shake128xN<const N: usize, P: Permute<N>>(SpongeN<N, SHAKE128_RATE, DS_SHAKE, P>);
/// `N` SHAKE256 instances in lockstep (equal-length inputs and outputs).
/// `P` is the `N`-way permutation (the backend's Keccak kernel).
pub(crate) struct Shake256xN<const N: usize, P: Permute<N>>(SpongeN<N, SHAKE256_RATE, DS_SHAKE, P>);

macro_rules! xof_xn_impl {
    ($t:ident) => {
        impl<const N: usize, P: Permute<N>> $t<N, P> {
            /// `N` fresh instances.
            pub(crate) fn new() -> Self {
                Self(SpongeN::new())
            }
            /// Absorbs `inputs[i]` into instance `i` (equal lengths).
            pub(crate) fn absorb(&mut self, inputs: [&[u8]; N]) -> &mut Self {
                self.0.absorb(inputs);
                self
            }
            /// Squeezes `outputs[i].len()` bytes from instance `i` (equal lengths).
            pub(crate) fn squeeze(&mut self, outputs: [&mut [u8]; N]) {
                self.0.squeeze(outputs);
            }
        }
    };
}
xof_xn_impl!(Shake128xN);
xof_xn_impl!(Shake256xN);

#[cfg(test)]
mod tests {
    use super::*;
    use std::{vec, vec::Vec};

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            // Test helper: the hex literals are fixed and valid.
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    // Known answers from the FIPS 202 examples (NIST CSRC "Cryptographic Standards
    // and Guidelines: Examples with Intermediate Values", SHA3-256/512, SHAKE128/256),
    // messages "" and "abc".
    #[test]
    fn fips202_known_answers() {
        assert_eq!(
            Sha3_256::digest(&[]).to_vec(),
            hex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
        );
        assert_eq!(
            Sha3_256::digest(&[b"abc"]).to_vec(),
            hex("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")
        );
        assert_eq!(
            Sha3_512::digest(&[b"abc"]).to_vec(),
            hex(
                "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"
            )
        );
        assert_eq!(
            Sha3_512::digest(&[]).to_vec(),
            hex(
                "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26"
            )
        );
        let mut out = [0u8; 32];
        Shake128::digest_into(&[], &mut out);
        assert_eq!(
            out.to_vec(),
            hex("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26")
        );
        let mut out = [0u8; 64];
        Shake256::digest_into(&[], &mut out);
        assert_eq!(
            out.to_vec(),
            hex(
                "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be"
            )
        );
        // 1600-bit message of 0xA3 (the FIPS 202 example's long input), SHA3-256.
        let m = [0xA3u8; 200];
        assert_eq!(
            Sha3_256::digest(&[&m]).to_vec(),
            hex("79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787")
        );
    }

    /// Differential against the RustCrypto `sha3` crate over many lengths and
    /// split points, which exercises partial blocks, block boundaries and squeezing
    /// across blocks.
    #[test]
    fn matches_sha3_crate_all_lengths() {
        use sha3::digest::{Digest, ExtendableOutput, Update, XofReader};
        let data: Vec<u8> = (0..700u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let m = &data[..len];
            let split = len / 3;
            assert_eq!(
                Sha3_256::digest(&[&m[..split], &m[split..]]).to_vec(),
                sha3::Sha3_256::digest(m).to_vec(),
                "sha3-256 len {len}"
            );
            assert_eq!(
                Sha3_512::digest(&[&m[..split], &m[split..]]).to_vec(),
                sha3::Sha3_512::digest(m).to_vec(),
                "sha3-512 len {len}"
            );
            let outlen = (len * 5) % 600 + 1;
            let mut ours = vec![0u8; outlen];
            let mut x = Shake128::new();
            x.absorb(&m[..split]).absorb(&m[split..]);
            // squeeze in two uneven pieces
            let (a, b) = ours.split_at_mut(outlen / 2);
            x.squeeze(a);
            x.squeeze(b);
            let mut theirs = vec![0u8; outlen];
            let mut h = shake::Shake128::default();
            h.update(m);
            h.finalize_xof().read(&mut theirs);
            assert_eq!(ours, theirs, "shake128 len {len}");

            let mut ours = vec![0u8; outlen];
            Shake256::digest_into(&[m], &mut ours);
            let mut theirs = vec![0u8; outlen];
            let mut h = shake::Shake256::default();
            h.update(m);
            h.finalize_xof().read(&mut theirs);
            assert_eq!(ours, theirs, "shake256 len {len}");
        }
    }

    #[test]
    fn x4_matches_single() {
        let inputs: [Vec<u8>; 4] = core::array::from_fn(|i| vec![i as u8 * 17 + 1; 300]);
        let mut x4 = Shake128xN::<4, Portable>::new();
        x4.absorb([&inputs[0], &inputs[1], &inputs[2], &inputs[3]]);
        let mut outs = [[0u8; 500]; 4];
        let [o0, o1, o2, o3] = &mut outs;
        x4.squeeze([o0, o1, o2, o3]);
        for i in 0..4 {
            let mut single = [0u8; 500];
            Shake128::digest_into(&[&inputs[i]], &mut single);
            assert_eq!(outs[i], single);
        }
        let mut x4 = Shake256xN::<4, Portable>::new();
        x4.absorb([&inputs[0], &inputs[1], &inputs[2], &inputs[3]]);
        let mut outs = [[0u8; 300]; 4];
        let [o0, o1, o2, o3] = &mut outs;
        x4.squeeze([o0, o1, o2, o3]);
        for i in 0..4 {
            let mut single = [0u8; 300];
            Shake256::digest_into(&[&inputs[i]], &mut single);
            assert_eq!(outs[i], single);
        }
    }
}
