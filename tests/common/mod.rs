//! Shared helpers for the known-answer tests: reading the gzip'd vector files.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;

/// Path of a file under `test-vectors/`.
pub fn vector_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("test-vectors")
        .join(rel)
}

/// Reads a (possibly gzip'd) vector file to a string.
pub fn read_vector_file(rel: &str) -> String {
    let path = vector_path(rel);
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if rel.ends_with(".gz") {
        let mut s = String::new();
        flate2::read::GzDecoder::new(&raw[..])
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
