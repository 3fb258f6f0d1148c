//! Channel records (docs/channel.md section 6): opening arbitrary, mutated, replayed
//! and reordered records never panics, and the only records accepted are exactly
//! the peer's, in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::channel::*;
use std::sync::OnceLock;

fn ids() -> &'static (Identity, Identity) {
    static I: OnceLock<(Identity, Identity)> = OnceLock::new();
    I.get_or_init(|| (Identity::from_seed(&[1; 32]), Identity::from_seed(&[2; 32])))
}

fn sessions() -> (Session, Session) {
    let (a, b) = ids();
    let mut i = Handshake::initiator_with_randomness(a, PeerPolicy::AnyPeer, &[3; 96]).unwrap();
    let mut r = Handshake::responder_with_randomness(b, PeerPolicy::AnyPeer, &[5; 128]).unwrap();
    let m1 = i.write_message().unwrap();
    r.read_message(&m1).unwrap();
    let m2 = r.write_message().unwrap();
    i.read_message(&m2).unwrap();
    let m3 = i.write_message().unwrap();
    r.read_message(&m3).unwrap();
    (i.into_session().unwrap(), r.into_session().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let (mut a, mut b) = sessions();
    // Alice's records, in order: data records, a key update, a close.
    let mut sent: Vec<Vec<u8>> = Vec::new();
    for (k, chunk) in data.chunks(64).take(6).enumerate() {
        if a.is_send_closed() {
            break;
        }
        let rec = match chunk.first().map(|c| c % 8) {
            Some(0) if k > 0 => a.update_keys().unwrap(),
            Some(1) if k > 2 => a.close().unwrap(),
            _ => a.seal(chunk).unwrap(),
        };
        sent.push(rec);
    }
    // Bob receives a sequence chosen by the input: the next genuine record, a
    // replay, a later one, a mutation, or raw bytes.
    let mut next = 0usize;
    let mut ops = data.iter().rev();
    while let (Some(&op), Some(&arg)) = (ops.next(), ops.next()) {
        let candidate = match op % 5 {
            0 if next < sent.len() => sent[next].clone(),
            1 if !sent.is_empty() => sent[arg as usize % sent.len()].clone(),
            2 if next < sent.len() => {
                let mut r = sent[next].clone();
                let n = r.len();
                r[arg as usize % n] ^= op | 1;
                r
            }
            3 if next < sent.len() => sent[next][..arg as usize % sent[next].len()].to_vec(),
            _ => data.iter().copied().cycle().skip(arg as usize).take(arg as usize).collect(),
        };
        let expect_ok = next < sent.len() && candidate == sent[next];
        match b.open(&candidate) {
            Ok(_) => {
                assert!(expect_ok, "accepted a record that is not the next genuine one");
                next += 1;
            }
            Err(ChannelError::Closed) => assert!(b.is_receive_closed()),
            Err(_) => {
                assert!(!expect_ok, "refused the next genuine record");
                assert!(b.is_failed());
                assert_eq!(b.open(&sent[0]), Err(ChannelError::Failed));
                return;
            }
        }
    }
});
