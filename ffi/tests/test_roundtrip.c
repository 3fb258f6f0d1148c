/*
 * Round trips through the C API for every parameter set: fresh key pairs,
 * encapsulation and decapsulation agree; seeded key generation is deterministic;
 * randomized calls differ; a tampered ciphertext gives an unrelated secret
 * (implicit rejection) without an error. Also run under valgrind by run.sh.
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

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 10;
    size_t i;
    for (i = 0; i < NUM_KEMS; i++) {
        unsigned long before = g_passed;
        kem_roundtrip(&KEMS[i], iterations);
        printf("%s: %d round trips, %lu checks passed\n", KEMS[i].name, iterations,
               g_passed - before);
    }
    return finish("test_roundtrip");
}
