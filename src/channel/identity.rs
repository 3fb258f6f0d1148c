//! Identities (ML-DSA-65 key pairs), PeerIds, fingerprints and peer policies
//! (docs/channel.md section 3).

use super::ChannelError;
use crate::CryptoRng;
use crate::hash::Sha3_256;
use crate::ml_dsa_65;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The PeerId prefix for ML-DSA-65 verifying keys.
const PEER_ID_PREFIX: &[u8] = b"pqlattice peer id ML-DSA-65";

/// A long-term identity: an ML-DSA-65 key pair, kept as its 32-byte seed (FIPS 204
/// `xi`) plus the expanded keys. The seed is all that needs storing; it is zeroized
/// on drop (as is the signing key).
///
/// ```
/// use pqlattice::channel::Identity;
///
/// let id = Identity::from_seed(&[7u8; 32]);
/// // The fingerprint is what people compare (and pin): 13 groups of 4 characters.
/// let fp = id.peer_id().to_string();
/// assert_eq!(fp.len(), 64);
/// assert_eq!(fp.parse::<pqlattice::channel::PeerId>()?, id.peer_id());
/// # Ok::<(), pqlattice::channel::ChannelError>(())
/// ```
///
/// Cloning is cheap (the keys are shared, reference-counted, and zeroized when the
/// last clone is dropped).
#[derive(Clone)]
pub struct Identity(Arc<IdentityInner>);

/// The keys live on the heap, built where they live (`boxed_from_seed`): an
/// ML-DSA-65 signing key is tens of KiB, too much to pass by value on small stacks
/// (the C API promises at most 64 KiB per call; see ffi/src/lib.rs).
struct IdentityInner {
    seed: Zeroizing<[u8; 32]>,
    sk: alloc::boxed::Box<ml_dsa_65::SigningKey>,
    vk: alloc::boxed::Box<ml_dsa_65::VerifyingKey>,
    id: PeerId,
}

impl Identity {
    /// The identity with this seed (FIPS 204 ML-DSA.KeyGen_internal).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        let sk = ml_dsa_65::SigningKey::boxed_from_seed(seed);
        let vk = sk.boxed_verifying_key();
        let id = PeerId::of_verifying_key(vk.as_bytes());
        Identity(Arc::new(IdentityInner {
            seed: Zeroizing::new(*seed),
            sk,
            vk,
            id,
        }))
    }

    /// A new identity with a seed from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let seed = Zeroizing::new(crate::util::random_array::<32, R>(rng));
        Self::from_seed(&seed)
    }

    /// A new identity with a seed from the operating system.
    ///
    /// Errors: [`ChannelError::Randomness`].
    #[cfg(feature = "std")]
    pub fn generate_with_os_rng() -> Result<Self, ChannelError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        crate::util::os_random(&mut seed[..]).map_err(|_| ChannelError::Randomness)?;
        Ok(Self::from_seed(&seed))
    }

    /// The 32-byte seed: the whole secret, to store (encrypted at rest) and load
    /// with [`Identity::from_seed`].
    pub fn seed(&self) -> &[u8; 32] {
        &self.0.seed
    }

    /// The ML-DSA-65 verifying key.
    pub fn verifying_key(&self) -> &ml_dsa_65::VerifyingKey {
        &self.0.vk
    }

    /// The signing key.
    pub(crate) fn signing_key(&self) -> &ml_dsa_65::SigningKey {
        &self.0.sk
    }

    /// This identity's [`PeerId`] (what the other side pins).
    pub fn peer_id(&self) -> PeerId {
        self.0.id
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("peer_id", &self.0.id)
            .finish_non_exhaustive()
    }
}

/// The identity of a peer: `SHA3-256("pqlattice peer id ML-DSA-65" || vk)`.
///
/// Displayed (and parsed) as a fingerprint: 52 lower-case base32 characters (RFC 4648
/// alphabet) in 13 groups of 4, e.g. `fr3k-...`. Parsing also accepts upper case,
/// no separators, and 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId([u8; 32]);

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

impl PeerId {
    /// The PeerId of an encoded ML-DSA-65 verifying key.
    pub fn of_verifying_key(vk: &[u8; ml_dsa_65::VERIFYING_KEY_SIZE]) -> Self {
        PeerId(Sha3_256::digest(&[PEER_ID_PREFIX, vk]))
    }

    /// A PeerId from its 32 bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        PeerId(bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The fingerprint text without separators (52 characters).
    pub fn to_base32(&self) -> [u8; 52] {
        let mut out = [0u8; 52];
        let mut acc: u32 = 0;
        let mut nbits = 0;
        let mut j = 0;
        for &b in &self.0 {
            acc = (acc << 8) | u32::from(b);
            nbits += 8;
            while nbits >= 5 {
                nbits -= 5;
                out[j] = BASE32[((acc >> nbits) & 31) as usize];
                j += 1;
            }
        }
        // 256 = 51 * 5 + 1: the last character holds one bit and four zero bits.
        out[j] = BASE32[((acc << (5 - nbits)) & 31) as usize];
        out
    }

    /// Constant-time equality (PeerIds are public, but comparing them in constant
    /// time costs nothing).
    fn ct_eq(&self, other: &PeerId) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.to_base32();
        for (i, group) in b.chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            // Base32 output is ASCII.
            for &c in group {
                fmt::Write::write_char(f, char::from(c))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerId({self})")
    }
}

impl FromStr for PeerId {
    type Err = ChannelError;

    /// Parses a fingerprint (base32, separators `-`, `:` and spaces ignored, either
    /// case) or 64 hex digits.
    fn from_str(s: &str) -> Result<Self, ChannelError> {
        let chars: Vec<u8> = s
            .bytes()
            .filter(|c| !matches!(c, b'-' | b':' | b' ' | b'\t'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let mut out = [0u8; 32];
        if chars.len() == 64 {
            for (i, pair) in chars.chunks(2).enumerate() {
                let hi = hex_val(pair[0]).ok_or(ChannelError::InvalidFingerprint)?;
                let lo = hex_val(pair[1]).ok_or(ChannelError::InvalidFingerprint)?;
                out[i] = (hi << 4) | lo;
            }
            return Ok(PeerId(out));
        }
        if chars.len() != 52 {
            return Err(ChannelError::InvalidFingerprint);
        }
        let mut acc: u32 = 0;
        let mut nbits = 0;
        let mut j = 0;
        for (i, &c) in chars.iter().enumerate() {
            let v = BASE32
                .iter()
                .position(|&a| a == c)
                .ok_or(ChannelError::InvalidFingerprint)? as u32;
            if i == 51 {
                // One data bit, four zero padding bits.
                if v & 0x0f != 0 {
                    return Err(ChannelError::InvalidFingerprint);
                }
                acc = (acc << 1) | (v >> 4);
                nbits += 1;
            } else {
                acc = (acc << 5) | v;
                nbits += 5;
            }
            if nbits >= 8 {
                nbits -= 8;
                out[j] = (acc >> nbits) as u8;
                j += 1;
                acc &= (1 << nbits) - 1;
            }
        }
        Ok(PeerId(out))
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Which peer keys a side accepts (docs/channel.md section 3.1). Checked after the
/// peer has proved possession of the key (signature and Finished).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeerPolicy {
    /// Exactly this peer.
    Pinned(PeerId),
    /// Any of these peers (at most [`super::MAX_ALLOW_LIST`]).
    AllowList(Vec<PeerId>),
    /// Trust on first use: `Some(id)` for a peer on record (a different key is
    /// refused with [`ChannelError::PeerKeyChanged`]), `None` for a first contact
    /// (any key; record [`super::Session::peer_id`] afterwards). See
    /// [`super::KnownPeers`] for the file-backed form.
    TrustOnFirstUse(Option<PeerId>),
    /// Any peer that proves possession of its key: authenticated but not authorized.
    /// The application must decide from [`super::Session::peer_id`].
    AnyPeer,
}

impl PeerPolicy {
    /// Checks the policy's own limits.
    pub(crate) fn validate(&self) -> Result<(), ChannelError> {
        match self {
            PeerPolicy::AllowList(ids) if ids.len() > super::MAX_ALLOW_LIST => {
                Err(ChannelError::AllowListTooLong { actual: ids.len() })
            }
            _ => Ok(()),
        }
    }

    /// Whether the (proven) peer `id` is accepted.
    pub(crate) fn check(&self, id: &PeerId) -> Result<(), ChannelError> {
        match self {
            PeerPolicy::Pinned(expected) => {
                if expected.ct_eq(id) {
                    Ok(())
                } else {
                    Err(ChannelError::PeerMismatch {
                        expected: *expected,
                        actual: *id,
                    })
                }
            }
            PeerPolicy::AllowList(ids) => {
                let mut found = false;
                for allowed in ids {
                    found |= allowed.ct_eq(id);
                }
                if found {
                    Ok(())
                } else {
                    Err(ChannelError::PeerNotAllowed { actual: *id })
                }
            }
            PeerPolicy::TrustOnFirstUse(Some(known)) => {
                if known.ct_eq(id) {
                    Ok(())
                } else {
                    Err(ChannelError::PeerKeyChanged {
                        known: *known,
                        presented: *id,
                    })
                }
            }
            PeerPolicy::TrustOnFirstUse(None) | PeerPolicy::AnyPeer => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn fingerprint_round_trips_and_rejects() {
        for seed in 0u8..8 {
            let id = PeerId([seed.wrapping_mul(37) ^ 0xa5; 32]);
            let s = id.to_string();
            assert_eq!(s.len(), 64);
            assert_eq!(s.parse::<PeerId>().unwrap(), id);
            assert_eq!(
                s.to_uppercase().replace('-', "").parse::<PeerId>().unwrap(),
                id
            );
            let hex: alloc::string::String =
                id.0.iter().map(|b| alloc::format!("{b:02x}")).collect();
            assert_eq!(hex.parse::<PeerId>().unwrap(), id);
        }
        let id = PeerId([0xff; 32]);
        let s = id.to_string();
        // The last character carries one bit: 'q' (10000) for a set bit.
        assert!(s.ends_with('q'), "{s}");
        // Non-zero padding bits are refused.
        let bad = alloc::format!("{}r", &s[..s.len() - 1]);
        assert_eq!(bad.parse::<PeerId>(), Err(ChannelError::InvalidFingerprint));
        assert_eq!(
            "abc".parse::<PeerId>(),
            Err(ChannelError::InvalidFingerprint)
        );
        let bad = alloc::format!("{}1", &s[..s.len() - 1]);
        assert_eq!(bad.parse::<PeerId>(), Err(ChannelError::InvalidFingerprint));
        let zero = PeerId([0; 32]);
        assert_eq!(zero.to_string(), "aaaa-".repeat(12) + "aaaa");
    }

    #[test]
    fn policies() {
        let a = PeerId([1; 32]);
        let b = PeerId([2; 32]);
        assert_eq!(PeerPolicy::Pinned(a).check(&a), Ok(()));
        assert_eq!(
            PeerPolicy::Pinned(a).check(&b),
            Err(ChannelError::PeerMismatch {
                expected: a,
                actual: b
            })
        );
        assert_eq!(PeerPolicy::AllowList(alloc::vec![b, a]).check(&a), Ok(()));
        assert_eq!(
            PeerPolicy::AllowList(alloc::vec![b]).check(&a),
            Err(ChannelError::PeerNotAllowed { actual: a })
        );
        assert_eq!(PeerPolicy::TrustOnFirstUse(None).check(&a), Ok(()));
        assert_eq!(
            PeerPolicy::TrustOnFirstUse(Some(b)).check(&a),
            Err(ChannelError::PeerKeyChanged {
                known: b,
                presented: a
            })
        );
        assert_eq!(PeerPolicy::AnyPeer.check(&a), Ok(()));
    }
}
