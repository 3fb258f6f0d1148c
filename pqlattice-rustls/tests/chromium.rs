//! Debian's Chromium (headless) fetches a page over HTTPS from a server on
//! 127.0.0.1 that uses this crate's provider; the server records the key-exchange
//! group of every connection, which must be X25519MLKEM768 (Chromium offers it by
//! default). Chromium does not do raw public keys or ML-DSA, so the server has a
//! classical self-signed certificate, which Chromium is told to accept by its SPKI
//! hash (`--ignore-certificate-errors-spki-list`).
//!
//! Needs a `chromium` binary (Debian package `chromium`), so it is ignored by
//! default; `scripts/test-rustls.sh` installs Chromium and runs it with
//! `--include-ignored`. `PQLATTICE_CHROMIUM` names another binary.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::classical_cert_for;
use rustls::crypto::CryptoProvider;
use rustls::{NamedGroup, ServerConfig, ServerConnection, StreamOwned};

/// What the server saw on one connection.
#[derive(Debug, Clone)]
struct Seen {
    group: Option<NamedGroup>,
    request_line: Option<String>,
    error: Option<String>,
}

/// Serves HTTPS on 127.0.0.1 (a thread per connection) until the process ends;
/// returns the port and the log of connections.
fn serve(config: Arc<ServerConfig>) -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            let log = log2.clone();
            std::thread::spawn(move || {
                let seen = handle(config, stream);
                log.lock().unwrap().push(seen);
            });
        }
    });
    (port, log)
}

fn handle(config: Arc<ServerConfig>, tcp: TcpStream) -> Seen {
    let mut seen = Seen {
        group: None,
        request_line: None,
        error: None,
    };
    tcp.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let conn = match ServerConnection::new(config) {
        Ok(c) => c,
        Err(e) => {
            seen.error = Some(e.to_string());
            return seen;
        }
    };
    let mut tls = StreamOwned::new(conn, tcp);
    // Reading drives the handshake; the group is known once it is done. One
    // reader for the whole request head (it buffers past the first line).
    let mut reader = BufReader::new(&mut tls);
    let mut head = Vec::new();
    let result = loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => break Err("connection closed before the end of a request".to_string()),
            Ok(_) if line == "\r\n" || line == "\n" => break Ok(()),
            Ok(_) => head.push(line.trim_end().to_string()),
            Err(e) => break Err(e.to_string()),
        }
    };
    drop(reader);
    seen.group = tls.conn.negotiated_key_exchange_group().map(|g| g.name());
    seen.request_line = head.first().cloned();
    if let Err(e) = result {
        seen.error = Some(e);
        return seen;
    }
    let group = seen.group.map(|g| format!("{g:?}")).unwrap_or_default();
    let body = format!(
        "<!doctype html><html><head><title>pqlattice-rustls</title></head>\
         <body><p id=\"kx\">pqlattice-rustls served this over {group}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    if let Err(e) = tls.write_all(response.as_bytes()).and_then(|_| tls.flush()) {
        seen.error = Some(e.to_string());
    }
    tls.conn.send_close_notify();
    let _ = tls.flush();
    seen
}

/// Standard base64 (RFC 4648, with padding), for Chromium's SPKI list.
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_known_answers() {
    // RFC 4648 section 10.
    for (i, o) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(i.as_bytes()), o);
    }
}

/// Runs headless Chromium on `url` with `--dump-dom`; returns its stdout (the
/// DOM after load) and stderr.
fn chromium_dump_dom(url: &str, spki_b64: &str) -> (String, String) {
    let bin = std::env::var("PQLATTICE_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    // One profile directory per browser run: the tests run in parallel threads of
    // one process, and Chromium refuses a profile another instance holds.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let profile = std::env::temp_dir().join(format!(
        "pqlattice-rustls-chromium-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).unwrap();
    let mut child = Command::new(&bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--ignore-certificate-errors-spki-list={spki_b64}"))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {bin} (install the Debian package chromium): {e}"));
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Serves one page with `provider`, has Chromium fetch it, and returns the group
/// of the connection that served `GET /`, with the page Chromium saw.
fn fetch_with(provider: CryptoProvider) -> (NamedGroup, String, Vec<Seen>) {
    let (cert, key) = classical_cert_for("127.0.0.1");
    let spki = rustls::server::ParsedCertificate::try_from(&cert)
        .unwrap()
        .subject_public_key_info();
    let spki_b64 = base64(pqlattice_rustls::Fingerprint::of_spki(&spki).0.as_slice());
    let config = Arc::new(
        ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    );
    let (port, log) = serve(config);
    let (dom, stderr) = chromium_dump_dom(&format!("https://127.0.0.1:{port}/"), &spki_b64);
    // Chromium may still be closing other connections: give the log a moment.
    std::thread::sleep(Duration::from_millis(300));
    let seen = log.lock().unwrap().clone();
    let page = seen
        .iter()
        .find(|s| s.request_line.as_deref().is_some_and(|l| l.starts_with("GET / ")))
        .unwrap_or_else(|| panic!("Chromium never requested the page.\nconnections: {seen:?}\nDOM: {dom}\nstderr: {stderr}"));
    (
        page.group.expect("a group once the request arrived"),
        dom,
        seen,
    )
}

#[test]
#[ignore = "needs Debian's chromium: run by scripts/test-rustls.sh"]
fn chromium_negotiates_x25519mlkem768() {
    let (group, dom, seen) = fetch_with(pqlattice_rustls::provider());
    println!("server log: {seen:?}");
    assert_eq!(group, NamedGroup::X25519MLKEM768);
    // Every TLS connection Chromium made used the hybrid group.
    for s in &seen {
        if let Some(g) = s.group {
            assert_eq!(g, NamedGroup::X25519MLKEM768, "{s:?}");
        }
    }
    // Chromium decrypted and rendered the page, which names the group.
    assert!(
        dom.contains("pqlattice-rustls served this over X25519MLKEM768"),
        "DOM: {dom}"
    );
}

/// Negative control: the same fetch from a server without ML-KEM records X25519,
/// so the group check above can fail.
#[test]
#[ignore = "needs Debian's chromium: run by scripts/test-rustls.sh"]
fn chromium_control_without_mlkem() {
    #[allow(deprecated)]
    let classical = rustls::crypto::ring::default_provider();
    let (group, dom, _) = fetch_with(classical);
    assert_eq!(group, NamedGroup::X25519);
    assert!(
        dom.contains("pqlattice-rustls served this over X25519<"),
        "DOM: {dom}"
    );
}
