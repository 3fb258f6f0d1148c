/*
 * Streaming ML-DSA through the C API, every parameter set: a 1 MiB message fed to a
 * mu hasher in pieces of irregular sizes (1 byte up to 200 KiB) gives the mu of
 * vk_compute_mu on the whole message, and the deterministic signature of that mu is
 * byte for byte the one-shot sk_sign_deterministic signature; a hedged signature of
 * the streamed mu verifies with the one-shot vk_verify, and a streamed verification
 * (vk_verify_mu) rejects the mu of the message without its last byte and the mu under
 * another context. Bad arguments give their status codes with outputs zeroed and
 * handles NULL. Run by run.sh (also under ASan/UBSan).
 */
#include "common.h"

#define MSG_BYTES (1u << 20)

/* Piece sizes, cycled: small, odd and large pieces. */
static const size_t PIECES[] = {1, 7, 4096, 65536 + 3, 0, 200 * 1024, 13, 1000, 31 * 1024 + 5};

#define STREAM(N)                                                                              \
    static void stream_##N(const uint8_t *msg) {                                               \
        static uint8_t sig[PQL_ML_DSA_##N##_SIGNATURE_BYTES],                                   \
            sig2[PQL_ML_DSA_##N##_SIGNATURE_BYTES];                                            \
        uint8_t seed[PQL_ML_DSA_##N##_SEED_BYTES], mu[PQL_ML_DSA_MU_BYTES],                     \
            mu2[PQL_ML_DSA_MU_BYTES], ctx[256];                                                \
        pql_ml_dsa_##N##_sk *sk = NULL;                                                         \
        pql_ml_dsa_##N##_vk *vk = NULL;                                                         \
        pql_ml_dsa_##N##_mu_hasher *h = NULL, *h2 = NULL;                                       \
        size_t off = 0, k = 0, i;                                                               \
        for (i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 5 + N);                       \
        for (i = 0; i < sizeof ctx; i++) ctx[i] = (uint8_t)i;                                   \
        CHECK_RC(pql_ml_dsa_##N##_sk_from_seed(&sk, seed, sizeof seed), PQL_OK);                \
        CHECK_RC(pql_ml_dsa_##N##_sk_verifying_key(sk, &vk), PQL_OK);                           \
        /* The message in pieces, through a hasher from the verifying key. */                  \
        CHECK_RC(pql_ml_dsa_##N##_vk_mu_hasher(vk, ctx, 9, &h), PQL_OK);                        \
        CHECK(h != NULL);                                                                      \
        while (off < MSG_BYTES) {                                                              \
            size_t n = PIECES[k++ % (sizeof PIECES / sizeof PIECES[0])];                       \
            if (n > MSG_BYTES - off) n = MSG_BYTES - off;                                      \
            CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h, msg + off, n), PQL_OK);               \
            off += n;                                                                          \
        }                                                                                      \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h, mu, sizeof mu), PQL_OK);                  \
        CHECK_RC(pql_ml_dsa_##N##_vk_compute_mu(vk, mu2, sizeof mu2, msg, MSG_BYTES, ctx, 9),   \
                 PQL_OK);                                                                      \
        CHECK(memcmp(mu, mu2, sizeof mu) == 0);                                                \
        /* finish leaves the hasher unchanged: the same mu again. */                           \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h, mu2, sizeof mu2), PQL_OK);                \
        CHECK(memcmp(mu, mu2, sizeof mu) == 0);                                                \
        /* The deterministic signature of the streamed mu = the one-shot one. */               \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_mu_deterministic(sk, sig, sizeof sig, mu, sizeof mu), \
                 PQL_OK);                                                                      \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_deterministic(sk, sig2, sizeof sig2, msg, MSG_BYTES,  \
                                                        ctx, 9),                               \
                 PQL_OK);                                                                      \
        CHECK(memcmp(sig, sig2, sizeof sig) == 0);                                             \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(vk, sig, sizeof sig, msg, MSG_BYTES, ctx, 9),       \
                 PQL_OK);                                                                      \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_mu(vk, sig, sizeof sig, mu, sizeof mu), PQL_OK);    \
        /* Hedged signing of the streamed mu: verifies one-shot, differs from the other. */    \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_mu(sk, sig2, sizeof sig2, mu, sizeof mu), PQL_OK);    \
        CHECK(memcmp(sig, sig2, sizeof sig) != 0);                                             \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify(vk, sig2, sizeof sig2, msg, MSG_BYTES, ctx, 9),     \
                 PQL_OK);                                                                      \
        /* The hasher from the signing key gives the same mu; one byte less another. */        \
        CHECK_RC(pql_ml_dsa_##N##_sk_mu_hasher(sk, ctx, 9, &h2), PQL_OK);                       \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h2, msg, MSG_BYTES - 1), PQL_OK);            \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h2, mu2, sizeof mu2), PQL_OK);               \
        CHECK(memcmp(mu, mu2, sizeof mu) != 0);                                                \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_mu(vk, sig, sizeof sig, mu2, sizeof mu2),           \
                 PQL_ERR_INVALID_SIGNATURE);                                                   \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h2, msg + MSG_BYTES - 1, 1), PQL_OK);        \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h2, NULL, 0), PQL_OK);                       \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h2, mu2, sizeof mu2), PQL_OK);               \
        CHECK(memcmp(mu, mu2, sizeof mu) == 0);                                                \
        pql_ml_dsa_##N##_mu_hasher_free(h2);                                                   \
        h2 = NULL;                                                                             \
        /* Another context: another mu, the signature does not verify. */                      \
        CHECK_RC(pql_ml_dsa_##N##_vk_mu_hasher(vk, ctx, 8, &h2), PQL_OK);                       \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h2, msg, MSG_BYTES), PQL_OK);                \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h2, mu2, sizeof mu2), PQL_OK);               \
        CHECK_RC(pql_ml_dsa_##N##_vk_verify_mu(vk, sig, sizeof sig, mu2, sizeof mu2),           \
                 PQL_ERR_INVALID_SIGNATURE);                                                   \
        pql_ml_dsa_##N##_mu_hasher_free(h2);                                                   \
        h2 = NULL;                                                                             \
        /* Bad arguments. */                                                                   \
        h2 = (pql_ml_dsa_##N##_mu_hasher *)1;                                                  \
        CHECK_RC(pql_ml_dsa_##N##_vk_mu_hasher(vk, ctx, 256, &h2), PQL_ERR_CONTEXT_TOO_LONG);   \
        CHECK(h2 == NULL);                                                                     \
        h2 = (pql_ml_dsa_##N##_mu_hasher *)1;                                                  \
        CHECK_RC(pql_ml_dsa_##N##_sk_mu_hasher(sk, NULL, 1, &h2), PQL_ERR_NULL_POINTER);        \
        CHECK(h2 == NULL);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_vk_mu_hasher(NULL, ctx, 0, &h2), PQL_ERR_NULL_POINTER);       \
        CHECK(h2 == NULL);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_mu_hasher(sk, ctx, 0, NULL), PQL_ERR_NULL_POINTER);        \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(NULL, msg, 1), PQL_ERR_NULL_POINTER);        \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_update(h, NULL, 1), PQL_ERR_NULL_POINTER);          \
        memset(mu2, 0xEE, sizeof mu2);                                                         \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h, mu2, sizeof mu2 - 1),                     \
                 PQL_ERR_INVALID_LENGTH);                                                      \
        CHECK(all_zero(mu2, sizeof mu2 - 1));                                                  \
        memset(mu2, 0xEE, sizeof mu2);                                                         \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(NULL, mu2, sizeof mu2),                      \
                 PQL_ERR_NULL_POINTER);                                                        \
        CHECK(all_zero(mu2, sizeof mu2));                                                      \
        memset(sig2, 0xEE, sizeof sig2);                                                       \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_mu_deterministic(sk, sig2, sizeof sig2, mu,           \
                                                           sizeof mu - 1),                     \
                 PQL_ERR_INVALID_LENGTH);                                                      \
        CHECK(all_zero(sig2, sizeof sig2));                                                    \
        memset(sig2, 0xEE, sizeof sig2);                                                       \
        CHECK_RC(pql_ml_dsa_##N##_sk_sign_mu_deterministic(NULL, sig2, sizeof sig2, mu,         \
                                                           sizeof mu),                         \
                 PQL_ERR_NULL_POINTER);                                                        \
        CHECK(all_zero(sig2, sizeof sig2));                                                    \
        /* The failed calls left the hasher as it was. */                                      \
        CHECK_RC(pql_ml_dsa_##N##_mu_hasher_finish(h, mu2, sizeof mu2), PQL_OK);                \
        CHECK(memcmp(mu, mu2, sizeof mu) == 0);                                                \
        pql_ml_dsa_##N##_mu_hasher_free(NULL);                                                 \
        pql_ml_dsa_##N##_mu_hasher_free(h);                                                    \
        pql_ml_dsa_##N##_vk_free(vk);                                                          \
        pql_ml_dsa_##N##_sk_free(sk);                                                          \
    }

STREAM(44)
STREAM(65)
STREAM(87)

int main(void) {
    uint8_t *msg = (uint8_t *)xmalloc(MSG_BYTES);
    uint32_t x = 0x12345678u;
    size_t i;
    for (i = 0; i < MSG_BYTES; i++) {
        x = x * 1103515245u + 12345u;
        msg[i] = (uint8_t)(x >> 24);
    }
    stream_44(msg);
    stream_65(msg);
    stream_87(msg);
    free(msg);
    return finish("test_stream");
}
