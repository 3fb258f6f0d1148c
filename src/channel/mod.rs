//! An authenticated secure channel with no certificate authority: X-Wing key
//! exchange, ML-DSA-65 identities pinned by fingerprint, ChaCha20-Poly1305 records.
//!
//! The protocol is specified in `docs/channel.md` (in the repository): the TLS 1.3
//! handshake shape (SIGMA-I) in three messages, initiator -> responder -> initiator,
//! with a KMAC256 key schedule (NIST SP 800-108r1 / SP 800-185) in the style of
//! RFC 8446 section 7.1. Deterministic vectors are in `test-vectors/channel/`.
//!
//! - [`Identity`]: a long-term ML-DSA-65 key pair, stored as its 32-byte seed;
//!   [`PeerId`]: the SHA3-256 hash of a verifying key, displayed as a fingerprint.
//! - [`PeerPolicy`]: which peers to accept (pinned id, allow-list, trust on first use
//!   with [`KnownPeers`], or any authenticated peer).
//! - [`Handshake`]: the sans-IO state machine (bytes in, bytes out).
//! - [`Session`]: `seal` / `open` / `update_keys` / `close` / `export`.
//! - [`Connection`] (std): the same over a byte stream such as a `TcpStream`, with
//!   length-prefixed frames.
//!
//! ```
//! # #[cfg(feature = "std")] {
//! use pqlattice::channel::{Connection, Identity, PeerPolicy};
//! use std::net::{TcpListener, TcpStream};
//!
//! let server_id = Identity::generate_with_os_rng()?;
//! let client_id = Identity::generate_with_os_rng()?;
//! let (server_pin, client_pin) = (server_id.peer_id(), client_id.peer_id());
//! let listener = TcpListener::bind("127.0.0.1:0").map_err(pqlattice::channel::ChannelError::from)?;
//! let addr = listener.local_addr().map_err(pqlattice::channel::ChannelError::from)?;
//! let server = std::thread::spawn(move || -> Result<Vec<u8>, pqlattice::channel::ChannelError> {
//!     let mut conn = Connection::accept(&listener, &server_id, PeerPolicy::Pinned(client_pin))?;
//!     let msg = conn.recv()?.unwrap_or_default();
//!     conn.send(b"pong")?;
//!     conn.close()?;
//!     Ok(msg)
//! });
//! let mut conn = Connection::connect(addr, &client_id, PeerPolicy::Pinned(server_pin))?;
//! println!("connected to {}", conn.peer_id());
//! conn.send(b"ping")?;
//! assert_eq!(conn.recv()?, Some(b"pong".to_vec()));
//! assert_eq!(conn.recv()?, None); // the server closed
//! assert_eq!(server.join().unwrap()?, b"ping");
//! # }
//! # Ok::<(), pqlattice::channel::ChannelError>(())
//! ```

mod error;
mod handshake;
mod identity;
pub(crate) mod kdf;
mod record;
#[cfg(feature = "std")]
mod transport;

pub use error::{ChannelError, MessageKind};
pub use handshake::{Handshake, Step};
pub use identity::{Identity, PeerId, PeerPolicy};
pub use record::{Received, Session};
#[cfg(feature = "std")]
pub use transport::{Connection, KnownPeers, read_frame, write_frame};

/// Protocol version 1 (the only one so far).
pub const VERSION_1: u16 = 0x0001;
/// Suite 1: X-Wing + ML-DSA-65 (+ KMAC256, SHA3-256, ChaCha20-Poly1305).
pub const SUITE_XWING_MLDSA65: u16 = 0x0001;
/// Suite 2, reserved (not implemented): ML-KEM-1024 + ML-DSA-87.
pub const SUITE_MLKEM1024_MLDSA87: u16 = 0x0002;

/// Size of InitiatorHello (suite 1 offered alone).
pub const INITIATOR_HELLO_SIZE: usize = 1257;
/// Size of ResponderHello for suite 1.
pub const RESPONDER_HELLO_SIZE: usize = 6466;
/// Size of InitiatorAuth for suite 1.
pub const INITIATOR_AUTH_SIZE: usize = 5310;
/// Largest handshake message accepted.
pub const MAX_HANDSHAKE_MESSAGE: usize = 16384;
/// Largest application data in one record.
pub const MAX_RECORD_PLAINTEXT: usize = 65536;
/// Record size minus its plaintext: header byte, inner type byte, 16-byte tag.
pub const RECORD_OVERHEAD: usize = 18;
/// Largest record (and transport frame).
pub const MAX_RECORD: usize = MAX_RECORD_PLAINTEXT + RECORD_OVERHEAD;
/// Largest exporter output.
pub const MAX_EXPORT: usize = 8160;
/// Largest allow-list.
pub const MAX_ALLOW_LIST: usize = 1024;
/// Randomness an initiator consumes (docs/channel.md section 11).
pub const INITIATOR_RANDOMNESS: usize = 96;
/// Randomness a responder consumes (docs/channel.md section 11).
pub const RESPONDER_RANDOMNESS: usize = 128;

/// The two roles of the handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Sends the first message (the client).
    Initiator,
    /// Answers it (the server).
    Responder,
}

const _: () = {
    assert!(INITIATOR_HELLO_SIZE == 1 + 32 + 1 + 2 + 1 + 4 + crate::xwing::ENCAPSULATION_KEY_SIZE);
    assert!(
        RESPONDER_HELLO_SIZE
            == 1 + 32
                + 2
                + 2
                + crate::xwing::CIPHERTEXT_SIZE
                + crate::ml_dsa_65::VERIFYING_KEY_SIZE
                + crate::ml_dsa_65::SIGNATURE_SIZE
                + 32
                + 16
    );
    assert!(
        INITIATOR_AUTH_SIZE
            == 1 + crate::ml_dsa_65::VERIFYING_KEY_SIZE
                + crate::ml_dsa_65::SIGNATURE_SIZE
                + 32
                + 16
    );
};
