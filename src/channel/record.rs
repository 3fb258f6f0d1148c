//! The record layer (docs/channel.md section 6) and the exporter.

use super::identity::PeerId;
use super::kdf::{encode_string_prefix, kdf, kdf_array};
use super::{ChannelError, MAX_EXPORT, MAX_RECORD, MAX_RECORD_PLAINTEXT, RECORD_OVERHEAD, Role};
use alloc::vec::Vec;
use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Tag};
use zeroize::{Zeroize, Zeroizing};

/// The outer header byte of every record.
pub(crate) const RECORD_TYPE: u8 = 0x17;
const INNER_DATA: u8 = 0x01;
const INNER_KEY_UPDATE: u8 = 0x02;
const INNER_CLOSE: u8 = 0x03;
const TAG_SIZE: usize = 16;

/// ChaCha20-Poly1305 seal of `buf[start..]` in place, appending the tag.
pub(crate) fn aead_seal(
    key: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
    buf: &mut Vec<u8>,
    start: usize,
) -> Result<(), ChannelError> {
    let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| ChannelError::Failed)?;
    let tag = cipher
        .encrypt_inout_detached(&(*nonce).into(), aad, (&mut buf[start..]).into())
        .map_err(|_| ChannelError::RecordTooLarge {
            actual: buf.len() - start,
        })?;
    buf.extend_from_slice(tag.as_slice());
    Ok(())
}

/// ChaCha20-Poly1305 open of `data` (ciphertext || tag) in place; on success the
/// plaintext is `data[..data.len() - 16]`. `Err(())` for any failure.
pub(crate) fn aead_open(
    key: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
    data: &mut [u8],
) -> Result<usize, ()> {
    let n = data.len().checked_sub(TAG_SIZE).ok_or(())?;
    let cipher = ChaCha20Poly1305::new_from_slice(key).map_err(|_| ())?;
    let (msg, tag) = data.split_at_mut(n);
    let tag = Tag::try_from(&*tag).map_err(|_| ())?;
    cipher
        .decrypt_inout_detached(&(*nonce).into(), aad, msg.into(), &tag)
        .map_err(|_| ())?;
    // Constant-time check (scripts/ctgrind.sh): the plaintext is what the peer
    // sealed; it carries no information about the key, though memcheck sees it
    // computed from the (secret) key stream. Declassified so that parsing it
    // (record type, the peer's verifying key and signature) is not reported.
    crate::ctgrind::declassify(&mut data[..n]);
    Ok(n)
}

/// The AEAD key and IV of a traffic secret: `key || iv = KDF(S, "key iv", "", 44)`
/// (docs/channel.md section 5).
pub(crate) fn traffic_key_iv(secret: &[u8; 32]) -> (Zeroizing<[u8; 32]>, Zeroizing<[u8; 12]>) {
    let mut both = Zeroizing::new([0u8; 44]);
    kdf(secret, b"key iv", &[], &mut both[..]);
    let mut key = Zeroizing::new([0u8; 32]);
    let mut iv = Zeroizing::new([0u8; 12]);
    key.copy_from_slice(&both[..32]);
    iv.copy_from_slice(&both[32..]);
    (key, iv)
}

/// One direction: its traffic secret, key, IV and sequence number.
struct Direction {
    secret: Zeroizing<[u8; 32]>,
    key: Zeroizing<[u8; 32]>,
    iv: Zeroizing<[u8; 12]>,
    seq: u64,
}

impl Direction {
    fn new(secret: Zeroizing<[u8; 32]>) -> Self {
        let (key, iv) = traffic_key_iv(&secret);
        Direction {
            secret,
            key,
            iv,
            seq: 0,
        }
    }

    /// `iv XOR (0^4 || u64(seq))` (RFC 8446 section 5.3).
    fn nonce(&self) -> Zeroizing<[u8; 12]> {
        let mut n = Zeroizing::new(*self.iv);
        for (d, s) in n[4..].iter_mut().zip(self.seq.to_be_bytes()) {
            *d ^= s;
        }
        n
    }

    /// Moves to the next traffic secret (RFC 8446 section 7.2) and erases the old one.
    fn update(&mut self) {
        let next = Zeroizing::new(kdf_array::<32>(&self.secret[..], b"traffic upd", &[]));
        *self = Direction::new(next);
    }
}

/// What [`Session::open`] received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Application data (possibly empty).
    Data(Vec<u8>),
    /// The peer updated its sending keys (handled: nothing to do).
    KeyUpdate,
    /// The peer closed its direction: no more records will be accepted from it.
    Close,
}

/// An established channel: seals and opens records, updates keys, closes, exports.
///
/// Sans-IO: every method takes and returns bytes; sending and receiving them is the
/// caller's business (one record per transport message, or length-prefixed on a
/// stream as in [`super::Connection`]). Secrets are zeroized on drop. An error from
/// [`Session::open`] is fatal: afterwards every call returns [`ChannelError::Failed`].
pub struct Session {
    role: Role,
    send: Direction,
    recv: Direction,
    exporter: Zeroizing<[u8; 32]>,
    peer: PeerId,
    transcript_hash: [u8; 32],
    send_closed: bool,
    recv_closed: bool,
    failed: bool,
}

impl Session {
    /// The session keys from the master secret and `TH_final` (docs/channel.md
    /// section 5).
    pub(crate) fn new(role: Role, master: &[u8; 32], th_final: &[u8; 32], peer: PeerId) -> Self {
        let i_ap = Zeroizing::new(kdf_array::<32>(master, b"i ap traffic", &[th_final]));
        let r_ap = Zeroizing::new(kdf_array::<32>(master, b"r ap traffic", &[th_final]));
        let exporter = Zeroizing::new(kdf_array::<32>(master, b"exp master", &[th_final]));
        let (send, recv) = match role {
            Role::Initiator => (i_ap, r_ap),
            Role::Responder => (r_ap, i_ap),
        };
        Session {
            role,
            send: Direction::new(send),
            recv: Direction::new(recv),
            exporter,
            peer,
            transcript_hash: *th_final,
            send_closed: false,
            recv_closed: false,
            failed: false,
        }
    }

    /// The peer's identity (as proved in the handshake and accepted by the policy).
    pub fn peer_id(&self) -> PeerId {
        self.peer
    }

    /// This side's role in the handshake.
    pub fn role(&self) -> Role {
        self.role
    }

    /// `TH_final`, the hash of the whole handshake transcript: equal on both sides,
    /// unique per session (a channel binding value).
    pub fn transcript_hash(&self) -> &[u8; 32] {
        &self.transcript_hash
    }

    /// Whether this side has sent its close record.
    pub fn is_send_closed(&self) -> bool {
        self.send_closed
    }

    /// Whether the peer's close record has been received.
    pub fn is_receive_closed(&self) -> bool {
        self.recv_closed
    }

    /// Whether a fatal error ended the session.
    pub fn is_failed(&self) -> bool {
        self.failed
    }

    fn check_send(&self) -> Result<(), ChannelError> {
        if self.failed {
            Err(ChannelError::Failed)
        } else if self.send_closed {
            Err(ChannelError::Closed)
        } else if self.send.seq == u64::MAX {
            Err(ChannelError::SequenceExhausted)
        } else {
            Ok(())
        }
    }

    fn seal_inner(&mut self, inner_type: u8, content: &[u8]) -> Result<Vec<u8>, ChannelError> {
        self.check_send()?;
        let mut out = Vec::with_capacity(content.len() + RECORD_OVERHEAD);
        out.push(RECORD_TYPE);
        out.push(inner_type);
        out.extend_from_slice(content);
        let nonce = self.send.nonce();
        if let Err(e) = aead_seal(&self.send.key, &nonce, &[RECORD_TYPE], &mut out, 1) {
            out.zeroize();
            return Err(e);
        }
        self.send.seq += 1;
        Ok(out)
    }

    /// Seals `data` (at most [`MAX_RECORD_PLAINTEXT`] bytes) into one record of
    /// `data.len() + 18` bytes.
    ///
    /// Errors: [`ChannelError::RecordTooLarge`], [`ChannelError::Closed`] after
    /// [`Session::close`], [`ChannelError::SequenceExhausted`],
    /// [`ChannelError::Failed`]. None of them ends the session.
    pub fn seal(&mut self, data: &[u8]) -> Result<Vec<u8>, ChannelError> {
        if data.len() > MAX_RECORD_PLAINTEXT {
            return Err(ChannelError::RecordTooLarge { actual: data.len() });
        }
        self.seal_inner(INNER_DATA, data)
    }

    /// A key update record: sealed under the current key, after which this side
    /// sends under the next one (docs/channel.md section 6.3). Send it before any
    /// later record.
    pub fn update_keys(&mut self) -> Result<Vec<u8>, ChannelError> {
        let rec = self.seal_inner(INNER_KEY_UPDATE, &[])?;
        self.send.update();
        Ok(rec)
    }

    /// A close record: the last record this side sends (later seals fail with
    /// [`ChannelError::Closed`]). The peer can still send until it closes too.
    pub fn close(&mut self) -> Result<Vec<u8>, ChannelError> {
        let rec = self.seal_inner(INNER_CLOSE, &[])?;
        self.send_closed = true;
        Ok(rec)
    }

    /// Opens the next record from the peer.
    ///
    /// Errors (all fatal: later calls return [`ChannelError::Failed`]):
    /// [`ChannelError::RecordMalformed`], [`ChannelError::RecordAuthentication`] (a
    /// forged, replayed or reordered record), [`ChannelError::SequenceExhausted`].
    /// After the peer's close: [`ChannelError::Closed`] (not fatal).
    pub fn open(&mut self, record: &[u8]) -> Result<Received, ChannelError> {
        if self.failed {
            return Err(ChannelError::Failed);
        }
        if self.recv_closed {
            return Err(ChannelError::Closed);
        }
        let r = self.open_inner(record);
        if r.is_err() {
            self.fail();
        }
        r
    }

    fn open_inner(&mut self, record: &[u8]) -> Result<Received, ChannelError> {
        if record.len() < RECORD_OVERHEAD {
            return Err(ChannelError::RecordMalformed {
                reason: "shorter than 18 bytes",
            });
        }
        if record.len() > MAX_RECORD {
            return Err(ChannelError::RecordMalformed {
                reason: "longer than the maximum record",
            });
        }
        if record[0] != RECORD_TYPE {
            return Err(ChannelError::RecordMalformed {
                reason: "first byte is not 0x17",
            });
        }
        if self.recv.seq == u64::MAX {
            return Err(ChannelError::SequenceExhausted);
        }
        let mut buf = Zeroizing::new(record[1..].to_vec());
        let nonce = self.recv.nonce();
        let n = aead_open(&self.recv.key, &nonce, &[RECORD_TYPE], &mut buf[..])
            .map_err(|_| ChannelError::RecordAuthentication)?;
        self.recv.seq += 1;
        let content = &buf[1..n];
        match buf[0] {
            INNER_DATA => Ok(Received::Data(content.to_vec())),
            INNER_KEY_UPDATE if content.is_empty() => {
                self.recv.update();
                Ok(Received::KeyUpdate)
            }
            INNER_CLOSE if content.is_empty() => {
                self.recv_closed = true;
                Ok(Received::Close)
            }
            INNER_KEY_UPDATE | INNER_CLOSE => Err(ChannelError::RecordMalformed {
                reason: "key update or close with content",
            }),
            _ => Err(ChannelError::RecordMalformed {
                reason: "unknown inner content type",
            }),
        }
    }

    fn fail(&mut self) {
        self.failed = true;
        self.send.secret.zeroize();
        self.send.key.zeroize();
        self.recv.secret.zeroize();
        self.recv.key.zeroize();
        self.exporter.zeroize();
    }

    /// Exporter (docs/channel.md section 5): `out.len()` bytes (1 to
    /// [`MAX_EXPORT`]) bound to this session, the `label` and the `context`. Both
    /// sides get the same bytes; different labels or contexts give unrelated bytes.
    ///
    /// Errors: [`ChannelError::ExportLength`], [`ChannelError::Failed`].
    pub fn export(&self, label: &[u8], context: &[u8], out: &mut [u8]) -> Result<(), ChannelError> {
        if self.failed {
            return Err(ChannelError::Failed);
        }
        if out.is_empty() || out.len() > MAX_EXPORT {
            return Err(ChannelError::ExportLength { actual: out.len() });
        }
        let (mut b1, mut b2) = ([0u8; 9], [0u8; 9]);
        let l1 = encode_string_prefix(label.len(), &mut b1);
        let l2 = encode_string_prefix(context.len(), &mut b2);
        kdf(
            &self.exporter[..],
            b"exporter",
            &[l1, label, l2, context],
            out,
        );
        Ok(())
    }

    /// Test hook: sets both sequence numbers (to reach the exhaustion check).
    #[cfg(feature = "hazmat")]
    #[doc(hidden)]
    pub fn __set_sequence_numbers(&mut self, send: u64, recv: u64) {
        self.send.seq = send;
        self.recv.seq = recv;
    }
}

impl core::fmt::Debug for Session {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Session")
            .field("role", &self.role)
            .field("peer", &self.peer)
            .field("send_seq", &self.send.seq)
            .field("recv_seq", &self.recv.seq)
            .field("send_closed", &self.send_closed)
            .field("recv_closed", &self.recv_closed)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}
