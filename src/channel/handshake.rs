//! The handshake state machine (docs/channel.md sections 4, 5 and 7).

use super::error::MessageKind;
use super::identity::{Identity, PeerId, PeerPolicy};
use super::kdf::kdf_array;
use super::record::{Session, aead_open, aead_seal, traffic_key_iv};
use super::*;
use crate::CryptoRng;
use crate::hash::Sha3_256Incremental;
use crate::{ml_dsa_65, xwing};
use alloc::boxed::Box;
use alloc::vec::Vec;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// ML-DSA context string of the responder's transcript signature.
pub(crate) const CONTEXT_RESPONDER: &[u8] = b"pqlattice channel v1 responder";
/// ML-DSA context string of the initiator's transcript signature.
pub(crate) const CONTEXT_INITIATOR: &[u8] = b"pqlattice channel v1 initiator";

const VK: usize = ml_dsa_65::VERIFYING_KEY_SIZE;
const SIG: usize = ml_dsa_65::SIGNATURE_SIZE;
const FIN: usize = 32;
const AUTH_PLAIN: usize = VK + SIG + FIN;
const AUTH_SEALED: usize = AUTH_PLAIN + 16;
const EK: usize = xwing::ENCAPSULATION_KEY_SIZE;
const CT: usize = xwing::CIPHERTEXT_SIZE;
/// Length of ResponderHello's cleartext part (`ResponderHello.hello`).
const RESPONDER_HELLO_CLEAR: usize = 1 + 32 + 2 + 2 + CT;

type Secret = Zeroizing<[u8; 32]>;

/// What the handshake expects next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Call [`Handshake::write_message`] and send the result.
    Write,
    /// Receive a message and pass it to [`Handshake::read_message`].
    Read,
    /// Finished: call [`Handshake::into_session`].
    Done,
    /// Failed: the handshake refuses every call.
    Failed,
}

/// The handshake secrets after the key exchange.
struct HsKeys {
    i_hs: Secret,
    r_hs: Secret,
    master: Secret,
}

impl HsKeys {
    fn derive(z: &[u8; 32], th_hello: &[u8; 32]) -> Self {
        HsKeys {
            r_hs: Zeroizing::new(kdf_array(z, b"r hs traffic", &[th_hello])),
            i_hs: Zeroizing::new(kdf_array(z, b"i hs traffic", &[th_hello])),
            master: Zeroizing::new(kdf_array(z, b"derived", &[th_hello])),
        }
    }
}

enum State {
    InitStart {
        dk: Box<xwing::DecapsulationKey>,
        random: [u8; 32],
    },
    InitWaitHello {
        dk: Box<xwing::DecapsulationKey>,
    },
    InitSendAuth {
        keys: HsKeys,
        peer: PeerId,
    },
    RespWaitHello {
        eseed: Zeroizing<[u8; 64]>,
        random: [u8; 32],
    },
    RespSendHello {
        eseed: Zeroizing<[u8; 64]>,
        random: [u8; 32],
        ek: Box<xwing::EncapsulationKey>,
        version: u16,
        suite: u16,
    },
    RespWaitAuth {
        keys: HsKeys,
    },
    Done {
        session: Box<Session>,
    },
    Failed,
}

/// One side of a handshake: a sans-IO state machine (bytes in, bytes out).
///
/// The initiator writes InitiatorHello, reads ResponderHello, writes InitiatorAuth;
/// the responder reads, writes, reads. [`Handshake::next_step`] says which call comes
/// next; [`Handshake::into_session`] gives the [`Session`] at the end. Any error is
/// fatal: the handshake erases its secrets and answers every later call with
/// [`ChannelError::Failed`].
///
/// ```
/// use pqlattice::channel::{Handshake, Identity, PeerPolicy, Received};
/// # use pqlattice::rand_core::{Infallible, TryCryptoRng, TryRng};
/// # struct Counter(u8);
/// # impl TryRng for Counter {
/// #     type Error = Infallible;
/// #     fn try_next_u32(&mut self) -> Result<u32, Infallible> { unimplemented!() }
/// #     fn try_next_u64(&mut self) -> Result<u64, Infallible> { unimplemented!() }
/// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Infallible> {
/// #         for b in d { self.0 = self.0.wrapping_add(1); *b = self.0; } Ok(())
/// #     }
/// # }
/// # impl TryCryptoRng for Counter {}
/// # let mut rng = Counter(0); // use the OS generator in practice
/// let alice = Identity::from_seed(&[1u8; 32]);
/// let bob = Identity::from_seed(&[2u8; 32]);
/// // Each side pins the other's PeerId (exchanged out of band as a fingerprint).
/// let mut i = Handshake::initiator(&alice, PeerPolicy::Pinned(bob.peer_id()), &mut rng)?;
/// let mut r = Handshake::responder(&bob, PeerPolicy::Pinned(alice.peer_id()), &mut rng)?;
/// let m1 = i.write_message()?;
/// r.read_message(&m1)?;
/// let m2 = r.write_message()?;
/// i.read_message(&m2)?;
/// let m3 = i.write_message()?;
/// r.read_message(&m3)?;
/// let (mut a, mut b) = (i.into_session()?, r.into_session()?);
/// let record = a.seal(b"hello")?;
/// assert_eq!(b.open(&record)?, Received::Data(b"hello".to_vec()));
/// # Ok::<(), pqlattice::channel::ChannelError>(())
/// ```
pub struct Handshake {
    role: Role,
    identity: Identity,
    policy: PeerPolicy,
    transcript: Sha3_256Incremental,
    rnd: Zeroizing<[u8; 32]>,
    state: State,
    peer: Option<PeerId>,
}

impl Handshake {
    /// An initiator with randomness from `rng` (96 bytes, see
    /// [`Handshake::initiator_with_randomness`]).
    ///
    /// Errors: [`ChannelError::AllowListTooLong`].
    pub fn initiator<R: CryptoRng + ?Sized>(
        identity: &Identity,
        policy: PeerPolicy,
        rng: &mut R,
    ) -> Result<Self, ChannelError> {
        let r = Zeroizing::new(crate::util::random_array::<INITIATOR_RANDOMNESS, R>(rng));
        Self::initiator_with_randomness(identity, policy, &r)
    }

    /// An initiator with caller-supplied randomness: `seed_e[32]` (the ephemeral
    /// X-Wing key pair) `|| random_I[32] || rnd_I[32]` (ML-DSA signing randomness),
    /// docs/channel.md section 11.
    ///
    /// **For deterministic test vectors and for bindings that draw the randomness
    /// themselves.** The 96 bytes must be fresh uniformly random bytes for every
    /// handshake: reusing `seed_e` reuses the ephemeral key (no forward secrecy
    /// between the sessions that share it).
    ///
    /// Errors: [`ChannelError::AllowListTooLong`].
    pub fn initiator_with_randomness(
        identity: &Identity,
        policy: PeerPolicy,
        randomness: &[u8; INITIATOR_RANDOMNESS],
    ) -> Result<Self, ChannelError> {
        policy.validate()?;
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(&randomness[..32]);
        let mut random = [0u8; 32];
        random.copy_from_slice(&randomness[32..64]);
        let mut rnd = Zeroizing::new([0u8; 32]);
        rnd.copy_from_slice(&randomness[64..]);
        Ok(Handshake {
            role: Role::Initiator,
            identity: identity.clone(),
            policy,
            transcript: Sha3_256Incremental::new(),
            rnd,
            state: State::InitStart {
                dk: xwing::DecapsulationKey::boxed_from_seed(&seed),
                random,
            },
            peer: None,
        })
    }

    /// A responder with randomness from `rng` (128 bytes, see
    /// [`Handshake::responder_with_randomness`]).
    ///
    /// Errors: [`ChannelError::AllowListTooLong`].
    pub fn responder<R: CryptoRng + ?Sized>(
        identity: &Identity,
        policy: PeerPolicy,
        rng: &mut R,
    ) -> Result<Self, ChannelError> {
        let r = Zeroizing::new(crate::util::random_array::<RESPONDER_RANDOMNESS, R>(rng));
        Self::responder_with_randomness(identity, policy, &r)
    }

    /// A responder with caller-supplied randomness: `eseed[64]` (X-Wing
    /// `EncapsulateDerand`) `|| random_R[32] || rnd_R[32]`, docs/channel.md section 11.
    /// The same warning as for [`Handshake::initiator_with_randomness`] applies: a
    /// repeated `eseed` with the same initiator key share repeats the shared secret.
    ///
    /// Errors: [`ChannelError::AllowListTooLong`].
    pub fn responder_with_randomness(
        identity: &Identity,
        policy: PeerPolicy,
        randomness: &[u8; RESPONDER_RANDOMNESS],
    ) -> Result<Self, ChannelError> {
        policy.validate()?;
        let mut eseed = Zeroizing::new([0u8; 64]);
        eseed.copy_from_slice(&randomness[..64]);
        let mut random = [0u8; 32];
        random.copy_from_slice(&randomness[64..96]);
        let mut rnd = Zeroizing::new([0u8; 32]);
        rnd.copy_from_slice(&randomness[96..]);
        Ok(Handshake {
            role: Role::Responder,
            identity: identity.clone(),
            policy,
            transcript: Sha3_256Incremental::new(),
            rnd,
            state: State::RespWaitHello { eseed, random },
            peer: None,
        })
    }

    /// [`Handshake::initiator`] with randomness from the operating system.
    ///
    /// Errors: [`ChannelError::Randomness`], [`ChannelError::AllowListTooLong`].
    #[cfg(feature = "std")]
    pub fn initiator_with_os_rng(
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let mut r = Zeroizing::new([0u8; INITIATOR_RANDOMNESS]);
        crate::util::os_random(&mut r[..]).map_err(|_| ChannelError::Randomness)?;
        Self::initiator_with_randomness(identity, policy, &r)
    }

    /// [`Handshake::responder`] with randomness from the operating system.
    ///
    /// Errors: [`ChannelError::Randomness`], [`ChannelError::AllowListTooLong`].
    #[cfg(feature = "std")]
    pub fn responder_with_os_rng(
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let mut r = Zeroizing::new([0u8; RESPONDER_RANDOMNESS]);
        crate::util::os_random(&mut r[..]).map_err(|_| ChannelError::Randomness)?;
        Self::responder_with_randomness(identity, policy, &r)
    }

    /// This side's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// What comes next.
    pub fn next_step(&self) -> Step {
        match self.state {
            State::InitStart { .. } | State::RespSendHello { .. } | State::InitSendAuth { .. } => {
                Step::Write
            }
            State::InitWaitHello { .. }
            | State::RespWaitHello { .. }
            | State::RespWaitAuth { .. } => Step::Read,
            State::Done { .. } => Step::Done,
            State::Failed => Step::Failed,
        }
    }

    /// The peer's PeerId once its signature, Finished and the policy have passed
    /// (after ResponderHello on the initiator, at the end on the responder).
    pub fn peer_id(&self) -> Option<PeerId> {
        self.peer
    }

    fn fail(&mut self) {
        self.state = State::Failed;
    }

    /// The next message to send (InitiatorHello, ResponderHello or InitiatorAuth).
    ///
    /// Errors: [`ChannelError::InvalidState`] when it is not this side's turn to
    /// write, [`ChannelError::Failed`] after an earlier error. Either fails the
    /// handshake.
    pub fn write_message(&mut self) -> Result<Vec<u8>, ChannelError> {
        let state = core::mem::replace(&mut self.state, State::Failed);
        let r = match state {
            State::InitStart { dk, random } => Ok(self.write_initiator_hello(dk, &random)),
            State::RespSendHello {
                eseed,
                random,
                ek,
                version,
                suite,
            } => self.write_responder_hello(&eseed, &random, &ek, version, suite),
            State::InitSendAuth { keys, peer } => self.write_initiator_auth(keys, peer),
            State::Failed => Err(ChannelError::Failed),
            _ => Err(ChannelError::InvalidState {
                operation: "write_message",
            }),
        };
        if r.is_err() {
            self.fail();
        }
        r
    }

    /// Processes a received message (ResponderHello on the initiator,
    /// InitiatorHello or InitiatorAuth on the responder).
    ///
    /// Errors: every handshake error of docs/channel.md section 7; all are fatal.
    pub fn read_message(&mut self, msg: &[u8]) -> Result<(), ChannelError> {
        let state = core::mem::replace(&mut self.state, State::Failed);
        let r = match state {
            State::InitWaitHello { dk } => self.read_responder_hello(dk, msg),
            State::RespWaitHello { eseed, random } => self.read_initiator_hello(eseed, random, msg),
            State::RespWaitAuth { keys } => self.read_initiator_auth(keys, msg),
            State::Failed => Err(ChannelError::Failed),
            _ => Err(ChannelError::InvalidState {
                operation: "read_message",
            }),
        };
        if r.is_err() {
            self.fail();
        }
        r
    }

    /// The established session, once [`Handshake::next_step`] is [`Step::Done`].
    ///
    /// Errors: [`ChannelError::InvalidState`] before that, [`ChannelError::Failed`]
    /// after an error.
    pub fn into_session(self) -> Result<Session, ChannelError> {
        match self.state {
            State::Done { session } => Ok(*session),
            State::Failed => Err(ChannelError::Failed),
            _ => Err(ChannelError::InvalidState {
                operation: "into_session",
            }),
        }
    }

    // --- initiator -------------------------------------------------------------

    fn write_initiator_hello(
        &mut self,
        dk: Box<xwing::DecapsulationKey>,
        random: &[u8; 32],
    ) -> Vec<u8> {
        let mut m = Vec::with_capacity(INITIATOR_HELLO_SIZE);
        m.push(MessageKind::InitiatorHello.msg_type());
        m.extend_from_slice(random);
        m.push(1);
        m.extend_from_slice(&VERSION_1.to_be_bytes());
        m.push(1);
        m.extend_from_slice(&SUITE_XWING_MLDSA65.to_be_bytes());
        m.extend_from_slice(&(EK as u16).to_be_bytes());
        m.extend_from_slice(dk.encapsulation_key().as_bytes());
        // The message is public (sent in the clear), though computed from the
        // randomness: declassified for the constant-time check (scripts/ctgrind.sh).
        crate::ctgrind::declassify(&mut m[..]);
        self.transcript.update(&m);
        self.state = State::InitWaitHello { dk };
        m
    }

    fn read_responder_hello(
        &mut self,
        dk: Box<xwing::DecapsulationKey>,
        m: &[u8],
    ) -> Result<(), ChannelError> {
        const KIND: MessageKind = MessageKind::ResponderHello;
        check_type(KIND, m)?;
        if m.len() < 37 {
            return Err(malformed(KIND, "truncated header"));
        }
        let version = u16::from_be_bytes([m[33], m[34]]);
        let suite = u16::from_be_bytes([m[35], m[36]]);
        if version != VERSION_1 {
            return Err(ChannelError::NotOffered {
                what: "version",
                value: version,
            });
        }
        if suite != SUITE_XWING_MLDSA65 {
            return Err(ChannelError::NotOffered {
                what: "suite",
                value: suite,
            });
        }
        if m.len() != RESPONDER_HELLO_SIZE {
            return Err(malformed(KIND, "wrong length for suite 1"));
        }
        let ct = xwing::Ciphertext::from_bytes(&m[37..RESPONDER_HELLO_CLEAR])
            .map_err(|_| malformed(KIND, "ciphertext"))?;
        let z = dk.decapsulate(&ct);
        drop(dk);
        self.transcript.update(&m[..RESPONDER_HELLO_CLEAR]);
        let th_hello = self.transcript.digest();
        let keys = HsKeys::derive(z.as_bytes(), &th_hello);
        drop(z);
        let peer = self.open_auth(&keys.r_hs, CONTEXT_RESPONDER, &m[RESPONDER_HELLO_CLEAR..])?;
        self.policy.check(&peer)?;
        self.peer = Some(peer);
        self.state = State::InitSendAuth { keys, peer };
        Ok(())
    }

    fn write_initiator_auth(
        &mut self,
        keys: HsKeys,
        peer: PeerId,
    ) -> Result<Vec<u8>, ChannelError> {
        let mut m = Vec::with_capacity(INITIATOR_AUTH_SIZE);
        m.push(MessageKind::InitiatorAuth.msg_type());
        self.seal_auth(&keys.i_hs, CONTEXT_INITIATOR, &mut m)?;
        let th_final = self.transcript.digest();
        let session = Session::new(Role::Initiator, &keys.master, &th_final, peer);
        self.state = State::Done {
            session: Box::new(session),
        };
        Ok(m)
    }

    // --- responder -------------------------------------------------------------

    fn read_initiator_hello(
        &mut self,
        eseed: Zeroizing<[u8; 64]>,
        random: [u8; 32],
        m: &[u8],
    ) -> Result<(), ChannelError> {
        const KIND: MessageKind = MessageKind::InitiatorHello;
        check_type(KIND, m)?;
        if m.len() > MAX_HANDSHAKE_MESSAGE {
            return Err(malformed(KIND, "longer than 16384 bytes"));
        }
        let mut r = Reader::new(KIND, &m[1..]);
        r.take(32)?;
        let n_versions = r.u8()?;
        if !(1..=8).contains(&n_versions) {
            return Err(malformed(KIND, "version count outside 1..=8"));
        }
        let mut versions = [0u16; 8];
        for i in 0..n_versions as usize {
            let v = r.u16()?;
            if versions[..i].contains(&v) {
                return Err(malformed(KIND, "duplicate version"));
            }
            versions[i] = v;
        }
        let versions = &versions[..n_versions as usize];
        let n_shares = r.u8()?;
        if !(1..=4).contains(&n_shares) {
            return Err(malformed(KIND, "key share count outside 1..=4"));
        }
        let mut suites = [0u16; 4];
        let mut chosen: Option<(u16, &[u8])> = None;
        for i in 0..n_shares as usize {
            let suite = r.u16()?;
            let len = r.u16()? as usize;
            let share = r.take(len)?;
            if suites[..i].contains(&suite) {
                return Err(malformed(KIND, "duplicate suite"));
            }
            suites[i] = suite;
            if suite == SUITE_XWING_MLDSA65 {
                if len != EK {
                    return Err(malformed(KIND, "suite 1 key share is not 1216 bytes"));
                }
                if chosen.is_none() {
                    chosen = Some((suite, share));
                }
            }
        }
        if !r.is_empty() {
            return Err(malformed(KIND, "trailing bytes"));
        }
        // The highest offered version we implement (only version 1 so far).
        let version = versions
            .iter()
            .copied()
            .filter(|v| *v == VERSION_1)
            .max()
            .ok_or(ChannelError::NoCommonVersion)?;
        let (suite, share) = chosen.ok_or(ChannelError::NoCommonSuite)?;
        // Built on the heap where it lives (an X-Wing key is about 8 KiB).
        let ek = xwing::EncapsulationKey::boxed_from_bytes(share)
            .map_err(|_| ChannelError::InvalidKeyShare)?;
        self.transcript.update(m);
        self.state = State::RespSendHello {
            eseed,
            random,
            ek,
            version,
            suite,
        };
        Ok(())
    }

    fn write_responder_hello(
        &mut self,
        eseed: &[u8; 64],
        random: &[u8; 32],
        ek: &xwing::EncapsulationKey,
        version: u16,
        suite: u16,
    ) -> Result<Vec<u8>, ChannelError> {
        let (ct, z) = ek.encapsulate_derand(eseed);
        let mut m = Vec::with_capacity(RESPONDER_HELLO_SIZE);
        m.push(MessageKind::ResponderHello.msg_type());
        m.extend_from_slice(random);
        m.extend_from_slice(&version.to_be_bytes());
        m.extend_from_slice(&suite.to_be_bytes());
        m.extend_from_slice(ct.as_bytes());
        // Sent in the clear: public (see write_initiator_hello).
        crate::ctgrind::declassify(&mut m[..]);
        self.transcript.update(&m);
        let th_hello = self.transcript.digest();
        let keys = HsKeys::derive(z.as_bytes(), &th_hello);
        drop(z);
        self.seal_auth(&keys.r_hs, CONTEXT_RESPONDER, &mut m)?;
        self.state = State::RespWaitAuth { keys };
        Ok(m)
    }

    fn read_initiator_auth(&mut self, keys: HsKeys, m: &[u8]) -> Result<(), ChannelError> {
        const KIND: MessageKind = MessageKind::InitiatorAuth;
        check_type(KIND, m)?;
        if m.len() != INITIATOR_AUTH_SIZE {
            return Err(malformed(KIND, "wrong length for suite 1"));
        }
        let peer = self.open_auth(&keys.i_hs, CONTEXT_INITIATOR, &m[1..])?;
        self.policy.check(&peer)?;
        self.peer = Some(peer);
        let th_final = self.transcript.digest();
        let session = Session::new(Role::Responder, &keys.master, &th_final, peer);
        self.state = State::Done {
            session: Box::new(session),
        };
        Ok(())
    }

    // --- shared ------------------------------------------------------------------

    /// Appends `AEAD(hs keys, vk || sig || finished)` for this side, extending the
    /// transcript with the three plaintext fields.
    fn seal_auth(
        &mut self,
        hs: &[u8; 32],
        context: &[u8],
        m: &mut Vec<u8>,
    ) -> Result<(), ChannelError> {
        let start = m.len();
        m.extend_from_slice(self.identity.verifying_key().as_bytes());
        // The payload (vk, sig, finished) is what the peer receives: public to it and
        // independent of the keys it is sealed with. Each field is declassified for
        // the constant-time check (scripts/ctgrind.sh) before it enters the
        // transcript, so that the peer-side view (signature verification over the
        // transcript) is checked as the peer computes it.
        let mut peer_id = *self.identity.peer_id().as_bytes();
        crate::ctgrind::declassify(&mut peer_id);
        // The transcript binds the key through its PeerId (docs/channel.md 4.4).
        self.transcript.update(&peer_id);
        let th = self.transcript.digest();
        let sig = self
            .identity
            .signing_key()
            .sign_pure(&th, context, &self.rnd)
            .map_err(|_| ChannelError::Failed)?;
        let mut sig_bytes = *sig.as_bytes();
        crate::ctgrind::declassify(sig_bytes.as_mut_slice());
        m.extend_from_slice(&sig_bytes);
        self.transcript.update(&sig_bytes);
        let th = self.transcript.digest();
        let mut fin = kdf_array::<32>(hs, b"finished", &[&th]);
        crate::ctgrind::declassify(&mut fin);
        m.extend_from_slice(&fin);
        self.transcript.update(&fin);
        let (key, iv) = traffic_key_iv(hs);
        aead_seal(&key, &iv, &[], m, start)
    }

    /// Opens the peer's `AEAD(vk || sig || finished)`, checks the signature and the
    /// Finished MAC, extends the transcript, and returns the peer's PeerId.
    fn open_auth(
        &mut self,
        hs: &[u8; 32],
        context: &[u8],
        sealed: &[u8],
    ) -> Result<PeerId, ChannelError> {
        if sealed.len() != AUTH_SEALED {
            return Err(ChannelError::HandshakeDecrypt);
        }
        let (key, iv) = traffic_key_iv(hs);
        let mut buf = sealed.to_vec();
        aead_open(&key, &iv, &[], &mut buf).map_err(|_| ChannelError::HandshakeDecrypt)?;
        let (vk_bytes, rest) = buf[..AUTH_PLAIN].split_at(VK);
        let (sig_bytes, fin) = rest.split_at(SIG);
        let vk = ml_dsa_65::VerifyingKey::boxed_from_bytes(vk_bytes)
            .map_err(|_| ChannelError::BadSignature)?;
        let peer = PeerId::of_verifying_key(vk.as_bytes());
        self.transcript.update(peer.as_bytes());
        let th = self.transcript.digest();
        let sig =
            ml_dsa_65::Signature::from_bytes(sig_bytes).map_err(|_| ChannelError::BadSignature)?;
        vk.verify(&th, context, &sig)
            .map_err(|_| ChannelError::BadSignature)?;
        self.transcript.update(sig_bytes);
        let th = self.transcript.digest();
        let expected = kdf_array::<32>(hs, b"finished", &[&th]);
        // Accept or reject is public by design (declassified for scripts/ctgrind.sh).
        if !crate::ctgrind::declassified(bool::from(expected.ct_eq(fin))) {
            return Err(ChannelError::BadFinished);
        }
        self.transcript.update(fin);
        Ok(peer)
    }
}

impl core::fmt::Debug for Handshake {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Handshake")
            .field("role", &self.role)
            .field("next_step", &self.next_step())
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

fn malformed(message: MessageKind, reason: &'static str) -> ChannelError {
    ChannelError::Malformed { message, reason }
}

fn check_type(kind: MessageKind, m: &[u8]) -> Result<(), ChannelError> {
    match m.first() {
        None => Err(malformed(kind, "empty message")),
        Some(&t) if t != kind.msg_type() => Err(ChannelError::UnexpectedMessage {
            expected: kind,
            got: t,
        }),
        Some(_) => Ok(()),
    }
}

/// A bounds-checked reader over a handshake message.
struct Reader<'a> {
    kind: MessageKind,
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(kind: MessageKind, data: &'a [u8]) -> Self {
        Reader { kind, data }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ChannelError> {
        if self.data.len() < n {
            return Err(malformed(self.kind, "truncated"));
        }
        let (a, b) = self.data.split_at(n);
        self.data = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, ChannelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ChannelError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}
