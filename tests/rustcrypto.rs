//! The RustCrypto traits (feature `rustcrypto`): the same generic functions, written
//! against `kem` 0.3 and `signature` 3 only, run over RustCrypto's `ml-kem` /
//! `ml-dsa` and over pqlattice, and their results must interoperate (and, where the
//! inputs are the same, be byte-identical).
#![cfg(feature = "rustcrypto")]

use pqlattice::rustcrypto::kem::{
    Decapsulate, Encapsulate, FromSeed, Generate, Kem, KeyExport, KeyInit, TryKeyInit,
};
use pqlattice::rustcrypto::shake::Shake256;
use pqlattice::rustcrypto::signature::digest::Update;
use pqlattice::rustcrypto::signature::{
    DigestSigner, DigestVerifier, Keypair, MultipartSigner, MultipartVerifier,
    RandomizedMultipartSigner, RandomizedSigner, SignatureEncoding, Signer, Verifier,
};
use pqlattice::{ml_dsa, ml_kem};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

// --- generic KEM code (traits only) -------------------------------------------

/// The encapsulation key of the pair generated from `rng`, exported.
fn kem_generate<K: Kem>(rng: &mut ChaCha20Rng) -> (K::DecapsulationKey, Vec<u8>)
where
    K::EncapsulationKey: KeyExport,
{
    let (dk, ek) = K::generate_keypair_from_rng(rng);
    (dk, ek.to_bytes().to_vec())
}

/// Encapsulates to an exported key; `None` if the key is refused.
fn kem_encapsulate<K: Kem>(ek: &[u8], rng: &mut ChaCha20Rng) -> Option<(Vec<u8>, Vec<u8>)> {
    let ek = K::EncapsulationKey::new_from_slice(ek).ok()?;
    let (ct, k) = ek.encapsulate_with_rng(rng);
    Some((ct.to_vec(), k.to_vec()))
}

fn kem_decapsulate<K: Kem>(dk: &K::DecapsulationKey, ct: &[u8]) -> Vec<u8>
where
    K::DecapsulationKey: Decapsulate,
{
    dk.decapsulate_slice(ct)
        .expect("ciphertext length")
        .to_vec()
}

fn kem_from_seed<K: FromSeed>(seed: &[u8; 64]) -> (K::DecapsulationKey, Vec<u8>)
where
    K::EncapsulationKey: KeyExport,
{
    let seed = pqlattice::rustcrypto::kem::Seed::<K>::try_from(&seed[..]).expect("64-byte seed");
    let (dk, ek) = K::from_seed(&seed);
    (dk, ek.to_bytes().to_vec())
}

fn kem_interop<Ours, Theirs>()
where
    Ours: Kem + FromSeed,
    Theirs: Kem + FromSeed,
    Ours::DecapsulationKey: Decapsulate + KeyInit,
    Theirs::DecapsulationKey: Decapsulate + KeyInit,
    Ours::EncapsulationKey: KeyExport,
    Theirs::EncapsulationKey: KeyExport,
{
    for i in 0..4u8 {
        // Same randomness, same keys.
        let (our_dk, our_ek) = kem_generate::<Ours>(&mut rng(i));
        let (their_dk, their_ek) = kem_generate::<Theirs>(&mut rng(i));
        assert_eq!(our_ek, their_ek);
        let seed = [i.wrapping_mul(37); 64];
        assert_eq!(
            kem_from_seed::<Ours>(&seed).1,
            kem_from_seed::<Theirs>(&seed).1
        );
        // Same randomness, same ciphertext and key; each side decapsulates the other's.
        let (ct1, k1) = kem_encapsulate::<Ours>(&their_ek, &mut rng(100 + i)).unwrap();
        let (ct2, k2) = kem_encapsulate::<Theirs>(&our_ek, &mut rng(100 + i)).unwrap();
        assert_eq!((&ct1, &k1), (&ct2, &k2));
        assert_eq!(kem_decapsulate::<Theirs>(&their_dk, &ct1), k1);
        assert_eq!(kem_decapsulate::<Ours>(&our_dk, &ct2), k2);
        // A corrupted ciphertext: implicit rejection, identically on both sides.
        let mut bad = ct1.clone();
        bad[3] ^= 1;
        let r1 = kem_decapsulate::<Ours>(&our_dk, &bad);
        assert_ne!(r1, k1);
        assert_eq!(r1, kem_decapsulate::<Theirs>(&their_dk, &bad));
    }
    // A key failing the section 7.2 check is refused, not a panic.
    let (_, mut ek) = kem_generate::<Ours>(&mut rng(9));
    ek[0] = 0xff;
    ek[1] |= 0x0f;
    assert!(kem_encapsulate::<Ours>(&ek, &mut rng(1)).is_none());
    assert!(kem_encapsulate::<Theirs>(&ek, &mut rng(1)).is_none());
}

#[test]
fn kem_traits_interoperate() {
    kem_interop::<ml_kem::MlKem512, ::ml_kem::MlKem512>();
    kem_interop::<ml_kem::MlKem768, ::ml_kem::MlKem768>();
    kem_interop::<ml_kem::MlKem1024, ::ml_kem::MlKem1024>();
}

/// An RNG that always fails.
struct FailingRng;
impl rand_chacha::rand_core::TryRng for FailingRng {
    type Error = std::io::Error;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Err(std::io::Error::other("no entropy"))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Err(std::io::Error::other("no entropy"))
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
        Err(std::io::Error::other("no entropy"))
    }
}
impl rand_chacha::rand_core::TryCryptoRng for FailingRng {}

#[test]
fn failing_rngs_are_errors() {
    assert!(
        ml_kem::DecapsulationKey::<ml_kem::MlKem768>::try_generate_from_rng(&mut FailingRng)
            .is_err()
    );
    let sk = ml_dsa::SigningKey::<ml_dsa::MlDsa44>::from_seed(&[1; 32]);
    assert!(RandomizedSigner::try_sign_with_rng(&sk, &mut FailingRng, b"m").is_err());
    assert!(
        RandomizedMultipartSigner::try_multipart_sign_with_rng(&sk, &mut FailingRng, &[b"m"])
            .is_err()
    );
    // Negative control.
    assert!(RandomizedSigner::try_sign_with_rng(&sk, &mut rng(1), b"m").is_ok());
}

// --- generic signature code (traits only) -------------------------------------

fn sig_bytes<S: SignatureEncoding>(s: S) -> Vec<u8> {
    s.to_bytes().as_ref().to_vec()
}

fn verifies<V: Verifier<S>, S: SignatureEncoding>(vk: &V, msg: &[u8], sig: &[u8]) -> bool {
    match S::try_from(sig) {
        Ok(sig) => vk.verify(msg, &sig).is_ok(),
        Err(_) => false,
    }
}

fn verifies_multipart<V: MultipartVerifier<S>, S: SignatureEncoding>(
    vk: &V,
    msg: &[&[u8]],
    sig: &[u8],
) -> bool {
    S::try_from(sig).is_ok_and(|sig| vk.multipart_verify(msg, &sig).is_ok())
}

fn verifies_digest<V: DigestVerifier<Shake256, S>, S: SignatureEncoding>(
    vk: &V,
    msg: &[u8],
    sig: &[u8],
) -> bool {
    S::try_from(sig).is_ok_and(|sig| {
        vk.verify_digest(
            |h: &mut Shake256| {
                h.update(msg);
                Ok(())
            },
            &sig,
        )
        .is_ok()
    })
}

/// Every deterministic signature of `sk` on `msg`: one-shot, multipart, digest.
fn deterministic<K, S>(sk: &K, msg: &[u8]) -> [Vec<u8>; 3]
where
    K: Signer<S> + MultipartSigner<S> + DigestSigner<Shake256, S>,
    S: SignatureEncoding,
{
    let (a, b) = msg.split_at(msg.len() / 2);
    [
        sig_bytes(sk.sign(msg)),
        sig_bytes(sk.multipart_sign(&[a, b])),
        sig_bytes(sk.sign_digest(|h: &mut Shake256| h.update(msg))),
    ]
}

fn randomized<K: RandomizedSigner<S> + RandomizedMultipartSigner<S>, S: SignatureEncoding>(
    sk: &K,
    seed: u8,
    msg: &[u8],
) -> [Vec<u8>; 2] {
    [
        sig_bytes(sk.sign_with_rng(&mut rng(seed), msg)),
        sig_bytes(sk.multipart_sign_with_rng(&mut rng(seed), &[msg])),
    ]
}

fn public<K: Keypair>(k: &K) -> K::VerifyingKey {
    k.verifying_key()
}

macro_rules! dsa_interop {
    ($test:ident, $P:ident) => {
        #[test]
        fn $test() {
            type OurSig = ml_dsa::Signature<ml_dsa::$P>;
            type TheirSig = ::ml_dsa::Signature<::ml_dsa::$P>;
            for i in 0..3u8 {
                let seed = [i.wrapping_mul(91).wrapping_add(5); 32];
                let ours = ml_dsa::SigningKey::<ml_dsa::$P>::from_seed(&seed);
                let theirs = ::ml_dsa::SigningKey::<::ml_dsa::$P>::from_seed(&seed.into());
                let msg = [i; 77];
                // Deterministic signatures: byte-identical.
                let d_ours = deterministic::<_, OurSig>(&ours, &msg);
                let d_theirs = deterministic::<_, TheirSig>(&theirs, &msg);
                assert_eq!(d_ours, d_theirs);
                assert!(
                    d_ours.iter().all(|s| s == &d_ours[0]),
                    "one-shot, multipart and digest agree"
                );
                // Hedged with the same randomness: byte-identical too.
                let r_ours = randomized::<_, OurSig>(&ours, i, &msg);
                let r_theirs = randomized::<_, TheirSig>(theirs.expanded_key(), i, &msg);
                assert_eq!(r_ours, r_theirs);
                assert_ne!(r_ours[0], d_ours[0]);
                // Each side verifies the other's, through every verifier trait.
                let vk_ours = public(&ours);
                let vk_theirs = public(&theirs);
                for sig in d_ours.iter().chain(&r_ours) {
                    assert!(verifies::<_, OurSig>(&vk_ours, &msg, sig));
                    assert!(verifies::<_, TheirSig>(&vk_theirs, &msg, sig));
                    assert!(verifies_multipart::<_, OurSig>(
                        &vk_ours,
                        &[&msg[..10], &msg[10..]],
                        sig
                    ));
                    assert!(verifies_digest::<_, OurSig>(&vk_ours, &msg, sig));
                    assert!(verifies_digest::<_, TheirSig>(&vk_theirs, &msg, sig));
                    // Negative controls: another message, a flipped bit.
                    assert!(!verifies::<_, OurSig>(&vk_ours, &msg[1..], sig));
                    assert!(!verifies_digest::<_, OurSig>(&vk_ours, &msg[1..], sig));
                    let mut bad = sig.clone();
                    bad[7] ^= 1;
                    assert!(!verifies::<_, OurSig>(&vk_ours, &msg, &bad));
                    assert!(!verifies::<_, TheirSig>(&vk_theirs, &msg, &bad));
                }
                assert!(
                    !verifies::<_, OurSig>(&vk_ours, &msg, &d_ours[0][1..]),
                    "short signature"
                );
                // The key pair type signs like its signing key.
                let kp = ml_dsa::KeyPair::<ml_dsa::$P>::from_seed(&seed);
                assert_eq!(sig_bytes::<OurSig>(kp.sign(&msg)), d_ours[0]);
                assert_eq!(public(&kp), vk_ours);
            }
        }
    };
}
dsa_interop!(signature_traits_interoperate_44, MlDsa44);
dsa_interop!(signature_traits_interoperate_65, MlDsa65);
dsa_interop!(signature_traits_interoperate_87, MlDsa87);

#[test]
fn context_adapter() {
    use pqlattice::ml_dsa::WithContext;
    let seed = [4u8; 32];
    let ours = ml_dsa::SigningKey::<ml_dsa::MlDsa65>::from_seed(&seed);
    let theirs = ::ml_dsa::SigningKey::<::ml_dsa::MlDsa65>::from_seed(&seed.into());
    let ctx = b"application context";
    let signer = WithContext::new(&ours, ctx).unwrap();
    let sig: ml_dsa::Signature<ml_dsa::MlDsa65> = signer.sign(b"msg");
    assert_eq!(sig, ours.sign_deterministic(b"msg", ctx).unwrap());
    assert_eq!(
        sig.as_bytes()[..],
        theirs
            .expanded_key()
            .sign_deterministic(b"msg", ctx)
            .unwrap()
            .encode()[..]
    );
    let vk = ours.verifying_key();
    let verifier = WithContext::new(&vk, ctx).unwrap();
    assert!(verifier.verify(b"msg", &sig).is_ok());
    assert!(verifier.multipart_verify(&[b"m", b"sg"], &sig).is_ok());
    assert!(
        Verifier::verify(&vk, b"msg", &sig).is_err(),
        "empty context differs"
    );
    let other = WithContext::new(&vk, b"other").unwrap();
    assert!(other.verify(b"msg", &sig).is_err());
    let hedged = signer.sign_with_rng(&mut rng(3), b"msg");
    assert!(verifier.verify(b"msg", &hedged).is_ok());
    assert!(WithContext::new(&ours, &[0u8; 256]).is_err());
    assert!(WithContext::new(&ours, &[0u8; 255]).is_ok());
}
