//! Shared helpers for the integration tests: reading the gzip'd vector files and
//! computing PH(M) with the RustCrypto hash crates (dev-dependencies only).
#![allow(dead_code)]

use flate2::read::GzDecoder;
use pqlattice::ml_dsa::PreHash;
use std::io::Read;
use std::path::PathBuf;

pub mod resources;

/// Path of a file under `test-vectors/`, or under `$PQLATTICE_TEST_VECTORS` when set
/// (a binary run away from the source tree, e.g. in the AVX-512 emulator's guest).
pub fn vector_path(rel: &str) -> PathBuf {
    match std::env::var_os("PQLATTICE_TEST_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-vectors"),
    }
    .join(rel)
}

/// Reads a (possibly gzip'd) vector file to a string.
pub fn read_vector_file(rel: &str) -> String {
    let path = vector_path(rel);
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if rel.ends_with(".gz") {
        let mut s = String::new();
        GzDecoder::new(&raw[..])
            .read_to_string(&mut s)
            .expect("gunzip");
        s
    } else {
        String::from_utf8(raw).expect("utf-8")
    }
}

/// Parses a JSON vector file.
pub fn read_json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read_vector_file(rel)).expect("json")
}

/// Hex field of a JSON test case.
pub fn hexf(v: &serde_json::Value, field: &str) -> Vec<u8> {
    hex::decode(
        v[field]
            .as_str()
            .unwrap_or_else(|| panic!("missing field {field}")),
    )
    .expect("hex")
}

/// Number of test cases in an ACVP file (sum over groups).
pub fn acvp_case_count(v: &serde_json::Value) -> usize {
    v["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["tests"].as_array().unwrap().len())
        .sum()
}

pub fn read_gz(rel: &str) -> String {
    let f = std::fs::File::open(vector_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut s = String::new();
    GzDecoder::new(f).read_to_string(&mut s).unwrap();
    s
}

pub fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read_gz(rel)).unwrap()
}

pub fn hx(v: &serde_json::Value) -> Vec<u8> {
    hex::decode(v.as_str().expect("hex string")).expect("valid hex")
}

/// PH(M) for HashML-DSA.
pub fn prehash(h: PreHash, msg: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    use shake::{ExtendableOutput, Update, XofReader};
    match h {
        PreHash::Sha2_224 => sha2::Sha224::digest(msg).to_vec(),
        PreHash::Sha2_256 => sha2::Sha256::digest(msg).to_vec(),
        PreHash::Sha2_384 => sha2::Sha384::digest(msg).to_vec(),
        PreHash::Sha2_512 => sha2::Sha512::digest(msg).to_vec(),
        PreHash::Sha2_512_224 => sha2::Sha512_224::digest(msg).to_vec(),
        PreHash::Sha2_512_256 => sha2::Sha512_256::digest(msg).to_vec(),
        PreHash::Sha3_224 => sha3::Sha3_224::digest(msg).to_vec(),
        PreHash::Sha3_256 => sha3::Sha3_256::digest(msg).to_vec(),
        PreHash::Sha3_384 => sha3::Sha3_384::digest(msg).to_vec(),
        PreHash::Sha3_512 => sha3::Sha3_512::digest(msg).to_vec(),
        PreHash::Shake128 => {
            let mut x = shake::Shake128::default();
            x.update(msg);
            let mut out = vec![0u8; 32];
            x.finalize_xof().read(&mut out);
            out
        }
        PreHash::Shake256 => {
            let mut x = shake::Shake256::default();
            x.update(msg);
            let mut out = vec![0u8; 64];
            x.finalize_xof().read(&mut out);
            out
        }
        #[allow(unreachable_patterns)]
        _ => unreachable!(),
    }
}

/// Calls `$f::<P>(args)` with P the parameter set named `$name` ("ML-DSA-44" ...).
#[macro_export]
macro_rules! for_param {
    ($name:expr, $f:ident ( $($arg:expr),* )) => {
        match $name {
            "ML-DSA-44" => $f::<pqlattice::ml_dsa::MlDsa44>($($arg),*),
            "ML-DSA-65" => $f::<pqlattice::ml_dsa::MlDsa65>($($arg),*),
            "ML-DSA-87" => $f::<pqlattice::ml_dsa::MlDsa87>($($arg),*),
            other => panic!("unknown parameter set {other}"),
        }
    };
}

/// Checks that the backend requested through `PQLATTICE_BACKEND` (how
/// `scripts/test.sh` runs the suites once per backend) is the one in use, so a
/// request for an unavailable backend fails the run instead of silently testing
/// another one. Without the variable, the automatically chosen backend is used.
pub fn check_requested_backend() {
    let active = pqlattice::backend::active();
    match std::env::var("PQLATTICE_BACKEND") {
        Ok(name) => assert_eq!(
            active.name(),
            name.trim(),
            "PQLATTICE_BACKEND={name} requested, but {} is active (not available here?)",
            active.name()
        ),
        Err(_) => assert_eq!(active, pqlattice::backend::best()),
    }
    eprintln!("backend under test: {}", active.name());
}
