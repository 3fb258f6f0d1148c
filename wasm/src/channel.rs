//! X-Wing (draft-connolly-cfrg-xwing-kem-10) and the authenticated secure channel
//! (`docs/channel.md`) for JavaScript.
//!
//! No protocol logic lives here or in the JS wrapper: every export hands bytes to the
//! library's types (`pqlattice::xwing`, `pqlattice::channel`) and returns what they
//! return. The state machine, the policies, the fingerprint text and every error are
//! the library's; errors become JS `Error`s with the library's `Display` text.
//!
//! Secrets: every export that touches one (seeds, the identity's signing key, the
//! handshake's ephemeral key and secrets, session keys, plaintexts) runs in `wiped`
//! (the stack it used is overwritten before it returns); heap blocks are wiped when
//! freed (the zeroizing allocator); the library's `Identity`, `Handshake` and `Session`
//! zeroize their secrets on drop, which `free()` (or the glue's FinalizationRegistry)
//! triggers.

use crate::{array, js_err, random, wiped};
use pqlattice::channel::{
    self, ChannelError, Handshake, Identity, PeerId, PeerPolicy, Received, Session, Step,
};
use pqlattice::xwing;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

/// Bytes of stack overwritten after the exports of this module that handle secrets:
/// at least the deepest stack use of any of them (`stack_use_of_every_export` checks
/// that the wiping reaches below each export's own use, and that every export stays
/// within 64 KiB, wiping included), rounded up to whole 4 KiB with a margin. Every key
/// is built in place on the heap. Figures in README.md.
pub(crate) mod wipe_depth {
    /// X-Wing: keygen, getPublicKey, encapsulate, decapsulate (decapsulate, the
    /// deepest, 53.7 KiB: the decapsulation key is rebuilt from its seed, in place on
    /// the heap, then the X25519 and ML-KEM-768 decapsulations); also the handshake
    /// constructors (the initiator's X-Wing key pair, 53.5 KiB).
    pub const XWING: usize = 60 * 1024;
    /// `Identity.fromSeed` / `generate`: the library's `Identity::from_seed` builds
    /// the ML-DSA-65 keys in place on the heap (8.6 KiB).
    pub const IDENTITY: usize = 16 * 1024;
    /// Handshake steps (X-Wing, ML-DSA-65 signing, and verification with the peer's
    /// verifying key parsed in place on the heap from its message: 55.9 KiB, reading
    /// ResponderHello and InitiatorAuth).
    pub const HANDSHAKE: usize = 60 * 1024;
    /// Session methods (ChaCha20-Poly1305, KMAC256), `intoSession` and the identity's
    /// `seed()`.
    pub const SESSION: usize = 16 * 1024;
}

/// A JS `Error` with the channel error's `Display` text.
fn chan_err(e: ChannelError) -> JsError {
    JsError::new(&e.to_string())
}

// ---- X-Wing ------------------------------------------------------------------------

/// X-Wing `GenerateKeyPair` / `GenerateKeyPairDerand`: `publicKey (1216) || secretKey
/// (the 32-byte seed)`, from `seed` or fresh randomness.
#[wasm_bindgen]
pub fn xwing_keygen(seed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
    wiped(wipe_depth::XWING, || {
        let mut fresh = Zeroizing::new([0u8; xwing::SEED_SIZE]);
        let seed = match &seed {
            Some(s) => array::<32>("X-Wing seed", s)?,
            None => random(&mut fresh),
        };
        let dk = xwing::DecapsulationKey::boxed_from_seed(seed);
        Ok(crate::concat(dk.encapsulation_key().as_bytes(), dk.seed()))
    })
}

/// The encapsulation key of an X-Wing decapsulation key (its 32-byte seed).
#[wasm_bindgen]
pub fn xwing_public_key(secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
    wiped(wipe_depth::XWING, || {
        let dk = xwing::DecapsulationKey::boxed_from_bytes(secret_key).map_err(js_err)?;
        Ok(dk.encapsulation_key().as_bytes().to_vec())
    })
}

/// X-Wing `Encapsulate`: `cipherText (1120) || sharedSecret (32)`; `eseed` (64 bytes)
/// makes it `EncapsulateDerand` (known-answer tests).
#[wasm_bindgen]
pub fn xwing_encapsulate(public_key: &[u8], eseed: Option<Vec<u8>>) -> Result<Vec<u8>, JsError> {
    wiped(wipe_depth::XWING, || {
        let ek = Box::new(xwing::EncapsulationKey::from_bytes(public_key).map_err(js_err)?);
        let mut fresh = Zeroizing::new([0u8; xwing::ENCAPSULATION_SEED_SIZE]);
        let eseed = match &eseed {
            Some(e) => array::<64>("X-Wing encapsulation randomness eseed", e)?,
            None => random(&mut fresh),
        };
        let (ct, ss) = ek.encapsulate_derand(eseed);
        Ok(crate::concat(ct.as_bytes(), ss.as_bytes()))
    })
}

/// X-Wing `Decapsulate`: the shared secret.
#[wasm_bindgen]
pub fn xwing_decapsulate(cipher_text: &[u8], secret_key: &[u8]) -> Result<Vec<u8>, JsError> {
    wiped(wipe_depth::XWING, || {
        let ct = xwing::Ciphertext::from_bytes(cipher_text).map_err(js_err)?;
        let dk = xwing::DecapsulationKey::boxed_from_bytes(secret_key).map_err(js_err)?;
        Ok(dk.decapsulate(&ct).as_bytes().to_vec())
    })
}

// ---- Identities and fingerprints -----------------------------------------------------

/// A PeerId from its text, UTF-8 encoded (a fingerprint in any form the library
/// parses, or 64 hex digits).
#[wasm_bindgen(js_name = channelParsePeerId)]
pub fn channel_parse_peer_id(text: &[u8]) -> Result<Vec<u8>, JsError> {
    let text =
        core::str::from_utf8(text).map_err(|_| chan_err(ChannelError::InvalidFingerprint))?;
    let id: PeerId = text.parse().map_err(chan_err)?;
    Ok(id.as_bytes().to_vec())
}

/// The fingerprint text of a 32-byte PeerId.
#[wasm_bindgen(js_name = channelFingerprint)]
pub fn channel_fingerprint(peer_id: &[u8]) -> Result<String, JsError> {
    Ok(peer_id_of(peer_id)?.to_string())
}

fn peer_id_of(bytes: &[u8]) -> Result<PeerId, JsError> {
    Ok(PeerId::from_bytes(*array::<32>("channel PeerId", bytes)?))
}

/// A long-term channel identity (an ML-DSA-65 key pair, kept as its seed).
#[wasm_bindgen]
pub struct ChannelIdentity(Identity);

#[wasm_bindgen]
impl ChannelIdentity {
    /// The identity of a 32-byte seed (FIPS 204 ML-DSA.KeyGen_internal).
    #[wasm_bindgen(js_name = fromSeed)]
    pub fn from_seed(seed: &[u8]) -> Result<ChannelIdentity, JsError> {
        wiped(wipe_depth::IDENTITY, || {
            let seed = array::<32>("channel identity seed", seed)?;
            Ok(ChannelIdentity(Identity::from_seed(seed)))
        })
    }

    /// A new identity from a fresh seed (`crypto.getRandomValues`).
    pub fn generate() -> ChannelIdentity {
        wiped(wipe_depth::IDENTITY, || {
            let mut seed = Zeroizing::new([0u8; 32]);
            ChannelIdentity(Identity::from_seed(random(&mut seed)))
        })
    }

    /// The 32-byte seed (secret: the whole identity).
    pub fn seed(&self) -> Vec<u8> {
        wiped(wipe_depth::SESSION, || self.0.seed().to_vec())
    }

    /// The 32-byte PeerId.
    #[wasm_bindgen(js_name = peerId)]
    pub fn peer_id(&self) -> Vec<u8> {
        self.0.peer_id().as_bytes().to_vec()
    }

    /// The fingerprint text of the PeerId.
    pub fn fingerprint(&self) -> String {
        self.0.peer_id().to_string()
    }

    /// The ML-DSA-65 verifying key (1952 bytes).
    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        self.0.verifying_key().as_bytes().to_vec()
    }
}

// ---- Handshake -----------------------------------------------------------------------

/// The peer policy `kind` (`"pin"`, `"allow"`, `"tofu"`, `"any"`) with its PeerIds
/// (`ids`: 32 bytes each; one for `pin`, zero or one for `tofu`).
fn policy(kind: &str, ids: &[u8]) -> Result<PeerPolicy, JsError> {
    if !ids.len().is_multiple_of(32) {
        return Err(JsError::new(
            "channel peer policy: the PeerIds are not a multiple of 32 bytes",
        ));
    }
    let mut list = ids
        .chunks_exact(32)
        .map(peer_id_of)
        .collect::<Result<Vec<_>, _>>()?;
    match (kind, list.len()) {
        ("pin", 1) => Ok(PeerPolicy::Pinned(list[0])),
        ("allow", _) => Ok(PeerPolicy::AllowList(core::mem::take(&mut list))),
        ("tofu", 0) => Ok(PeerPolicy::TrustOnFirstUse(None)),
        ("tofu", 1) => Ok(PeerPolicy::TrustOnFirstUse(Some(list[0]))),
        ("any", 0) => Ok(PeerPolicy::AnyPeer),
        _ => Err(JsError::new(
            "channel peer policy: unknown kind or wrong number of PeerIds",
        )),
    }
}

fn step_name(step: Step) -> &'static str {
    match step {
        Step::Write => "write",
        Step::Read => "read",
        Step::Done => "done",
        Step::Failed => "failed",
    }
}

/// One side of a channel handshake (the library's sans-IO state machine).
#[wasm_bindgen]
pub struct ChannelHandshake {
    /// `None` once `intoSession` has taken it (or a premature `intoSession` consumed
    /// it, which fails the handshake as in the library).
    hs: Option<Box<Handshake>>,
    /// Whether `intoSession` succeeded (for the message of later calls).
    converted: bool,
}

impl ChannelHandshake {
    fn new(hs: Result<Handshake, ChannelError>) -> Result<ChannelHandshake, JsError> {
        Ok(ChannelHandshake {
            hs: Some(Box::new(hs.map_err(chan_err)?)),
            converted: false,
        })
    }

    fn live(&mut self) -> Result<&mut Handshake, JsError> {
        match (&mut self.hs, self.converted) {
            (Some(hs), _) => Ok(hs),
            (None, true) => Err(JsError::new(
                "channel handshake: already turned into a session (intoSession)",
            )),
            (None, false) => Err(chan_err(ChannelError::Failed)),
        }
    }
}

#[wasm_bindgen]
impl ChannelHandshake {
    /// An initiator (client) with fresh randomness (96 bytes from
    /// `crypto.getRandomValues`).
    pub fn initiator(
        identity: &ChannelIdentity,
        kind: &str,
        ids: &[u8],
    ) -> Result<ChannelHandshake, JsError> {
        wiped(wipe_depth::XWING, || {
            let policy = policy(kind, ids)?;
            let mut r = Zeroizing::new([0u8; channel::INITIATOR_RANDOMNESS]);
            Self::new(Handshake::initiator_with_randomness(
                &identity.0,
                policy,
                random(&mut r),
            ))
        })
    }

    /// A responder (server) with fresh randomness (128 bytes).
    pub fn responder(
        identity: &ChannelIdentity,
        kind: &str,
        ids: &[u8],
    ) -> Result<ChannelHandshake, JsError> {
        wiped(wipe_depth::XWING, || {
            let policy = policy(kind, ids)?;
            let mut r = Zeroizing::new([0u8; channel::RESPONDER_RANDOMNESS]);
            Self::new(Handshake::responder_with_randomness(
                &identity.0,
                policy,
                random(&mut r),
            ))
        })
    }

    /// Test builds only (`test-hooks`; never in the shipped package): an initiator
    /// with the given 96 bytes of randomness, for the deterministic vectors.
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = __initiatorWithRandomness)]
    pub fn initiator_with_randomness(
        identity: &ChannelIdentity,
        kind: &str,
        ids: &[u8],
        randomness: &[u8],
    ) -> Result<ChannelHandshake, JsError> {
        wiped(wipe_depth::XWING, || {
            let policy = policy(kind, ids)?;
            let r = array::<96>("channel initiator randomness", randomness)?;
            Self::new(Handshake::initiator_with_randomness(&identity.0, policy, r))
        })
    }

    /// Test builds only: a responder with the given 128 bytes of randomness.
    #[cfg(feature = "test-hooks")]
    #[wasm_bindgen(js_name = __responderWithRandomness)]
    pub fn responder_with_randomness(
        identity: &ChannelIdentity,
        kind: &str,
        ids: &[u8],
        randomness: &[u8],
    ) -> Result<ChannelHandshake, JsError> {
        wiped(wipe_depth::XWING, || {
            let policy = policy(kind, ids)?;
            let r = array::<128>("channel responder randomness", randomness)?;
            Self::new(Handshake::responder_with_randomness(&identity.0, policy, r))
        })
    }

    /// `"initiator"` or `"responder"` (also after `intoSession`: `""`).
    pub fn role(&self) -> String {
        match self.hs.as_ref().map(|h| h.role()) {
            Some(channel::Role::Initiator) => "initiator".into(),
            Some(channel::Role::Responder) => "responder".into(),
            None => String::new(),
        }
    }

    /// What comes next: `"write"`, `"read"`, `"done"` or `"failed"` (`"failed"` also
    /// once the handshake has been consumed).
    #[wasm_bindgen(js_name = nextStep)]
    pub fn next_step(&self) -> String {
        match &self.hs {
            Some(hs) => step_name(hs.next_step()).into(),
            None if self.converted => "done".into(),
            None => "failed".into(),
        }
    }

    /// The next message to send.
    #[wasm_bindgen(js_name = writeMessage)]
    pub fn write_message(&mut self) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::HANDSHAKE, || {
            self.live()?.write_message().map_err(chan_err)
        })
    }

    /// Processes a received message.
    #[wasm_bindgen(js_name = readMessage)]
    pub fn read_message(&mut self, msg: &[u8]) -> Result<(), JsError> {
        wiped(wipe_depth::HANDSHAKE, || {
            self.live()?.read_message(msg).map_err(chan_err)
        })
    }

    /// The peer's PeerId once it is authenticated and accepted (empty before).
    #[wasm_bindgen(js_name = peerId)]
    pub fn peer_id(&self) -> Vec<u8> {
        match self.hs.as_ref().and_then(|h| h.peer_id()) {
            Some(id) => id.as_bytes().to_vec(),
            None => Vec::new(),
        }
    }

    /// The session, once the handshake is done. A premature call fails the handshake
    /// (the library's `into_session` consumes it).
    #[wasm_bindgen(js_name = intoSession)]
    pub fn into_session(&mut self) -> Result<ChannelSession, JsError> {
        // Moves the session out and drops (zeroizes) the rest: no cryptography.
        wiped(wipe_depth::SESSION, || {
            self.live()?;
            let hs = self
                .hs
                .take()
                .ok_or_else(|| chan_err(ChannelError::Failed))?;
            let session = Box::new(hs.into_session().map_err(chan_err)?);
            self.converted = true;
            Ok(ChannelSession(session))
        })
    }
}

// ---- Session -------------------------------------------------------------------------

/// An established channel session.
#[wasm_bindgen]
pub struct ChannelSession(Box<Session>);

/// `Received` as bytes: a tag (0 data, 1 key update, 2 close) and the data.
const RECEIVED_DATA: u8 = 0;
const RECEIVED_KEY_UPDATE: u8 = 1;
const RECEIVED_CLOSE: u8 = 2;

#[wasm_bindgen]
impl ChannelSession {
    /// One record carrying `data` (at most 65536 bytes).
    pub fn seal(&mut self, data: &[u8]) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::SESSION, || self.0.seal(data).map_err(chan_err))
    }

    /// Opens the next record: `tag || data` (tag 0: application data, 1: key update,
    /// 2: close; the JS wrapper turns it into an object and wipes this buffer).
    pub fn open(&mut self, record: &[u8]) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::SESSION, || {
            Ok(match self.0.open(record).map_err(chan_err)? {
                Received::Data(mut d) => {
                    d.insert(0, RECEIVED_DATA);
                    d
                }
                Received::KeyUpdate => vec![RECEIVED_KEY_UPDATE],
                Received::Close => vec![RECEIVED_CLOSE],
            })
        })
    }

    /// A key update record (this side then sends under the next key).
    #[wasm_bindgen(js_name = updateKeys)]
    pub fn update_keys(&mut self) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::SESSION, || {
            self.0.update_keys().map_err(chan_err)
        })
    }

    /// The close record (the last record this side sends).
    pub fn close(&mut self) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::SESSION, || self.0.close().map_err(chan_err))
    }

    /// Exporter: `length` bytes (1 to 8160) bound to this session, `label` and
    /// `context`.
    pub fn export(&self, label: &[u8], context: &[u8], length: usize) -> Result<Vec<u8>, JsError> {
        wiped(wipe_depth::SESSION, || {
            // The library checks the length (and the state); an unbounded length is
            // refused as it would refuse it, before anything is allocated for it.
            if length > channel::MAX_EXPORT {
                return Err(chan_err(if self.0.is_failed() {
                    ChannelError::Failed
                } else {
                    ChannelError::ExportLength { actual: length }
                }));
            }
            let mut out = vec![0u8; length];
            self.0.export(label, context, &mut out).map_err(chan_err)?;
            Ok(out)
        })
    }

    /// The peer's 32-byte PeerId.
    #[wasm_bindgen(js_name = peerId)]
    pub fn peer_id(&self) -> Vec<u8> {
        self.0.peer_id().as_bytes().to_vec()
    }

    /// `TH_final`, equal on both sides (a channel binding value).
    #[wasm_bindgen(js_name = transcriptHash)]
    pub fn transcript_hash(&self) -> Vec<u8> {
        self.0.transcript_hash().to_vec()
    }

    /// `"initiator"` or `"responder"`.
    pub fn role(&self) -> String {
        match self.0.role() {
            channel::Role::Initiator => "initiator".into(),
            channel::Role::Responder => "responder".into(),
        }
    }

    /// Whether this side has sent its close record.
    #[wasm_bindgen(js_name = isSendClosed)]
    pub fn is_send_closed(&self) -> bool {
        self.0.is_send_closed()
    }

    /// Whether the peer's close record has arrived.
    #[wasm_bindgen(js_name = isReceiveClosed)]
    pub fn is_receive_closed(&self) -> bool {
        self.0.is_receive_closed()
    }

    /// Whether a fatal error ended the session.
    #[wasm_bindgen(js_name = isFailed)]
    pub fn is_failed(&self) -> bool {
        self.0.is_failed()
    }
}
