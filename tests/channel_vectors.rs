//! The committed deterministic channel vectors (`test-vectors/channel/v1.json`) are
//! exactly what the implementation produces, and they are self-consistent: the
//! recorded messages drive fresh handshakes to the recorded transcript hash, the
//! records open to the recorded plaintexts, and the PeerIds match an independent
//! SHA3-256 (RustCrypto `sha3`).

#[path = "common/channel_vectors.rs"]
mod channel_vectors;

use channel_vectors::*;
use pqlattice::channel::*;
use serde_json::Value;
use sha3::Digest;

fn committed() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn unhex(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

#[test]
fn committed_vectors_are_unchanged() {
    let file = committed();
    let fresh = generate();
    // Field by field first, for a readable failure.
    for key in [
        "initiator",
        "responder",
        "messages",
        "transcript_hash",
        "exporter",
        "records",
    ] {
        assert_eq!(
            file[key], fresh[key],
            "field {key} differs from the implementation's output"
        );
    }
    assert_eq!(file, fresh);
}

#[test]
fn committed_vectors_replay() {
    let v = committed();
    let i_seed: [u8; 32] = unhex(&v["initiator"]["identity_seed"]).try_into().unwrap();
    let r_seed: [u8; 32] = unhex(&v["responder"]["identity_seed"]).try_into().unwrap();
    let (ii, ri) = (Identity::from_seed(&i_seed), Identity::from_seed(&r_seed));
    // PeerId = SHA3-256("pqlattice peer id ML-DSA-65" || vk), independently.
    for (id, side) in [(&ii, "initiator"), (&ri, "responder")] {
        let vk = unhex(&v[side]["verifying_key"]);
        assert_eq!(&vk[..], &id.verifying_key().as_bytes()[..]);
        let mut h = sha3::Sha3_256::new();
        h.update(b"pqlattice peer id ML-DSA-65");
        h.update(&vk);
        let want: [u8; 32] = h.finalize().into();
        assert_eq!(unhex(&v[side]["peer_id"]), want);
        assert_eq!(id.peer_id().as_bytes(), &want);
        let fp: PeerId = v[side]["fingerprint"].as_str().unwrap().parse().unwrap();
        assert_eq!(fp.as_bytes(), &want);
    }
    let m1 = unhex(&v["messages"]["initiator_hello"]);
    let m2 = unhex(&v["messages"]["responder_hello"]);
    let m3 = unhex(&v["messages"]["initiator_auth"]);
    assert_eq!(
        (m1.len(), m2.len(), m3.len()),
        (
            INITIATOR_HELLO_SIZE,
            RESPONDER_HELLO_SIZE,
            INITIATOR_AUTH_SIZE
        )
    );
    // Each side, fed the other's recorded messages, accepts them and reaches the
    // recorded transcript hash.
    let ri_rand: [u8; 96] = unhex(&v["initiator"]["randomness"]).try_into().unwrap();
    let rr_rand: [u8; 128] = unhex(&v["responder"]["randomness"]).try_into().unwrap();
    let mut i =
        Handshake::initiator_with_randomness(&ii, PeerPolicy::Pinned(ri.peer_id()), &ri_rand)
            .unwrap();
    let mut r =
        Handshake::responder_with_randomness(&ri, PeerPolicy::Pinned(ii.peer_id()), &rr_rand)
            .unwrap();
    assert_eq!(i.write_message().unwrap(), m1);
    i.read_message(&m2).unwrap();
    assert_eq!(i.write_message().unwrap(), m3);
    r.read_message(&m1).unwrap();
    assert_eq!(r.write_message().unwrap(), m2);
    r.read_message(&m3).unwrap();
    let (mut a, mut b) = (i.into_session().unwrap(), r.into_session().unwrap());
    let th = unhex(&v["transcript_hash"]);
    assert_eq!(&a.transcript_hash()[..], &th[..]);
    for e in v["exporter"].as_array().unwrap() {
        let mut out = vec![0u8; e["length"].as_u64().unwrap() as usize];
        b.export(&unhex(&e["label"]), &unhex(&e["context"]), &mut out)
            .unwrap();
        assert_eq!(out, unhex(&e["output"]));
    }
    let records = v["records"].as_array().unwrap();
    assert_eq!(records.len(), RECORDS.len());
    for rec in records {
        let bytes = unhex(&rec["record"]);
        let receiver = if rec["from"] == "initiator" {
            &mut b
        } else {
            &mut a
        };
        let got = receiver.open(&bytes).unwrap();
        let want = match rec["kind"].as_str().unwrap() {
            "data" => Received::Data(unhex(&rec["plaintext"])),
            "key_update" => Received::KeyUpdate,
            "close" => Received::Close,
            k => panic!("unknown kind {k}"),
        };
        assert_eq!(got, want);
    }
    // Negative control: one flipped bit in the recorded ResponderHello is refused.
    let mut i =
        Handshake::initiator_with_randomness(&ii, PeerPolicy::Pinned(ri.peer_id()), &ri_rand)
            .unwrap();
    i.write_message().unwrap();
    let mut bad = m2.clone();
    bad[100] ^= 1;
    assert_eq!(i.read_message(&bad), Err(ChannelError::HandshakeDecrypt));
}
