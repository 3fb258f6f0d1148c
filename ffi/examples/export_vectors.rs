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
//! dsa_keygen         SET TCID seed pk sk
//! dsa_sign           SET TCID sk msg ctx sig              (deterministic)
//! dsa_sign_prehash   SET TCID hash sk digest ctx sig      (deterministic)
//! dsa_sign_seed      SET TCID seed msg ctx sig            (deterministic, key as xi)
//! dsa_sign_prehash_seed SET TCID hash seed digest ctx sig (deterministic, key as xi)
//! dsa_verify         SET TCID pk msg ctx sig PASSED(01|00)
//! dsa_verify_prehash SET TCID hash pk digest ctx sig PASSED(01|00)
//! dsa_verify_mu      SET TCID pk mu sig PASSED(01|00)
//! end        COUNT
//! ```
//!
//! `hash` is the one-byte `PQL_HASH_*` id (the last byte of the hash's OID), and
//! `digest` is PH(message), computed here with the RustCrypto hash crates. For the
//! internal-interface sigVer cases without external mu, the message is M' and the
//! exporter computes mu = SHAKE256(SHAKE256(pk, 64) || M', 64) for `dsa_verify_mu`.
//!
//! The final `end` line carries the number of cases, so that a reader can check
//! that it ran every one.
//!
//! It also exports the X-Wing vectors (`test-vectors/xwing`) to `xwing.vec` and
//! the channel vectors (`test-vectors/channel/v1.json`) to `channel.vec`, in the
//! same token format (see `export_xwing` and `export_channel`), read by
//! `tests/test_xwing.c` and `tests/test_channel.c`.

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

/// The `PQL_HASH_*` id (OID suffix) and PH(msg) for an ACVP hash name.
fn prehash(name: &str, msg: &[u8]) -> Res<(u8, Vec<u8>)> {
    use sha2::Digest;
    use shake::{ExtendableOutput, Update, XofReader};
    fn xof<X: Default + Update + ExtendableOutput>(msg: &[u8], n: usize) -> Vec<u8> {
        let mut x = X::default();
        x.update(msg);
        let mut out = vec![0u8; n];
        x.finalize_xof().read(&mut out);
        out
    }
    Ok(match name {
        "SHA2-256" => (1, sha2::Sha256::digest(msg).to_vec()),
        "SHA2-384" => (2, sha2::Sha384::digest(msg).to_vec()),
        "SHA2-512" => (3, sha2::Sha512::digest(msg).to_vec()),
        "SHA2-224" => (4, sha2::Sha224::digest(msg).to_vec()),
        "SHA2-512/224" => (5, sha2::Sha512_224::digest(msg).to_vec()),
        "SHA2-512/256" => (6, sha2::Sha512_256::digest(msg).to_vec()),
        "SHA3-224" => (7, sha3::Sha3_224::digest(msg).to_vec()),
        "SHA3-256" => (8, sha3::Sha3_256::digest(msg).to_vec()),
        "SHA3-384" => (9, sha3::Sha3_384::digest(msg).to_vec()),
        "SHA3-512" => (10, sha3::Sha3_512::digest(msg).to_vec()),
        "SHAKE-128" => (11, xof::<shake::Shake128>(msg, 32)),
        "SHAKE-256" => (12, xof::<shake::Shake256>(msg, 64)),
        other => return Err(format!("unknown hash {other}").into()),
    })
}

/// Lower-case hex, "-" when empty.
fn hx(b: &[u8]) -> String {
    if b.is_empty() {
        "-".into()
    } else {
        hex::encode(b)
    }
}

fn bytes(t: &serde_json::Value, name: &str) -> Res<Vec<u8>> {
    Ok(hex::decode(field(t, name)?)?)
}

/// ML-DSA keyGen: `dsa_keygen` records.
fn ml_dsa_keygen(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    for g in groups(v)? {
        let set = set(g)?;
        for t in tests(g)? {
            out.push(format!(
                "dsa_keygen {set} {} {} {} {}",
                t["tcId"],
                hexf(t, "seed")?,
                hexf(t, "pk")?,
                hexf(t, "sk")?
            ));
        }
    }
    Ok(())
}

/// ML-DSA sigVer: every case, through verify, verify_prehash or verify_mu.
fn ml_dsa_sigver(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    use shake::{ExtendableOutput, Update, XofReader};
    for g in groups(v)? {
        let set = set(g)?;
        let interface = g["signatureInterface"]
            .as_str()
            .ok_or("missing interface")?;
        let pre_hash = g["preHash"].as_str().unwrap_or("none");
        let external_mu = g["externalMu"].as_bool().unwrap_or(false);
        for t in tests(g)? {
            let id = &t["tcId"];
            let (pk, sig, ok) = (hexf(t, "pk")?, hexf(t, "signature")?, passed(t)?);
            out.push(match (interface, pre_hash, external_mu) {
                ("external", "pure", _) => format!(
                    "dsa_verify {set} {id} {pk} {} {} {sig} {ok}",
                    hexf(t, "message")?,
                    hexf(t, "context")?
                ),
                ("external", "preHash", _) => {
                    let (h, ph) = prehash(field(t, "hashAlg")?, &bytes(t, "message")?)?;
                    format!(
                        "dsa_verify_prehash {set} {id} {h:02x} {pk} {} {} {sig} {ok}",
                        hx(&ph),
                        hexf(t, "context")?
                    )
                }
                ("internal", _, true) => {
                    format!(
                        "dsa_verify_mu {set} {id} {pk} {} {sig} {ok}",
                        hexf(t, "mu")?
                    )
                }
                ("internal", _, false) => {
                    // mu = H(H(pk, 64) || M', 64) with H = SHAKE256.
                    let mut tr = [0u8; 64];
                    let mut x = shake::Shake256::default();
                    x.update(&bytes(t, "pk")?);
                    x.finalize_xof().read(&mut tr);
                    let mut mu = [0u8; 64];
                    let mut x = shake::Shake256::default();
                    x.update(&tr);
                    x.update(&bytes(t, "message")?);
                    x.finalize_xof().read(&mut mu);
                    format!("dsa_verify_mu {set} {id} {pk} {} {sig} {ok}", hx(&mu))
                }
                (i, p, m) => {
                    return Err(format!("unknown group: {i} {p} externalMu={m}").into());
                }
            });
        }
    }
    Ok(())
}

/// ML-DSA sigGen (prompt + expected results joined on tgId/tcId): the deterministic
/// external-interface cases, which the C API can reproduce byte for byte.
fn ml_dsa_siggen(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    siggen(v, "acvp/ML-DSA-sigGen-FIPS204/expectedResults.json.gz", out)
}

/// The same for the FIPS204-tr1 revision, whose keys are given as a seed or expanded.
fn ml_dsa_siggen_tr1(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    siggen(
        v,
        "acvp/ML-DSA-sigGen-FIPS204-tr1/expectedResults.json.gz",
        out,
    )
}

fn siggen(v: &serde_json::Value, expected: &str, out: &mut Vec<String>) -> Res<()> {
    let expected = read_json(expected)?;
    let mut sigs = std::collections::HashMap::new();
    for g in groups(&expected)? {
        for t in tests(g)? {
            sigs.insert(
                (g["tgId"].as_u64(), t["tcId"].as_u64()),
                hexf(t, "signature")?,
            );
        }
    }
    for g in groups(v)? {
        let set = set(g)?;
        if g["deterministic"].as_bool() != Some(true)
            || g["signatureInterface"].as_str() != Some("external")
        {
            continue;
        }
        for t in tests(g)? {
            let id = &t["tcId"];
            let sig = sigs
                .get(&(g["tgId"].as_u64(), t["tcId"].as_u64()))
                .ok_or_else(|| format!("no expected signature for tcId {id}"))?;
            let ctx = hexf(t, "context")?;
            // keyFormat "seed" (tr1 only): the key is given as xi.
            let (key, seed) = match g["keyFormat"].as_str() {
                Some("seed") => (hexf(t, "seed")?, "_seed"),
                _ => (hexf(t, "sk")?, ""),
            };
            out.push(match g["preHash"].as_str() {
                Some("pure") => {
                    format!(
                        "dsa_sign{seed} {set} {id} {key} {} {ctx} {sig}",
                        hexf(t, "message")?
                    )
                }
                Some("preHash") => {
                    let (h, ph) = prehash(field(t, "hashAlg")?, &bytes(t, "message")?)?;
                    format!(
                        "dsa_sign_prehash{seed} {set} {id} {h:02x} {key} {} {ctx} {sig}",
                        hx(&ph)
                    )
                }
                other => return Err(format!("unknown preHash {other:?}").into()),
            });
        }
    }
    Ok(())
}

/// The number of source cases an exporter covers (all, or a filtered subset).
fn covered(file: &str, v: &serde_json::Value) -> Res<usize> {
    let mut n = 0;
    for g in groups(v)? {
        let siggen_subset = file.contains("sigGen")
            && (g["deterministic"].as_bool() != Some(true)
                || g["signatureInterface"].as_str() != Some("external"));
        if !siggen_subset {
            n += tests(g)?.len();
        }
    }
    Ok(n)
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
    (
        "acvp/ML-DSA-keyGen-FIPS204/internalProjection.json.gz",
        "ml_dsa_keygen.txt",
        ml_dsa_keygen,
    ),
    (
        "acvp/ML-DSA-sigGen-FIPS204/prompt.json.gz",
        "ml_dsa_siggen.txt",
        ml_dsa_siggen,
    ),
    (
        "acvp/ML-DSA-sigGen-FIPS204-tr1/prompt.json.gz",
        "ml_dsa_siggen_tr1.txt",
        ml_dsa_siggen_tr1,
    ),
    (
        "acvp/ML-DSA-sigVer-FIPS204/internalProjection.json.gz",
        "ml_dsa_sigver.txt",
        ml_dsa_sigver,
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
        // Every test of every (selected) group must have become a record.
        let total = covered(src, &v)?;
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
    export_plain(
        &out_dir,
        "xwing/test-vectors.json",
        "xwing.vec",
        export_xwing,
    )?;
    export_plain(&out_dir, "channel/v1.json", "channel.vec", export_channel)?;
    Ok(())
}

/// Reads a plain (not gzip'd) JSON file under `test-vectors/`.
fn read_plain_json(rel: &str) -> Res<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../test-vectors")
        .join(rel);
    let s = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(serde_json::from_str(&s)?)
}

/// Exports one plain JSON vector file as `OUT_DIR/dst` (`.vec`: not read by
/// `test_kat`, which takes the `.txt` files), closed by `end COUNT`.
fn export_plain(
    out_dir: &Path,
    src: &str,
    dst: &str,
    export: fn(&serde_json::Value, &mut Vec<String>) -> Res<()>,
) -> Res<()> {
    let v = read_plain_json(src)?;
    let mut lines = Vec::new();
    export(&v, &mut lines)?;
    let path = out_dir.join(dst);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    for l in &lines {
        writeln!(f, "{l}")?;
    }
    writeln!(f, "end {}", lines.len())?;
    f.flush()?;
    println!("{src} -> {}: {} records", path.display(), lines.len());
    Ok(())
}

/// A hex field of a plain JSON object, lower case ("-" when empty).
fn hex_of(t: &serde_json::Value, name: &str) -> Res<String> {
    let s = t[name]
        .as_str()
        .ok_or_else(|| format!("missing field {name}"))?;
    hex::decode(s).map_err(|e| format!("field {name}: {e}"))?;
    Ok(if s.is_empty() {
        "-".into()
    } else {
        s.to_ascii_lowercase()
    })
}

/// X-Wing (draft-connolly-cfrg-xwing-kem-10 appendix C), one line per case:
///
/// ```text
/// xwing INDEX seed sk pk eseed ct ss
/// ```
fn export_xwing(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    let cases = v.as_array().ok_or("xwing: not an array")?;
    for (i, c) in cases.iter().enumerate() {
        let f = ["seed", "sk", "pk", "eseed", "ct", "ss"]
            .iter()
            .map(|n| hex_of(c, n))
            .collect::<Res<Vec<_>>>()?;
        out.push(format!("xwing {i} {}", f.join(" ")));
    }
    if out.is_empty() {
        return Err("xwing: no cases".into());
    }
    Ok(())
}

/// The channel vectors (docs/channel.md section 11):
///
/// ```text
/// party    initiator|responder identity_seed randomness peer_id fingerprint verifying_key
/// message  initiator_hello|responder_hello|initiator_auth bytes
/// th       transcript_hash
/// export   label context length output
/// record   initiator|responder data|key_update|close plaintext record
/// ```
fn export_channel(v: &serde_json::Value, out: &mut Vec<String>) -> Res<()> {
    for who in ["initiator", "responder"] {
        let p = &v[who];
        let fp = p["fingerprint"].as_str().ok_or("missing fingerprint")?;
        if fp.is_empty() || fp.contains(char::is_whitespace) {
            return Err("malformed fingerprint".into());
        }
        out.push(format!(
            "party {who} {} {} {} {fp} {}",
            hex_of(p, "identity_seed")?,
            hex_of(p, "randomness")?,
            hex_of(p, "peer_id")?,
            hex_of(p, "verifying_key")?
        ));
    }
    for m in ["initiator_hello", "responder_hello", "initiator_auth"] {
        out.push(format!("message {m} {}", hex_of(&v["messages"], m)?));
    }
    out.push(format!("th {}", hex_of(v, "transcript_hash")?));
    for e in v["exporter"].as_array().ok_or("missing exporter")? {
        let n = e["length"].as_u64().ok_or("missing length")?;
        out.push(format!(
            "export {} {} {n} {}",
            hex_of(e, "label")?,
            hex_of(e, "context")?,
            hex_of(e, "output")?
        ));
    }
    for r in v["records"].as_array().ok_or("missing records")? {
        let from = r["from"].as_str().ok_or("missing from")?;
        let kind = r["kind"].as_str().ok_or("missing kind")?;
        out.push(format!(
            "record {from} {kind} {} {}",
            hex_of(r, "plaintext")?,
            hex_of(r, "record")?
        ));
    }
    Ok(())
}
