//! Shared by the `rpk_server` and `rpk_client` examples: command-line options and
//! the key file.

use std::path::Path;

use pqlattice_rustls::{Fingerprint, MlDsaAlgorithm, MlDsaSigningKey};

/// The options both examples take.
pub struct Args {
    /// `--key FILE`: this side's ML-DSA-65 key (PKCS#8, RFC 9881 seed form).
    pub key: String,
    /// `--pin FINGERPRINT`: the peer's key (repeatable).
    pub pins: Vec<Fingerprint>,
    /// `--print-fingerprint`: create the key if needed, print its pin and exit.
    pub print_fingerprint: bool,
    /// `--listen ADDR` / `--connect ADDR`.
    pub addr: String,
    /// `--message TEXT` (client).
    pub message: String,
    /// `--once` (server): exit after one connection.
    pub once: bool,
}

pub fn parse(usage: &str, default_addr: &str) -> Result<Args, String> {
    let mut args = Args {
        key: String::new(),
        pins: Vec::new(),
        print_fingerprint: false,
        addr: default_addr.to_string(),
        message: "hello over post-quantum TLS".to_string(),
        once: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value\n{usage}"));
        match a.as_str() {
            "--key" => args.key = value()?,
            "--pin" => args
                .pins
                .push(value()?.parse().map_err(|e| format!("--pin: {e}"))?),
            "--listen" | "--connect" => args.addr = value()?,
            "--message" => args.message = value()?,
            "--print-fingerprint" => args.print_fingerprint = true,
            "--once" => args.once = true,
            "-h" | "--help" => return Err(usage.to_string()),
            _ => return Err(format!("unknown option {a}\n{usage}")),
        }
    }
    if args.key.is_empty() {
        return Err(format!("--key is required\n{usage}"));
    }
    if args.pins.is_empty() && !args.print_fingerprint {
        return Err(format!(
            "--pin is required (the peer's fingerprint)\n{usage}"
        ));
    }
    Ok(args)
}

/// Loads the key from `path`, or creates a fresh ML-DSA-65 key there.
pub fn load_or_create_key(path: &str) -> Result<MlDsaSigningKey, String> {
    if Path::new(path).exists() {
        let der = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        MlDsaSigningKey::from_pkcs8(&der).map_err(|e| format!("{path}: {e}"))
    } else {
        let key = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).map_err(|e| e.to_string())?;
        let der = key.to_pkcs8().ok_or("a generated key has a seed")?;
        write_private(path, &der).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("created {path} (ML-DSA-65, PKCS#8)");
        Ok(key)
    }
}

#[cfg(unix)]
fn write_private(path: &str, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(data)
}

#[cfg(not(unix))]
fn write_private(path: &str, data: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, data)
}
