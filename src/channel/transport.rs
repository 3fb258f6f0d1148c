//! The std helpers: length-prefixed framing over a byte stream, a blocking
//! [`Connection`], and the known-peers file (docs/channel.md sections 3.1 and 10).

use super::{
    ChannelError, Handshake, Identity, MAX_RECORD, PeerId, PeerPolicy, Received, Session, Step,
};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::string::String;
use std::vec::Vec;

/// Writes one frame: `u32(len) || bytes` (1 <= len <= [`MAX_RECORD`]).
///
/// Errors: [`ChannelError::FrameTooLarge`], [`ChannelError::Io`].
pub fn write_frame<W: Write + ?Sized>(w: &mut W, bytes: &[u8]) -> Result<(), ChannelError> {
    if bytes.is_empty() || bytes.len() > MAX_RECORD {
        return Err(ChannelError::FrameTooLarge {
            actual: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        });
    }
    let len = (bytes.len() as u32).to_be_bytes();
    w.write_all(&len)?;
    w.write_all(bytes)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame. A length of 0 or above [`MAX_RECORD`] is refused before the body
/// is read; the stream ending inside a frame is [`ChannelError::Io`]
/// (`UnexpectedEof`).
pub fn read_frame<R: Read + ?Sized>(r: &mut R) -> Result<Vec<u8>, ChannelError> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len == 0 || len as usize > MAX_RECORD {
        return Err(ChannelError::FrameTooLarge { actual: len });
    }
    let mut buf = std::vec![0u8; len as usize];
    r.read_exact(&mut buf)?;
    Ok(buf)
}

/// A channel over a blocking byte stream (a [`TcpStream`] by default): runs the
/// handshake with length-prefixed frames, then sends and receives records.
///
/// Set read/write timeouts on the stream before handing it over if the peer may
/// stall. Any error leaves the connection failed (later calls return
/// [`ChannelError::Failed`]); drop it to close the stream.
pub struct Connection<S: Read + Write = TcpStream> {
    stream: S,
    session: Session,
    handshake_sizes: [usize; 3],
    failed: bool,
}

impl Connection<TcpStream> {
    /// Connects to `addr` over TCP and runs the handshake as initiator, with OS
    /// randomness.
    pub fn connect<A: ToSocketAddrs>(
        addr: A,
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Self::initiate(stream, identity, policy)
    }

    /// Accepts one TCP connection from `listener` and runs the handshake as
    /// responder, with OS randomness.
    pub fn accept(
        listener: &TcpListener,
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let (stream, _) = listener.accept()?;
        stream.set_nodelay(true)?;
        Self::respond(stream, identity, policy)
    }
}

impl<S: Read + Write> Connection<S> {
    /// Runs the handshake as initiator over `stream`.
    pub fn initiate(
        stream: S,
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let hs = Handshake::initiator_with_os_rng(identity, policy)?;
        Self::run(stream, hs)
    }

    /// Runs the handshake as responder over `stream`.
    pub fn respond(
        stream: S,
        identity: &Identity,
        policy: PeerPolicy,
    ) -> Result<Self, ChannelError> {
        let hs = Handshake::responder_with_os_rng(identity, policy)?;
        Self::run(stream, hs)
    }

    /// Drives `hs` to completion over `stream`.
    pub fn run(mut stream: S, mut hs: Handshake) -> Result<Self, ChannelError> {
        let mut sizes = [0usize; 3];
        let mut i = 0;
        loop {
            match hs.next_step() {
                Step::Write => {
                    let m = hs.write_message()?;
                    write_frame(&mut stream, &m)?;
                    sizes[i.min(2)] = m.len();
                    i += 1;
                }
                Step::Read => {
                    let m = read_frame(&mut stream)?;
                    sizes[i.min(2)] = m.len();
                    i += 1;
                    hs.read_message(&m)?;
                }
                Step::Done => break,
                Step::Failed => return Err(ChannelError::Failed),
            }
        }
        Ok(Connection {
            stream,
            session: hs.into_session()?,
            handshake_sizes: sizes,
            failed: false,
        })
    }

    /// The peer's identity.
    pub fn peer_id(&self) -> PeerId {
        self.session.peer_id()
    }

    /// The sizes of the three handshake messages (InitiatorHello, ResponderHello,
    /// InitiatorAuth) as sent, without the 4-byte frame headers.
    pub fn handshake_message_sizes(&self) -> [usize; 3] {
        self.handshake_sizes
    }

    /// The session (for [`Session::export`], [`Session::transcript_hash`], ...).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Seals `data` (split into records of at most 64 KiB) and sends it; returns
    /// the bytes written to the stream, frame headers included.
    pub fn send(&mut self, data: &[u8]) -> Result<usize, ChannelError> {
        self.guard(|c| c.send_inner(data))
    }

    /// Runs `f`, marking the connection failed if it fails.
    fn guard<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ChannelError>,
    ) -> Result<T, ChannelError> {
        if self.failed {
            return Err(ChannelError::Failed);
        }
        let r = f(self);
        if r.is_err() {
            self.failed = true;
        }
        r
    }

    fn send_inner(&mut self, data: &[u8]) -> Result<usize, ChannelError> {
        let mut total = 0;
        let mut chunks = data.chunks(super::MAX_RECORD_PLAINTEXT);
        let first = chunks.next().unwrap_or(&[]);
        for chunk in core::iter::once(first).chain(chunks) {
            let rec = self.session.seal(chunk)?;
            write_frame(&mut self.stream, &rec)?;
            total += 4 + rec.len();
        }
        Ok(total)
    }

    /// Receives the next application data: `Some(bytes)`, or `None` once the peer
    /// has closed. Key updates are handled on the way.
    pub fn recv(&mut self) -> Result<Option<Vec<u8>>, ChannelError> {
        self.guard(Self::recv_inner)
    }

    fn recv_inner(&mut self) -> Result<Option<Vec<u8>>, ChannelError> {
        loop {
            if self.session.is_receive_closed() {
                return Ok(None);
            }
            let rec = read_frame(&mut self.stream)?;
            match self.session.open(&rec)? {
                Received::Data(d) => return Ok(Some(d)),
                Received::KeyUpdate => continue,
                Received::Close => return Ok(None),
            }
        }
    }

    /// Sends a key update record and switches this side's sending keys.
    pub fn update_keys(&mut self) -> Result<(), ChannelError> {
        self.guard(|c| {
            let rec = c.session.update_keys()?;
            write_frame(&mut c.stream, &rec)
        })
    }

    /// Sends a close record (this side sends nothing more; it can still receive).
    pub fn close(&mut self) -> Result<(), ChannelError> {
        self.guard(|c| {
            let rec = c.session.close()?;
            write_frame(&mut c.stream, &rec)
        })
    }

    /// The underlying stream.
    pub fn into_inner(self) -> S {
        self.stream
    }
}

impl<S: Read + Write> core::fmt::Debug for Connection<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Connection")
            .field("session", &self.session)
            .finish_non_exhaustive()
    }
}

/// A known-peers file for trust on first use, like SSH's `known_hosts`: lines of
/// `NAME FINGERPRINT`, `#` comments (docs/channel.md section 3.1).
///
/// ```no_run
/// # fn main() -> Result<(), pqlattice::channel::ChannelError> {
/// use pqlattice::channel::{Connection, Identity, KnownPeers};
///
/// let me = Identity::from_seed(&[1u8; 32]); // load the seed from storage
/// let mut known = KnownPeers::load("known_peers")?;
/// let conn = Connection::connect("127.0.0.1:7878", &me, known.policy_for("server")?)?;
/// // Refused with PeerKeyChanged if "server" is on record with another key.
/// known.remember("server", conn.peer_id())?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct KnownPeers {
    path: PathBuf,
    entries: Vec<(String, PeerId)>,
}

fn valid_name(name: &str) -> bool {
    (1..=255).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_graphic() && b != b'#')
}

impl KnownPeers {
    /// Loads the file at `path` (a missing file is an empty list; it is created by
    /// the first [`KnownPeers::remember`]).
    ///
    /// Errors: [`ChannelError::KnownPeersFile`] for a malformed line or a repeated
    /// name, [`ChannelError::Io`].
    pub fn load<P: AsRef<Path>>(path: P) -> Result<Self, ChannelError> {
        let path = path.as_ref().to_path_buf();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e.into()),
        };
        let mut entries: Vec<(String, PeerId)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let (name, fp) = t
                .split_once([' ', '\t'])
                .ok_or(ChannelError::KnownPeersFile {
                    line: line_no,
                    reason: "expected NAME FINGERPRINT",
                })?;
            if !valid_name(name) {
                return Err(ChannelError::KnownPeersFile {
                    line: line_no,
                    reason: "invalid name",
                });
            }
            let id: PeerId = fp
                .trim()
                .parse()
                .map_err(|_| ChannelError::KnownPeersFile {
                    line: line_no,
                    reason: "invalid fingerprint",
                })?;
            if entries.iter().any(|(n, _)| n == name) {
                return Err(ChannelError::KnownPeersFile {
                    line: line_no,
                    reason: "name listed twice",
                });
            }
            entries.push((name.into(), id));
        }
        Ok(KnownPeers { path, entries })
    }

    /// The PeerId on record for `name`.
    pub fn get(&self, name: &str) -> Option<PeerId> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    /// The trust-on-first-use policy for `name`: pinned to the recorded key if there
    /// is one, open otherwise.
    ///
    /// Errors: [`ChannelError::KnownPeersFile`] (line 0) for a name that cannot be
    /// stored (1 to 255 printable ASCII bytes, no spaces, no `#`).
    pub fn policy_for(&self, name: &str) -> Result<PeerPolicy, ChannelError> {
        if !valid_name(name) {
            return Err(ChannelError::KnownPeersFile {
                line: 0,
                reason: "invalid name",
            });
        }
        Ok(PeerPolicy::TrustOnFirstUse(self.get(name)))
    }

    /// Records `name` with `id` after a successful handshake: appends a line for a
    /// new name; nothing for a known name with the same id.
    ///
    /// Errors: [`ChannelError::PeerKeyChanged`] for a known name with another id
    /// (the file is not changed), [`ChannelError::KnownPeersFile`] for an invalid
    /// name, [`ChannelError::Io`].
    pub fn remember(&mut self, name: &str, id: PeerId) -> Result<(), ChannelError> {
        if !valid_name(name) {
            return Err(ChannelError::KnownPeersFile {
                line: 0,
                reason: "invalid name",
            });
        }
        if let Some(known) = self.get(name) {
            return if known == id {
                Ok(())
            } else {
                Err(ChannelError::PeerKeyChanged {
                    known,
                    presented: id,
                })
            };
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        writeln!(f, "{name} {id}")?;
        f.flush()?;
        self.entries.push((name.into(), id));
        Ok(())
    }

    /// The entries, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, PeerId)> {
        self.entries.iter().map(|(n, id)| (n.as_str(), *id))
    }
}
