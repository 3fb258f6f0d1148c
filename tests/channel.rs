//! The secure channel (docs/channel.md): full handshakes and records, and every kind
//! of bad input the issue lists, each giving a typed error, no panic, and a failed
//! state machine that refuses further use (nothing half-open).

use pqlattice::channel::*;
use std::sync::OnceLock;

fn alice() -> &'static Identity {
    static A: OnceLock<Identity> = OnceLock::new();
    A.get_or_init(|| Identity::from_seed(&[0xA1; 32]))
}
fn bob() -> &'static Identity {
    static B: OnceLock<Identity> = OnceLock::new();
    B.get_or_init(|| Identity::from_seed(&[0xB0; 32]))
}
fn mallory() -> &'static Identity {
    static M: OnceLock<Identity> = OnceLock::new();
    M.get_or_init(|| Identity::from_seed(&[0x66; 32]))
}

fn rand_i(tag: u8) -> [u8; INITIATOR_RANDOMNESS] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(7) ^ tag)
}
fn rand_r(tag: u8) -> [u8; RESPONDER_RANDOMNESS] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(13) ^ tag ^ 0x5a)
}

/// Alice (initiator) and Bob (responder), each pinning the other.
fn pair(tag: u8) -> (Handshake, Handshake) {
    pair_with(
        PeerPolicy::Pinned(bob().peer_id()),
        PeerPolicy::Pinned(alice().peer_id()),
        tag,
    )
}

fn pair_with(ipol: PeerPolicy, rpol: PeerPolicy, tag: u8) -> (Handshake, Handshake) {
    (
        Handshake::initiator_with_randomness(alice(), ipol, &rand_i(tag)).unwrap(),
        Handshake::responder_with_randomness(bob(), rpol, &rand_r(tag)).unwrap(),
    )
}

/// Runs a handshake to the end.
fn run(
    mut i: Handshake,
    mut r: Handshake,
) -> Result<(Session, Session, [Vec<u8>; 3]), ChannelError> {
    let m1 = i.write_message()?;
    r.read_message(&m1)?;
    let m2 = r.write_message()?;
    i.read_message(&m2)?;
    let m3 = i.write_message()?;
    r.read_message(&m3)?;
    Ok((i.into_session()?, r.into_session()?, [m1, m2, m3]))
}

/// The three messages of the reference handshake (tag 1).
fn messages() -> &'static [Vec<u8>; 3] {
    static M: OnceLock<[Vec<u8>; 3]> = OnceLock::new();
    M.get_or_init(|| {
        let (i, r) = pair(1);
        run(i, r).unwrap().2
    })
}

/// An initiator (tag 1) that has written InitiatorHello and waits for ResponderHello.
fn initiator_waiting() -> Handshake {
    let (mut i, _) = pair(1);
    assert_eq!(&i.write_message().unwrap(), &messages()[0]);
    i
}

/// A responder (tag 1) that has sent ResponderHello and waits for InitiatorAuth.
fn responder_waiting() -> Handshake {
    let (_, mut r) = pair(1);
    r.read_message(&messages()[0]).unwrap();
    assert_eq!(&r.write_message().unwrap(), &messages()[1]);
    r
}

/// After an error, the handshake refuses everything.
fn assert_dead(h: &mut Handshake) {
    assert_eq!(h.next_step(), Step::Failed);
    assert_eq!(h.read_message(&messages()[0]), Err(ChannelError::Failed));
    assert_eq!(h.write_message(), Err(ChannelError::Failed));
    assert_eq!(h.peer_id().is_some(), h.peer_id().is_some()); // callable
}

fn assert_dead_into_session(h: Handshake) {
    assert_eq!(h.into_session().unwrap_err(), ChannelError::Failed);
}

#[test]
fn full_handshake_records_export_close() {
    let (i, r) = pair(1);
    assert_eq!(i.next_step(), Step::Write);
    assert_eq!(r.next_step(), Step::Read);
    let (mut a, mut b, msgs) = run(i, r).unwrap();
    assert_eq!(msgs[0].len(), INITIATOR_HELLO_SIZE);
    assert_eq!(msgs[1].len(), RESPONDER_HELLO_SIZE);
    assert_eq!(msgs[2].len(), INITIATOR_AUTH_SIZE);
    assert_eq!((msgs[0][0], msgs[1][0], msgs[2][0]), (1, 2, 3));
    assert_eq!(a.peer_id(), bob().peer_id());
    assert_eq!(b.peer_id(), alice().peer_id());
    assert_eq!(a.role(), Role::Initiator);
    assert_eq!(b.role(), Role::Responder);
    assert_eq!(a.transcript_hash(), b.transcript_hash());

    // Both directions, several records, empty and maximal ones.
    for n in [0usize, 1, 100, 1024, MAX_RECORD_PLAINTEXT] {
        let msg: Vec<u8> = (0..n).map(|i| i as u8).collect();
        let rec = a.seal(&msg).unwrap();
        assert_eq!(rec.len(), n + RECORD_OVERHEAD);
        if n >= 16 {
            assert_ne!(&rec[2..18], &msg[..16], "not encrypted");
        }
        assert_eq!(b.open(&rec).unwrap(), Received::Data(msg.clone()));
        let rec = b.seal(&msg).unwrap();
        assert_eq!(a.open(&rec).unwrap(), Received::Data(msg));
    }
    // Two seals of the same data differ (sequence-number nonces).
    let (r1, r2) = (a.seal(b"x").unwrap(), a.seal(b"x").unwrap());
    assert_ne!(r1, r2);
    b.open(&r1).unwrap();
    b.open(&r2).unwrap();

    // Exporter: same on both sides, separated by label and context (unambiguously).
    let mut ea = [0u8; 48];
    let mut eb = [0u8; 48];
    a.export(b"app key", b"ctx", &mut ea).unwrap();
    b.export(b"app key", b"ctx", &mut eb).unwrap();
    assert_eq!(ea, eb);
    let mut other = [0u8; 48];
    b.export(b"app ke", b"yctx", &mut other).unwrap();
    assert_ne!(ea, other);
    b.export(b"app key", b"", &mut other).unwrap();
    assert_ne!(ea, other);
    let mut short = [0u8; 32];
    a.export(b"app key", b"ctx", &mut short).unwrap();
    assert_ne!(&ea[..32], &short[..], "the length is an input of KMAC");
    assert_eq!(
        a.export(b"l", b"", &mut []),
        Err(ChannelError::ExportLength { actual: 0 })
    );
    let mut big = vec![0u8; MAX_EXPORT + 1];
    assert_eq!(
        a.export(b"l", b"", &mut big),
        Err(ChannelError::ExportLength {
            actual: MAX_EXPORT + 1
        })
    );
    a.export(b"l", b"", &mut big[..MAX_EXPORT]).unwrap();

    // Key update, in each direction, then data under the new keys.
    let up = a.update_keys().unwrap();
    assert_eq!(up.len(), RECORD_OVERHEAD);
    let after = a.seal(b"new keys").unwrap();
    assert_eq!(b.open(&up).unwrap(), Received::KeyUpdate);
    assert_eq!(
        b.open(&after).unwrap(),
        Received::Data(b"new keys".to_vec())
    );
    let up = b.update_keys().unwrap();
    assert_eq!(a.open(&up).unwrap(), Received::KeyUpdate);
    let rec = b.seal(b"back").unwrap();
    assert_eq!(a.open(&rec).unwrap(), Received::Data(b"back".to_vec()));
    // The exporter does not change with key updates.
    a.export(b"app key", b"ctx", &mut eb).unwrap();
    assert_eq!(ea, eb);

    // Orderly close: half-close, then the other side.
    let close = a.close().unwrap();
    assert!(a.is_send_closed());
    assert_eq!(a.seal(b"late"), Err(ChannelError::Closed));
    assert_eq!(a.update_keys(), Err(ChannelError::Closed));
    assert_eq!(a.close(), Err(ChannelError::Closed));
    assert_eq!(b.open(&close).unwrap(), Received::Close);
    assert!(b.is_receive_closed());
    // Records after close are refused (a replay of the close, or anything else).
    assert_eq!(b.open(&close), Err(ChannelError::Closed));
    assert_eq!(b.open(&after), Err(ChannelError::Closed));
    // Bob can still send until he closes.
    let rec = b.seal(b"bye").unwrap();
    assert_eq!(a.open(&rec).unwrap(), Received::Data(b"bye".to_vec()));
    let close = b.close().unwrap();
    assert_eq!(a.open(&close).unwrap(), Received::Close);
    assert!(!a.is_failed() && !b.is_failed());
}

#[test]
fn randomness_changes_everything() {
    let (i, r) = pair(2);
    let (a, _, m) = run(i, r).unwrap();
    let ref_msgs = messages();
    for k in 0..3 {
        assert_ne!(m[k], ref_msgs[k]);
    }
    let (i, r) = pair(1);
    let (a1, _, m1) = run(i, r).unwrap();
    assert_eq!(&m1, ref_msgs, "deterministic for fixed randomness");
    assert_ne!(a.transcript_hash(), a1.transcript_hash());
}

#[test]
fn rng_constructors_complete() {
    struct Ctr(u8);
    impl pqlattice::rand_core::TryRng for Ctr {
        type Error = core::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok(0)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            Ok(0)
        }
        fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
            for b in d {
                self.0 = self.0.wrapping_add(31);
                *b = self.0;
            }
            Ok(())
        }
    }
    impl pqlattice::rand_core::TryCryptoRng for Ctr {}
    let mut rng = Ctr(0);
    let i = Handshake::initiator(alice(), PeerPolicy::AnyPeer, &mut rng).unwrap();
    let r = Handshake::responder(bob(), PeerPolicy::AnyPeer, &mut rng).unwrap();
    run(i, r).unwrap();
    let i = Handshake::initiator_with_os_rng(alice(), PeerPolicy::AnyPeer).unwrap();
    let r = Handshake::responder_with_os_rng(bob(), PeerPolicy::AnyPeer).unwrap();
    let (a, b, _) = run(i, r).unwrap();
    assert_eq!(a.transcript_hash(), b.transcript_hash());
    let id = Identity::generate(&mut rng);
    assert_eq!(Identity::from_seed(id.seed()).peer_id(), id.peer_id());
    assert_ne!(id.peer_id(), alice().peer_id());
}

// --- truncation -----------------------------------------------------------------

#[test]
fn initiator_hello_truncated_at_every_length() {
    let m1 = &messages()[0];
    for len in 0..m1.len() {
        let (_, mut r) = pair(1);
        let err = r.read_message(&m1[..len]).unwrap_err();
        assert!(
            matches!(
                err,
                ChannelError::Malformed {
                    message: MessageKind::InitiatorHello,
                    ..
                }
            ),
            "len {len}: {err:?}"
        );
        assert_dead(&mut r);
    }
}

#[test]
fn responder_hello_truncated_at_every_length() {
    let m2 = &messages()[1];
    for len in 0..m2.len() {
        let mut i = initiator_waiting();
        let err = i.read_message(&m2[..len]).unwrap_err();
        assert!(
            matches!(
                err,
                ChannelError::Malformed {
                    message: MessageKind::ResponderHello,
                    ..
                }
            ),
            "len {len}: {err:?}"
        );
        assert_dead(&mut i);
    }
    // Extended by one byte: also malformed.
    let mut i = initiator_waiting();
    let mut long = m2.clone();
    long.push(0);
    assert!(matches!(
        i.read_message(&long),
        Err(ChannelError::Malformed { .. })
    ));
}

#[test]
fn initiator_auth_truncated_at_every_length() {
    let m3 = &messages()[2];
    let mut long = m3.clone();
    long.push(0);
    for len in (0..m3.len()).chain([m3.len() + 1]) {
        let mut r = responder_waiting();
        let msg = if len <= m3.len() {
            &m3[..len]
        } else {
            &long[..]
        };
        let err = r.read_message(msg).unwrap_err();
        assert!(
            matches!(
                err,
                ChannelError::Malformed {
                    message: MessageKind::InitiatorAuth,
                    ..
                }
            ),
            "len {len}: {err:?}"
        );
        assert_dead(&mut r);
        assert_dead_into_session(r);
    }
}

// --- bit flips --------------------------------------------------------------------

/// Flips one bit of byte `pos` (a different bit for neighbouring positions).
fn flipped(m: &[u8], pos: usize) -> Vec<u8> {
    let mut v = m.to_vec();
    v[pos] ^= 1 << (pos % 8);
    v
}

#[test]
fn initiator_hello_every_byte_flipped() {
    // A flip the responder cannot see (random_I, the key share's bits) must make
    // the initiator fail on ResponderHello: the transcripts differ.
    let m1 = &messages()[0];
    let mut seen_by_responder = 0;
    for pos in 0..m1.len() {
        let (mut i, mut r) = pair(1);
        i.write_message().unwrap();
        let bad = flipped(m1, pos);
        match r.read_message(&bad) {
            Err(e) => {
                seen_by_responder += 1;
                assert!(
                    matches!(
                        e,
                        ChannelError::Malformed { .. }
                            | ChannelError::UnexpectedMessage { .. }
                            | ChannelError::NoCommonVersion
                            | ChannelError::NoCommonSuite
                            | ChannelError::InvalidKeyShare
                    ),
                    "pos {pos}: {e:?}"
                );
                assert_dead(&mut r);
            }
            Ok(()) => {
                let m2 = r.write_message().unwrap();
                let err = i.read_message(&m2).unwrap_err();
                assert_eq!(err, ChannelError::HandshakeDecrypt, "pos {pos}");
                assert_dead(&mut i);
                // The responder never completes: it waits for an InitiatorAuth that
                // will not come, and the reference one does not fit.
                assert_eq!(r.next_step(), Step::Read);
                assert!(r.read_message(&messages()[2]).is_err());
            }
        }
    }
    // Header bytes (type, counts, suite, length) are caught by the responder.
    assert!(seen_by_responder >= 8, "{seen_by_responder}");
}

#[test]
fn responder_hello_every_byte_flipped() {
    let m2 = &messages()[1];
    for pos in 0..m2.len() {
        let mut i = initiator_waiting();
        let err = i.read_message(&flipped(m2, pos)).unwrap_err();
        let ok = match pos {
            0 => matches!(err, ChannelError::UnexpectedMessage { .. }),
            33..=34 => matches!(
                err,
                ChannelError::NotOffered {
                    what: "version",
                    ..
                }
            ),
            35..=36 => matches!(err, ChannelError::NotOffered { what: "suite", .. }),
            // random_R and the X-Wing ciphertext change the keys; the sealed part
            // fails to open.
            _ => err == ChannelError::HandshakeDecrypt,
        };
        assert!(ok, "pos {pos}: {err:?}");
        assert_dead(&mut i);
        assert_eq!(i.peer_id(), None);
    }
}

#[test]
fn initiator_auth_every_byte_flipped() {
    let m3 = &messages()[2];
    for pos in 0..m3.len() {
        let mut r = responder_waiting();
        let err = r.read_message(&flipped(m3, pos)).unwrap_err();
        let ok = match pos {
            0 => matches!(err, ChannelError::UnexpectedMessage { .. }),
            _ => err == ChannelError::HandshakeDecrypt,
        };
        assert!(ok, "pos {pos}: {err:?}");
        assert_dead(&mut r);
        assert_eq!(r.peer_id(), None);
    }
}

// --- replay, reordering, state ---------------------------------------------------

#[test]
fn replayed_and_reordered_messages() {
    let [m1, m2, m3] = messages();
    // Responder waiting for InitiatorAuth gets InitiatorHello again.
    let mut r = responder_waiting();
    assert_eq!(
        r.read_message(m1),
        Err(ChannelError::UnexpectedMessage {
            expected: MessageKind::InitiatorAuth,
            got: 1
        })
    );
    assert_dead(&mut r);
    // A fresh responder gets InitiatorAuth or ResponderHello first.
    for (m, got) in [(m3, 3u8), (m2, 2)] {
        let (_, mut r) = pair(1);
        assert_eq!(
            r.read_message(m),
            Err(ChannelError::UnexpectedMessage {
                expected: MessageKind::InitiatorHello,
                got
            })
        );
        assert_dead(&mut r);
    }
    // The initiator gets its own InitiatorHello reflected, or InitiatorAuth.
    for (m, got) in [(m1, 1u8), (m3, 3)] {
        let mut i = initiator_waiting();
        assert_eq!(
            i.read_message(m),
            Err(ChannelError::UnexpectedMessage {
                expected: MessageKind::ResponderHello,
                got
            })
        );
        assert_dead(&mut i);
    }
    // Messages of an old session replayed into a new one (different randomness).
    let (mut i, mut r) = pair(9);
    let new_m1 = i.write_message().unwrap();
    assert_ne!(&new_m1, m1);
    assert_eq!(i.read_message(m2), Err(ChannelError::HandshakeDecrypt));
    r.read_message(&new_m1).unwrap();
    r.write_message().unwrap();
    assert_eq!(r.read_message(m3), Err(ChannelError::HandshakeDecrypt));
    assert_dead(&mut r);
    // A recorded InitiatorHello replayed to a responder gets a fresh ResponderHello
    // (new randomness) that the attacker cannot complete: the old InitiatorAuth fails.
    let (_, mut r) = pair(10);
    r.read_message(m1).unwrap();
    assert_ne!(&r.write_message().unwrap(), m2);
    assert_eq!(r.read_message(m3), Err(ChannelError::HandshakeDecrypt));
}

#[test]
fn calls_out_of_state() {
    // Initiator must write first.
    let (mut i, mut r) = pair(1);
    assert_eq!(
        i.read_message(&messages()[1]),
        Err(ChannelError::InvalidState {
            operation: "read_message"
        })
    );
    assert_dead(&mut i);
    // Responder must read first.
    assert_eq!(
        r.write_message(),
        Err(ChannelError::InvalidState {
            operation: "write_message"
        })
    );
    assert_dead(&mut r);
    // Writing twice.
    let mut i = initiator_waiting();
    assert_eq!(
        i.write_message(),
        Err(ChannelError::InvalidState {
            operation: "write_message"
        })
    );
    assert_dead(&mut i);
    // A session from an unfinished handshake.
    let i = initiator_waiting();
    assert_eq!(
        i.into_session().unwrap_err(),
        ChannelError::InvalidState {
            operation: "into_session"
        }
    );
    // A finished handshake accepts no more messages.
    let (mut i, mut r) = pair(1);
    let m1 = i.write_message().unwrap();
    r.read_message(&m1).unwrap();
    let m2 = r.write_message().unwrap();
    i.read_message(&m2).unwrap();
    assert_eq!(i.peer_id(), Some(bob().peer_id()));
    let m3 = i.write_message().unwrap();
    assert_eq!(i.next_step(), Step::Done);
    assert_eq!(
        i.read_message(&m2),
        Err(ChannelError::InvalidState {
            operation: "read_message"
        })
    );
    assert_dead_into_session(i);
    r.read_message(&m3).unwrap();
    assert_eq!(r.next_step(), Step::Done);
    assert_eq!(r.peer_id(), Some(alice().peer_id()));
    assert!(r.into_session().is_ok());
}

// --- identities and policies -------------------------------------------------------

#[test]
fn wrong_pins_are_refused_after_proof() {
    // The initiator pins Mallory but reaches Bob.
    let (i, r) = pair_with(
        PeerPolicy::Pinned(mallory().peer_id()),
        PeerPolicy::Pinned(alice().peer_id()),
        1,
    );
    let err = run(i, r).unwrap_err();
    assert_eq!(
        err,
        ChannelError::PeerMismatch {
            expected: mallory().peer_id(),
            actual: bob().peer_id()
        }
    );
    // The responder pins Mallory; the initiator completes, the responder refuses.
    let (mut i, mut r) = pair_with(
        PeerPolicy::Pinned(bob().peer_id()),
        PeerPolicy::Pinned(mallory().peer_id()),
        1,
    );
    let m1 = i.write_message().unwrap();
    r.read_message(&m1).unwrap();
    let m2 = r.write_message().unwrap();
    i.read_message(&m2).unwrap();
    let m3 = i.write_message().unwrap();
    assert_eq!(
        r.read_message(&m3),
        Err(ChannelError::PeerMismatch {
            expected: mallory().peer_id(),
            actual: alice().peer_id()
        })
    );
    assert_dead(&mut r);
    assert_eq!(r.peer_id(), None);
    // Allow-lists.
    let (i, r) = pair_with(
        PeerPolicy::AllowList(vec![mallory().peer_id(), bob().peer_id()]),
        PeerPolicy::AllowList(vec![mallory().peer_id()]),
        1,
    );
    assert_eq!(
        run(i, r).unwrap_err(),
        ChannelError::PeerNotAllowed {
            actual: alice().peer_id()
        }
    );
    let (i, r) = pair_with(
        PeerPolicy::AllowList(vec![bob().peer_id()]),
        PeerPolicy::AllowList(vec![mallory().peer_id(), alice().peer_id()]),
        1,
    );
    run(i, r).unwrap();
    let too_long = PeerPolicy::AllowList(vec![bob().peer_id(); MAX_ALLOW_LIST + 1]);
    assert_eq!(
        Handshake::initiator_with_randomness(alice(), too_long, &rand_i(1)).unwrap_err(),
        ChannelError::AllowListTooLong {
            actual: MAX_ALLOW_LIST + 1
        }
    );
    // Trust on first use: first contact accepted, a changed key refused.
    let (i, r) = pair_with(PeerPolicy::TrustOnFirstUse(None), PeerPolicy::AnyPeer, 1);
    let (a, _, _) = run(i, r).unwrap();
    assert_eq!(a.peer_id(), bob().peer_id());
    let (i, r) = pair_with(
        PeerPolicy::TrustOnFirstUse(Some(mallory().peer_id())),
        PeerPolicy::AnyPeer,
        1,
    );
    let err = run(i, r).unwrap_err();
    assert_eq!(
        err,
        ChannelError::PeerKeyChanged {
            known: mallory().peer_id(),
            presented: bob().peer_id()
        }
    );
    assert!(err.to_string().contains("HAS CHANGED"));
}

#[test]
fn impersonation_without_the_key_fails() {
    // Mallory answers in Bob's place with her own key: Alice pinned Bob.
    let mut i = Handshake::initiator_with_randomness(
        alice(),
        PeerPolicy::Pinned(bob().peer_id()),
        &rand_i(1),
    )
    .unwrap();
    let mut m =
        Handshake::responder_with_randomness(mallory(), PeerPolicy::AnyPeer, &rand_r(1)).unwrap();
    let m1 = i.write_message().unwrap();
    m.read_message(&m1).unwrap();
    let m2 = m.write_message().unwrap();
    assert!(matches!(
        i.read_message(&m2),
        Err(ChannelError::PeerMismatch { .. })
    ));
}

#[test]
fn fingerprints() {
    let id = alice().peer_id();
    let fp = id.to_string();
    assert_eq!(fp.len(), 64);
    assert_eq!(fp.matches('-').count(), 12);
    assert_eq!(fp.parse::<PeerId>().unwrap(), id);
    assert_eq!(fp.to_uppercase().parse::<PeerId>().unwrap(), id);
    assert_ne!(bob().peer_id().to_string(), fp);
    assert_eq!(
        PeerId::of_verifying_key(alice().verifying_key().as_bytes()),
        id
    );
    assert_eq!(
        "not a fingerprint".parse::<PeerId>(),
        Err(ChannelError::InvalidFingerprint)
    );
}

#[test]
fn known_peers_file() {
    let dir = std::env::temp_dir().join(format!("pql-known-peers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("known_peers");
    let _ = std::fs::remove_file(&path);
    let mut k = KnownPeers::load(&path).unwrap();
    assert_eq!(
        k.policy_for("bob").unwrap(),
        PeerPolicy::TrustOnFirstUse(None)
    );
    // First use: handshake accepted, then recorded.
    let (i, r) = pair_with(k.policy_for("bob").unwrap(), PeerPolicy::AnyPeer, 1);
    let (a, _, _) = run(i, r).unwrap();
    k.remember("bob", a.peer_id()).unwrap();
    k.remember("bob", a.peer_id()).unwrap(); // idempotent
    // Reloaded: pinned now.
    let k = KnownPeers::load(&path).unwrap();
    assert_eq!(k.get("bob"), Some(bob().peer_id()));
    let (i, r) = pair_with(k.policy_for("bob").unwrap(), PeerPolicy::AnyPeer, 2);
    run(i, r).unwrap();
    // Mallory now answers as "bob": loud failure, file unchanged.
    let before = std::fs::read_to_string(&path).unwrap();
    let mut i =
        Handshake::initiator_with_randomness(alice(), k.policy_for("bob").unwrap(), &rand_i(3))
            .unwrap();
    let mut m =
        Handshake::responder_with_randomness(mallory(), PeerPolicy::AnyPeer, &rand_r(3)).unwrap();
    let m1 = i.write_message().unwrap();
    m.read_message(&m1).unwrap();
    let m2 = m.write_message().unwrap();
    let err = i.read_message(&m2).unwrap_err();
    assert_eq!(
        err,
        ChannelError::PeerKeyChanged {
            known: bob().peer_id(),
            presented: mallory().peer_id()
        }
    );
    let mut k2 = k.clone();
    assert!(matches!(
        k2.remember("bob", mallory().peer_id()),
        Err(ChannelError::PeerKeyChanged { .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    // Bad names and bad files.
    assert!(matches!(
        k2.remember("has space", bob().peer_id()),
        Err(ChannelError::KnownPeersFile { .. })
    ));
    assert!(matches!(
        k2.policy_for(""),
        Err(ChannelError::KnownPeersFile { .. })
    ));
    let bad = dir.join("bad");
    for (text, line) in [
        ("# c\n\nbob\n", 3usize),
        ("bob zzzz\n", 1),
        (
            &format!("bob {}\nbob {}\n", bob().peer_id(), alice().peer_id()) as &str,
            2,
        ),
    ] {
        std::fs::write(&bad, text).unwrap();
        match KnownPeers::load(&bad) {
            Err(ChannelError::KnownPeersFile { line: l, .. }) => assert_eq!(l, line, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// --- downgrade -----------------------------------------------------------------------

/// InitiatorHello with `versions` and the key shares rebuilt (random_I kept).
fn rebuild_hello(m1: &[u8], versions: &[u16], shares: &[(u16, &[u8])]) -> Vec<u8> {
    let mut m = vec![1u8];
    m.extend_from_slice(&m1[1..33]);
    m.push(versions.len() as u8);
    for v in versions {
        m.extend_from_slice(&v.to_be_bytes());
    }
    m.push(shares.len() as u8);
    for (s, k) in shares {
        m.extend_from_slice(&s.to_be_bytes());
        m.extend_from_slice(&(k.len() as u16).to_be_bytes());
        m.extend_from_slice(k);
    }
    m
}

#[test]
fn downgrades_are_detected() {
    let [m1, m2, _] = messages();
    let ek = &m1[m1.len() - 1216..];
    assert_eq!(&rebuild_hello(m1, &[1], &[(1, ek)]), m1, "rebuild is exact");
    // The responder selects something the initiator did not offer.
    for (pos, what) in [(34usize, "version"), (36, "suite")] {
        let mut bad = m2.clone();
        bad[pos] = 2;
        let mut i = initiator_waiting();
        assert_eq!(
            i.read_message(&bad),
            Err(ChannelError::NotOffered { what, value: 2 })
        );
        assert_dead(&mut i);
    }
    // An attacker edits the offer (adds a version, or a preferred suite 2 share):
    // the responder still completes its part, but the transcripts differ and the
    // initiator refuses.
    let edited = [
        rebuild_hello(m1, &[2, 1], &[(1, ek)]),
        rebuild_hello(m1, &[1], &[(2, &[0u8; 64]), (1, ek)]),
    ];
    for e in &edited {
        let (mut i, mut r) = pair(1);
        i.write_message().unwrap();
        r.read_message(e).unwrap();
        let m2 = r.write_message().unwrap();
        assert_eq!(i.read_message(&m2), Err(ChannelError::HandshakeDecrypt));
    }
    // Nothing in common.
    let cases = [
        (
            rebuild_hello(m1, &[2, 3], &[(1, ek)]),
            ChannelError::NoCommonVersion,
        ),
        (
            rebuild_hello(m1, &[1], &[(2, ek)]),
            ChannelError::NoCommonSuite,
        ),
    ];
    for (m, want) in cases {
        let (_, mut r) = pair(1);
        assert_eq!(r.read_message(&m), Err(want));
        assert_dead(&mut r);
    }
    // Structural limits of the offer.
    let bad_offers = [
        rebuild_hello(m1, &[], &[(1, ek)]),
        rebuild_hello(m1, &[1; 9], &[(1, ek)]),
        rebuild_hello(m1, &[1, 1], &[(1, ek)]),
        rebuild_hello(m1, &[1], &[]),
        rebuild_hello(m1, &[1], &[(1, ek), (1, ek)]),
        rebuild_hello(m1, &[1], &[(1, &ek[1..])]),
        rebuild_hello(m1, &[1], &[(2, &[]), (3, &[]), (4, &[]), (5, &[]), (1, ek)]),
    ];
    for m in &bad_offers {
        let (_, mut r) = pair(1);
        assert!(
            matches!(r.read_message(m), Err(ChannelError::Malformed { .. })),
            "{:?}",
            &m[..40]
        );
    }
    // Oversized message and oversized inner length fields.
    let big = rebuild_hello(m1, &[1], &[(2, &[0u8; 16000]), (1, ek)]);
    assert!(big.len() > MAX_HANDSHAKE_MESSAGE);
    let (_, mut r) = pair(1);
    assert_eq!(
        r.read_message(&big),
        Err(ChannelError::Malformed {
            message: MessageKind::InitiatorHello,
            reason: "longer than 16384 bytes"
        })
    );
    let mut overlong = m1.clone();
    let n = overlong.len();
    overlong[n - 1218..n - 1216].copy_from_slice(&0xffffu16.to_be_bytes());
    let (_, mut r) = pair(1);
    assert!(matches!(
        r.read_message(&overlong),
        Err(ChannelError::Malformed { .. })
    ));
    // An X-Wing key share failing the FIPS 203 modulus check.
    let bad_ek = vec![0xffu8; 1216];
    let (_, mut r) = pair(1);
    assert_eq!(
        r.read_message(&rebuild_hello(m1, &[1], &[(1, &bad_ek)])),
        Err(ChannelError::InvalidKeyShare)
    );
}

// --- records ---------------------------------------------------------------------------

fn sessions() -> (Session, Session) {
    let (i, r) = pair(1);
    let (a, b, _) = run(i, r).unwrap();
    (a, b)
}

fn assert_session_dead(s: &mut Session) {
    assert!(s.is_failed());
    assert_eq!(s.open(&[0x17; 40]), Err(ChannelError::Failed));
    assert_eq!(s.seal(b"x"), Err(ChannelError::Failed));
    assert_eq!(s.update_keys(), Err(ChannelError::Failed));
    assert_eq!(s.close(), Err(ChannelError::Failed));
    assert_eq!(
        s.export(b"l", b"", &mut [0u8; 8]),
        Err(ChannelError::Failed)
    );
}

#[test]
fn replayed_reordered_reflected_records() {
    // Replay.
    let (mut a, mut b) = sessions();
    let r0 = a.seal(b"zero").unwrap();
    b.open(&r0).unwrap();
    assert_eq!(b.open(&r0), Err(ChannelError::RecordAuthentication));
    assert_session_dead(&mut b);
    // Reorder.
    let (mut a, mut b) = sessions();
    let r0 = a.seal(b"zero").unwrap();
    let r1 = a.seal(b"one").unwrap();
    assert_eq!(b.open(&r1), Err(ChannelError::RecordAuthentication));
    // The failed session does not accept the right one afterwards either.
    assert_eq!(b.open(&r0), Err(ChannelError::Failed));
    assert_session_dead(&mut b);
    // Dropped record: the next one fails.
    let (mut a, mut b) = sessions();
    let _lost = a.seal(b"zero").unwrap();
    let r1 = a.seal(b"one").unwrap();
    assert_eq!(b.open(&r1), Err(ChannelError::RecordAuthentication));
    // Reflection: Alice's own record sent back to her.
    let (mut a, _) = sessions();
    let r0 = a.seal(b"zero").unwrap();
    assert_eq!(a.open(&r0), Err(ChannelError::RecordAuthentication));
    assert_session_dead(&mut a);
    // A record from another session.
    let (i, r) = pair(2);
    let (mut other, _, _) = run(i, r).unwrap();
    let (_, mut b) = sessions();
    assert_eq!(
        b.open(&other.seal(b"zero").unwrap()),
        Err(ChannelError::RecordAuthentication)
    );
    // A record under the old key after a key update.
    let (mut a, mut b) = sessions();
    let old = a.seal(b"old").unwrap();
    let up = a.update_keys().unwrap();
    b.open(&old).unwrap();
    b.open(&up).unwrap();
    assert_eq!(b.open(&old), Err(ChannelError::RecordAuthentication));
}

#[test]
fn records_truncated_and_flipped() {
    let (mut a, _) = sessions();
    let rec = a.seal(b"attack at dawn").unwrap();
    for len in 0..rec.len() {
        let (_, mut b) = sessions();
        let err = b.open(&rec[..len]).unwrap_err();
        let want_malformed = len < RECORD_OVERHEAD;
        assert!(
            if want_malformed {
                matches!(err, ChannelError::RecordMalformed { .. })
            } else {
                err == ChannelError::RecordAuthentication
            },
            "len {len}: {err:?}"
        );
        assert_session_dead(&mut b);
    }
    for pos in 0..rec.len() {
        let (_, mut b) = sessions();
        let err = b.open(&flipped(&rec, pos)).unwrap_err();
        if pos == 0 {
            assert!(matches!(err, ChannelError::RecordMalformed { .. }));
        } else {
            assert_eq!(err, ChannelError::RecordAuthentication, "pos {pos}");
        }
        assert_session_dead(&mut b);
    }
    // Negative control: the unmodified record opens.
    let (_, mut b) = sessions();
    assert_eq!(
        b.open(&rec).unwrap(),
        Received::Data(b"attack at dawn".to_vec())
    );
    // Oversized records.
    let (_, mut b) = sessions();
    let huge = vec![0x17u8; MAX_RECORD + 1];
    assert!(matches!(
        b.open(&huge),
        Err(ChannelError::RecordMalformed { .. })
    ));
    let (mut a, _) = sessions();
    assert_eq!(
        a.seal(&vec![0u8; MAX_RECORD_PLAINTEXT + 1]),
        Err(ChannelError::RecordTooLarge {
            actual: MAX_RECORD_PLAINTEXT + 1
        })
    );
    // Not fatal: a caller error.
    assert!(a.seal(b"fine").is_ok());
}

#[cfg(feature = "hazmat")]
#[test]
fn sequence_numbers_exhaust() {
    let (mut a, mut b) = sessions();
    a.__set_sequence_numbers(u64::MAX - 1, 0);
    b.__set_sequence_numbers(0, u64::MAX - 1);
    let last = a.seal(b"last").unwrap();
    assert_eq!(b.open(&last).unwrap(), Received::Data(b"last".to_vec()));
    assert_eq!(a.seal(b"more"), Err(ChannelError::SequenceExhausted));
    // A key update would also need a sequence number; a fresh key resets it.
    assert_eq!(a.update_keys(), Err(ChannelError::SequenceExhausted));
    assert_eq!(b.open(&last), Err(ChannelError::SequenceExhausted));
}

// --- framing and TCP -----------------------------------------------------------------------

#[test]
fn frames() {
    let mut buf = Vec::new();
    write_frame(&mut buf, b"abc").unwrap();
    assert_eq!(buf, [0, 0, 0, 3, b'a', b'b', b'c']);
    assert_eq!(read_frame(&mut &buf[..]).unwrap(), b"abc");
    assert_eq!(
        write_frame(&mut Vec::new(), b""),
        Err(ChannelError::FrameTooLarge { actual: 0 })
    );
    assert!(matches!(
        write_frame(&mut Vec::new(), &vec![0u8; MAX_RECORD + 1]),
        Err(ChannelError::FrameTooLarge { .. })
    ));
    for len in [0u32, MAX_RECORD as u32 + 1, u32::MAX] {
        let mut data = len.to_be_bytes().to_vec();
        data.extend_from_slice(&[0u8; 64]);
        assert_eq!(
            read_frame(&mut &data[..]),
            Err(ChannelError::FrameTooLarge { actual: len })
        );
    }
    // The stream ends inside the header or the body.
    for cut in 0..buf.len() {
        assert_eq!(
            read_frame(&mut &buf[..cut]),
            Err(ChannelError::Io(std::io::ErrorKind::UnexpectedEof))
        );
    }
}

#[test]
fn tcp_connection() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let mut c =
            Connection::accept(&listener, bob(), PeerPolicy::Pinned(alice().peer_id())).unwrap();
        assert_eq!(c.peer_id(), alice().peer_id());
        let mut got = Vec::new();
        while let Some(m) = c.recv().unwrap() {
            c.send(&m).unwrap(); // echo
            got.push(m);
        }
        c.close().unwrap();
        // Wrong pin on the second connection: the server refuses the client.
        let err = Connection::accept(&listener, bob(), PeerPolicy::Pinned(mallory().peer_id()))
            .unwrap_err();
        assert!(matches!(err, ChannelError::PeerMismatch { .. }), "{err:?}");
        got
    });
    let mut c = Connection::connect(addr, alice(), PeerPolicy::Pinned(bob().peer_id())).unwrap();
    assert_eq!(
        c.handshake_message_sizes(),
        [
            INITIATOR_HELLO_SIZE,
            RESPONDER_HELLO_SIZE,
            INITIATOR_AUTH_SIZE
        ]
    );
    let big: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
    for m in [&b"hello"[..], &b""[..], &big[..MAX_RECORD_PLAINTEXT]] {
        let n = c.send(m).unwrap();
        assert_eq!(n, 4 + m.len() + RECORD_OVERHEAD);
        assert_eq!(c.recv().unwrap().unwrap(), m);
    }
    c.update_keys().unwrap();
    c.send(b"after update").unwrap();
    assert_eq!(c.recv().unwrap().unwrap(), b"after update");
    // A long message is split into records.
    let n = c.send(&big).unwrap();
    assert_eq!(n, 4 * (4 + RECORD_OVERHEAD) + big.len());
    let mut echoed = Vec::new();
    while echoed.len() < big.len() {
        echoed.extend(c.recv().unwrap().unwrap());
    }
    assert_eq!(echoed, big);
    c.close().unwrap();
    assert_eq!(c.recv().unwrap(), None);
    assert_eq!(c.send(b"x"), Err(ChannelError::Closed));
    assert_eq!(c.send(b"x"), Err(ChannelError::Failed));
    drop(c);
    // Second connection: the client completes its side, the server refuses; the
    // client then sees the connection end.
    let mut c = Connection::connect(addr, alice(), PeerPolicy::Pinned(bob().peer_id())).unwrap();
    let got = server.join().unwrap();
    assert_eq!(got.len(), 8);
    let err = c.recv().unwrap_err();
    assert!(matches!(err, ChannelError::Io(_)), "{err:?}");
    assert_eq!(c.recv(), Err(ChannelError::Failed));
}

#[test]
fn errors_have_codes_and_messages() {
    let all = [
        ChannelError::Malformed {
            message: MessageKind::InitiatorHello,
            reason: "r",
        },
        ChannelError::UnexpectedMessage {
            expected: MessageKind::InitiatorAuth,
            got: 1,
        },
        ChannelError::InvalidState { operation: "op" },
        ChannelError::NoCommonVersion,
        ChannelError::NoCommonSuite,
        ChannelError::NotOffered {
            what: "suite",
            value: 2,
        },
        ChannelError::InvalidKeyShare,
        ChannelError::HandshakeDecrypt,
        ChannelError::BadSignature,
        ChannelError::BadFinished,
        ChannelError::PeerMismatch {
            expected: alice().peer_id(),
            actual: bob().peer_id(),
        },
        ChannelError::PeerNotAllowed {
            actual: bob().peer_id(),
        },
        ChannelError::PeerKeyChanged {
            known: alice().peer_id(),
            presented: bob().peer_id(),
        },
        ChannelError::Failed,
        ChannelError::RecordMalformed { reason: "r" },
        ChannelError::RecordAuthentication,
        ChannelError::RecordTooLarge { actual: 1 },
        ChannelError::Closed,
        ChannelError::SequenceExhausted,
        ChannelError::ExportLength { actual: 0 },
        ChannelError::AllowListTooLong { actual: 2000 },
        ChannelError::InvalidFingerprint,
        ChannelError::Randomness,
        ChannelError::FrameTooLarge { actual: 0 },
        ChannelError::Io(std::io::ErrorKind::UnexpectedEof),
        ChannelError::KnownPeersFile {
            line: 1,
            reason: "r",
        },
    ];
    let mut codes: Vec<u16> = all.iter().map(|e| e.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "codes are distinct");
    for e in &all {
        assert!(!e.to_string().is_empty());
    }
}

/// The state objects can move between threads (a binding may create a handshake on
/// one thread and finish it on another); identities can be shared.
#[test]
fn state_objects_are_send() {
    fn send<T: Send>() {}
    fn sync<T: Sync>() {}
    send::<Handshake>();
    send::<Session>();
    send::<Identity>();
    sync::<Identity>();
    send::<Connection>();
    send::<ChannelError>();
    sync::<PeerPolicy>();
}
