//! Two parties over TCP on 127.0.0.1 with the pqlattice channel: X-Wing key
//! exchange, ML-DSA-65 identities pinned by fingerprint, ChaCha20-Poly1305 records.
//!
//! One process, two threads (the default):
//!
//!     cargo run --release --example channel_tcp --features channel
//!
//! Two terminals (identities kept in seed files, created on first use):
//!
//!     # once: create both identities and print their fingerprints
//!     cargo run --release --example channel_tcp --features channel -- id server.key
//!     cargo run --release --example channel_tcp --features channel -- id client.key
//!     # terminal 1: the server pins the client's fingerprint
//!     cargo run --release --example channel_tcp --features channel -- server server.key CLIENT-FINGERPRINT
//!     # terminal 2: the client pins the server's fingerprint
//!     cargo run --release --example channel_tcp --features channel -- client client.key SERVER-FINGERPRINT
//!
//! Options after the fingerprint: an address (default 127.0.0.1:7878). A fingerprint
//! of `tofu` instead trusts the peer on first use and records it in `known_peers`
//! (refusing it loudly if its key later changes).

use pqlattice::channel::{
    ChannelError, Connection, Identity, KnownPeers, PeerId, PeerPolicy, RECORD_OVERHEAD,
};
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::time::Instant;

const DEFAULT_ADDR: &str = "127.0.0.1:7878";
const MESSAGES: [&str; 3] = [
    "hello over a post-quantum channel",
    "no certificate authority in between",
    "goodbye",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] => demo_two_threads(),
        ["id", file] => load_or_create(file).map(|id| println!("{}", id.peer_id())),
        ["server", file, peer, rest @ ..] => server(file, peer, rest.first().copied()),
        ["client", file, peer, rest @ ..] => client(file, peer, rest.first().copied()),
        _ => {
            eprintln!(
                "usage: channel_tcp                          (two threads, one process)\n\
                 \x20      channel_tcp id FILE                  (create/show an identity)\n\
                 \x20      channel_tcp server FILE PEER [ADDR]  (PEER: fingerprint or tofu)\n\
                 \x20      channel_tcp client FILE PEER [ADDR]"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// An identity from a 32-byte seed file, created with OS randomness if missing.
fn load_or_create(file: &str) -> Result<Identity, ChannelError> {
    let path = Path::new(file);
    match std::fs::read(path) {
        Ok(bytes) => {
            let seed: [u8; 32] =
                bytes
                    .as_slice()
                    .try_into()
                    .map_err(|_| ChannelError::KnownPeersFile {
                        line: 0,
                        reason: "identity file is not 32 bytes",
                    })?;
            Ok(Identity::from_seed(&seed))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let id = Identity::generate_with_os_rng()?;
            std::fs::write(path, id.seed())?;
            eprintln!("created identity {file}");
            Ok(id)
        }
        Err(e) => Err(e.into()),
    }
}

/// The policy for `peer`: a pinned fingerprint, or trust on first use under `name`.
fn policy(peer: &str, name: &str) -> Result<(PeerPolicy, Option<KnownPeers>), ChannelError> {
    if peer == "tofu" {
        let known = KnownPeers::load("known_peers")?;
        Ok((known.policy_for(name)?, Some(known)))
    } else {
        Ok((PeerPolicy::Pinned(peer.parse::<PeerId>()?), None))
    }
}

fn print_handshake(who: &str, conn: &Connection, ms: f64) {
    let [m1, m2, m3] = conn.handshake_message_sizes();
    println!("[{who}] authenticated peer {}", conn.peer_id());
    println!(
        "[{who}] handshake {ms:.2} ms; on the wire: InitiatorHello {} B, ResponderHello {} B, InitiatorAuth {} B (4-byte frame headers included), total {} B",
        m1 + 4,
        m2 + 4,
        m3 + 4,
        m1 + m2 + m3 + 12
    );
}

fn run_server(
    listener: &TcpListener,
    me: &Identity,
    peer_policy: PeerPolicy,
) -> Result<Connection, ChannelError> {
    let (stream, _) = listener.accept()?;
    stream.set_nodelay(true)?;
    // Timed from the accepted connection (not the wait for a client).
    let t = Instant::now();
    let mut conn = Connection::respond(stream, me, peer_policy)?;
    print_handshake("server", &conn, t.elapsed().as_secs_f64() * 1e3);
    while let Some(msg) = conn.recv()? {
        let text = String::from_utf8_lossy(&msg);
        println!(
            "[server] received {} B: {text:?}",
            msg.len() + RECORD_OVERHEAD + 4
        );
        let reply = format!("echo: {text}");
        conn.send(reply.as_bytes())?;
    }
    conn.close()?;
    println!("[server] client closed; closed");
    Ok(conn)
}

fn run_client(
    addr: SocketAddr,
    me: &Identity,
    peer_policy: PeerPolicy,
) -> Result<Connection, ChannelError> {
    let t = Instant::now();
    let mut conn = Connection::connect(addr, me, peer_policy)?;
    print_handshake("client", &conn, t.elapsed().as_secs_f64() * 1e3);
    for m in MESSAGES {
        let t = Instant::now();
        let sent = conn.send(m.as_bytes())?;
        let reply = conn.recv()?.ok_or(ChannelError::Closed)?;
        println!(
            "[client] sent {sent} B ({} B plaintext + {RECORD_OVERHEAD} B record overhead + 4 B frame), reply {:?} after {:.3} ms",
            m.len(),
            String::from_utf8_lossy(&reply),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let mut key = [0u8; 32];
    conn.session().export(b"EXPORTER-demo", b"", &mut key)?;
    println!(
        "[client] exporter key (same on both sides): {}",
        hex(&key[..8])
    );
    conn.close()?;
    let end = conn.recv()?;
    println!("[client] server closed too: {}", end.is_none());
    Ok(conn)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<String>() + "..."
}

fn demo_two_threads() -> Result<(), ChannelError> {
    let t = Instant::now();
    let server_id = Identity::generate_with_os_rng()?;
    let client_id = Identity::generate_with_os_rng()?;
    println!(
        "identities generated in {:.2} ms (ML-DSA-65, 32-byte seeds)",
        t.elapsed().as_secs_f64() * 1e3
    );
    // Fingerprints are what the two operators exchange out of band (and compare).
    let server_fp = server_id.peer_id().to_string();
    let client_fp = client_id.peer_id().to_string();
    println!("server fingerprint: {server_fp}");
    println!("client fingerprint: {client_fp}");
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    println!("server listening on {addr}");
    let pin_client: PeerId = client_fp.parse()?;
    let server = std::thread::spawn(move || {
        run_server(&listener, &server_id, PeerPolicy::Pinned(pin_client)).map(|c| {
            let mut key = [0u8; 32];
            c.session()
                .export(b"EXPORTER-demo", b"", &mut key)
                .map(|()| key)
        })
    });
    let conn = run_client(addr, &client_id, PeerPolicy::Pinned(server_fp.parse()?))?;
    let server_key = server.join().map_err(|_| ChannelError::Failed)???;
    let mut client_key = [0u8; 32];
    conn.session()
        .export(b"EXPORTER-demo", b"", &mut client_key)?;
    assert_eq!(server_key, client_key);
    println!("both sides agree on the session (exporter and transcript hash)");

    // A client that pins the wrong fingerprint is refused before any data flows.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let wrong = Identity::generate_with_os_rng()?;
    let impostor = std::thread::spawn(move || {
        Connection::accept(&listener, &wrong, PeerPolicy::AnyPeer).map(|_| ())
    });
    let err =
        Connection::connect(addr, &client_id, PeerPolicy::Pinned(server_fp.parse()?)).unwrap_err();
    println!("connecting to a server with another key: refused ({err})");
    let _ = impostor.join();
    Ok(())
}

fn server(file: &str, peer: &str, addr: Option<&str>) -> Result<(), ChannelError> {
    let me = load_or_create(file)?;
    println!("[server] my fingerprint: {}", me.peer_id());
    let addr = addr.unwrap_or(DEFAULT_ADDR);
    let listener = TcpListener::bind(addr)?;
    println!("[server] listening on {addr}");
    loop {
        let (p, known) = policy(peer, "client")?;
        match run_server(&listener, &me, p) {
            Ok(conn) => {
                if let Some(mut k) = known {
                    k.remember("client", conn.peer_id())?;
                }
            }
            Err(e) => eprintln!("[server] connection failed: {e}"),
        }
    }
}

fn client(file: &str, peer: &str, addr: Option<&str>) -> Result<(), ChannelError> {
    let me = load_or_create(file)?;
    println!("[client] my fingerprint: {}", me.peer_id());
    let addr: SocketAddr = addr
        .unwrap_or(DEFAULT_ADDR)
        .parse()
        .map_err(|_| ChannelError::Io(std::io::ErrorKind::InvalidInput))?;
    let (p, known) = policy(peer, &addr.to_string())?;
    let conn = run_client(addr, &me, p)?;
    if let Some(mut k) = known {
        k.remember(&addr.to_string(), conn.peer_id())?;
    }
    Ok(())
}
