//! Streaming mu (`MuHasher`): a 100 MiB message hashed in 1 MiB pieces signs to the
//! one-shot signature; pieces of every size agree with `compute_mu`.

use pqlattice::ml_dsa::{MlDsa44, MlDsa65, MlDsa87, ParameterSet, SigningKey};
use pqlattice::{Error, ml_dsa_65};

#[test]
fn hundred_mib_in_one_mib_pieces_equals_one_shot() {
    let (vk, sk) = ml_dsa_65::generate_from_seed(&[0x17; 32]);
    // A 100 MiB message that is not periodic in the piece size.
    let mut msg = vec![0u8; 100 << 20];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for chunk in msg.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
    let ctx = b"large-file-v1";
    let mut h = sk.mu_hasher(ctx).unwrap();
    for piece in msg.chunks(1 << 20) {
        h.update(piece);
    }
    let mu = h.finalize();
    let streamed = sk.sign_mu_deterministic(&mu);
    let one_shot = sk.sign_deterministic(&msg, ctx).unwrap();
    assert_eq!(streamed, one_shot);
    vk.verify(&msg, ctx, &streamed).unwrap();
    // Negative control: one changed byte in the last piece changes mu.
    let mut h = vk.mu_hasher(ctx).unwrap();
    let last = msg.len() - 1;
    msg[last] ^= 1;
    for piece in msg.chunks(1 << 20) {
        h.update(piece);
    }
    let mu2 = h.finalize();
    assert_ne!(mu2, mu);
    assert_eq!(vk.verify_mu(&mu2, &streamed), Err(Error::InvalidSignature));
}

fn pieces_agree<P: ParameterSet>() {
    let sk = SigningKey::<P>::from_seed(&[3; 32]);
    let vk = sk.verifying_key();
    let msg: Vec<u8> = (0..1000u32).map(|i| (i * 31 + 7) as u8).collect();
    for ctx in [&b""[..], b"c", &[0xaa; 255]] {
        let want = vk.compute_mu(&msg, ctx).unwrap();
        for piece in [1usize, 7, 135, 136, 137, 999, 1000] {
            let mut a = vk.mu_hasher(ctx).unwrap();
            let mut b = sk.mu_hasher(ctx).unwrap();
            for p in msg.chunks(piece) {
                a.update(p);
                b.update(p).update(&[]);
            }
            assert_eq!(a.finalize(), want, "piece {piece}");
            assert_eq!(b.finalize(), want, "piece {piece}");
        }
        // Hedged signing of a streamed mu verifies on the whole message.
        let mut h = sk.mu_hasher(ctx).unwrap();
        h.update(&msg);
        let sig = sk.sign_mu(
            &h.finalize(),
            &mut rand_chacha::ChaCha20Rng::from_seed([5; 32]),
        );
        vk.verify(&msg, ctx, &sig).unwrap();
        assert!(vk.verify(&msg[1..], ctx, &sig).is_err());
    }
    assert_eq!(
        vk.mu_hasher(&[0; 256]).unwrap_err(),
        Error::ContextTooLong { actual: 256 }
    );
    assert!(sk.mu_hasher(&[0; 256]).is_err());
}

use rand_chacha::rand_core::SeedableRng;

#[test]
fn pieces_of_every_size_agree_with_compute_mu() {
    pieces_agree::<MlDsa44>();
    pieces_agree::<MlDsa65>();
    pieces_agree::<MlDsa87>();
}
