//! A TLS 1.3 client that authenticates the server by its pinned ML-DSA-65 raw
//! public key (no CA) and presents its own; key exchange X25519MLKEM768. Sends one
//! line and prints the reply.
//!
//! ```text
//! cargo run -p pqlattice-rustls --example rpk_client -- --key client.key --print-fingerprint
//! cargo run -p pqlattice-rustls --example rpk_client -- --key client.key --pin <server fingerprint> [--connect 127.0.0.1:4443] [--message TEXT]
//! ```

#[path = "common/args.rs"]
mod args;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::Arc;

use pqlattice_rustls::PinnedServerKey;
use rustls::client::AlwaysResolvesClientRawPublicKeys;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

const USAGE: &str = "usage: rpk_client --key FILE (--print-fingerprint | --pin FINGERPRINT...) [--connect ADDR] [--message TEXT]";

fn main() {
    if let Err(e) = run() {
        eprintln!("rpk_client: {e}");
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
        ClientConfig::builder_with_provider(Arc::new(pqlattice_rustls::provider()))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .map_err(|e| e.to_string())?
            .dangerous() // a custom verifier: the pin replaces the CA
            .with_custom_certificate_verifier(PinnedServerKey::new(args.pins))
            .with_client_cert_resolver(Arc::new(AlwaysResolvesClientRawPublicKeys::new(
                key.raw_public_key(),
            ))),
    );
    // With raw public keys the name is not checked; rustls still needs one.
    let name = ServerName::try_from("pinned.invalid").map_err(|e| e.to_string())?;
    let conn = ClientConnection::new(config, name).map_err(|e| e.to_string())?;
    let tcp = TcpStream::connect(&args.addr).map_err(|e| format!("{}: {e}", args.addr))?;
    let mut tls = StreamOwned::new(conn, tcp);
    writeln!(tls, "{}", args.message).map_err(|e| format!("handshake: {e}"))?;
    let group = tls
        .conn
        .negotiated_key_exchange_group()
        .map(|g| format!("{:?}", g.name()))
        .unwrap_or_default();
    eprintln!("connected to {} (pinned), key exchange {group}", args.addr);
    let mut reply = String::new();
    BufReader::new(&mut tls)
        .read_line(&mut reply)
        .map_err(|e| e.to_string())?;
    println!("{}", reply.trim_end());
    Ok(())
}
