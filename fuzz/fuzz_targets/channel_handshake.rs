//! The channel handshake (docs/channel.md) on arbitrary and mutated messages: never
//! panics, and never accepts a modified ResponderHello or InitiatorAuth; a modified
//! InitiatorHello that the responder accepts makes the initiator refuse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::channel::*;
use std::sync::OnceLock;

struct Fixture {
    alice: Identity,
    bob: Identity,
    msgs: [Vec<u8>; 3],
}

const RI: [u8; INITIATOR_RANDOMNESS] = [3; INITIATOR_RANDOMNESS];
const RR: [u8; RESPONDER_RANDOMNESS] = [5; RESPONDER_RANDOMNESS];

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let alice = Identity::from_seed(&[1; 32]);
        let bob = Identity::from_seed(&[2; 32]);
        let (mut i, mut r) = pair(&alice, &bob);
        let m1 = i.write_message().unwrap();
        r.read_message(&m1).unwrap();
        let m2 = r.write_message().unwrap();
        i.read_message(&m2).unwrap();
        let m3 = i.write_message().unwrap();
        r.read_message(&m3).unwrap();
        Fixture { alice, bob, msgs: [m1, m2, m3] }
    })
}

fn pair(alice: &Identity, bob: &Identity) -> (Handshake, Handshake) {
    (
        Handshake::initiator_with_randomness(alice, PeerPolicy::Pinned(bob.peer_id()), &RI).unwrap(),
        Handshake::responder_with_randomness(bob, PeerPolicy::Pinned(alice.peer_id()), &RR).unwrap(),
    )
}

/// `data` either replaces the message (mode bit set) or edits it: 3-byte edits
/// (position lo, position hi, xor value), optionally truncating or extending.
fn mutate(orig: &[u8], data: &[u8]) -> Vec<u8> {
    if data.first().is_some_and(|b| b & 0x80 != 0) {
        return data[1..].to_vec();
    }
    let mut m = orig.to_vec();
    let rest = data.get(1..).unwrap_or(&[]);
    for e in rest.chunks_exact(3) {
        let pos = u16::from_le_bytes([e[0], e[1]]) as usize;
        if e[2] == 0 {
            m.truncate(pos % (m.len() + 1));
        } else if e[2] == 0xff && m.len() < 20000 {
            m.push(e[1]);
        } else if !m.is_empty() {
            let n = m.len();
            m[pos % n] ^= e[2];
        }
    }
    m
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else { return };
    let f = fixture();
    let (mut i, mut r) = pair(&f.alice, &f.bob);
    match sel % 3 {
        0 => {
            let m1 = i.write_message().unwrap();
            let bad = mutate(&m1, data);
            if r.read_message(&bad).is_ok() {
                let m2 = r.write_message().unwrap();
                let ok = i.read_message(&m2).is_ok();
                assert_eq!(ok, bad == m1, "a modified InitiatorHello went unnoticed");
            } else {
                assert_eq!(r.next_step(), Step::Failed);
            }
        }
        1 => {
            i.write_message().unwrap();
            let bad = mutate(&f.msgs[1], data);
            let ok = i.read_message(&bad).is_ok();
            assert_eq!(ok, bad == f.msgs[1], "a modified ResponderHello was accepted");
            if !ok {
                assert_eq!(i.next_step(), Step::Failed);
                assert!(i.write_message().is_err());
            }
        }
        _ => {
            r.read_message(&f.msgs[0]).unwrap();
            r.write_message().unwrap();
            let bad = mutate(&f.msgs[2], data);
            let ok = r.read_message(&bad).is_ok();
            assert_eq!(ok, bad == f.msgs[2], "a modified InitiatorAuth was accepted");
            assert_eq!(r.into_session().is_ok(), ok);
        }
    }
});
