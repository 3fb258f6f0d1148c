//! Sign/verify round trips on fuzzer-chosen seeds, messages, contexts and
//! randomness, through every signing interface.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::ml_dsa::PreHash;

macro_rules! run {
    ($ours:ident, $data:expr) => {{
        use pqlattice::$ours as ours;
        let data: &[u8] = $data;
        let seed: [u8; 32] = data[1..33].try_into().unwrap();
        let rnd: [u8; 32] = data[33..65].try_into().unwrap();
        let ctx_len = data[65] as usize;
        let rest = &data[66..];
        let (ctx, msg) = rest.split_at(ctx_len.min(rest.len()));
        let (vk, sk) = ours::generate_from_seed(&seed);
        let sig = sk.sign_with_randomness(msg, ctx, &rnd).unwrap();
        vk.verify(msg, ctx, &sig).unwrap();
        let det = sk.sign_deterministic(msg, ctx).unwrap();
        vk.verify(msg, ctx, &det).unwrap();
        let mu = vk.compute_mu(msg, ctx).unwrap();
        let s2 = sk.sign_mu_with_randomness(&mu, &rnd);
        vk.verify_mu(&mu, &s2).unwrap();
        vk.verify(msg, ctx, &s2).unwrap();
        // Pre-hash with SHAKE-256 semantics: any 64-byte digest is acceptable input.
        let digest: Vec<u8> = msg.iter().copied().cycle().take(64).collect();
        if digest.len() == 64 {
            let s3 = sk.sign_prehash_deterministic(PreHash::Shake256, &digest, ctx).unwrap();
            vk.verify_prehash(PreHash::Shake256, &digest, ctx, &s3).unwrap();
            assert!(vk.verify(msg, ctx, &s3).is_err());
        }
        // A wrong context never verifies.
        let mut ctx2 = ctx.to_vec();
        ctx2.push(0);
        assert!(vk.verify(msg, &ctx2, &sig).is_err());
    }};
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 66 {
        return;
    }
    match data[0] % 3 {
        0 => run!(ml_dsa_44, data),
        1 => run!(ml_dsa_65, data),
        _ => run!(ml_dsa_87, data),
    }
});
