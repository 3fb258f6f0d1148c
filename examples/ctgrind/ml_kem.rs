//! ML-KEM constant-time checks: key generation, encapsulation, decapsulation (valid
//! and implicit-rejection paths) and expanded-key parsing, for all three sizes.
//!
//! Secret: the 64-byte seed (d || z), the encapsulation randomness m, rng output,
//! the decapsulation key (its dk_PKE and z parts). Public by design, declassified:
//! encapsulation keys, ciphertexts, and the ek / H(ek) parts of an expanded
//! decapsulation key. Shared secrets are declassified only just before the test
//! compares them (the comparison is test logic, not library code).

use core::convert::Infallible;
use pqlattice::ctgrind::{declassify, secret};
use pqlattice::rand_core::{TryCryptoRng, TryRng};

/// A deterministic test generator whose every output byte is marked secret.
/// (Not a cryptographic generator: only for this check.)
pub(crate) struct SecretRng(pub(crate) u64);

impl TryRng for SecretRng {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            // splitmix64
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
        secret(dst);
        Ok(())
    }
}

impl TryCryptoRng for SecretRng {}

/// Fills an array with a fixed public pattern (to be marked secret by the caller).
fn pattern<const N: usize>(tag: u8) -> [u8; N] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(31).wrapping_add(tag))
}

/// A declassified copy of a secret value, for comparison by the test.
fn public<const N: usize>(v: &[u8; N]) -> [u8; N] {
    let mut c = *v;
    declassify(&mut c);
    c
}

macro_rules! check_size {
    ($kem:ident) => {{
        use pqlattice::$kem as kem;
        let name = stringify!($kem);

        // Key generation from a secret seed (ML-KEM.KeyGen_internal).
        let mut seed: [u8; 64] = pattern(0x11);
        secret(&mut seed);
        let (ek, dk) = kem::generate_from_seed(&seed);

        // The encapsulation key is public: declassify its bytes and re-parse them
        // (the section 7.2 modulus check may branch on public data).
        let mut ek_bytes = *ek.as_bytes();
        declassify(&mut ek_bytes);
        let ek = kem::EncapsulationKey::from_bytes(&ek_bytes).expect("ek from_bytes");

        // Encapsulation with secret randomness m.
        let mut m: [u8; 32] = pattern(0x22);
        secret(&mut m);
        let (ct, ss_enc) = ek.encapsulate_deterministic(&m);
        let mut ct_bytes = *ct.as_bytes();
        declassify(&mut ct_bytes);
        let ct = kem::Ciphertext::from_bytes(&ct_bytes).expect("ct from_bytes");

        // Decapsulation of the valid ciphertext with the secret key.
        let ss_dec = dk.decapsulate(&ct);
        assert_eq!(
            public(ss_enc.as_bytes()),
            public(ss_dec.as_bytes()),
            "{name}: shared secrets differ"
        );

        // Implicit rejection: a corrupted ciphertext must take the same code path
        // (constant-time re-encryption compare and select).
        let mut bad = ct_bytes;
        bad[0] ^= 1;
        let bad = kem::Ciphertext::from_bytes(&bad).expect("ct from_bytes");
        let ss_rej = dk.decapsulate(&bad);
        let ss_rej2 = dk.decapsulate(&bad);
        let rej = public(ss_rej.as_bytes());
        assert_ne!(
            rej,
            public(ss_dec.as_bytes()),
            "{name}: rejection secret equals real one"
        );
        assert_eq!(
            rej,
            public(ss_rej2.as_bytes()),
            "{name}: rejection not deterministic"
        );

        // Expanded decapsulation key parsing (section 7.3 hash check) on secret bytes:
        // dk = dk_PKE || ek || H(ek) || z, where only ek and H(ek) are public.
        let mut dk_bytes = dk.to_bytes();
        secret(&mut dk_bytes[..]);
        let pke_len = kem::DECAPSULATION_KEY_SIZE - kem::ENCAPSULATION_KEY_SIZE - 64;
        declassify(&mut dk_bytes[pke_len..kem::DECAPSULATION_KEY_SIZE - 32]);
        let dk2 = kem::DecapsulationKey::from_bytes(&dk_bytes[..]).expect("dk from_bytes");
        let ss_dec2 = dk2.decapsulate(&ct);
        assert_eq!(
            public(ss_dec2.as_bytes()),
            public(ss_enc.as_bytes()),
            "{name}: expanded key decapsulates differently"
        );
        let ss_rej3 = dk2.decapsulate(&bad);
        assert_eq!(
            public(ss_rej3.as_bytes()),
            rej,
            "{name}: expanded key rejects differently"
        );

        // Key from a secret seed, without going through generate_from_seed.
        let dk3 = kem::DecapsulationKey::from_seed(&seed);
        let ss_dec3 = dk3.decapsulate(&ct);
        assert_eq!(
            public(ss_dec3.as_bytes()),
            public(ss_enc.as_bytes()),
            "{name}: from_seed key decapsulates differently"
        );

        // Randomized entry points with a generator whose output is secret.
        let mut rng = SecretRng(0x5eed);
        let (ek4, dk4) = kem::generate(&mut rng);
        let mut ek4_bytes = *ek4.as_bytes();
        declassify(&mut ek4_bytes);
        let ek4 = kem::EncapsulationKey::from_bytes(&ek4_bytes).expect("ek from_bytes");
        let (ct4, ss_enc4) = ek4.encapsulate(&mut rng);
        let mut ct4_bytes = *ct4.as_bytes();
        declassify(&mut ct4_bytes);
        let ct4 = kem::Ciphertext::from_bytes(&ct4_bytes).expect("ct from_bytes");
        let ss_dec4 = dk4.decapsulate(&ct4);
        assert_eq!(
            public(ss_enc4.as_bytes()),
            public(ss_dec4.as_bytes()),
            "{name}: randomized round trip failed"
        );

        println!("ctgrind: {name} ok");
    }};
}

/// Runs the ML-KEM checks for ML-KEM-512, -768 and -1024.
pub fn run() {
    check_size!(ml_kem_512);
    check_size!(ml_kem_768);
    check_size!(ml_kem_1024);
}
