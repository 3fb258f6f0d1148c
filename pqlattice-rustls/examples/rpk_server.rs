//! A TLS 1.3 server authenticated by a pinned ML-DSA-65 raw public key, which
//! accepts only clients whose raw public key is pinned; key exchange
//! X25519MLKEM768. Echoes one line per connection.
//!
//! ```text
//! cargo run -p pqlattice-rustls --example rpk_server -- --key server.key --print-fingerprint
//! cargo run -p pqlattice-rustls --example rpk_server -- --key server.key --pin <client fingerprint> [--listen 127.0.0.1:4443] [--once]
//! ```

#[path = "common/args.rs"]
mod args;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;

use pqlattice_rustls::{Fingerprint, PinnedClientKey};
use rustls::server::AlwaysResolvesServerRawPublicKeys;
use rustls::{ServerConfig, ServerConnection, StreamOwned};

const USAGE: &str = "usage: rpk_server --key FILE (--print-fingerprint | --pin FINGERPRINT...) [--listen ADDR] [--once]";

fn main() {
    if let Err(e) = run() {
        eprintln!("rpk_server: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args = args::parse(USAGE, "127.0.0.1:4443")?;
    let key = args::load_or_create_key(&args.key)?;
    if args.print_fingerprint {
        println!("{}", key.fingerprint());
        return Ok(());
    }
    let config = Arc::new(
        ServerConfig::builder_with_provider(Arc::new(pqlattice_rustls::provider()))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|e| e.to_string())?
            .with_client_cert_verifier(PinnedClientKey::new(args.pins))
            .with_cert_resolver(Arc::new(AlwaysResolvesServerRawPublicKeys::new(
                key.raw_public_key(),
            ))),
    );
    let listener = TcpListener::bind(&args.addr).map_err(|e| format!("{}: {e}", args.addr))?;
    println!("listening on {} as {}", args.addr, key.fingerprint());
    for tcp in listener.incoming() {
        let tcp = tcp.map_err(|e| e.to_string())?;
        match serve(config.clone(), tcp) {
            Ok(()) => {}
            Err(e) => eprintln!("connection failed: {e}"),
        }
        if args.once {
            break;
        }
    }
    Ok(())
}

fn serve(config: Arc<ServerConfig>, mut tcp: TcpStream) -> Result<(), String> {
    let peer = tcp.peer_addr().map_err(|e| e.to_string())?;
    let mut conn = ServerConnection::new(config).map_err(|e| e.to_string())?;
    while conn.is_handshaking() {
        conn.complete_io(&mut tcp)
            .map_err(|e| format!("{peer}: {e}"))?;
    }
    let client = conn
        .peer_certificates()
        .and_then(|c| c.first())
        .map(|spki| Fingerprint::of_spki(spki))
        .ok_or("no client key")?;
    let group = conn
        .negotiated_key_exchange_group()
        .map(|g| format!("{:?}", g.name()))
        .unwrap_or_default();
    println!("{peer}: client {client}, key exchange {group}");
    let mut tls = StreamOwned::new(conn, tcp);
    let mut line = String::new();
    BufReader::new(&mut tls)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    println!("{peer}: received {:?}", line.trim_end());
    writeln!(tls, "echo: {} (over {group})", line.trim_end()).map_err(|e| e.to_string())?;
    tls.conn.send_close_notify();
    tls.flush().map_err(|e| e.to_string())
}
