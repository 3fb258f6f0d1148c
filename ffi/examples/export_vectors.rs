//! Exports the ACVP known-answer vectors (gzip'd JSON under `test-vectors/`) to a
//! line-based text format that the C tests in `ffi/tests/` read without a JSON
//! parser.
//!
//! `cargo run -p pqlattice-ffi --release --example export_vectors -- OUT_DIR`
//!
//! Format: one case per line, space-separated tokens, byte strings in lower-case
//! hex (`-` for an empty one). The first token is the record kind, the second
//! the parameter set (512, 768, ...), the third the ACVP tcId:
//!
//! ```text
//! keygen     SET TCID seed(d||z) ek dk
//! encap      SET TCID ek dk m c k
//! decap      SET TCID dk c k
//! decap_seed SET TCID seed(d||z) dk c k
//! ekcheck    SET TCID ek PASSED(01|00)
//! dkcheck    SET TCID dk PASSED(01|00)
//! end        COUNT
//! ```
//!
//! The final `end` line carries the number of cases, so that a reader can check
//! that it ran every one.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn read_json(rel: &str) -> Res<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-vectors")
        .join(rel);
    let raw = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut s = String::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut s)?;
    Ok(serde_json::from_str(&s)?)
}

fn field<'a>(t: &'a serde_json::Value, name: &str) -> Res<&'a str> {
    t[name]
        .as_str()
        .ok_or_else(|| format!("tcId {}: missing field {name}", t["tcId"]).into())
}

/// A hex field, normalized to lower case ("-" when empty).
fn hexf(t: &serde_json::Value, name: &str) -> Res<String> {
    let s = field(t, name)?;
    hex::decode(s).map_err(|e| format!("tcId {}: field {name}: {e}", t["tcId"]))?;
    Ok(if s.is_empty() {
        "-".into()
    } else {
        s.to_ascii_lowercase()
    })
}

fn passed(t: &serde_json::Value) -> Res<&'static str> {
    match t["testPassed"].as_bool() {
        Some(true) => Ok("01"),
        Some(false) => Ok("00"),
        None => Err(format!("tcId {}: missing testPassed", t["tcId"]).into()),
    }
}

/// "ML-KEM-768" -> "768".
fn set(g: &serde_json::Value) -> Res<String> {
    let name = g["parameterSet"].as_str().ok_or("missing parameterSet")?;
    Ok(name.rsplit('-').next().unwrap_or(name).to_string())
}

fn tests(g: &serde_json::Value) -> Res<&Vec<serde_json::Value>> {
    g["tests"].as_array().ok_or_else(|| "missing tests".into())
}

fn groups(v: &serde_json::Value) -> Res<&Vec<serde_json::Value>> {
    v["testGroups"]
        .as_array()
        .ok_or_else(|| "missing testGroups".into())
}

/// ML-KEM keyGen: `keygen` records.
fn ml_kem_keygen(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    for g in groups(v)? {
        let set = set(g)?;
        for t in tests(g)? {
            let seed = format!("{}{}", hexf(t, "d")?, hexf(t, "z")?);
            out.push(format!(
                "keygen {set} {} {seed} {} {}",
                t["tcId"],
                hexf(t, "ek")?,
                hexf(t, "dk")?
            ));
        }
    }
    Ok(())
}

/// ML-KEM encapDecap (both revisions).
fn ml_kem_encap_decap(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    for g in groups(v)? {
        let set = set(g)?;
        let function = g["function"].as_str().ok_or("missing function")?;
        let key_format = g["keyFormat"].as_str().unwrap_or("expanded");
        for t in tests(g)? {
            let id = &t["tcId"];
            out.push(match (function, key_format) {
                ("encapsulation", _) => format!(
                    "encap {set} {id} {} {} {} {} {}",
                    hexf(t, "ek")?,
                    hexf(t, "dk")?,
                    hexf(t, "m")?,
                    hexf(t, "c")?,
                    hexf(t, "k")?
                ),
                ("decapsulation", "seed") => format!(
                    "decap_seed {set} {id} {}{} {} {} {}",
                    hexf(t, "d")?,
                    hexf(t, "z")?,
                    hexf(t, "dk")?,
                    hexf(t, "c")?,
                    hexf(t, "k")?
                ),
                ("decapsulation", _) => format!(
                    "decap {set} {id} {} {} {}",
                    hexf(t, "dk")?,
                    hexf(t, "c")?,
                    hexf(t, "k")?
                ),
                ("encapsulationKeyCheck", _) => {
                    format!("ekcheck {set} {id} {} {}", hexf(t, "ek")?, passed(t)?)
                }
                ("decapsulationKeyCheck", _) => {
                    format!("dkcheck {set} {id} {} {}", hexf(t, "dk")?, passed(t)?)
                }
                (f, k) => return Err(format!("unknown group: function {f}, keyFormat {k}").into()),
            });
        }
    }
    Ok(())
}

type Exporter = fn(&serde_json::Value, &mut Vec<String>) -> Res<()>;

const FILES: &[(&str, &str, Exporter)] = &[
    (
        "acvp/ML-KEM-keyGen-FIPS203/internalProjection.json.gz",
        "ml_kem_keygen.txt",
        ml_kem_keygen,
    ),
    (
        "acvp/ML-KEM-encapDecap-FIPS203/internalProjection.json.gz",
        "ml_kem_encapdecap.txt",
        ml_kem_encap_decap,
    ),
    (
        "acvp/ML-KEM-encapDecap-FIPS203-tr1/internalProjection.json.gz",
        "ml_kem_encapdecap_tr1.txt",
        ml_kem_encap_decap,
    ),
];

fn main() -> Res<()> {
    let out_dir = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/ffi-vectors"),
    };
    std::fs::create_dir_all(&out_dir)?;
    for (src, dst, export) in FILES {
        let v = read_json(src)?;
        let mut lines = Vec::new();
        export(&v, &mut lines)?;
        // Every test of every group must have become a record.
        let total: usize = groups(&v)?
            .iter()
            .map(|g| tests(g).map(Vec::len))
            .sum::<Res<usize>>()?;
        if lines.len() != total {
            return Err(format!("{src}: exported {} of {total} cases", lines.len()).into());
        }
        let path = out_dir.join(dst);
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        for l in &lines {
            writeln!(f, "{l}")?;
        }
        writeln!(f, "end {}", lines.len())?;
        f.flush()?;
        println!("{src} -> {}: {} cases", path.display(), lines.len());
    }
    Ok(())
}
