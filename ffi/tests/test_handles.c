/*
 * Key handles: every handle function of every parameter set agrees with the
 * byte-based functions on the same keys; the seed-form calls (keypair_with_seed,
 * keypair_from_seed) round-trip; NULL handles and NULL outputs are rejected with
 * PQL_ERR_NULL_POINTER, a failed creation leaves the output handle NULL, and
 * freeing NULL is a no-op. Run under ASan/UBSan and valgrind (leaks) by run.sh.
 */
#include "common.h"

#define KEM_HANDLES(N)                                                                        \
    static void kem_handles_##N(void) {                                                       \
        static uint8_t ek[PQL_ML_KEM_##N##_ENCAPSULATION_KEY_BYTES],                           \
            ek2[PQL_ML_KEM_##N##_ENCAPSULATION_KEY_BYTES];                                    \
        static uint8_t dk[PQL_ML_KEM_##N##_DECAPSULATION_KEY_BYTES],                           \
            dk2[PQL_ML_KEM_##N##_DECAPSULATION_KEY_BYTES];                                    \
        static uint8_t ct[PQL_ML_KEM_##N##_CIPHERTEXT_BYTES], ct2[PQL_ML_KEM_##N##_CIPHERTEXT_BYTES]; \
        uint8_t seed[PQL_ML_KEM_SEED_BYTES], seed2[PQL_ML_KEM_SEED_BYTES];                     \
        uint8_t m[PQL_ML_KEM_MESSAGE_BYTES], ss[32], ss2[32];                                  \
        pql_ml_kem_##N##_dk *h = NULL, *h2 = NULL;                                            \
        pql_ml_kem_##N##_ek *e = NULL, *e2 = NULL;                                            \
        size_t i;                                                                             \
        for (i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(7 * i + N);                     \
        for (i = 0; i < sizeof m; i++) m[i] = (uint8_t)(3 * i + 1);                           \
        CHECK_RC(pql_ml_kem_##N##_keypair_from_seed(ek, sizeof ek, dk, sizeof dk, seed,       \
                                                    sizeof seed),                             \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_keypair_derand(ek2, sizeof ek2, dk2, sizeof dk2, seed,      \
                                                 sizeof seed),                                \
                 PQL_OK);                                                                     \
        CHECK(memcmp(ek, ek2, sizeof ek) == 0 && memcmp(dk, dk2, sizeof dk) == 0);            \
        /* A handle from the seed: same key, keeps the seed. */                               \
        CHECK_RC(pql_ml_kem_##N##_dk_from_seed(&h, seed, sizeof seed), PQL_OK);               \
        CHECK(h != NULL);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_dk_to_bytes(h, dk2, sizeof dk2), PQL_OK);                   \
        CHECK(memcmp(dk, dk2, sizeof dk) == 0);                                               \
        CHECK_RC(pql_ml_kem_##N##_dk_seed(h, seed2, sizeof seed2), PQL_OK);                   \
        CHECK(memcmp(seed, seed2, sizeof seed) == 0);                                         \
        CHECK_RC(pql_ml_kem_##N##_dk_encapsulation_key_bytes(h, ek2, sizeof ek2), PQL_OK);    \
        CHECK(memcmp(ek, ek2, sizeof ek) == 0);                                               \
        /* Encapsulation through handles = through bytes. */                                  \
        CHECK_RC(pql_ml_kem_##N##_ek_from_bytes(&e, ek, sizeof ek), PQL_OK);                  \
        CHECK_RC(pql_ml_kem_##N##_dk_encapsulation_key(h, &e2), PQL_OK);                      \
        CHECK_RC(pql_ml_kem_##N##_ek_to_bytes(e2, ek2, sizeof ek2), PQL_OK);                  \
        CHECK(memcmp(ek, ek2, sizeof ek) == 0);                                               \
        CHECK_RC(pql_ml_kem_##N##_encapsulate_derand(ct, sizeof ct, ss, sizeof ss, ek,        \
                                                     sizeof ek, m, sizeof m),                 \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_ek_encapsulate_derand(e, ct2, sizeof ct2, ss2, sizeof ss2,  \
                                                        m, sizeof m),                         \
                 PQL_OK);                                                                     \
        CHECK(memcmp(ct, ct2, sizeof ct) == 0 && memcmp(ss, ss2, sizeof ss) == 0);            \
        memset(ss2, 0, sizeof ss2);                                                           \
        CHECK_RC(pql_ml_kem_##N##_dk_decapsulate(h, ss2, sizeof ss2, ct, sizeof ct), PQL_OK); \
        CHECK(memcmp(ss, ss2, sizeof ss) == 0);                                               \
        CHECK_RC(pql_ml_kem_##N##_ek_encapsulate(e2, ct2, sizeof ct2, ss, sizeof ss), PQL_OK); \
        CHECK_RC(pql_ml_kem_##N##_decapsulate(ss2, sizeof ss2, ct2, sizeof ct2, dk, sizeof dk), \
                 PQL_OK);                                                                     \
        CHECK(memcmp(ss, ss2, sizeof ss) == 0);                                               \
        /* From the expanded encoding: same key, no seed. */                                  \
        CHECK_RC(pql_ml_kem_##N##_dk_from_bytes(&h2, dk, sizeof dk), PQL_OK);                 \
        CHECK_RC(pql_ml_kem_##N##_dk_decapsulate(h2, ss2, sizeof ss2, ct2, sizeof ct2), PQL_OK); \
        CHECK(memcmp(ss, ss2, sizeof ss) == 0);                                               \
        memset(seed2, 0xEE, sizeof seed2);                                                    \
        CHECK_RC(pql_ml_kem_##N##_dk_seed(h2, seed2, sizeof seed2), PQL_ERR_INVALID_ARGUMENT); \
        CHECK(all_zero(seed2, sizeof seed2));                                                 \
        pql_ml_kem_##N##_dk_free(h2);                                                         \
        /* Bad inputs: NULL handles and outputs, a modified H(ek), lengths. */                \
        dk2[0] = 0; /* keep dk2 = dk except: */                                               \
        memcpy(dk2, dk, sizeof dk);                                                           \
        dk2[sizeof dk2 - 40] ^= 1;                                                            \
        h2 = (pql_ml_kem_##N##_dk *)1;                                                        \
        CHECK_RC(pql_ml_kem_##N##_dk_from_bytes(&h2, dk2, sizeof dk2),                        \
                 PQL_ERR_DECAPSULATION_KEY_CHECK);                                            \
        CHECK(h2 == NULL);                                                                    \
        CHECK_RC(pql_ml_kem_##N##_dk_from_seed(&h2, seed, sizeof seed - 1),                   \
                 PQL_ERR_INVALID_LENGTH);                                                     \
        CHECK(h2 == NULL);                                                                    \
        CHECK_RC(pql_ml_kem_##N##_dk_from_seed(NULL, seed, sizeof seed), PQL_ERR_NULL_POINTER); \
        CHECK_RC(pql_ml_kem_##N##_dk_generate(NULL), PQL_ERR_NULL_POINTER);                   \
        memset(ss2, 0xEE, sizeof ss2);                                                        \
        CHECK_RC(pql_ml_kem_##N##_dk_decapsulate(NULL, ss2, sizeof ss2, ct, sizeof ct),       \
                 PQL_ERR_NULL_POINTER);                                                       \
        CHECK(all_zero(ss2, sizeof ss2));                                                     \
        CHECK_RC(pql_ml_kem_##N##_ek_encapsulate(NULL, ct2, sizeof ct2, ss, sizeof ss),       \
                 PQL_ERR_NULL_POINTER);                                                       \
        CHECK_RC(pql_ml_kem_##N##_dk_decapsulate(h, ss2, sizeof ss2, ct, sizeof ct - 1),      \
                 PQL_ERR_INVALID_LENGTH);                                                     \
        pql_ml_kem_##N##_dk_free(NULL);                                                       \
        pql_ml_kem_##N##_ek_free(NULL);                                                       \
        /* Generated handles keep their seed, which gives the same key again. */              \
        pql_ml_kem_##N##_dk_free(h);                                                          \
        h = NULL;                                                                             \
        CHECK_RC(pql_ml_kem_##N##_dk_generate(&h), PQL_OK);                                   \
        CHECK_RC(pql_ml_kem_##N##_dk_seed(h, seed2, sizeof seed2), PQL_OK);                   \
        CHECK_RC(pql_ml_kem_##N##_dk_to_bytes(h, dk2, sizeof dk2), PQL_OK);                   \
        CHECK_RC(pql_ml_kem_##N##_keypair_from_seed(ek, sizeof ek, dk, sizeof dk, seed2,      \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK(memcmp(dk, dk2, sizeof dk) == 0);                                               \
        /* keypair_with_seed: the seed it returns gives the same key pair. */                 \
        CHECK_RC(pql_ml_kem_##N##_keypair_with_seed(ek, sizeof ek, dk, sizeof dk, seed2,      \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_keypair_from_seed(ek2, sizeof ek2, dk2, sizeof dk2, seed2,  \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK(memcmp(ek, ek2, sizeof ek) == 0 && memcmp(dk, dk2, sizeof dk) == 0);            \
        memset(ek, 0xEE, sizeof ek);                                                          \
        CHECK_RC(pql_ml_kem_##N##_keypair_with_seed(ek, sizeof ek, dk, sizeof dk, seed2,      \
                                                    sizeof seed2 + 1),                        \
                 PQL_ERR_INVALID_LENGTH);                                                     \
        CHECK(all_zero(ek, sizeof ek));                                                       \
        pql_ml_kem_##N##_dk_free(h);                                                          \
        pql_ml_kem_##N##_ek_free(e);                                                          \
        pql_ml_kem_##N##_ek_free(e2);                                                         \
    }

KEM_HANDLES(512)
KEM_HANDLES(768)
KEM_HANDLES(1024)

#define DSA_HANDLES(N)                                                                        \
    static void dsa_handles_##N(void) {                                                       \
        static uint8_t vk[PQL_ML_DSA_##N##_VERIFYING_KEY_BYTES],                               \
            vk2[PQL_ML_DSA_##N##_VERIFYING_KEY_BYTES];                                        \
        static uint8_t sk[PQL_ML_DSA_##N##_SIGNING_KEY_BYTES],                                 \
            sk2[PQL_ML_DSA_##N##_SIGNING_KEY_BYTES];                                          \
        static uint8_t sig[PQL_ML_DSA_##N##_SIGNATURE_BYTES], sig2[PQL_ML_DSA_##N##_SIGNATURE_BYTES]; \
        uint8_t seed[32], seed2[32], mu[64], mu2[64], digest[64];                             \
        const uint8_t msg[] = "handles", ctx[] = "ctx";                                       \
        pql_ml_dsa_##N##_sk *h = NULL, *h2 = NULL;                                            \
        pql_ml_dsa_##N##_vk *v = NULL, *v2 = NULL;                                            \
        size_t i;                                                                             \
        for (i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(5 * i + N);                     \
        for (i = 0; i < sizeof digest; i++) digest[i] = (uint8_t)i;                           \
        CHECK_RC(pql_ml_dsa_##N##_keypair_from_seed(vk, sizeof vk, sk, sizeof sk, seed,       \
                                                    sizeof seed),                             \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_from_seed(&h, seed, sizeof seed), PQL_OK);               \
        CHECK_RC(pql_ml_dsa_##N##_sk_to_bytes(h, sk2, sizeof sk2), PQL_OK);                   \
        CHECK(memcmp(sk, sk2, sizeof sk) == 0);                                               \
        CHECK_RC(pql_ml_dsa_##N##_sk_seed(h, seed2, sizeof seed2), PQL_OK);                   \
        CHECK(memcmp(seed, seed2, sizeof seed) == 0);                                         \
        CHECK_RC(pql_ml_dsa_##N##_sk_verifying_key_bytes(h, vk2, sizeof vk2), PQL_OK);        \
        CHECK(memcmp(vk, vk2, sizeof vk) == 0);                                               \
        CHECK_RC(pql_ml_dsa_##N##_sk_verifying_key(h, &v2), PQL_OK);                          \
        CHECK_RC(pql_ml_dsa_##N##_vk_to_bytes(v2, vk2, sizeof vk2), PQL_OK);                  \
        CHECK(memcmp(vk, vk2, sizeof vk) == 0);                                               \
        CHECK_RC(pql_ml_dsa_##N##_vk_from_bytes(&v, vk, sizeof vk), PQL_OK);                  \
        /* Deterministic signatures through handles = through bytes. */                       \
        CHECK_RC(pql_ml_dsa_##N##_sign_deterministic(sig, sizeof sig, msg, sizeof msg, ctx,   \
                                                     sizeof ctx, sk, sizeof sk),              \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_deterministic(h, sig2, sizeof sig2, msg, sizeof msg, \
                                                        ctx, sizeof ctx),                     \
                 PQL_OK);                                                                     \
        CHECK(memcmp(sig, sig2, sizeof sig) == 0);                                            \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(v, sig, sizeof sig, msg, sizeof msg, ctx,         \
                                            sizeof ctx),                                      \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(v, sig, sizeof sig, msg, sizeof msg - 1, ctx,     \
                                            sizeof ctx),                                      \
                 PQL_ERR_INVALID_SIGNATURE);                                                  \
        CHECK_RC(pql_ml_dsa_##N##_sign_prehash_deterministic(                                 \
                     sig, sizeof sig, PQL_HASH_SHA3_512, digest, 64, ctx, sizeof ctx, sk,     \
                     sizeof sk),                                                              \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_prehash_deterministic(                              \
                     h, sig2, sizeof sig2, PQL_HASH_SHA3_512, digest, 64, ctx, sizeof ctx),   \
                 PQL_OK);                                                                     \
        CHECK(memcmp(sig, sig2, sizeof sig) == 0);                                            \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_prehash(v2, sig, sizeof sig, PQL_HASH_SHA3_512,   \
                                                    digest, 64, ctx, sizeof ctx),             \
                 PQL_OK);                                                                     \
        /* Hedged signing, mu. */                                                             \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign(h, sig, sizeof sig, msg, sizeof msg, NULL, 0),      \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_verify(sig, sizeof sig, msg, sizeof msg, NULL, 0, vk,       \
                                         sizeof vk),                                          \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_prehash(h, sig, sizeof sig, PQL_HASH_SHA3_512,      \
                                                  digest, 64, NULL, 0),                       \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_prehash(v, sig, sizeof sig, PQL_HASH_SHA3_512,    \
                                                    digest, 64, NULL, 0),                     \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_compute_mu(mu, sizeof mu, msg, sizeof msg, ctx, sizeof ctx, \
                                             vk, sizeof vk),                                  \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_vk_compute_mu(v, mu2, sizeof mu2, msg, sizeof msg, ctx,     \
                                                sizeof ctx),                                  \
                 PQL_OK);                                                                     \
        CHECK(memcmp(mu, mu2, sizeof mu) == 0);                                               \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_mu(h, sig, sizeof sig, mu, sizeof mu), PQL_OK);     \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_mu(v, sig, sizeof sig, mu, sizeof mu), PQL_OK);   \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(v, sig, sizeof sig, msg, sizeof msg, ctx,         \
                                            sizeof ctx),                                      \
                 PQL_OK);                                                                     \
        /* From bytes: no seed; a malformed key is rejected with a NULL handle. */            \
        CHECK_RC(pql_ml_dsa_##N##_sk_from_bytes(&h2, sk, sizeof sk), PQL_OK);                 \
        memset(seed2, 0xEE, sizeof seed2);                                                    \
        CHECK_RC(pql_ml_dsa_##N##_sk_seed(h2, seed2, sizeof seed2), PQL_ERR_INVALID_ARGUMENT); \
        CHECK(all_zero(seed2, sizeof seed2));                                                 \
        pql_ml_dsa_##N##_sk_free(h2);                                                         \
        memcpy(sk2, sk, sizeof sk);                                                           \
        sk2[200] ^= 0xFF;                                                                     \
        h2 = (pql_ml_dsa_##N##_sk *)1;                                                        \
        CHECK_RC(pql_ml_dsa_##N##_sk_from_bytes(&h2, sk2, sizeof sk2), PQL_ERR_SIGNING_KEY_CHECK); \
        CHECK(h2 == NULL);                                                                    \
        CHECK_RC(pql_ml_dsa_##N##_sk_generate(NULL), PQL_ERR_NULL_POINTER);                   \
        memset(sig2, 0xEE, sizeof sig2);                                                      \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign(NULL, sig2, sizeof sig2, msg, sizeof msg, NULL, 0), \
                 PQL_ERR_NULL_POINTER);                                                       \
        CHECK(all_zero(sig2, sizeof sig2));                                                   \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(NULL, sig, sizeof sig, msg, sizeof msg, NULL, 0), \
                 PQL_ERR_NULL_POINTER);                                                       \
        pql_ml_dsa_##N##_sk_free(NULL);                                                       \
        pql_ml_dsa_##N##_vk_free(NULL);                                                       \
        /* Generated handles and keypair_with_seed keep seeds that reproduce the key. */      \
        pql_ml_dsa_##N##_sk_free(h);                                                          \
        h = NULL;                                                                             \
        CHECK_RC(pql_ml_dsa_##N##_sk_generate(&h), PQL_OK);                                   \
        CHECK_RC(pql_ml_dsa_##N##_sk_seed(h, seed2, sizeof seed2), PQL_OK);                   \
        CHECK_RC(pql_ml_dsa_##N##_sk_to_bytes(h, sk2, sizeof sk2), PQL_OK);                   \
        CHECK_RC(pql_ml_dsa_##N##_keypair_from_seed(vk, sizeof vk, sk, sizeof sk, seed2,      \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK(memcmp(sk, sk2, sizeof sk) == 0);                                               \
        CHECK_RC(pql_ml_dsa_##N##_keypair_with_seed(vk, sizeof vk, sk, sizeof sk, seed2,      \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_keypair_from_seed(vk2, sizeof vk2, sk2, sizeof sk2, seed2,  \
                                                    sizeof seed2),                            \
                 PQL_OK);                                                                     \
        CHECK(memcmp(vk, vk2, sizeof vk) == 0 && memcmp(sk, sk2, sizeof sk) == 0);            \
        pql_ml_dsa_##N##_sk_free(h);                                                          \
        pql_ml_dsa_##N##_vk_free(v);                                                          \
        pql_ml_dsa_##N##_vk_free(v2);                                                         \
    }

DSA_HANDLES(44)
DSA_HANDLES(65)
DSA_HANDLES(87)

int main(void) {
    kem_handles_512();
    kem_handles_768();
    kem_handles_1024();
    dsa_handles_44();
    dsa_handles_65();
    dsa_handles_87();
    return finish("test_handles");
}
