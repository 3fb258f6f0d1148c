//! The authenticated secure channel (docs/channel.md): `pql_channel_*`.
//!
//! Opaque handles over the Rust types: an identity ([`pql::channel::Identity`]), a
//! handshake ([`pql::channel::Handshake`], the sans-IO state machine) and a session
//! ([`pql::channel::Session`]). The protocol lives entirely in the Rust crate; the
//! functions here check buffers, lock the handle, call the Rust method and copy the
//! bytes out. The only state kept here is a handshake message the caller's buffer
//! was too small for (held until it is fetched with a large enough buffer).
//!
//! Handles that change (handshakes, sessions) hold their object in a `Mutex`, so
//! concurrent calls on one handle are serialized rather than racing; a panic while
//! it is held (a bug) poisons it and the handle then answers
//! `PQL_ERR_CHANNEL_FAILED`.

// The `c_api!` table instantiates every function with the set's marker type, which
// functions that do not depend on it leave unused.
#![allow(clippy::extra_unused_type_parameters)]

use crate::api::c_api;
use crate::boundary::{
    HandleOut, Input, IntOutput, Output, VarOutput, free_handle, handle, run_wiped,
};
use crate::{
    PQL_ERR_CHANNEL_FAILED, PQL_ERR_CHANNEL_INVALID_FINGERPRINT, PQL_ERR_CHANNEL_INVALID_STATE,
    PQL_ERR_INVALID_ARGUMENT, PQL_ERR_INVALID_LENGTH, PQL_OK, channel_error_code,
};
use core::ffi::{c_char, c_int};
use core::marker::PhantomData;
use pql::Zeroizing;
use pql::channel as ch;
use pql::channel::{Handshake, PeerId, PeerPolicy, Received, Session, Step};
use std::sync::{Mutex, MutexGuard};

// ---------------------------------------------------------------------------
// Sizes and enumerations
// ---------------------------------------------------------------------------

/// Size in bytes of an identity seed (the whole long-term secret: the ML-DSA-65
/// seed xi).
pub const PQL_CHANNEL_IDENTITY_SEED_BYTES: usize = 32;
/// Size in bytes of a PeerId: SHA3-256("pqlattice peer id ML-DSA-65" || vk).
pub const PQL_CHANNEL_PEER_ID_BYTES: usize = 32;
/// Size in bytes of a fingerprint buffer: the 64 characters of the fingerprint (13
/// groups of 4 base32 characters separated by '-') and a terminating NUL.
pub const PQL_CHANNEL_FINGERPRINT_BYTES: usize = 65;
/// Size in bytes of an identity's ML-DSA-65 verifying key.
pub const PQL_CHANNEL_VERIFYING_KEY_BYTES: usize = 1952;
/// Size in bytes of the randomness an initiator consumes (docs/channel.md section
/// 11): ephemeral X-Wing seed (32) || random_I (32) || ML-DSA rnd (32).
pub const PQL_CHANNEL_INITIATOR_RANDOMNESS_BYTES: usize = 96;
/// Size in bytes of the randomness a responder consumes (docs/channel.md section
/// 11): X-Wing eseed (64) || random_R (32) || ML-DSA rnd (32).
pub const PQL_CHANNEL_RESPONDER_RANDOMNESS_BYTES: usize = 128;
/// Size in bytes of InitiatorHello (the first handshake message).
pub const PQL_CHANNEL_INITIATOR_HELLO_BYTES: usize = 1257;
/// Size in bytes of ResponderHello (the second handshake message).
pub const PQL_CHANNEL_RESPONDER_HELLO_BYTES: usize = 6466;
/// Size in bytes of InitiatorAuth (the third handshake message).
pub const PQL_CHANNEL_INITIATOR_AUTH_BYTES: usize = 5310;
/// The largest handshake message accepted: a buffer of this size always holds the
/// next message to send.
pub const PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES: usize = 16384;
/// The largest application data in one record.
pub const PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES: usize = 65536;
/// Record size minus plaintext size: header byte, inner type byte, 16-byte tag. Key
/// update and close records are exactly this long.
pub const PQL_CHANNEL_RECORD_OVERHEAD_BYTES: usize = 18;
/// The largest record (and transport frame).
pub const PQL_CHANNEL_MAX_RECORD_BYTES: usize = 65554;
/// The largest exporter output, in bytes.
pub const PQL_CHANNEL_MAX_EXPORT_BYTES: usize = 8160;
/// The most peer ids an allow-list may hold.
pub const PQL_CHANNEL_MAX_ALLOW_LIST: usize = 1024;
/// Size in bytes of the transcript hash TH_final (a channel-binding value).
pub const PQL_CHANNEL_TRANSCRIPT_HASH_BYTES: usize = 32;

/// Peer policy: exactly one peer; `peer_ids` is its 32-byte PeerId.
pub const PQL_CHANNEL_POLICY_PINNED: c_int = 1;
/// Peer policy: any of a list of peers; `peer_ids` is 0 to
/// `PQL_CHANNEL_MAX_ALLOW_LIST` PeerIds of 32 bytes, one after the other.
pub const PQL_CHANNEL_POLICY_ALLOW_LIST: c_int = 2;
/// Peer policy: trust on first use; `peer_ids` is the PeerId on record (32 bytes),
/// or empty (NULL, 0) for a first contact. A known peer with another key fails
/// with `PQL_ERR_CHANNEL_PEER_KEY_CHANGED`; record the session's peer id after a
/// first contact.
pub const PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE: c_int = 3;
/// Peer policy: any peer that proves possession of its key (authenticated, not
/// authorized: decide from the session's peer id); `peer_ids` is empty (NULL, 0).
pub const PQL_CHANNEL_POLICY_ANY_PEER: c_int = 4;

/// Handshake step: call `pql_channel_handshake_write_message` and send the result.
pub const PQL_CHANNEL_STEP_WRITE: c_int = 1;
/// Handshake step: receive a message and pass it to `pql_channel_handshake_read_message`.
pub const PQL_CHANNEL_STEP_READ: c_int = 2;
/// Handshake step: finished; call `pql_channel_handshake_into_session`.
pub const PQL_CHANNEL_STEP_DONE: c_int = 3;
/// Handshake step: failed (or already turned into a session); every call is refused.
pub const PQL_CHANNEL_STEP_FAILED: c_int = 4;

/// Opened record kind: application data (possibly empty).
pub const PQL_CHANNEL_RECEIVED_DATA: c_int = 1;
/// Opened record kind: the peer updated its sending keys (nothing to do).
pub const PQL_CHANNEL_RECEIVED_KEY_UPDATE: c_int = 2;
/// Opened record kind: the peer closed its direction; no more records from it.
pub const PQL_CHANNEL_RECEIVED_CLOSE: c_int = 3;

// The header's literals must agree with the library.
const _: () = {
    assert!(PQL_CHANNEL_VERIFYING_KEY_BYTES == pql::ml_dsa_65::VERIFYING_KEY_SIZE);
    assert!(PQL_CHANNEL_INITIATOR_RANDOMNESS_BYTES == ch::INITIATOR_RANDOMNESS);
    assert!(PQL_CHANNEL_RESPONDER_RANDOMNESS_BYTES == ch::RESPONDER_RANDOMNESS);
    assert!(PQL_CHANNEL_INITIATOR_HELLO_BYTES == ch::INITIATOR_HELLO_SIZE);
    assert!(PQL_CHANNEL_RESPONDER_HELLO_BYTES == ch::RESPONDER_HELLO_SIZE);
    assert!(PQL_CHANNEL_INITIATOR_AUTH_BYTES == ch::INITIATOR_AUTH_SIZE);
    assert!(PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES == ch::MAX_HANDSHAKE_MESSAGE);
    assert!(PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES == ch::MAX_RECORD_PLAINTEXT);
    assert!(PQL_CHANNEL_RECORD_OVERHEAD_BYTES == ch::RECORD_OVERHEAD);
    assert!(PQL_CHANNEL_MAX_RECORD_BYTES == ch::MAX_RECORD);
    assert!(PQL_CHANNEL_MAX_EXPORT_BYTES == ch::MAX_EXPORT);
    assert!(PQL_CHANNEL_MAX_ALLOW_LIST == ch::MAX_ALLOW_LIST);
    // Every handshake message fits the advertised maximum.
    assert!(PQL_CHANNEL_RESPONDER_HELLO_BYTES <= PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES);
};

/// The channel's protocol version 1, suite 1 (X-Wing + ML-DSA-65), as the type
/// parameter of the generic functions and handles.
pub enum V1 {}

/// Stack wiped after the identity and handshake calls, in bytes: the deepest
/// (starting a handshake as initiator: X-Wing key generation and the first
/// message) uses 44.6 KiB with every backend (`ffi/tests/test_stack.c`, against a
/// build without wiping; reading ResponderHello or InitiatorAuth, 56.6 KiB before
/// the peer's X-Wing key was parsed straight onto the heap, now 25.6 KiB); 60 KiB
/// is the most that fits within `PQL_STACK_MAX_BYTES` (64 KiB) with the frames
/// above it, as for ML-DSA signing.
const WIPE: usize = 60 * 1024;

/// Stack wiped after the session calls (seal, open, key update, close, exporter):
/// the deepest uses 4.8 KiB.
const WIPE_RECORD: usize = 8 * 1024;

// ---------------------------------------------------------------------------
// The handle types
// ---------------------------------------------------------------------------

/// An identity: an ML-DSA-65 key pair with its seed (zeroized when the handle and
/// every handshake made from it are freed).
pub struct IdentityHandle<S> {
    id: ch::Identity,
    _s: PhantomData<S>,
}

/// What a handshake handle holds.
enum HsSlot {
    /// A handshake in progress (possibly finished or failed in Rust's terms), and
    /// the message it wrote that the caller's buffer was too small for.
    Live {
        hs: Box<Handshake>,
        pending: Option<Vec<u8>>,
    },
    /// Turned into a session.
    Spent,
    /// Gone after a refused call (`into_session` too early, or a misuse the Rust
    /// state machine never sees).
    Failed,
}

/// A handshake in progress.
pub struct HandshakeHandle<S> {
    slot: Mutex<HsSlot>,
    _s: PhantomData<S>,
}

/// An established session.
pub struct SessionHandle<S> {
    session: Mutex<Session>,
    _s: PhantomData<S>,
}

/// Locks a handle's mutex; a poisoned one (a panic while it was held) refuses use.
fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>, c_int> {
    m.lock().map_err(|_| PQL_ERR_CHANNEL_FAILED)
}

/// Runs a body with the stack wipe; on failure zeroes the fixed outputs (as
/// [`run_wiped`]), the variable ones and the `int` ones.
fn run_ch(
    depth: usize,
    outputs: &[&Output<'_>],
    vars: &[&VarOutput<'_>],
    ints: &[&IntOutput],
    body: impl FnOnce() -> Result<(), c_int>,
) -> c_int {
    let code = run_wiped(depth, outputs, body);
    if code != PQL_OK {
        for v in vars {
            v.fail();
        }
        for i in ints {
            i.fail();
        }
    }
    code
}

/// A PeerId from a 32-byte input.
fn peer_id(input: &Input<'_>) -> Result<PeerId, c_int> {
    Ok(PeerId::from_bytes(*input.array::<32>()?))
}

/// The policy `kind` with its peer ids (see the `PQL_CHANNEL_POLICY_*` macros).
fn policy(kind: c_int, ids: &Input<'_>) -> Result<PeerPolicy, c_int> {
    let bytes = ids.var()?;
    let one = || -> Result<PeerId, c_int> {
        let a: [u8; 32] = bytes.try_into().map_err(|_| PQL_ERR_INVALID_LENGTH)?;
        Ok(PeerId::from_bytes(a))
    };
    match kind {
        PQL_CHANNEL_POLICY_PINNED => Ok(PeerPolicy::Pinned(one()?)),
        PQL_CHANNEL_POLICY_ALLOW_LIST => {
            if bytes.len() % 32 != 0 {
                return Err(PQL_ERR_INVALID_LENGTH);
            }
            let ids = bytes
                .chunks_exact(32)
                .map(|c| {
                    let mut a = [0u8; 32];
                    a.copy_from_slice(c);
                    PeerId::from_bytes(a)
                })
                .collect();
            Ok(PeerPolicy::AllowList(ids))
        }
        PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE => {
            Ok(PeerPolicy::TrustOnFirstUse(if bytes.is_empty() {
                None
            } else {
                Some(one()?)
            }))
        }
        PQL_CHANNEL_POLICY_ANY_PEER if bytes.is_empty() => Ok(PeerPolicy::AnyPeer),
        PQL_CHANNEL_POLICY_ANY_PEER => Err(PQL_ERR_INVALID_LENGTH),
        _ => Err(PQL_ERR_INVALID_ARGUMENT),
    }
}

/// Writes the fingerprint text of `id` and a NUL.
fn write_fingerprint(out: &Output<'_>, id: &PeerId) -> Result<(), c_int> {
    let mut text = id.to_string().into_bytes();
    text.push(0);
    out.write(&text)
}

// ---------------------------------------------------------------------------
// The generic implementations. Safety contract shared by all of them: every
// pointer is NULL or valid for its length (reads for inputs, writes for outputs)
// for the duration of the call, outputs do not overlap inputs or each other, every
// handle argument is NULL or a live handle of its type from this library, and
// every handle output is NULL or valid for writing a pointer.
// ---------------------------------------------------------------------------

/// A new identity from OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_generate<S>(out: *mut *mut IdentityHandle<S>) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(out) };
    run_ch(WIPE, &[], &[], &[], || {
        out.check()?;
        let id = ch::Identity::generate_with_os_rng().map_err(channel_error_code)?;
        out.set(Box::new(IdentityHandle {
            id,
            _s: PhantomData,
        }))
    })
}

/// A new identity from its 32-byte seed.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_from_seed<S>(
    out: *mut *mut IdentityHandle<S>,
    seed: *const u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, seed) = unsafe { (HandleOut::new(out), Input::new(seed, seed_len)) };
    run_ch(WIPE, &[], &[], &[], || {
        out.check()?;
        let seed = seed.array::<PQL_CHANNEL_IDENTITY_SEED_BYTES>()?;
        out.set(Box::new(IdentityHandle {
            id: ch::Identity::from_seed(seed),
            _s: PhantomData,
        }))
    })
}

/// The seed of an identity.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_seed<S>(
    id: *const IdentityHandle<S>,
    seed: *mut u8,
    seed_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(seed, seed_len, PQL_CHANNEL_IDENTITY_SEED_BYTES) };
    run_ch(WIPE_RECORD, &[&out], &[], &[], || {
        // SAFETY: forwarded from this function's contract.
        let id = unsafe { handle(id) }?;
        out.write(id.id.seed())
    })
}

/// The PeerId of an identity.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_peer_id<S>(
    id: *const IdentityHandle<S>,
    peer_id: *mut u8,
    peer_id_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(peer_id, peer_id_len, PQL_CHANNEL_PEER_ID_BYTES) };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let id = unsafe { handle(id) }?;
        out.write(id.id.peer_id().as_bytes())
    })
}

/// The fingerprint of an identity.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_fingerprint<S>(
    id: *const IdentityHandle<S>,
    fingerprint: *mut c_char,
    fingerprint_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe {
        Output::new(
            fingerprint.cast(),
            fingerprint_len,
            PQL_CHANNEL_FINGERPRINT_BYTES,
        )
    };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let id = unsafe { handle(id) }?;
        write_fingerprint(&out, &id.id.peer_id())
    })
}

/// The verifying key of an identity.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn identity_verifying_key<S>(
    id: *const IdentityHandle<S>,
    vk: *mut u8,
    vk_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(vk, vk_len, PQL_CHANNEL_VERIFYING_KEY_BYTES) };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let id = unsafe { handle(id) }?;
        out.write(id.id.verifying_key().as_bytes())
    })
}

/// Frees an identity handle.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn identity_free<S>(id: *mut IdentityHandle<S>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(id) }
}

/// The fingerprint text of a PeerId.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn peer_id_to_fingerprint<S>(
    fingerprint: *mut c_char,
    fingerprint_len: usize,
    peer_id: *const u8,
    peer_id_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, id) = unsafe {
        (
            Output::new(
                fingerprint.cast(),
                fingerprint_len,
                PQL_CHANNEL_FINGERPRINT_BYTES,
            ),
            Input::new(peer_id, peer_id_len),
        )
    };
    crate::boundary::run(&[&out], || {
        out.check()?;
        write_fingerprint(&out, &self::peer_id(&id)?)
    })
}

/// Parses a fingerprint text (or 64 hex digits) into a PeerId.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn peer_id_from_fingerprint<S>(
    peer_id: *mut u8,
    peer_id_len: usize,
    text: *const c_char,
    text_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, text) = unsafe {
        (
            Output::new(peer_id, peer_id_len, PQL_CHANNEL_PEER_ID_BYTES),
            Input::new(text.cast(), text_len),
        )
    };
    crate::boundary::run(&[&out], || {
        out.check()?;
        let text =
            core::str::from_utf8(text.var()?).map_err(|_| PQL_ERR_CHANNEL_INVALID_FINGERPRINT)?;
        let id: PeerId = text.parse().map_err(channel_error_code)?;
        out.write(id.as_bytes())
    })
}

/// Which side a new handshake takes, and its randomness (None: the OS's).
enum Side<'a> {
    Initiator(Option<Input<'a>>),
    Responder(Option<Input<'a>>),
}

/// A new handshake.
///
/// # Safety
/// See the contract above.
unsafe fn new_handshake<S>(
    out: *mut *mut HandshakeHandle<S>,
    id: *const IdentityHandle<S>,
    policy_kind: c_int,
    peer_ids: *const u8,
    peer_ids_len: usize,
    side: Side<'_>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, ids) = unsafe { (HandleOut::new(out), Input::new(peer_ids, peer_ids_len)) };
    run_ch(WIPE, &[], &[], &[], || {
        out.check()?;
        // SAFETY: forwarded from this function's contract.
        let id = &unsafe { handle(id) }?.id;
        let policy = policy(policy_kind, &ids)?;
        let hs = match side {
            Side::Initiator(None) => Handshake::initiator_with_os_rng(id, policy),
            Side::Initiator(Some(r)) => Handshake::initiator_with_randomness(
                id,
                policy,
                r.array::<{ ch::INITIATOR_RANDOMNESS }>()?,
            ),
            Side::Responder(None) => Handshake::responder_with_os_rng(id, policy),
            Side::Responder(Some(r)) => Handshake::responder_with_randomness(
                id,
                policy,
                r.array::<{ ch::RESPONDER_RANDOMNESS }>()?,
            ),
        }
        .map_err(channel_error_code)?;
        out.set(Box::new(HandshakeHandle {
            slot: Mutex::new(HsSlot::Live {
                hs: Box::new(hs),
                pending: None,
            }),
            _s: PhantomData,
        }))
    })
}

/// A new initiator with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_initiator<S>(
    hs: *mut *mut HandshakeHandle<S>,
    identity: *const IdentityHandle<S>,
    policy: c_int,
    peer_ids: *const u8,
    peer_ids_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        new_handshake(
            hs,
            identity,
            policy,
            peer_ids,
            peer_ids_len,
            Side::Initiator(None),
        )
    }
}

/// A new responder with OS randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_responder<S>(
    hs: *mut *mut HandshakeHandle<S>,
    identity: *const IdentityHandle<S>,
    policy: c_int,
    peer_ids: *const u8,
    peer_ids_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        new_handshake(
            hs,
            identity,
            policy,
            peer_ids,
            peer_ids_len,
            Side::Responder(None),
        )
    }
}

/// A new initiator with the caller's randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_initiator_with_randomness<S>(
    hs: *mut *mut HandshakeHandle<S>,
    identity: *const IdentityHandle<S>,
    policy: c_int,
    peer_ids: *const u8,
    peer_ids_len: usize,
    randomness: *const u8,
    randomness_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        let r = Input::new(randomness, randomness_len);
        new_handshake(
            hs,
            identity,
            policy,
            peer_ids,
            peer_ids_len,
            Side::Initiator(Some(r)),
        )
    }
}

/// A new responder with the caller's randomness.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_responder_with_randomness<S>(
    hs: *mut *mut HandshakeHandle<S>,
    identity: *const IdentityHandle<S>,
    policy: c_int,
    peer_ids: *const u8,
    peer_ids_len: usize,
    randomness: *const u8,
    randomness_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        let r = Input::new(randomness, randomness_len);
        new_handshake(
            hs,
            identity,
            policy,
            peer_ids,
            peer_ids_len,
            Side::Responder(Some(r)),
        )
    }
}

/// The status for a handshake handle that no longer holds a handshake.
fn gone(slot: &HsSlot) -> c_int {
    match slot {
        HsSlot::Spent => PQL_ERR_CHANNEL_INVALID_STATE,
        _ => PQL_ERR_CHANNEL_FAILED,
    }
}

/// What the handshake expects next.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_next_step<S>(
    hs: *const HandshakeHandle<S>,
    step: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let step = unsafe { IntOutput::new(step) };
    // No secret is touched: no wipe.
    run_ch(0, &[], &[], &[&step], || {
        // SAFETY: forwarded from this function's contract.
        let h = unsafe { handle(hs) }?;
        step.check()?;
        let g = lock(&h.slot)?;
        step.set(match &*g {
            // A message written but not yet fetched: still this side's turn.
            HsSlot::Live {
                pending: Some(_), ..
            } => PQL_CHANNEL_STEP_WRITE,
            HsSlot::Live { hs, .. } => match hs.next_step() {
                Step::Write => PQL_CHANNEL_STEP_WRITE,
                Step::Read => PQL_CHANNEL_STEP_READ,
                Step::Done => PQL_CHANNEL_STEP_DONE,
                _ => PQL_CHANNEL_STEP_FAILED,
            },
            HsSlot::Spent | HsSlot::Failed => PQL_CHANNEL_STEP_FAILED,
        })
    })
}

/// Writes the next handshake message.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_write_message<S>(
    hs: *mut HandshakeHandle<S>,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { VarOutput::new(out, out_cap, out_len) };
    run_ch(WIPE, &[], &[&out], &[], || {
        // SAFETY: forwarded from this function's contract.
        let h = unsafe { handle(hs) }?;
        out.check()?;
        let mut g = lock(&h.slot)?;
        let HsSlot::Live { hs, pending } = &mut *g else {
            return Err(gone(&g));
        };
        let msg = match pending.take() {
            Some(m) => m,
            None => hs.write_message().map_err(channel_error_code)?,
        };
        if let Err(e) = out.write(&msg) {
            // The caller's buffer is too small: keep the message for the next call.
            *pending = Some(msg);
            return Err(e);
        }
        Ok(())
    })
}

/// Processes a received handshake message.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_read_message<S>(
    hs: *mut HandshakeHandle<S>,
    msg: *const u8,
    msg_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let msg = unsafe { Input::new(msg, msg_len) };
    run_ch(WIPE, &[], &[], &[], || {
        // SAFETY: forwarded from this function's contract.
        let h = unsafe { handle(hs) }?;
        let msg = msg.var()?;
        let mut g = lock(&h.slot)?;
        match &mut *g {
            HsSlot::Live { pending: None, hs } => hs.read_message(msg).map_err(channel_error_code),
            HsSlot::Live { .. } => {
                // Reading before the written message was fetched: out of turn, like a
                // read in the writing state, and as fatal.
                *g = HsSlot::Failed;
                Err(PQL_ERR_CHANNEL_INVALID_STATE)
            }
            other => Err(gone(other)),
        }
    })
}

/// The peer's PeerId, once authenticated.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_peer_id<S>(
    hs: *const HandshakeHandle<S>,
    peer_id: *mut u8,
    peer_id_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(peer_id, peer_id_len, PQL_CHANNEL_PEER_ID_BYTES) };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let h = unsafe { handle(hs) }?;
        out.check()?;
        let g = lock(&h.slot)?;
        let HsSlot::Live { hs, .. } = &*g else {
            return Err(gone(&g));
        };
        if hs.next_step() == Step::Failed {
            return Err(PQL_ERR_CHANNEL_FAILED);
        }
        let id = hs.peer_id().ok_or(PQL_ERR_CHANNEL_INVALID_STATE)?;
        out.write(id.as_bytes())
    })
}

/// Turns a finished handshake into a session.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn handshake_into_session<S>(
    hs: *mut HandshakeHandle<S>,
    session: *mut *mut SessionHandle<S>,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { HandleOut::new(session) };
    run_ch(WIPE, &[], &[], &[], || {
        // SAFETY: forwarded from this function's contract.
        let h = unsafe { handle(hs) }?;
        out.check()?;
        let mut g = lock(&h.slot)?;
        match core::mem::replace(&mut *g, HsSlot::Failed) {
            HsSlot::Live { hs, pending: None } => {
                let session = hs.into_session().map_err(channel_error_code)?;
                *g = HsSlot::Spent;
                out.set(Box::new(SessionHandle {
                    session: Mutex::new(session),
                    _s: PhantomData,
                }))
            }
            // The last message was written but not fetched: the peer cannot finish.
            HsSlot::Live { .. } => Err(PQL_ERR_CHANNEL_INVALID_STATE),
            other => {
                let code = gone(&other);
                *g = other;
                Err(code)
            }
        }
    })
}

/// Frees a handshake handle.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn handshake_free<S>(hs: *mut HandshakeHandle<S>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(hs) }
}

/// Seals application data into a record.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_seal<S>(
    session: *mut SessionHandle<S>,
    record: *mut u8,
    record_cap: usize,
    record_len: *mut usize,
    data: *const u8,
    data_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, data) = unsafe {
        (
            VarOutput::new(record, record_cap, record_len),
            Input::new(data, data_len),
        )
    };
    run_ch(WIPE_RECORD, &[], &[&out], &[], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        let data = data.var()?;
        // The record's size is known before sealing: a short buffer changes nothing.
        if data.len() <= ch::MAX_RECORD_PLAINTEXT {
            out.reserve(data.len() + ch::RECORD_OVERHEAD)?;
        }
        let rec = lock(&s.session)?.seal(data).map_err(channel_error_code)?;
        out.write(&rec)
    })
}

/// Opens a record from the peer.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_open<S>(
    session: *mut SessionHandle<S>,
    data: *mut u8,
    data_cap: usize,
    data_len: *mut usize,
    kind: *mut c_int,
    record: *const u8,
    record_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, kind, record) = unsafe {
        (
            VarOutput::new(data, data_cap, data_len),
            IntOutput::new(kind),
            Input::new(record, record_len),
        )
    };
    run_ch(WIPE_RECORD, &[], &[&out], &[&kind], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        kind.check()?;
        let record = record.var()?;
        // The plaintext is at most the record minus its overhead: a buffer of that
        // size always suffices, and a shorter one is refused before opening.
        if record.len() <= ch::MAX_RECORD {
            out.reserve(record.len().saturating_sub(ch::RECORD_OVERHEAD))?;
        }
        let received = lock(&s.session)?.open(record).map_err(channel_error_code)?;
        match received {
            Received::Data(d) => {
                let d = Zeroizing::new(d);
                out.write(&d)?;
                kind.set(PQL_CHANNEL_RECEIVED_DATA)
            }
            Received::KeyUpdate => {
                out.write(&[])?;
                kind.set(PQL_CHANNEL_RECEIVED_KEY_UPDATE)
            }
            Received::Close => {
                out.write(&[])?;
                kind.set(PQL_CHANNEL_RECEIVED_CLOSE)
            }
        }
    })
}

/// A key update or close record.
///
/// # Safety
/// See the contract above.
unsafe fn control_record<S>(
    session: *mut SessionHandle<S>,
    record: *mut u8,
    record_len: usize,
    close: bool,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(record, record_len, ch::RECORD_OVERHEAD) };
    run_ch(WIPE_RECORD, &[&out], &[], &[], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        let mut s = lock(&s.session)?;
        let rec = if close { s.close() } else { s.update_keys() }.map_err(channel_error_code)?;
        out.write(&rec)
    })
}

/// A key update record.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_update_keys<S>(
    session: *mut SessionHandle<S>,
    record: *mut u8,
    record_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { control_record(session, record, record_len, false) }
}

/// A close record.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_close<S>(
    session: *mut SessionHandle<S>,
    record: *mut u8,
    record_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { control_record(session, record, record_len, true) }
}

/// Exporter output.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_export<S>(
    session: *const SessionHandle<S>,
    out: *mut u8,
    out_len: usize,
    label: *const u8,
    label_len: usize,
    context: *const u8,
    context_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let (out, label, context) = unsafe {
        (
            Output::new(out, out_len, out_len),
            Input::new(label, label_len),
            Input::new(context, context_len),
        )
    };
    run_ch(WIPE_RECORD, &[&out], &[], &[], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        let (label, context) = (label.var()?, context.var()?);
        // A buffer the Rust call can refuse (ExportLength) without allocating a
        // caller-chosen amount.
        let mut buf = Zeroizing::new(vec![0u8; out_len.min(ch::MAX_EXPORT + 1)]);
        lock(&s.session)?
            .export(label, context, &mut buf)
            .map_err(channel_error_code)?;
        out.write(&buf)
    })
}

/// The peer's PeerId.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_peer_id<S>(
    session: *const SessionHandle<S>,
    peer_id: *mut u8,
    peer_id_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(peer_id, peer_id_len, PQL_CHANNEL_PEER_ID_BYTES) };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        let id = lock(&s.session)?.peer_id();
        out.write(id.as_bytes())
    })
}

/// TH_final.
///
/// # Safety
/// See the contract above.
pub(crate) unsafe fn session_transcript_hash<S>(
    session: *const SessionHandle<S>,
    hash: *mut u8,
    hash_len: usize,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    let out = unsafe { Output::new(hash, hash_len, PQL_CHANNEL_TRANSCRIPT_HASH_BYTES) };
    crate::boundary::run(&[&out], || {
        // SAFETY: forwarded from this function's contract.
        let s = unsafe { handle(session) }?;
        out.check()?;
        let th = *lock(&s.session)?.transcript_hash();
        out.write(&th)
    })
}

/// Frees a session handle.
///
/// # Safety
/// See the contract above; the handle is not used again.
pub(crate) unsafe fn session_free<S>(session: *mut SessionHandle<S>) {
    // SAFETY: forwarded from this function's contract.
    unsafe { free_handle(session) }
}

// ---------------------------------------------------------------------------
// The exported functions (see api.rs; the header and README reference are
// generated from this table).
// ---------------------------------------------------------------------------

c_api! {
    /// Secure channel (docs/channel.md)
    ///
    /// A mutually authenticated channel with no certificate authority: X-Wing key exchange,
    /// ML-DSA-65 identities pinned by PeerId (a hash shown as a fingerprint), a three-message
    /// handshake (initiator -> responder -> initiator) and ChaCha20-Poly1305 records. The
    /// protocol, its state machine and its errors are the Rust crate's (`pqlattice::channel`);
    /// these functions only move bytes. Sans-IO: the caller sends and receives the messages
    /// and records (one per transport message, or length-prefixed on a stream:
    /// `u32 big-endian length || bytes`, as `examples/c/channel_client.c` does).
    ///
    /// Handles: `pql_channel_identity` (freed with zeroization), `pql_channel_handshake`,
    /// `pql_channel_session`; each has its `*_free`. Any `PQL_ERR_CHANNEL_*` error marked
    /// fatal leaves the handshake or session failed: every later call on it returns
    /// `PQL_ERR_CHANNEL_FAILED`. Argument errors (NULL, lengths, `PQL_ERR_BUFFER_TOO_SMALL`)
    /// are found before anything changes and are not fatal. Variable-size outputs are
    /// `out, out_cap, size_t *out_len`: `*out_len` receives the bytes written, or on
    /// `PQL_ERR_BUFFER_TOO_SMALL` the size needed (query with `NULL, 0`); on any failure the
    /// whole `out_cap` bytes are zeroed. Feature `channel` of the ffi crate (on in the
    /// shipped library).
    table CHANNEL_TABLE;
    sets {
        channel = V1, "channel v1";
    }
    handles {
        /// A long-term identity: an ML-DSA-65 key pair and its 32-byte seed (opaque).
        Identity = IdentityHandle => "identity";
        /// One side of a handshake, the sans-IO state machine (opaque).
        Handshake = HandshakeHandle => "handshake";
        /// An established session: seal, open, key update, close, exporter (opaque).
        Session = SessionHandle => "session";
    }
    fns {
        /// Creates an identity with a seed from the operating system's random number
        /// generator. Store its seed (`pql_channel_identity_seed`) to keep it.
        ///
        /// - `identity`: output, receives the new handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_generate(identity: *mut *mut Identity) -> c_int;

        /// Creates the identity of a 32-byte seed (FIPS 204 ML-DSA-65 KeyGen_internal).
        ///
        /// - `identity`: output, receives the new handle (NULL on failure).
        /// - `seed`, `seed_len`: the secret seed, `PQL_CHANNEL_IDENTITY_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_from_seed(identity: *mut *mut Identity, seed: *const u8, seed_len: usize) -> c_int;

        /// Writes the 32-byte seed of an identity: the whole secret, to store (encrypted at
        /// rest) and load with `pql_channel_identity_from_seed`.
        ///
        /// - `identity`: the handle.
        /// - `seed`, `seed_len`: output, `PQL_CHANNEL_IDENTITY_SEED_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `seed` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_seed(identity: *const Identity, seed: *mut u8, seed_len: usize) -> c_int;

        /// Writes the PeerId of an identity: what the other side pins.
        ///
        /// - `identity`: the handle.
        /// - `peer_id`, `peer_id_len`: output, `PQL_CHANNEL_PEER_ID_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `peer_id` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_peer_id(identity: *const Identity, peer_id: *mut u8, peer_id_len: usize) -> c_int;

        /// Writes the fingerprint of an identity's PeerId as a NUL-terminated string: 13
        /// groups of 4 lower-case base32 characters separated by '-' (what people compare).
        ///
        /// - `identity`: the handle.
        /// - `fingerprint`, `fingerprint_len`: output, `PQL_CHANNEL_FINGERPRINT_BYTES` (65,
        ///   the NUL included).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `fingerprint` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_fingerprint(
            identity: *const Identity,
            fingerprint: *mut c_char,
            fingerprint_len: usize,
        ) -> c_int;

        /// Writes the ML-DSA-65 verifying key of an identity.
        ///
        /// - `identity`: the handle.
        /// - `vk`, `vk_len`: output, `PQL_CHANNEL_VERIFYING_KEY_BYTES` (1952).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `vk` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn identity_verifying_key(identity: *const Identity, vk: *mut u8, vk_len: usize) -> c_int;

        /// Frees an identity handle. The keys are zeroized once the handle and every
        /// handshake made from it are freed (a handshake keeps a reference). NULL is
        /// ignored; the handle must not be used afterwards.
        ///
        /// # Safety
        /// `identity` is NULL or a live handle from this library, not used again.
        fn identity_free(identity: *mut Identity);

        /// Writes the fingerprint text of a PeerId (as `pql_channel_identity_fingerprint`).
        ///
        /// - `fingerprint`, `fingerprint_len`: output, `PQL_CHANNEL_FINGERPRINT_BYTES` (65).
        /// - `peer_id`, `peer_id_len`: the PeerId, `PQL_CHANNEL_PEER_ID_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `fingerprint` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length during the call.
        fn peer_id_to_fingerprint(
            fingerprint: *mut c_char,
            fingerprint_len: usize,
            peer_id: *const u8,
            peer_id_len: usize,
        ) -> c_int;

        /// Parses a fingerprint (52 base32 characters, either case, separators '-', ':'
        /// and spaces ignored) or 64 hex digits into a PeerId, e.g. to pin a peer whose
        /// fingerprint was given on the command line.
        ///
        /// - `peer_id`, `peer_id_len`: output, `PQL_CHANNEL_PEER_ID_BYTES` (32).
        /// - `text`, `text_len`: the text, not necessarily NUL-terminated (`strlen` of it).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` or
        /// `PQL_ERR_CHANNEL_INVALID_FINGERPRINT`; on failure `peer_id` is zeroed.
        ///
        /// # Safety
        /// Every pointer is NULL or valid for its length during the call.
        fn peer_id_from_fingerprint(
            peer_id: *mut u8,
            peer_id_len: usize,
            text: *const c_char,
            text_len: usize,
        ) -> c_int;

        /// Starts a handshake as the initiator (the client), with randomness from the
        /// operating system. Drive it with `pql_channel_handshake_next_step`.
        ///
        /// - `handshake`: output, receives the new handle (NULL on failure).
        /// - `identity`: this side's identity (the handshake keeps a reference).
        /// - `policy`: which responders to accept, a `PQL_CHANNEL_POLICY_*` value.
        /// - `peer_ids`, `peer_ids_len`: the policy's PeerIds (32 bytes each; see the
        ///   `PQL_CHANNEL_POLICY_*` macros); NULL when `peer_ids_len` is 0.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH` (peer ids
        /// that do not fit the policy), `PQL_ERR_INVALID_ARGUMENT` (an unknown policy),
        /// `PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG` or `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_initiator(
            handshake: *mut *mut Handshake,
            identity: *const Identity,
            policy: c_int,
            peer_ids: *const u8,
            peer_ids_len: usize,
        ) -> c_int;

        /// Starts a handshake as the responder (the server), with randomness from the
        /// operating system; the arguments are those of `pql_channel_handshake_initiator`
        /// (the policy says which initiators to accept).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT`, `PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG` or
        /// `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_responder(
            handshake: *mut *mut Handshake,
            identity: *const Identity,
            policy: c_int,
            peer_ids: *const u8,
            peer_ids_len: usize,
        ) -> c_int;

        /// `pql_channel_handshake_initiator` with caller-supplied randomness (docs/channel.md
        /// section 11: ephemeral X-Wing seed || random_I || ML-DSA rnd), for deterministic
        /// test vectors only, like the `*_derand` functions: the 96 bytes must be fresh
        /// uniformly random bytes for every handshake (reusing them reuses the ephemeral
        /// key: no forward secrecy between those sessions).
        ///
        /// - `randomness`, `randomness_len`: `PQL_CHANNEL_INITIATOR_RANDOMNESS_BYTES` (96).
        /// - the others as for `pql_channel_handshake_initiator`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT` or `PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_initiator_with_randomness(
            handshake: *mut *mut Handshake,
            identity: *const Identity,
            policy: c_int,
            peer_ids: *const u8,
            peer_ids_len: usize,
            randomness: *const u8,
            randomness_len: usize,
        ) -> c_int;

        /// `pql_channel_handshake_responder` with caller-supplied randomness (docs/channel.md
        /// section 11: X-Wing eseed || random_R || ML-DSA rnd), for deterministic test
        /// vectors only (a repeated eseed with the same initiator key share repeats the
        /// shared secret).
        ///
        /// - `randomness`, `randomness_len`: `PQL_CHANNEL_RESPONDER_RANDOMNESS_BYTES` (128).
        /// - the others as for `pql_channel_handshake_initiator`.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_INVALID_ARGUMENT` or `PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_responder_with_randomness(
            handshake: *mut *mut Handshake,
            identity: *const Identity,
            policy: c_int,
            peer_ids: *const u8,
            peer_ids_len: usize,
            randomness: *const u8,
            randomness_len: usize,
        ) -> c_int;

        /// What the handshake expects next: `PQL_CHANNEL_STEP_WRITE` (write a message and
        /// send it), `PQL_CHANNEL_STEP_READ` (receive one and read it),
        /// `PQL_CHANNEL_STEP_DONE` (call `pql_channel_handshake_into_session`) or
        /// `PQL_CHANNEL_STEP_FAILED` (failed, or already turned into a session).
        ///
        /// - `handshake`: the handle.
        /// - `step`: output.
        ///
        /// Returns `PQL_OK` or `PQL_ERR_NULL_POINTER`; on failure `*step` is 0.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_next_step(handshake: *const Handshake, step: *mut c_int) -> c_int;

        /// Writes the next handshake message (InitiatorHello, ResponderHello or
        /// InitiatorAuth) to send to the peer. Sizes: `PQL_CHANNEL_INITIATOR_HELLO_BYTES`,
        /// `PQL_CHANNEL_RESPONDER_HELLO_BYTES`, `PQL_CHANNEL_INITIATOR_AUTH_BYTES`; a buffer
        /// of `PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES` always suffices. With a shorter
        /// buffer (or `NULL, 0`, a size query) the message is kept for the next call and
        /// `*out_len` receives its size.
        ///
        /// - `handshake`: the handle.
        /// - `out`, `out_cap`: output buffer and its size.
        /// - `out_len`: output, the message's length.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_BUFFER_TOO_SMALL`,
        /// `PQL_ERR_CHANNEL_INVALID_STATE` (not this side's turn: fatal),
        /// `PQL_ERR_CHANNEL_FAILED` or `PQL_ERR_RANDOMNESS`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_write_message(
            handshake: *mut Handshake,
            out: *mut u8,
            out_cap: usize,
            out_len: *mut usize,
        ) -> c_int;

        /// Processes a handshake message received from the peer (checking its signature,
        /// Finished MAC and the peer policy where it carries them).
        ///
        /// - `handshake`: the handle.
        /// - `msg`, `msg_len`: the message.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or, fatally, one of
        /// `PQL_ERR_CHANNEL_MALFORMED`, `PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE`,
        /// `PQL_ERR_CHANNEL_INVALID_STATE`, `PQL_ERR_CHANNEL_NO_COMMON_VERSION`,
        /// `PQL_ERR_CHANNEL_NO_COMMON_SUITE`, `PQL_ERR_CHANNEL_NOT_OFFERED`,
        /// `PQL_ERR_CHANNEL_INVALID_KEY_SHARE`, `PQL_ERR_CHANNEL_HANDSHAKE_DECRYPT`,
        /// `PQL_ERR_CHANNEL_BAD_SIGNATURE`, `PQL_ERR_CHANNEL_BAD_FINISHED`,
        /// `PQL_ERR_CHANNEL_PEER_MISMATCH`, `PQL_ERR_CHANNEL_PEER_NOT_ALLOWED`,
        /// `PQL_ERR_CHANNEL_PEER_KEY_CHANGED`, `PQL_ERR_CHANNEL_FAILED`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_read_message(handshake: *mut Handshake, msg: *const u8, msg_len: usize) -> c_int;

        /// Writes the peer's PeerId once the peer is authenticated and accepted (after
        /// ResponderHello on the initiator, at the end on the responder).
        ///
        /// - `handshake`: the handle.
        /// - `peer_id`, `peer_id_len`: output, `PQL_CHANNEL_PEER_ID_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CHANNEL_INVALID_STATE` (not yet known, or turned into a session; not
        /// fatal) or `PQL_ERR_CHANNEL_FAILED`; on failure `peer_id` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_peer_id(handshake: *const Handshake, peer_id: *mut u8, peer_id_len: usize) -> c_int;

        /// Turns a finished handshake (`PQL_CHANNEL_STEP_DONE`) into a session. The
        /// handshake handle is spent (every later call on it returns
        /// `PQL_ERR_CHANNEL_INVALID_STATE`) but must still be freed. Called too early it
        /// fails the handshake, as in Rust.
        ///
        /// - `handshake`: the handle.
        /// - `session`: output, receives the new session handle (NULL on failure).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` (nothing changes),
        /// `PQL_ERR_CHANNEL_INVALID_STATE` or `PQL_ERR_CHANNEL_FAILED`.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn handshake_into_session(handshake: *mut Handshake, session: *mut *mut Session) -> c_int;

        /// Frees a handshake handle, zeroizing its secrets. NULL is ignored; the handle
        /// must not be used afterwards.
        ///
        /// # Safety
        /// `handshake` is NULL or a live handle from this library, not used again.
        fn handshake_free(handshake: *mut Handshake);

        /// Seals application data (at most `PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES`) into
        /// one record of `data_len + PQL_CHANNEL_RECORD_OVERHEAD_BYTES` bytes.
        ///
        /// - `session`: the handle.
        /// - `record`, `record_cap`: output buffer and its size.
        /// - `record_len`: output, the record's length.
        /// - `data`, `data_len`: the plaintext (NULL when `data_len` is 0).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_BUFFER_TOO_SMALL`,
        /// `PQL_ERR_CHANNEL_RECORD_TOO_LARGE`, `PQL_ERR_CHANNEL_CLOSED` (after
        /// `pql_channel_session_close`), `PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED` or
        /// `PQL_ERR_CHANNEL_FAILED`; none of them ends the session.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_seal(
            session: *mut Session,
            record: *mut u8,
            record_cap: usize,
            record_len: *mut usize,
            data: *const u8,
            data_len: usize,
        ) -> c_int;

        /// Opens the next record from the peer: application data (copied to `data`), a key
        /// update (handled; nothing to do) or the peer's close. A buffer of
        /// `record_len - PQL_CHANNEL_RECORD_OVERHEAD_BYTES` bytes always suffices; a shorter
        /// one is refused before anything changes.
        ///
        /// - `session`: the handle.
        /// - `data`, `data_cap`: output buffer and its size.
        /// - `data_len`: output, the plaintext's length (0 for key update and close).
        /// - `kind`: output, `PQL_CHANNEL_RECEIVED_DATA`, `PQL_CHANNEL_RECEIVED_KEY_UPDATE` or
        ///   `PQL_CHANNEL_RECEIVED_CLOSE`.
        /// - `record`, `record_len`: the record.
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_BUFFER_TOO_SMALL`,
        /// `PQL_ERR_CHANNEL_CLOSED` (after the peer's close; not fatal) or, fatally,
        /// `PQL_ERR_CHANNEL_RECORD_MALFORMED`, `PQL_ERR_CHANNEL_RECORD_AUTHENTICATION` (a
        /// forged, replayed or reordered record), `PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED`;
        /// then `PQL_ERR_CHANNEL_FAILED`. On failure `data` is zeroed and `*kind` is 0.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_open(
            session: *mut Session,
            data: *mut u8,
            data_cap: usize,
            data_len: *mut usize,
            kind: *mut c_int,
            record: *const u8,
            record_len: usize,
        ) -> c_int;

        /// Writes a key update record: sealed under the current key, after which this side
        /// sends under the next one (send it before any later record).
        ///
        /// - `session`: the handle.
        /// - `record`, `record_len`: output, `PQL_CHANNEL_RECORD_OVERHEAD_BYTES` (18).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CHANNEL_CLOSED`, `PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED` or
        /// `PQL_ERR_CHANNEL_FAILED`; on failure `record` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_update_keys(session: *mut Session, record: *mut u8, record_len: usize) -> c_int;

        /// Writes a close record, the last record this side sends (later seals return
        /// `PQL_ERR_CHANNEL_CLOSED`); the peer may still send until it closes too.
        ///
        /// - `session`: the handle.
        /// - `record`, `record_len`: output, `PQL_CHANNEL_RECORD_OVERHEAD_BYTES` (18).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_INVALID_LENGTH`,
        /// `PQL_ERR_CHANNEL_CLOSED`, `PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED` or
        /// `PQL_ERR_CHANNEL_FAILED`; on failure `record` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_close(session: *mut Session, record: *mut u8, record_len: usize) -> c_int;

        /// Exporter: `out_len` bytes (1 to `PQL_CHANNEL_MAX_EXPORT_BYTES`) bound to this
        /// session, the label and the context, for applications that derive their own
        /// keys. Both sides get the same bytes.
        ///
        /// - `session`: the handle.
        /// - `out`, `out_len`: output, as many bytes as wanted.
        /// - `label`, `label_len`; `context`, `context_len`: any bytes (NULL when empty).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER`, `PQL_ERR_CHANNEL_EXPORT_LENGTH` or
        /// `PQL_ERR_CHANNEL_FAILED`; on failure `out` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_export(
            session: *const Session,
            out: *mut u8,
            out_len: usize,
            label: *const u8,
            label_len: usize,
            context: *const u8,
            context_len: usize,
        ) -> c_int;

        /// Writes the peer's PeerId, as proved in the handshake and accepted by the policy.
        ///
        /// - `session`: the handle.
        /// - `peer_id`, `peer_id_len`: output, `PQL_CHANNEL_PEER_ID_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `peer_id` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_peer_id(session: *const Session, peer_id: *mut u8, peer_id_len: usize) -> c_int;

        /// Writes TH_final, the hash of the whole handshake transcript: equal on both sides,
        /// unique per session (a channel-binding value).
        ///
        /// - `session`: the handle.
        /// - `hash`, `hash_len`: output, `PQL_CHANNEL_TRANSCRIPT_HASH_BYTES` (32).
        ///
        /// Returns `PQL_OK`, `PQL_ERR_NULL_POINTER` or `PQL_ERR_INVALID_LENGTH`; on failure
        /// `hash` is zeroed.
        ///
        /// # Safety
        /// Every handle argument is NULL or a live handle of its type from this library;
        /// every other pointer is NULL or valid for its length during the call.
        fn session_transcript_hash(session: *const Session, hash: *mut u8, hash_len: usize) -> c_int;

        /// Frees a session handle, zeroizing its keys. NULL is ignored; the handle must not
        /// be used afterwards.
        ///
        /// # Safety
        /// `session` is NULL or a live handle from this library, not used again.
        fn session_free(session: *mut Session);
    }
}
