//! The secure channel (docs/channel.md): a full handshake, both sides in process,
//! against the sum of the primitives it runs (target: at most 1.2x); record seal and
//! open throughput for 1 KiB and 64 KiB records; bytes on the wire per message
//! (printed at the start).
//!
//!     cargo bench --bench channel --features channel,testing

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use pqlattice::channel::*;
use pqlattice::{ml_dsa_65, xwing};
use std::hint::black_box;

/// Handshake randomness number `n`. Each iteration uses new randomness: ML-DSA
/// signing time depends on the number of rejection-loop iterations, which depends on
/// the message and `rnd`, so fixed inputs would measure one arbitrary draw instead
/// of the average.
fn rand_i(n: u64) -> [u8; INITIATOR_RANDOMNESS] {
    let c = n.to_le_bytes();
    core::array::from_fn(|i| (i as u8) ^ c[i % 8])
}
fn rand_r(n: u64) -> [u8; RESPONDER_RANDOMNESS] {
    let c = n.to_le_bytes();
    core::array::from_fn(|i| (i as u8) ^ 0x5c ^ c[i % 8])
}

fn handshake(a: &Identity, b: &Identity, n: u64) -> (Session, Session) {
    let mut i =
        Handshake::initiator_with_randomness(a, PeerPolicy::Pinned(b.peer_id()), &rand_i(n))
            .unwrap();
    let mut r =
        Handshake::responder_with_randomness(b, PeerPolicy::Pinned(a.peer_id()), &rand_r(n))
            .unwrap();
    let m1 = i.write_message().unwrap();
    r.read_message(&m1).unwrap();
    let m2 = r.write_message().unwrap();
    i.read_message(&m2).unwrap();
    let m3 = i.write_message().unwrap();
    r.read_message(&m3).unwrap();
    (i.into_session().unwrap(), r.into_session().unwrap())
}

/// One hedged ML-DSA-65 signature with fixed randomness, as the handshake makes.
fn sign(sk: &ml_dsa_65::SigningKey, th: &[u8; 32], rnd: &[u8; 32]) -> ml_dsa_65::Signature {
    sk.sign_with_randomness(th, b"pqlattice channel v1 responder", rnd)
        .unwrap()
}

/// The public-key work of handshake number `n`, both sides, with the same kind of
/// inputs (see `handshake/primitives`).
fn primitives(
    a: &Identity,
    b: &Identity,
    ska: &ml_dsa_65::SigningKey,
    skb: &ml_dsa_65::SigningKey,
    n: u64,
) {
    let ri = rand_i(n);
    let rr = rand_r(n);
    let dk = xwing::DecapsulationKey::from_seed(ri[..32].try_into().unwrap());
    let ek = xwing::EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes()).unwrap();
    let (ct, ss) = ek.encapsulate_derand(rr[..64].try_into().unwrap());
    let ct = xwing::Ciphertext::from_bytes(ct.as_bytes()).unwrap();
    black_box(dk.decapsulate(&ct) == ss);
    // Varying messages (as the transcript hashes vary).
    let th: [u8; 32] = ri[32..64].try_into().unwrap();
    for (sk, vkb, rnd) in [
        (skb, b.verifying_key().as_bytes(), &rr[96..]),
        (ska, a.verifying_key().as_bytes(), &ri[64..]),
    ] {
        let sig = sign(sk, &th, rnd.try_into().unwrap());
        let vk = ml_dsa_65::VerifyingKey::from_bytes(vkb).unwrap();
        let s = ml_dsa_65::Signature::from_bytes(sig.as_bytes()).unwrap();
        assert!(
            vk.verify(&th, b"pqlattice channel v1 responder", &s)
                .is_ok()
        );
    }
}

/// Keccak-f[1600] permutations of one handshake outside the public-key primitives,
/// per side, counted from docs/channel.md: the transcript (9160 bytes absorbed: 67
/// blocks, plus 6 intermediate digests), 12 KMAC256 calls of 3 permutations each
/// (customization block, key block, input and output block), and the peer's PeerId
/// (1979 bytes: 15 permutations).
const KECCAK_PER_SIDE: usize = 67 + 6 + 12 * 3 + 15;

/// The symmetric primitives of one handshake, both sides: [`KECCAK_PER_SIDE`]
/// permutations each, and ChaCha20-Poly1305 seal and open of the two 5293-byte
/// authentication payloads.
fn symmetric(state: &mut [[u64; 1]; 25], buf: &mut [u8]) {
    use chacha20poly1305::aead::AeadInOut;
    use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
    for _ in 0..2 * KECCAK_PER_SIDE {
        pqlattice::testing::bench::keccak_single(state);
    }
    let cipher = ChaCha20Poly1305::new_from_slice(&[7u8; 32]).unwrap();
    let nonce = [0u8; 12].into();
    for _ in 0..2 {
        let tag = cipher
            .encrypt_inout_detached(&nonce, &[], (&mut buf[..]).into())
            .unwrap();
        cipher
            .decrypt_inout_detached(&nonce, &[], (&mut buf[..]).into(), &tag)
            .unwrap();
    }
    black_box(&state);
}

/// The ratios handshake / public-key primitives and handshake / all primitives
/// (public-key + symmetric), measured interleaved (rounds of 20 of each, the same
/// inputs) so that a load change on a shared machine hits all alike.
fn interleaved_ratio(
    a: &Identity,
    b: &Identity,
    ska: &ml_dsa_65::SigningKey,
    skb: &ml_dsa_65::SigningKey,
) {
    use std::time::{Duration, Instant};
    let (mut th, mut tp, mut ts) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut state = [[0u64; 1]; 25];
    let mut buf = vec![0u8; 5293];
    let mut n = 1_000_000u64;
    for _ in 0..25 {
        let start = n;
        let t = Instant::now();
        for k in 0..20 {
            black_box(handshake(a, b, start + k));
        }
        th += t.elapsed();
        let t = Instant::now();
        for k in 0..20 {
            primitives(a, b, ska, skb, start + k);
        }
        tp += t.elapsed();
        let t = Instant::now();
        for _ in 0..20 {
            symmetric(&mut state, &mut buf);
        }
        ts += t.elapsed();
        n += 20;
    }
    println!(
        "interleaved, 500 each: handshake {:.1} us, public-key primitives {:.1} us (ratio {:.3}), \
         + symmetric primitives {:.1} us (ratio {:.3})",
        th.as_secs_f64() * 1e6 / 500.0,
        tp.as_secs_f64() * 1e6 / 500.0,
        th.as_secs_f64() / tp.as_secs_f64(),
        ts.as_secs_f64() * 1e6 / 500.0,
        th.as_secs_f64() / (tp + ts).as_secs_f64()
    );
}

fn bench(c: &mut Criterion) {
    let a = Identity::from_seed(&[0xA1; 32]);
    let b = Identity::from_seed(&[0xB0; 32]);

    // Bytes on the wire.
    let mut i = Handshake::initiator_with_randomness(&a, PeerPolicy::AnyPeer, &rand_i(0)).unwrap();
    let mut r = Handshake::responder_with_randomness(&b, PeerPolicy::AnyPeer, &rand_r(0)).unwrap();
    let m1 = i.write_message().unwrap();
    r.read_message(&m1).unwrap();
    let m2 = r.write_message().unwrap();
    i.read_message(&m2).unwrap();
    let m3 = i.write_message().unwrap();
    println!(
        "bytes on the wire: InitiatorHello {} B, ResponderHello {} B, InitiatorAuth {} B, \
         handshake total {} B (+4 B per message with the TCP framing); record = plaintext + {} B",
        m1.len(),
        m2.len(),
        m3.len(),
        m1.len() + m2.len() + m3.len(),
        RECORD_OVERHEAD
    );

    let mut g = c.benchmark_group("channel");
    let mut n = 0u64;
    g.bench_function("handshake/both-sides", |bn| {
        bn.iter(|| {
            n += 1;
            handshake(black_box(&a), &b, n)
        })
    });
    // The public-key work of one handshake, both sides, and nothing else: X-Wing key
    // generation, key-share parsing, encapsulation and decapsulation; two ML-DSA-65
    // signatures with expanded keys; two verifying-key and signature parses and two
    // verifications. The handshake's overhead over this is hashing, KMAC, AEAD and
    // copying.
    let (ska, skb) = (
        ml_dsa_65::SigningKey::from_seed(a.seed()),
        ml_dsa_65::SigningKey::from_seed(b.seed()),
    );
    let mut n = 0u64;
    g.bench_function("handshake/primitives", |bn| {
        bn.iter(|| {
            n += 1;
            primitives(&a, &b, &ska, &skb, n)
        })
    });
    let mut n = 0u64;
    let mut state = [[0u64; 1]; 25];
    let mut buf = vec![0u8; 5293];
    g.bench_function("handshake/primitives+symmetric", |bn| {
        bn.iter(|| {
            n += 1;
            primitives(&a, &b, &ska, &skb, n);
            symmetric(&mut state, &mut buf);
        })
    });
    g.bench_function("handshake/symmetric-only", |bn| {
        bn.iter(|| symmetric(&mut state, &mut buf))
    });
    g.finish();
    interleaved_ratio(&a, &b, &ska, &skb);

    for (name, size) in [("1KiB", 1024usize), ("64KiB", MAX_RECORD_PLAINTEXT)] {
        let mut g = c.benchmark_group(format!("records/{name}"));
        g.throughput(Throughput::Bytes(size as u64));
        let data = vec![0x42u8; size];
        let (mut sa, mut sb) = handshake(&a, &b, 0);
        g.bench_function("seal", |bn| bn.iter(|| sa.seal(black_box(&data)).unwrap()));
        // Open: records sealed in order by the setup, opened in the same order.
        let (mut sa, mut sb2) = handshake(&a, &b, 0);
        g.bench_function("open", |bn| {
            bn.iter_batched(
                || sa.seal(&data).unwrap(),
                |rec| sb2.open(black_box(&rec)).unwrap(),
                BatchSize::SmallInput,
            )
        });
        black_box(&mut sb);
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
