//! ML-DSA verification of arbitrary (mostly corrupted) signatures and keys: never
//! panics and always agrees with RustCrypto's `ml-dsa`.
#![no_main]

use libfuzzer_sys::fuzz_target;

macro_rules! check {
    ($ours:ident, $T:ty, $data:expr) => {{
        use pqlattice::$ours as ours;
        let data: &[u8] = $data;
        let seed: [u8; 32] = data[1..33].try_into().unwrap();
        let ctx_len = (data[33] as usize) % 8;
        let rest = &data[34..];
        let (ctx, rest) = rest.split_at(ctx_len.min(rest.len()));
        let (edits, msg) = rest.split_at((rest.len() / 2).min(24));
        let (vk, sk) = ours::generate_from_seed(&seed);
        let sig = sk.sign_deterministic(msg, ctx).unwrap();
        // Corrupt: each 3-byte edit is (position lo, position hi, xor value).
        let mut sig_bytes = sig.as_bytes().to_vec();
        let mut vk_bytes = vk.as_bytes().to_vec();
        for e in edits.chunks_exact(3) {
            let pos = u16::from_le_bytes([e[0], e[1]]) as usize;
            if e[2] & 0x80 != 0 && pos % 16 == 0 {
                let n = vk_bytes.len();
                vk_bytes[pos % n] ^= e[2];
            } else {
                let n = sig_bytes.len();
                sig_bytes[pos % n] ^= e[2];
            }
        }
        let vk2 = ours::VerifyingKey::from_bytes(&vk_bytes).unwrap();
        let sig2 = ours::Signature::from_bytes(&sig_bytes).unwrap();
        let ours_ok = vk2.verify(msg, ctx, &sig2).is_ok();

        let their_vk = ml_dsa::VerifyingKey::<$T>::decode(
            &ml_dsa::EncodedVerifyingKey::<$T>::try_from(&vk_bytes[..]).unwrap(),
        );
        let theirs_ok = ml_dsa::EncodedSignature::<$T>::try_from(&sig_bytes[..])
            .ok()
            .and_then(|e| ml_dsa::Signature::<$T>::decode(&e))
            .is_some_and(|s| their_vk.verify_with_context(msg, ctx, &s));
        assert_eq!(ours_ok, theirs_ok, "disagreement");
        if edits.len() < 3 {
            assert!(ours_ok);
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 34 {
        return;
    }
    match data[0] % 3 {
        0 => check!(ml_dsa_44, ml_dsa::MlDsa44, data),
        1 => check!(ml_dsa_65, ml_dsa::MlDsa65, data),
        _ => check!(ml_dsa_87, ml_dsa::MlDsa87, data),
    }
});
