//! The channel's error type.

use super::identity::PeerId;
use core::fmt;

/// Which handshake message an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// InitiatorHello (`msg_type` 0x01).
    InitiatorHello,
    /// ResponderHello (`msg_type` 0x02).
    ResponderHello,
    /// InitiatorAuth (`msg_type` 0x03).
    InitiatorAuth,
}

impl MessageKind {
    /// The message's `msg_type` byte.
    pub const fn msg_type(self) -> u8 {
        match self {
            MessageKind::InitiatorHello => 0x01,
            MessageKind::ResponderHello => 0x02,
            MessageKind::InitiatorAuth => 0x03,
        }
    }

    /// The message's name.
    pub const fn name(self) -> &'static str {
        match self {
            MessageKind::InitiatorHello => "InitiatorHello",
            MessageKind::ResponderHello => "ResponderHello",
            MessageKind::InitiatorAuth => "InitiatorAuth",
        }
    }
}

/// Every way the channel can fail (docs/channel.md section 7).
///
/// Errors from received bytes are fatal: the handshake or session that returned one
/// refuses every later call with [`ChannelError::Failed`]. [`ChannelError::code`] gives
/// a stable number per variant for the C and JS bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChannelError {
    /// A handshake message has a wrong layout or length.
    Malformed {
        /// The message.
        message: MessageKind,
        /// What is wrong.
        reason: &'static str,
    },
    /// A handshake message of the wrong type for the state (replayed, reordered or
    /// out of place).
    UnexpectedMessage {
        /// The message the state expects.
        expected: MessageKind,
        /// The `msg_type` byte received (0 for an empty message).
        got: u8,
    },
    /// A call that the current state does not allow (e.g. reading when it is this
    /// side's turn to write, or a session from an unfinished handshake).
    InvalidState {
        /// The call.
        operation: &'static str,
    },
    /// Responder: none of the offered protocol versions is implemented.
    NoCommonVersion,
    /// Responder: none of the offered suites is implemented.
    NoCommonSuite,
    /// Initiator: the responder selected a version or suite that was not offered (a
    /// downgrade attempt).
    NotOffered {
        /// "version" or "suite".
        what: &'static str,
        /// The selected value.
        value: u16,
    },
    /// The initiator's X-Wing key share fails X-Wing's check (FIPS 203 section 7.2
    /// on its ML-KEM part).
    InvalidKeyShare,
    /// The encrypted part of a handshake message does not open: tampered, or the two
    /// sides' transcripts differ.
    HandshakeDecrypt,
    /// The peer's ML-DSA-65 transcript signature does not verify.
    BadSignature,
    /// The peer's Finished MAC does not match.
    BadFinished,
    /// The peer's key is not the pinned one.
    PeerMismatch {
        /// The pinned id.
        expected: PeerId,
        /// The id the peer proved.
        actual: PeerId,
    },
    /// The peer's key is not in the allow-list.
    PeerNotAllowed {
        /// The id the peer proved.
        actual: PeerId,
    },
    /// Trust on first use: a known peer presented a different key. Either the peer
    /// changed its key or someone is impersonating it.
    PeerKeyChanged {
        /// The id on record.
        known: PeerId,
        /// The id the peer presented (and proved).
        presented: PeerId,
    },
    /// An earlier fatal error ended this handshake or session.
    Failed,
    /// A record is malformed (wrong header, wrong length, unknown inner type,
    /// non-empty key update or close).
    RecordMalformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// A record does not authenticate under the expected key and sequence number:
    /// forged, replayed, reordered, or after a dropped record.
    RecordAuthentication,
    /// More than [`super::MAX_RECORD_PLAINTEXT`] bytes given to seal.
    RecordTooLarge {
        /// The length given.
        actual: usize,
    },
    /// Sealing after this side's close, or a record after the peer's close.
    Closed,
    /// The sequence number of a direction is used up (update the keys).
    SequenceExhausted,
    /// An exporter output length outside 1 to [`super::MAX_EXPORT`].
    ExportLength {
        /// The length asked for.
        actual: usize,
    },
    /// An allow-list with more than [`super::MAX_ALLOW_LIST`] entries.
    AllowListTooLong {
        /// The number of entries given.
        actual: usize,
    },
    /// A fingerprint or PeerId text that does not parse.
    InvalidFingerprint,
    /// The random number generator failed.
    Randomness,
    /// Transport: a frame length of 0 or above [`super::MAX_RECORD`].
    FrameTooLarge {
        /// The length prefix received (or the length to send).
        actual: u32,
    },
    /// Transport: an I/O error (including the stream ending inside a frame).
    #[cfg(feature = "std")]
    Io(std::io::ErrorKind),
    /// The known-peers file has a malformed line.
    KnownPeersFile {
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
}

impl ChannelError {
    /// A stable number for each variant (for bindings), starting at 1.
    pub const fn code(&self) -> u16 {
        match self {
            ChannelError::Malformed { .. } => 1,
            ChannelError::UnexpectedMessage { .. } => 2,
            ChannelError::InvalidState { .. } => 3,
            ChannelError::NoCommonVersion => 4,
            ChannelError::NoCommonSuite => 5,
            ChannelError::NotOffered { .. } => 6,
            ChannelError::InvalidKeyShare => 7,
            ChannelError::HandshakeDecrypt => 8,
            ChannelError::BadSignature => 9,
            ChannelError::BadFinished => 10,
            ChannelError::PeerMismatch { .. } => 11,
            ChannelError::PeerNotAllowed { .. } => 12,
            ChannelError::PeerKeyChanged { .. } => 13,
            ChannelError::Failed => 14,
            ChannelError::RecordMalformed { .. } => 15,
            ChannelError::RecordAuthentication => 16,
            ChannelError::RecordTooLarge { .. } => 17,
            ChannelError::Closed => 18,
            ChannelError::SequenceExhausted => 19,
            ChannelError::ExportLength { .. } => 20,
            ChannelError::AllowListTooLong { .. } => 21,
            ChannelError::InvalidFingerprint => 22,
            ChannelError::Randomness => 23,
            ChannelError::FrameTooLarge { .. } => 24,
            #[cfg(feature = "std")]
            ChannelError::Io(_) => 25,
            ChannelError::KnownPeersFile { .. } => 26,
        }
    }
}

impl fmt::Display for ChannelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChannelError::Malformed { message, reason } => {
                write!(f, "malformed {}: {reason}", message.name())
            }
            ChannelError::UnexpectedMessage { expected, got } => write!(
                f,
                "unexpected handshake message: expected {} (type {:#04x}), got type {got:#04x}",
                expected.name(),
                expected.msg_type()
            ),
            ChannelError::InvalidState { operation } => {
                write!(f, "{operation} is not allowed in the current state")
            }
            ChannelError::NoCommonVersion => f.write_str("no common protocol version"),
            ChannelError::NoCommonSuite => f.write_str("no common suite"),
            ChannelError::NotOffered { what, value } => write!(
                f,
                "the responder selected {what} {value:#06x}, which was not offered (downgrade?)"
            ),
            ChannelError::InvalidKeyShare => f.write_str("invalid X-Wing key share"),
            ChannelError::HandshakeDecrypt => f.write_str(
                "handshake message does not decrypt (tampered, or the transcripts differ)",
            ),
            ChannelError::BadSignature => f.write_str("the peer's transcript signature is invalid"),
            ChannelError::BadFinished => f.write_str("the peer's Finished MAC is invalid"),
            ChannelError::PeerMismatch { expected, actual } => write!(
                f,
                "peer key mismatch: pinned {expected}, peer presented {actual}"
            ),
            ChannelError::PeerNotAllowed { actual } => {
                write!(f, "peer {actual} is not in the allow-list")
            }
            ChannelError::PeerKeyChanged { known, presented } => write!(
                f,
                "WARNING: THE PEER'S IDENTITY KEY HAS CHANGED. Someone may be impersonating \
                 it, or it replaced its key. Known: {known}; presented: {presented}. \
                 Refusing to connect; remove the entry from the known-peers file only if \
                 the change is expected"
            ),
            ChannelError::Failed => {
                f.write_str("the channel failed earlier and refuses further use")
            }
            ChannelError::RecordMalformed { reason } => write!(f, "malformed record: {reason}"),
            ChannelError::RecordAuthentication => f.write_str(
                "record authentication failed (forged, replayed, reordered or after a lost record)",
            ),
            ChannelError::RecordTooLarge { actual } => write!(
                f,
                "record plaintext of {actual} bytes exceeds the maximum of {}",
                super::MAX_RECORD_PLAINTEXT
            ),
            ChannelError::Closed => f.write_str("the channel direction is closed"),
            ChannelError::SequenceExhausted => {
                f.write_str("record sequence number exhausted; update the keys")
            }
            ChannelError::ExportLength { actual } => write!(
                f,
                "exporter length {actual} outside 1..={}",
                super::MAX_EXPORT
            ),
            ChannelError::AllowListTooLong { actual } => write!(
                f,
                "allow-list of {actual} entries exceeds the maximum of {}",
                super::MAX_ALLOW_LIST
            ),
            ChannelError::InvalidFingerprint => f.write_str(
                "invalid fingerprint: expected 52 base32 characters (groups of 4 may be \
                 separated by '-') or 64 hex digits",
            ),
            ChannelError::Randomness => f.write_str("the random number generator failed"),
            ChannelError::FrameTooLarge { actual } => {
                write!(f, "frame length {actual} outside 1..={}", super::MAX_RECORD)
            }
            #[cfg(feature = "std")]
            ChannelError::Io(kind) => write!(f, "transport I/O error: {kind}"),
            ChannelError::KnownPeersFile { line, reason } => {
                write!(f, "known-peers file, line {line}: {reason}")
            }
        }
    }
}

impl core::error::Error for ChannelError {}

#[cfg(feature = "std")]
impl From<std::io::Error> for ChannelError {
    fn from(e: std::io::Error) -> Self {
        ChannelError::Io(e.kind())
    }
}

#[cfg(feature = "std")]
impl From<ChannelError> for std::io::Error {
    fn from(e: ChannelError) -> Self {
        match e {
            ChannelError::Io(kind) => kind.into(),
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other),
        }
    }
}
