/*
 * X-Wing through the C API (pql_xwing_*):
 *  - every case of the draft's vectors (test-vectors/xwing, exported to xwing.vec by
 *    `cargo run -p pqlattice-ffi --example export_vectors`): keypair_derand(seed) ==
 *    (pk, sk), encapsulate_derand(pk, eseed) == (ct, ss), decapsulate(ct, sk) == ss;
 *    the file's `end` count must equal the cases run;
 *  - round trips with OS randomness, and that a changed ciphertext or key gives a
 *    different secret (so the comparisons can fail);
 *  - bad input: NULL for each pointer, wrong lengths, an encapsulation key whose
 *    ML-KEM part fails the FIPS 203 7.2 check; outputs zeroed on every failure.
 *
 * usage: test_xwing XWING_VEC_FILE
 */
#include "common.h"

#include <stdint.h>

#define EK PQL_XWING_ENCAPSULATION_KEY_BYTES
#define DK PQL_XWING_DECAPSULATION_KEY_BYTES
#define CT PQL_XWING_CIPHERTEXT_BYTES
#define SS PQL_XWING_SHARED_SECRET_BYTES
#define ESEED PQL_XWING_ENCAPSULATION_SEED_BYTES

static int eq(const uint8_t *a, size_t n, const uint8_t *b, size_t bn) {
    return n == bn && memcmp(a, b, n) == 0;
}

/* xwing INDEX seed sk pk eseed ct ss */
static int run_vectors(const char *path) {
    FILE *f = fopen(path, "r");
    token_t t = {NULL, 0};
    long cases = 0, end = -1;
    if (f == NULL) {
        perror(path);
        return -1;
    }
    while (next_token(f, &t)) {
        uint8_t *v[6];
        size_t n[6];
        int i;
        uint8_t ek[EK], dk[DK], ct[CT], ss[SS], ss2[SS];
        if (strcmp(t.buf, "end") == 0) {
            CHECK(next_token(f, &t));
            end = strtol(t.buf, NULL, 10);
            break;
        }
        CHECK(strcmp(t.buf, "xwing") == 0);
        CHECK(next_token(f, &t)); /* index */
        for (i = 0; i < 6; i++) {
            CHECK(next_token(f, &t));
            v[i] = hex_decode(t.buf, &n[i]);
            if (v[i] == NULL) {
                fprintf(stderr, "bad hex in %s\n", path);
                exit(2);
            }
        }
        CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, v[0], n[0]), PQL_OK);
        CHECK(eq(dk, DK, v[1], n[1]));
        CHECK(eq(ek, EK, v[2], n[2]));
        CHECK_RC(pql_xwing_check_encapsulation_key(v[2], n[2]), PQL_OK);
        CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, v[2], n[2], v[3], n[3]), PQL_OK);
        CHECK(eq(ct, CT, v[4], n[4]));
        CHECK(eq(ss, SS, v[5], n[5]));
        CHECK_RC(pql_xwing_decapsulate(ss2, SS, v[4], n[4], v[1], n[1]), PQL_OK);
        CHECK(eq(ss2, SS, v[5], n[5]));
        /* Negative controls: another ciphertext or key gives another secret. */
        ct[0] ^= 1;
        CHECK_RC(pql_xwing_decapsulate(ss2, SS, ct, CT, v[1], n[1]), PQL_OK);
        CHECK(!eq(ss2, SS, v[5], n[5]));
        ct[0] ^= 1;
        ct[CT - 1] ^= 1; /* the X25519 part */
        CHECK_RC(pql_xwing_decapsulate(ss2, SS, ct, CT, v[1], n[1]), PQL_OK);
        CHECK(!eq(ss2, SS, v[5], n[5]));
        dk[5] ^= 0x10;
        CHECK_RC(pql_xwing_decapsulate(ss2, SS, v[4], n[4], dk, DK), PQL_OK);
        CHECK(!eq(ss2, SS, v[5], n[5]));
        for (i = 0; i < 6; i++) free(v[i]);
        cases++;
    }
    free(t.buf);
    fclose(f);
    CHECK(end == cases);
    CHECK(cases > 0);
    printf("xwing.vec: %ld cases\n", cases);
    return 0;
}

static void round_trips(void) {
    int i;
    for (i = 0; i < 8; i++) {
        uint8_t ek[EK], dk[DK], ct[CT], ss[SS], ss2[SS], ek2[EK], dk2[DK];
        CHECK_RC(pql_xwing_keypair(ek, EK, dk, DK), PQL_OK);
        CHECK_RC(pql_xwing_encapsulate(ct, CT, ss, SS, ek, EK), PQL_OK);
        CHECK_RC(pql_xwing_decapsulate(ss2, SS, ct, CT, dk, DK), PQL_OK);
        CHECK(memcmp(ss, ss2, SS) == 0);
        CHECK(!all_zero(ss, SS));
        /* The decapsulation key is the seed: it re-derives the same public key. */
        CHECK_RC(pql_xwing_keypair_derand(ek2, EK, dk2, DK, dk, DK), PQL_OK);
        CHECK(memcmp(ek, ek2, EK) == 0 && memcmp(dk, dk2, DK) == 0);
        /* Two encapsulations differ. */
        CHECK_RC(pql_xwing_encapsulate(ct, CT, ss2, SS, ek, EK), PQL_OK);
        CHECK(memcmp(ss, ss2, SS) != 0);
    }
}

static void bad_input(void) {
    uint8_t ek[EK + 1], dk[DK + 1], ct[CT + 1], ss[SS + 1], seed[DK + 1], eseed[ESEED + 1];
    uint8_t bad_ek[EK];
    memset(seed, 7, sizeof seed);
    memset(eseed, 9, sizeof eseed);
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, seed, DK), PQL_OK);
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, ek, EK, eseed, ESEED), PQL_OK);

    /* keypair / keypair_derand: NULL and wrong lengths; outputs zeroed. */
    memset(dk, 0xAA, sizeof dk);
    CHECK_RC(pql_xwing_keypair(NULL, EK, dk, DK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(dk, DK) && dk[DK] == 0xAA);
    memset(ek, 0xAA, sizeof ek);
    CHECK_RC(pql_xwing_keypair(ek, EK, NULL, DK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(ek, EK) && ek[EK] == 0xAA);
    memset(ek, 0xAA, sizeof ek);
    memset(dk, 0xAA, sizeof dk);
    CHECK_RC(pql_xwing_keypair(ek, EK + 1, dk, DK), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ek, EK) && ek[EK] == 0xAA && all_zero(dk, DK));
    memset(ek, 0xAA, sizeof ek);
    memset(dk, 0xAA, sizeof dk);
    CHECK_RC(pql_xwing_keypair(ek, EK, dk, DK - 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ek, EK) && all_zero(dk, DK - 1) && dk[DK - 1] == 0xAA);
    memset(ek, 0xAA, sizeof ek);
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, NULL, DK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(ek, EK) && all_zero(dk, DK));
    memset(ek, 0xAA, sizeof ek);
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, seed, DK + 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ek, EK));
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, seed, 0), PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, seed, SIZE_MAX), PQL_ERR_INVALID_LENGTH);

    /* A valid key again for the encapsulation checks. */
    CHECK_RC(pql_xwing_keypair_derand(ek, EK, dk, DK, seed, DK), PQL_OK);
    memset(ct, 0xAA, sizeof ct);
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_encapsulate(ct, CT, ss, SS, NULL, EK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(ct, CT) && all_zero(ss, SS) && ct[CT] == 0xAA && ss[SS] == 0xAA);
    memset(ct, 0xAA, sizeof ct);
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_encapsulate(ct, CT, ss, SS, ek, EK - 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ct, CT) && all_zero(ss, SS));
    CHECK_RC(pql_xwing_encapsulate(ct, CT - 1, ss, SS, ek, EK), PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_xwing_encapsulate(ct, CT, NULL, SS, ek, EK), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, ek, EK, NULL, ESEED),
             PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, ek, EK, eseed, ESEED - 1),
             PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, ek, EK, eseed, ESEED + 1),
             PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ct, CT) && all_zero(ss, SS));

    /* The ML-KEM part of the key out of range (0xfff >= q): refused, outputs zeroed. */
    memcpy(bad_ek, ek, EK);
    bad_ek[0] = 0xff;
    bad_ek[1] |= 0x0f;
    CHECK_RC(pql_xwing_check_encapsulation_key(bad_ek, EK), PQL_ERR_ENCAPSULATION_KEY_CHECK);
    memset(ct, 0xAA, sizeof ct);
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_encapsulate(ct, CT, ss, SS, bad_ek, EK), PQL_ERR_ENCAPSULATION_KEY_CHECK);
    CHECK(all_zero(ct, CT) && all_zero(ss, SS));
    memset(ct, 0xAA, sizeof ct);
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, bad_ek, EK, eseed, ESEED),
             PQL_ERR_ENCAPSULATION_KEY_CHECK);
    CHECK(all_zero(ct, CT));
    /* The X25519 part is not checked (as in the draft). */
    memcpy(bad_ek, ek, EK);
    memset(bad_ek + EK - 32, 0, 32);
    CHECK_RC(pql_xwing_check_encapsulation_key(bad_ek, EK), PQL_OK);
    CHECK_RC(pql_xwing_check_encapsulation_key(NULL, EK), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_xwing_check_encapsulation_key(ek, EK + 1), PQL_ERR_INVALID_LENGTH);

    /* Decapsulation. */
    CHECK_RC(pql_xwing_encapsulate_derand(ct, CT, ss, SS, ek, EK, eseed, ESEED), PQL_OK);
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_decapsulate(ss, SS, NULL, CT, dk, DK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(ss, SS) && ss[SS] == 0xAA);
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_decapsulate(ss, SS, ct, CT, NULL, DK), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(ss, SS));
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_decapsulate(ss, SS, ct, CT + 1, dk, DK), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ss, SS));
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_decapsulate(ss, SS, ct, CT, dk, DK + 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ss, SS));
    memset(ss, 0xAA, sizeof ss);
    CHECK_RC(pql_xwing_decapsulate(ss, SS + 1, ct, CT, dk, DK), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(ss, SS) && ss[SS] == 0xAA);
    CHECK_RC(pql_xwing_decapsulate(NULL, SS, ct, CT, dk, DK), PQL_ERR_NULL_POINTER);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s XWING_VEC_FILE\n", argv[0]);
        return 2;
    }
    if (run_vectors(argv[1]) != 0) return 2;
    round_trips();
    bad_input();
    return finish("test_xwing");
}
