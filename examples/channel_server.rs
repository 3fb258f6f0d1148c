//! An echo server for the pqlattice channel, over TCP and over WebSocket at once.
//!
//! It listens on 127.0.0.1 only: on a TCP port with the length-prefixed frames of
//! `Connection` (docs/channel.md section 10), and on a WebSocket port where each binary
//! WebSocket message carries exactly one handshake message or record (docs/channel.md,
//! "Transports"). Every application message a client sends is answered with the same
//! bytes; when the client closes the channel, the server closes its side too.
//!
//!     cargo run --release --example channel_server --features channel -- \
//!         [--seed FILE] [--tcp PORT] [--ws PORT] [--allow FINGERPRINT]... [--once]
//!
//! - `--seed FILE`: the server identity as a 32-byte seed file (created on first use);
//!   without it a fresh identity is generated for this run. Its fingerprint is printed:
//!   that is what clients pin.
//! - `--tcp PORT` (default 7878) and `--ws PORT` (default 7879); 0 picks a free port.
//! - `--allow FINGERPRINT` (repeatable): accept only these clients. Without it any
//!   client that proves possession of its key is accepted, and its fingerprint printed.
//! - `--once`: exit after the first connection (exit status 0 if it succeeded).
//!
//! The serving code is in this file's public functions; `tests/channel_ws.rs`
//! includes the file as a module and drives it with real TCP and WebSocket clients.

use pqlattice::channel::{
    ChannelError, Handshake, Identity, MAX_RECORD, PeerId, PeerPolicy, Received, Step, read_frame,
    write_frame,
};
use std::fmt;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

/// How long a connection may stall (read or write) before the server drops it.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// The two transports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// `u32(length) || bytes` frames over a TCP stream.
    Tcp,
    /// One binary WebSocket message per handshake message or record.
    WebSocket,
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Transport::Tcp => "tcp",
            Transport::WebSocket => "ws",
        })
    }
}

/// Why serving one connection failed.
#[derive(Debug)]
pub enum ServeError {
    /// The channel refused something (handshake, policy, record) or the stream failed.
    Channel(ChannelError),
    /// The WebSocket upgrade failed.
    Upgrade(String),
    /// The WebSocket layer failed after the upgrade.
    WebSocket(tungstenite::Error),
    /// The client broke the transport's rules (a text message, leaving mid-handshake).
    Protocol(&'static str),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Channel(e) => write!(f, "channel: {e}"),
            ServeError::Upgrade(e) => write!(f, "websocket upgrade: {e}"),
            ServeError::WebSocket(e) => write!(f, "websocket: {e}"),
            ServeError::Protocol(e) => write!(f, "protocol: {e}"),
        }
    }
}

impl From<ChannelError> for ServeError {
    fn from(e: ChannelError) -> Self {
        ServeError::Channel(e)
    }
}

impl From<std::io::Error> for ServeError {
    fn from(e: std::io::Error) -> Self {
        ServeError::Channel(e.into())
    }
}

impl From<tungstenite::Error> for ServeError {
    fn from(e: tungstenite::Error) -> Self {
        ServeError::WebSocket(e)
    }
}

/// What a served connection amounted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The authenticated client.
    pub peer: PeerId,
    /// Application messages echoed.
    pub echoed: usize,
}

/// A message transport: one handshake message or record per message.
trait Wire {
    fn send(&mut self, bytes: &[u8]) -> Result<(), ServeError>;
    /// The next message; `None` once the client has ended the transport.
    fn recv(&mut self) -> Result<Option<Vec<u8>>, ServeError>;
    /// Ends the transport after the channel has closed in both directions.
    fn finish(&mut self) {}
}

struct TcpWire(TcpStream);

impl Wire for TcpWire {
    fn send(&mut self, bytes: &[u8]) -> Result<(), ServeError> {
        Ok(write_frame(&mut self.0, bytes)?)
    }

    fn recv(&mut self) -> Result<Option<Vec<u8>>, ServeError> {
        Ok(Some(read_frame(&mut self.0)?))
    }
}

struct WsWire(WebSocket<TcpStream>);

impl Wire for WsWire {
    fn send(&mut self, bytes: &[u8]) -> Result<(), ServeError> {
        Ok(self.0.send(Message::binary(bytes.to_vec()))?)
    }

    fn recv(&mut self) -> Result<Option<Vec<u8>>, ServeError> {
        loop {
            match self.0.read() {
                Ok(Message::Binary(b)) => return Ok(Some(b.to_vec())),
                // Pings are answered by tungstenite itself.
                Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => continue,
                Ok(Message::Text(_)) => {
                    return Err(ServeError::Protocol(
                        "text message (the channel uses binary messages)",
                    ));
                }
                Ok(Message::Close(_))
                | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    return Ok(None);
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn finish(&mut self) {
        // Start the closing handshake and wait (bounded by the read timeout) for the
        // client's answer; a client that just drops the connection is fine too.
        if self.0.close(None).is_ok() {
            while self.0.read().is_ok() {}
        }
    }
}

/// Runs the channel as responder over `wire`: the handshake, then echoes every
/// application message until the client closes.
fn serve_channel(
    wire: &mut dyn Wire,
    identity: &Identity,
    policy: PeerPolicy,
) -> Result<Report, ServeError> {
    let mut hs = Handshake::responder_with_os_rng(identity, policy)?;
    loop {
        match hs.next_step() {
            Step::Write => wire.send(&hs.write_message()?)?,
            Step::Read => {
                let msg = wire
                    .recv()?
                    .ok_or(ServeError::Protocol("client left during the handshake"))?;
                hs.read_message(&msg)?;
            }
            Step::Done => break,
            Step::Failed => return Err(ChannelError::Failed.into()),
        }
    }
    let mut session = hs.into_session()?;
    let peer = session.peer_id();
    let mut echoed = 0;
    loop {
        let record = wire.recv()?.ok_or(ServeError::Protocol(
            "client left without closing the channel",
        ))?;
        match session.open(&record)? {
            Received::Data(data) => {
                wire.send(&session.seal(&data)?)?;
                echoed += 1;
            }
            Received::KeyUpdate => {}
            Received::Close => {
                wire.send(&session.close()?)?;
                wire.finish();
                return Ok(Report { peer, echoed });
            }
        }
    }
}

/// Serves one accepted connection on `transport`.
pub fn serve_connection(
    stream: TcpStream,
    transport: Transport,
    identity: &Identity,
    policy: PeerPolicy,
) -> Result<Report, ServeError> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    match transport {
        Transport::Tcp => serve_channel(&mut TcpWire(stream), identity, policy),
        Transport::WebSocket => {
            // No message can exceed the largest record (handshake messages are smaller).
            let config = WebSocketConfig::default()
                .max_message_size(Some(MAX_RECORD))
                .max_frame_size(Some(MAX_RECORD));
            let ws = tungstenite::accept_with_config(stream, Some(config))
                .map_err(|e| ServeError::Upgrade(e.to_string()))?;
            serve_channel(&mut WsWire(ws), identity, policy)
        }
    }
}

/// Accepts connections on `listener` (at most `limit`, or forever), each served on
/// its own thread; `done` is called with each connection's outcome.
pub fn serve(
    listener: &TcpListener,
    transport: Transport,
    identity: &Identity,
    policy: &PeerPolicy,
    limit: Option<usize>,
    done: &(dyn Fn(Transport, Result<Report, ServeError>) + Sync),
) {
    std::thread::scope(|s| {
        for stream in listener.incoming().take(limit.unwrap_or(usize::MAX)) {
            match stream {
                Ok(stream) => {
                    let policy = policy.clone();
                    s.spawn(move || {
                        done(
                            transport,
                            serve_connection(stream, transport, identity, policy),
                        )
                    });
                }
                Err(e) => done(transport, Err(e.into())),
            }
        }
    });
}

/// The server identity from a 32-byte seed file, created with OS randomness if missing.
pub fn load_or_create_identity(file: &Path) -> Result<Identity, ServeError> {
    match std::fs::read(file) {
        Ok(bytes) => {
            let seed: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| ServeError::Protocol("the seed file is not 32 bytes"))?;
            Ok(Identity::from_seed(&seed))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let id = Identity::generate_with_os_rng()?;
            std::fs::write(file, id.seed())?;
            println!("created identity file {}", file.display());
            Ok(id)
        }
        Err(e) => Err(e.into()),
    }
}

/// Prints a connection's outcome.
pub fn log_outcome(transport: Transport, outcome: &Result<Report, ServeError>) {
    match outcome {
        Ok(r) => println!(
            "[{transport}] client {} echoed {} message(s), closed",
            r.peer, r.echoed
        ),
        Err(e) => println!("[{transport}] connection failed: {e}"),
    }
}

struct Options {
    seed: Option<String>,
    tcp_port: u16,
    ws_port: u16,
    allow: Vec<PeerId>,
    once: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        seed: None,
        tcp_port: 7878,
        ws_port: 7879,
        allow: Vec::new(),
        once: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--seed" => o.seed = Some(value()?.clone()),
            "--tcp" => o.tcp_port = value()?.parse().map_err(|e| format!("--tcp: {e}"))?,
            "--ws" => o.ws_port = value()?.parse().map_err(|e| format!("--ws: {e}"))?,
            "--allow" => o
                .allow
                .push(value()?.parse().map_err(|e| format!("--allow: {e}"))?),
            "--once" => o.once = true,
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(o)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: channel_server [--seed FILE] [--tcp PORT] [--ws PORT] \
                 [--allow FINGERPRINT]... [--once]"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = run(o) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(o: Options) -> Result<(), ServeError> {
    let identity = match &o.seed {
        Some(file) => load_or_create_identity(Path::new(file))?,
        None => Identity::generate_with_os_rng()?,
    };
    println!("server fingerprint: {}", identity.peer_id());
    let policy = if o.allow.is_empty() {
        println!("clients: any (each client's fingerprint is printed)");
        PeerPolicy::AnyPeer
    } else {
        println!("clients: {} allowed fingerprint(s)", o.allow.len());
        PeerPolicy::AllowList(o.allow)
    };
    let tcp = TcpListener::bind(("127.0.0.1", o.tcp_port))?;
    let ws = TcpListener::bind(("127.0.0.1", o.ws_port))?;
    println!("tcp listening on {}", tcp.local_addr()?);
    println!("ws listening on ws://{}", ws.local_addr()?);

    let (tx, rx) = std::sync::mpsc::channel::<bool>();
    let done = move |t: Transport, outcome: Result<Report, ServeError>| {
        log_outcome(t, &outcome);
        let _ = tx.send(outcome.is_ok());
    };
    let threads = [(tcp, Transport::Tcp), (ws, Transport::WebSocket)].map(|(l, t)| {
        let (identity, policy, done) = (identity.clone(), policy.clone(), done.clone());
        std::thread::spawn(move || serve(&l, t, &identity, &policy, None, &done))
    });
    drop(done);
    if o.once {
        let ok = rx.recv().unwrap_or(false);
        std::process::exit(if ok { 0 } else { 1 });
    }
    for t in threads {
        let _ = t.join();
    }
    Ok(())
}
