//! ML-DSA part of the valgrind constant-time check (called from `main.rs`).
//!
//! For each parameter set: the key-generation seed and the signing randomness are
//! marked secret; key generation from the seed (alone and as a pair), every signing entry point (`sign`,
//! `sign_deterministic`, `sign_prehash`, `sign_prehash_deterministic`, `sign_mu`,
//! `sign_internal`, `sign_with_randomness`, `sign_mu_with_randomness`) and
//! `SigningKey::from_bytes` on secret bytes then run under memcheck, which reports any branch or memory index that depends on them.
//! Only public outputs (the verifying key encoding, the signatures) are declassified,
//! here, before they are compared or printed. Needs the `ctgrind` and `hazmat`
//! features.

use crate::ml_kem::SecretRng;
use pqlattice::ctgrind::{declassify, secret};
use pqlattice::ml_dsa::{
    KeyPair, MlDsa44, MlDsa65, MlDsa87, ParameterSet, PreHash, Signature, SigningKey, VerifyingKey,
};

/// Declassifies a produced signature (public by design) and checks it with `verify`.
fn public_sig<P: ParameterSet>(sig: Signature<P>, verify: impl FnOnce(&Signature<P>) -> bool) {
    let mut bytes = *sig.as_bytes();
    declassify(&mut bytes);
    let s = Signature::<P>::from_bytes(bytes.as_ref()).expect("length");
    assert!(verify(&s), "{}: signature does not verify", P::NAME);
}

fn check<P: ParameterSet>() {
    let mut seed = [0u8; 32];
    for (i, b) in seed.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(29).wrapping_add(P::K as u8);
    }
    let mut rnd = [0x5cu8; 32];
    secret(&mut seed);
    secret(&mut rnd);
    let msg = b"pqlattice ctgrind fixed message";
    let ctx = b"ctgrind";
    let mu = [0x3au8; 64]; // public

    // Key generation from a secret seed.
    let sk = SigningKey::<P>::from_seed(&seed);
    let mut pk = *sk.verifying_key().as_bytes();
    declassify(&mut pk); // public output
    let vk = VerifyingKey::<P>::from_bytes(pk.as_ref()).expect("pk length");
    // The pair path (`KeyPair::from_seed`, `generate_from_seed`): key generation also
    // fills the verifying key's caches, NTT(t1 * 2^d) from the secret NTT(s2) and
    // NTT(t0). Only its public encoding is declassified and compared: the caches are
    // public but derived from secret-marked data, so memcheck would (wrongly) flag
    // verification with this key.
    let kp = KeyPair::<P>::from_seed(&seed);
    let mut pk_pair = *kp.verifying_key().as_bytes();
    declassify(&mut pk_pair);
    assert_eq!(pk_pair, pk, "{}: the pair's verifying key", P::NAME);
    // Key generation straight to the encodings (`encodings_from_seed`: the matrix
    // streamed row by row, s2 and t rows packed as they are finished). The signing
    // key encoding stays secret; only the verifying key is declassified.
    let (mut pk_enc, sk_enc) = SigningKey::<P>::encodings_from_seed(&seed);
    declassify(&mut pk_enc);
    assert_eq!(pk_enc, pk, "{}: the encoded verifying key", P::NAME);
    let mut sk_enc_bytes = *sk_enc;
    let mut sk_obj_bytes = *sk.to_bytes();
    declassify(&mut sk_enc_bytes);
    declassify(&mut sk_obj_bytes);
    assert_eq!(
        sk_enc_bytes.as_ref(),
        sk_obj_bytes.as_ref(),
        "{}: the encoded signing key",
        P::NAME
    );

    // Hedged signing with secret randomness: pure, and external mu.
    let mut sig = *sk
        .sign_with_randomness(msg, ctx, &rnd)
        .expect("ctx length")
        .as_bytes();
    declassify(&mut sig);
    let mut sig_mu = *sk.sign_mu_with_randomness(&mu, &rnd).as_bytes();
    declassify(&mut sig_mu);

    // Parsing a secret expanded key (range and consistency checks), then signing.
    let mut sk_bytes = *sk.to_bytes();
    secret(&mut sk_bytes);
    let sk2 = SigningKey::<P>::from_bytes(sk_bytes.as_ref()).expect("valid key");
    let mut sig2 = *sk2
        .sign_with_randomness(msg, ctx, &rnd)
        .expect("ctx length")
        .as_bytes();
    declassify(&mut sig2);

    // Public from here on.
    assert_eq!(sig, sig2, "{}: same key, same rnd, same signature", P::NAME);
    let s = pqlattice::ml_dsa::Signature::<P>::from_bytes(sig.as_ref()).expect("length");
    vk.verify(msg, ctx, &s).expect("signature verifies");
    let s = pqlattice::ml_dsa::Signature::<P>::from_bytes(sig_mu.as_ref()).expect("length");
    vk.verify_mu(&mu, &s)
        .expect("external-mu signature verifies");
    // Every other signing entry point, with secret rng output where they take an rng.
    let mut rng = SecretRng(P::K as u64);
    let digest = [0x11u8; 64]; // a public SHA3-512 / SHAKE-256 digest of some message
    public_sig(sk.sign(msg, ctx, &mut rng).expect("ctx"), |s| {
        vk.verify(msg, ctx, s).is_ok()
    });
    public_sig(sk.sign_deterministic(msg, ctx).expect("ctx"), |s| {
        vk.verify(msg, ctx, s).is_ok()
    });
    public_sig(
        sk.sign_prehash(PreHash::Sha3_512, &digest, ctx, &mut rng)
            .expect("digest"),
        |s| {
            vk.verify_prehash(PreHash::Sha3_512, &digest, ctx, s)
                .is_ok()
        },
    );
    public_sig(
        sk.sign_prehash_deterministic(PreHash::Shake256, &digest, ctx)
            .expect("digest"),
        |s| {
            vk.verify_prehash(PreHash::Shake256, &digest, ctx, s)
                .is_ok()
        },
    );
    public_sig(sk.sign_mu(&mu, &mut rng), |s| vk.verify_mu(&mu, s).is_ok());
    public_sig(sk.sign_internal(msg, &rnd), |s| vk.verify_internal(msg, s));

    println!(
        "{}: keygen, sign, sign_deterministic, sign_prehash(_deterministic), sign_mu, \
         sign_internal, sign_with_randomness, sign_mu_with_randomness, from_bytes checked (sig[0..4] = {:02x?})",
        P::NAME,
        &sig.as_ref()[..4]
    );
}

/// Runs the ML-DSA constant-time checks for all three parameter sets.
pub fn run() {
    check::<MlDsa44>();
    check::<MlDsa65>();
    check::<MlDsa87>();
}
