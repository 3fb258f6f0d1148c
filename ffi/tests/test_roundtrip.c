/*
 * Round trips through the C API for every parameter set: fresh key pairs,
 * encapsulation and decapsulation agree; seeded key generation is deterministic;
 * randomized calls differ; a tampered ciphertext gives an unrelated secret
 * (implicit rejection) without an error; signatures verify, under every variant
 * (pure, pre-hash with each of the twelve hashes, external mu), and fail to verify
 * for another message, context, digest or key. Also run under valgrind by run.sh.
 *
 * usage: test_roundtrip [ITERATIONS]
 */
#include "common.h"

static void kem_roundtrip(const kem_t *k, int iterations) {
    uint8_t *ek = (uint8_t *)xmalloc(k->ek_bytes), *dk = (uint8_t *)xmalloc(k->dk_bytes);
    uint8_t *ek2 = (uint8_t *)xmalloc(k->ek_bytes), *dk2 = (uint8_t *)xmalloc(k->dk_bytes);
    uint8_t *ct = (uint8_t *)xmalloc(k->ct_bytes), *ct2 = (uint8_t *)xmalloc(k->ct_bytes);
    uint8_t ss_a[PQL_ML_KEM_SHARED_SECRET_BYTES], ss_b[PQL_ML_KEM_SHARED_SECRET_BYTES];
    uint8_t ss_c[PQL_ML_KEM_SHARED_SECRET_BYTES];
    uint8_t seed[PQL_ML_KEM_SEED_BYTES], m[PQL_ML_KEM_MESSAGE_BYTES];
    int i;
    size_t j;

    for (i = 0; i < iterations; i++) {
        /* Randomized: key pair, encapsulate, decapsulate. */
        CHECK_RC(k->keypair(ek, k->ek_bytes, dk, k->dk_bytes), PQL_OK);
        CHECK_RC(k->check_encapsulation_key(ek, k->ek_bytes), PQL_OK);
        CHECK_RC(k->check_decapsulation_key(dk, k->dk_bytes), PQL_OK);
        /* The expanded dk embeds ek at offset 384k = dk_bytes - ek_bytes - 64. */
        CHECK(memcmp(dk + (k->dk_bytes - k->ek_bytes - 64), ek, k->ek_bytes) == 0);
        CHECK_RC(k->encapsulate(ct, k->ct_bytes, ss_a, sizeof ss_a, ek, k->ek_bytes), PQL_OK);
        CHECK_RC(k->decapsulate(ss_b, sizeof ss_b, ct, k->ct_bytes, dk, k->dk_bytes), PQL_OK);
        CHECK(memcmp(ss_a, ss_b, sizeof ss_a) == 0);
        CHECK(!all_zero(ss_a, sizeof ss_a));

        /* A second encapsulation to the same key is different. */
        CHECK_RC(k->encapsulate(ct2, k->ct_bytes, ss_c, sizeof ss_c, ek, k->ek_bytes), PQL_OK);
        CHECK(memcmp(ct, ct2, k->ct_bytes) != 0);
        CHECK(memcmp(ss_a, ss_c, sizeof ss_a) != 0);

        /* Implicit rejection: a flipped ciphertext bit decapsulates to another
         * secret, with status PQL_OK. */
        ct[(size_t)i % k->ct_bytes] ^= 0x01;
        CHECK_RC(k->decapsulate(ss_b, sizeof ss_b, ct, k->ct_bytes, dk, k->dk_bytes), PQL_OK);
        CHECK(memcmp(ss_a, ss_b, sizeof ss_a) != 0);
        /* ... deterministically. */
        CHECK_RC(k->decapsulate(ss_c, sizeof ss_c, ct, k->ct_bytes, dk, k->dk_bytes), PQL_OK);
        CHECK(memcmp(ss_b, ss_c, sizeof ss_b) == 0);

        /* Seeded: the same seed gives the same key pair. */
        for (j = 0; j < sizeof seed; j++) seed[j] = (uint8_t)(31 * i + 7 * j + k->set);
        for (j = 0; j < sizeof m; j++) m[j] = (uint8_t)(13 * i + 3 * j);
        CHECK_RC(k->keypair_derand(ek, k->ek_bytes, dk, k->dk_bytes, seed, sizeof seed), PQL_OK);
        CHECK_RC(k->keypair_derand(ek2, k->ek_bytes, dk2, k->dk_bytes, seed, sizeof seed),
                 PQL_OK);
        CHECK(memcmp(ek, ek2, k->ek_bytes) == 0 && memcmp(dk, dk2, k->dk_bytes) == 0);
        seed[0] ^= 1;
        CHECK_RC(k->keypair_derand(ek2, k->ek_bytes, dk2, k->dk_bytes, seed, sizeof seed),
                 PQL_OK);
        CHECK(memcmp(ek, ek2, k->ek_bytes) != 0);

        /* Deterministic encapsulation: same m, same result; it decapsulates. */
        CHECK_RC(k->encapsulate_derand(ct, k->ct_bytes, ss_a, sizeof ss_a, ek, k->ek_bytes, m,
                                       sizeof m),
                 PQL_OK);
        CHECK_RC(k->encapsulate_derand(ct2, k->ct_bytes, ss_c, sizeof ss_c, ek, k->ek_bytes, m,
                                       sizeof m),
                 PQL_OK);
        CHECK(memcmp(ct, ct2, k->ct_bytes) == 0 && memcmp(ss_a, ss_c, sizeof ss_a) == 0);
        CHECK_RC(k->decapsulate(ss_b, sizeof ss_b, ct, k->ct_bytes, dk, k->dk_bytes), PQL_OK);
        CHECK(memcmp(ss_a, ss_b, sizeof ss_a) == 0);
        /* The wrong key pair gives another secret. */
        CHECK_RC(k->decapsulate(ss_b, sizeof ss_b, ct, k->ct_bytes, dk2, k->dk_bytes), PQL_OK);
        CHECK(memcmp(ss_a, ss_b, sizeof ss_a) != 0);
    }
    free(ek);
    free(dk);
    free(ek2);
    free(dk2);
    free(ct);
    free(ct2);
}

static void dsa_roundtrip(const dsa_t *d, int iterations) {
    uint8_t *vk = (uint8_t *)xmalloc(d->vk_bytes), *sk = (uint8_t *)xmalloc(d->sk_bytes);
    uint8_t *vk2 = (uint8_t *)xmalloc(d->vk_bytes), *sk2 = (uint8_t *)xmalloc(d->sk_bytes);
    uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes), *sig2 = (uint8_t *)xmalloc(d->sig_bytes);
    uint8_t seed[32], msg[100], ctx[PQL_ML_DSA_MAX_CONTEXT_BYTES], digest[64];
    uint8_t mu[PQL_ML_DSA_MU_BYTES], mu2[PQL_ML_DSA_MU_BYTES];
    int i;
    size_t j, h;

    for (j = 0; j < sizeof ctx; j++) ctx[j] = (uint8_t)j;
    for (i = 0; i < iterations; i++) {
        size_t ctx_len = (size_t)(i * 37) % (sizeof ctx + 1);
        for (j = 0; j < sizeof msg; j++) msg[j] = (uint8_t)(i + 5 * j);
        for (j = 0; j < sizeof digest; j++) digest[j] = (uint8_t)(3 * i + j);

        /* Hedged signing: verifies; another message, context or signature does not. */
        CHECK_RC(d->keypair(vk, d->vk_bytes, sk, d->sk_bytes), PQL_OK);
        CHECK_RC(d->check_signing_key(sk, d->sk_bytes), PQL_OK);
        CHECK_RC(d->sign(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, sk, d->sk_bytes),
                 PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg - 1, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len == 0 ? 1 : 0, vk,
                           d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);
        CHECK_RC(d->sign(sig2, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, sk, d->sk_bytes),
                 PQL_OK);
        CHECK(memcmp(sig, sig2, d->sig_bytes) != 0); /* fresh randomness each time */
        sig2[(size_t)i % d->sig_bytes] ^= 1;
        CHECK_RC(d->verify(sig2, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);

        /* Empty message and context, passed as NULL. */
        CHECK_RC(d->sign(sig, d->sig_bytes, NULL, 0, NULL, 0, sk, d->sk_bytes), PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, NULL, 0, NULL, 0, vk, d->vk_bytes), PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, 0, ctx, 0, vk, d->vk_bytes), PQL_OK);

        /* Deterministic signing: same signature twice; it verifies. */
        CHECK_RC(d->sign_deterministic(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, sk,
                                       d->sk_bytes),
                 PQL_OK);
        CHECK_RC(d->sign_deterministic(sig2, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, sk,
                                       d->sk_bytes),
                 PQL_OK);
        CHECK(memcmp(sig, sig2, d->sig_bytes) == 0);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_OK);

        /* External mu: compute_mu + sign_mu gives an ordinary ML-DSA signature. */
        CHECK_RC(d->compute_mu(mu, sizeof mu, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_OK);
        CHECK_RC(d->sign_mu(sig, d->sig_bytes, mu, sizeof mu, sk, d->sk_bytes), PQL_OK);
        CHECK_RC(d->verify_mu(sig, d->sig_bytes, mu, sizeof mu, vk, d->vk_bytes), PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_OK);
        memcpy(mu2, mu, sizeof mu);
        mu2[0] ^= 1;
        CHECK_RC(d->verify_mu(sig, d->sig_bytes, mu2, sizeof mu2, vk, d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);

        /* HashML-DSA with every hash: verifies with the same hash and digest only, and
         * is not a pure ML-DSA signature. */
        for (h = 0; h < NUM_HASHES; h++) {
            int other = HASHES[(h + 3) % NUM_HASHES].id; /* same digest length */
            CHECK_RC(d->sign_prehash(sig, d->sig_bytes, HASHES[h].id, digest, HASHES[h].len, ctx,
                                     ctx_len, sk, d->sk_bytes),
                     PQL_OK);
            CHECK_RC(d->verify_prehash(sig, d->sig_bytes, HASHES[h].id, digest, HASHES[h].len,
                                       ctx, ctx_len, vk, d->vk_bytes),
                     PQL_OK);
            CHECK_RC(d->verify_prehash(sig, d->sig_bytes, other, digest, HASHES[h].len, ctx,
                                       ctx_len, vk, d->vk_bytes),
                     HASHES[(h + 3) % NUM_HASHES].len == HASHES[h].len
                         ? PQL_ERR_INVALID_SIGNATURE
                         : PQL_ERR_PREHASH_LENGTH);
            CHECK_RC(d->verify(sig, d->sig_bytes, digest, HASHES[h].len, ctx, ctx_len, vk,
                               d->vk_bytes),
                     PQL_ERR_INVALID_SIGNATURE);
        }
        CHECK_RC(d->sign_prehash_deterministic(sig, d->sig_bytes, PQL_HASH_SHA2_512, digest, 64,
                                               ctx, ctx_len, sk, d->sk_bytes),
                 PQL_OK);
        CHECK_RC(d->sign_prehash_deterministic(sig2, d->sig_bytes, PQL_HASH_SHA2_512, digest, 64,
                                               ctx, ctx_len, sk, d->sk_bytes),
                 PQL_OK);
        CHECK(memcmp(sig, sig2, d->sig_bytes) == 0);
        digest[0] ^= 1;
        CHECK_RC(d->verify_prehash(sig, d->sig_bytes, PQL_HASH_SHA2_512, digest, 64, ctx,
                                   ctx_len, vk, d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);

        /* Seeded key generation is deterministic; another key does not verify. */
        for (j = 0; j < sizeof seed; j++) seed[j] = (uint8_t)(17 * i + j + d->set);
        CHECK_RC(d->keypair_from_seed(vk, d->vk_bytes, sk, d->sk_bytes, seed, sizeof seed),
                 PQL_OK);
        CHECK_RC(d->keypair_from_seed(vk2, d->vk_bytes, sk2, d->sk_bytes, seed, sizeof seed),
                 PQL_OK);
        CHECK(memcmp(vk, vk2, d->vk_bytes) == 0 && memcmp(sk, sk2, d->sk_bytes) == 0);
        seed[31] ^= 0x80;
        CHECK_RC(d->keypair_from_seed(vk2, d->vk_bytes, sk2, d->sk_bytes, seed, sizeof seed),
                 PQL_OK);
        CHECK_RC(d->sign(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, sk, d->sk_bytes),
                 PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk, d->vk_bytes),
                 PQL_OK);
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, sizeof msg, ctx, ctx_len, vk2, d->vk_bytes),
                 PQL_ERR_INVALID_SIGNATURE);
    }
    free(vk);
    free(sk);
    free(vk2);
    free(sk2);
    free(sig);
    free(sig2);
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 10;
    size_t i;
    for (i = 0; i < NUM_KEMS; i++) {
        unsigned long before = g_passed;
        kem_roundtrip(&KEMS[i], iterations);
        printf("%s: %d round trips, %lu checks passed\n", KEMS[i].name, iterations,
               g_passed - before);
    }
    for (i = 0; i < NUM_DSAS; i++) {
        unsigned long before = g_passed;
        dsa_roundtrip(&DSAS[i], iterations);
        printf("%s: %d round trips, %lu checks passed\n", DSAS[i].name, iterations,
               g_passed - before);
    }
    return finish("test_roundtrip");
}
