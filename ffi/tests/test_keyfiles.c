/*
 * Key files through the C API: the example keys of RFC 9935 (ML-KEM) and RFC 9881
 * (ML-DSA) in test-vectors/x509 (the directory is the argument) are read into
 * handles and written back byte for byte (every form: SPKI, PKCS#8 seed, expandedKey,
 * both); the keys they hold are the ones the seed 00 01 02 ... gives through
 * keypair_from_seed; the RFCs' inconsistent examples and hand-made malformed inputs
 * (wrong OID, other parameter sets, truncations, trailing bytes, parameters present,
 * wrong tags) give their status codes with the output handle left NULL; encoders
 * reject wrong lengths and unknown forms with zeroed outputs. Run by run.sh (also
 * under ASan/UBSan).
 */
#include "common.h"

static const char *g_dir = ".";

/* Reads the PEM file DIR/name and returns its DER body (base64 between the
 * -----BEGIN/END lines); exits on a missing or malformed file. */
static uint8_t *read_pem(const char *name, size_t *len) {
    char path[1024];
    FILE *f;
    char line[256];
    uint8_t *out = NULL;
    size_t cap = 0, n = 0;
    uint32_t acc = 0;
    int bits = 0;
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    while (fgets(line, sizeof line, f) != NULL) {
        const char *c;
        if (strncmp(line, "-----", 5) == 0) continue;
        for (c = line; *c != '\0'; c++) {
            int v;
            if (*c >= 'A' && *c <= 'Z') v = *c - 'A';
            else if (*c >= 'a' && *c <= 'z') v = *c - 'a' + 26;
            else if (*c >= '0' && *c <= '9') v = *c - '0' + 52;
            else if (*c == '+') v = 62;
            else if (*c == '/') v = 63;
            else continue; /* '=', newlines */
            acc = acc << 6 | (uint32_t)v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                if (n == cap) {
                    cap = cap ? 2 * cap : 1024;
                    out = (uint8_t *)realloc(out, cap);
                    if (out == NULL) exit(2);
                }
                out[n++] = (uint8_t)(acc >> bits);
            }
        }
    }
    fclose(f);
    if (n == 0) {
        fprintf(stderr, "%s: empty\n", path);
        exit(2);
    }
    *len = n;
    return out;
}

/* A decoder under test: returns the status and frees the handle on success (and
 * checks that the handle is NULL on failure). */
typedef int (*decode_fn)(const uint8_t *der, size_t len);

/* The twelve decoders, by set: [0..5] SPKI, [6..11] PKCS#8, each in the order
 * ML-KEM-512, 768, 1024, ML-DSA-44, 65, 87. */
#define DECODER(P, KIND, H, FN)                                                               \
    static int try_##P##_##KIND(const uint8_t *der, size_t len) {                             \
        P##_##H *h = (P##_##H *)1;                                                            \
        int rc = P##_##FN(&h, der, len);                                                      \
        if (rc == PQL_OK) {                                                                   \
            CHECK(h != NULL);                                                                 \
            P##_##H##_free(h);                                                                \
        } else {                                                                              \
            CHECK(h == NULL);                                                                 \
        }                                                                                     \
        return rc;                                                                            \
    }
DECODER(pql_ml_kem_512, pub, ek, ek_from_spki)
DECODER(pql_ml_kem_768, pub, ek, ek_from_spki)
DECODER(pql_ml_kem_1024, pub, ek, ek_from_spki)
DECODER(pql_ml_dsa_44, pub, vk, vk_from_spki)
DECODER(pql_ml_dsa_65, pub, vk, vk_from_spki)
DECODER(pql_ml_dsa_87, pub, vk, vk_from_spki)
DECODER(pql_ml_kem_512, priv, dk, dk_from_pkcs8)
DECODER(pql_ml_kem_768, priv, dk, dk_from_pkcs8)
DECODER(pql_ml_kem_1024, priv, dk, dk_from_pkcs8)
DECODER(pql_ml_dsa_44, priv, sk, sk_from_pkcs8)
DECODER(pql_ml_dsa_65, priv, sk, sk_from_pkcs8)
DECODER(pql_ml_dsa_87, priv, sk, sk_from_pkcs8)

static const decode_fn DECODERS[12] = {
    try_pql_ml_kem_512_pub,   try_pql_ml_kem_768_pub,  try_pql_ml_kem_1024_pub,
    try_pql_ml_dsa_44_pub,    try_pql_ml_dsa_65_pub,   try_pql_ml_dsa_87_pub,
    try_pql_ml_kem_512_priv,  try_pql_ml_kem_768_priv, try_pql_ml_kem_1024_priv,
    try_pql_ml_dsa_44_priv,   try_pql_ml_dsa_65_priv,  try_pql_ml_dsa_87_priv,
};
static const char *SET_NAMES[6] = {"ML-KEM-512", "ML-KEM-768", "ML-KEM-1024",
                                   "ML-DSA-44",  "ML-DSA-65",  "ML-DSA-87"};

/* The offset of the algorithm OID's last byte (06 09 60 86 48 01 65 03 04 a b). */
static size_t oid_last(const uint8_t *der, size_t len) {
    static const uint8_t prefix[] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04};
    size_t i;
    for (i = 0; i + sizeof prefix + 2 <= len; i++) {
        if (memcmp(der + i, prefix, sizeof prefix) == 0) return i + sizeof prefix + 1;
    }
    fprintf(stderr, "no algorithm OID found\n");
    exit(2);
}

/*
 * The checks every well-formed file `der` of set `set` (0..5) and kind `priv` (0: SPKI,
 * 1: PKCS#8) must pass: its own decoder accepts it; the other sets' decoders of the
 * same kind say PQL_ERR_WRONG_ALGORITHM, the other kind's PQL_ERR_KEY_ENCODING; every
 * truncation, a trailing byte, another first tag, and an OID changed in its last byte
 * are refused.
 */
static void malformed(const uint8_t *der, size_t len, int set, int priv) {
    uint8_t *buf = (uint8_t *)xmalloc(len + 1);
    size_t i, at;
    int s, bad_trunc = 0;
    decode_fn own = DECODERS[6 * priv + set];
    CHECK_RC(own(der, len), PQL_OK);
    for (s = 0; s < 6; s++) {
        if (s != set) CHECK_RC(DECODERS[6 * priv + s](der, len), PQL_ERR_WRONG_ALGORITHM);
        CHECK_RC(DECODERS[6 * (1 - priv) + s](der, len), PQL_ERR_KEY_ENCODING);
    }
    /* Every truncation (one check for all of them, reporting the first failure). */
    for (i = 0; i < len; i++) {
        int rc = own(der, i);
        if (rc != PQL_ERR_KEY_ENCODING) {
            if (!bad_trunc) fprintf(stderr, "%s: truncation to %zu bytes gave %d\n", SET_NAMES[set], i, rc);
            bad_trunc = 1;
        }
    }
    CHECK(!bad_trunc);
    /* A trailing byte. */
    memcpy(buf, der, len);
    buf[len] = 0;
    CHECK_RC(own(buf, len + 1), PQL_ERR_KEY_ENCODING);
    /* The outer SEQUENCE as a SET. */
    buf[0] = 0x31;
    CHECK_RC(own(buf, len), PQL_ERR_KEY_ENCODING);
    buf[0] = der[0];
    /* The OID: an unassigned last arc, and each neighbouring arc. */
    at = oid_last(der, len);
    buf[at] = 0x7f;
    CHECK_RC(own(buf, len), PQL_ERR_WRONG_ALGORITHM);
    buf[at] = (uint8_t)(der[at] + 1);
    CHECK_RC(own(buf, len), PQL_ERR_WRONG_ALGORITHM);
    buf[at] = (uint8_t)(der[at] - 1);
    CHECK_RC(own(buf, len), PQL_ERR_WRONG_ALGORITHM);
    /* NULL input. */
    CHECK_RC(own(NULL, len), PQL_ERR_NULL_POINTER);
    CHECK_RC(own(NULL, 0), PQL_ERR_KEY_ENCODING);
    free(buf);
}

/*
 * A seed-form PKCS#8 key (all lengths in short form) with NULL parameters added to
 * its AlgorithmIdentifier: PQL_ERR_KEY_ENCODING (RFC 9935 / 9881: parameters absent).
 * The same bytes with the parameters taken out again must parse (control).
 */
static void parameters_present(const uint8_t *der, size_t len, int set) {
    uint8_t *buf = (uint8_t *)xmalloc(len + 2);
    size_t at = oid_last(der, len) + 1; /* just after the OID */
    CHECK(len < 128 && der[1] == len - 2 && der[6] == 0x0b);
    memcpy(buf, der, at);
    buf[at] = 0x05;
    buf[at + 1] = 0x00;
    memcpy(buf + at + 2, der + at, len - at);
    buf[1] = (uint8_t)(der[1] + 2);
    buf[6] = 0x0d;
    CHECK_RC(DECODERS[6 + set](buf, len + 2), PQL_ERR_KEY_ENCODING);
    buf[1] = der[1];
    buf[6] = der[6];
    memmove(buf + at, buf + at + 2, len - at);
    CHECK_RC(DECODERS[6 + set](buf, len), PQL_OK);
    free(buf);
}

/* Per set: the RFC files read and written back, and the keys compared with the ones
 * the seed gives. P: function prefix; PUB/PRIV: handle names; ... */
#define KEYFILES(P, NAME, SET, PUB, PRIV, PUB_FROM, PUB_TO, PRIV_FROM, PRIV_TO, PUB_BYTES_FN,     \
                 PRIV_BYTES_FN, PUB_BYTES, PRIV_BYTES, SEED_BYTES, SPKI_BYTES, P8_SEED,          \
                 P8_EXPANDED, P8_BOTH)                                                           \
    static void keyfiles_##P(void) {                                                             \
        static uint8_t pub[PUB_BYTES], priv[PRIV_BYTES], pub2[PUB_BYTES], priv2[PRIV_BYTES];     \
        static uint8_t out[P8_BOTH + 16];                                                        \
        uint8_t seed[SEED_BYTES];                                                                \
        static const char *forms[3] = {"seed", "expanded", "both"};                              \
        static const size_t sizes[3] = {P8_SEED, P8_EXPANDED, P8_BOTH};                          \
        char file[64];                                                                           \
        uint8_t *der[3], *spki;                                                                  \
        size_t der_len[3], spki_len, i;                                                          \
        int f, g;                                                                                \
        P##_##PUB *e = NULL;                                                                     \
        P##_##PRIV *h[3] = {NULL, NULL, NULL};                                                   \
        for (i = 0; i < SEED_BYTES; i++) seed[i] = (uint8_t)i;                                   \
        CHECK_RC(P##_keypair_from_seed(pub, sizeof pub, priv, sizeof priv, seed, sizeof seed),   \
                 PQL_OK);                                                                        \
        /* The public key file. */                                                               \
        snprintf(file, sizeof file, "%s.pub", NAME);                                             \
        spki = read_pem(file, &spki_len);                                                        \
        CHECK(spki_len == SPKI_BYTES);                                                           \
        CHECK_RC(P##_##PUB_FROM(&e, spki, spki_len), PQL_OK);                                    \
        CHECK_RC(P##_##PUB_BYTES_FN(e, pub2, sizeof pub2), PQL_OK);                              \
        CHECK(memcmp(pub, pub2, sizeof pub) == 0);                                               \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PUB_TO(e, out, SPKI_BYTES), PQL_OK);                                      \
        CHECK(memcmp(out, spki, spki_len) == 0);                                                 \
        CHECK(out[SPKI_BYTES] == 0xEE);                                                          \
        CHECK_RC(P##_##PUB_TO(e, out, SPKI_BYTES + 1), PQL_ERR_INVALID_LENGTH);                  \
        CHECK(all_zero(out, SPKI_BYTES) && out[SPKI_BYTES] == 0xEE);                             \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PUB_TO(e, out, SPKI_BYTES - 1), PQL_ERR_INVALID_LENGTH);                  \
        CHECK(all_zero(out, SPKI_BYTES - 1));                                                    \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PUB_TO(NULL, out, SPKI_BYTES), PQL_ERR_NULL_POINTER);                     \
        CHECK(all_zero(out, SPKI_BYTES));                                                        \
        CHECK_RC(P##_##PUB_TO(e, NULL, SPKI_BYTES), PQL_ERR_NULL_POINTER);                       \
        CHECK_RC(P##_##PUB_FROM(NULL, spki, spki_len), PQL_ERR_NULL_POINTER);                    \
        malformed(spki, spki_len, SET, 0);                                                       \
        /* The private key files: each form read; every form written from each. */             \
        for (f = 0; f < 3; f++) {                                                                \
            snprintf(file, sizeof file, "%s-%s.priv", NAME, forms[f]);                           \
            der[f] = read_pem(file, &der_len[f]);                                                \
            CHECK(der_len[f] == sizes[f]);                                                       \
            CHECK_RC(P##_##PRIV_FROM(&h[f], der[f], der_len[f]), PQL_OK);                        \
            CHECK_RC(P##_##PRIV_BYTES_FN(h[f], priv2, sizeof priv2), PQL_OK);                    \
            CHECK(memcmp(priv, priv2, sizeof priv) == 0);                                        \
            malformed(der[f], der_len[f], SET, 1);                                               \
        }                                                                                        \
        parameters_present(der[0], der_len[0], SET);                                             \
        for (f = 0; f < 3; f++) {                                                                \
            for (g = 0; g < 3; g++) {                                                            \
                int rc;                                                                          \
                memset(out, 0xEE, sizeof out);                                                   \
                rc = P##_##PRIV_TO(h[f], g, out, sizes[g]);                                      \
                if (f == 1 && g != 1) {                                                          \
                    /* Made from the expanded form: no seed to write. */                         \
                    CHECK(rc == PQL_ERR_INVALID_ARGUMENT);                                       \
                    CHECK(all_zero(out, sizes[g]));                                              \
                } else {                                                                         \
                    CHECK(rc == PQL_OK);                                                         \
                    CHECK(memcmp(out, der[g], der_len[g]) == 0);                                 \
                    CHECK(out[sizes[g]] == 0xEE);                                                \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
        /* Encoder argument errors, outputs zeroed. */                                           \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PRIV_TO(h[0], PQL_PKCS8_SEED, out, P8_SEED + 1), PQL_ERR_INVALID_LENGTH); \
        CHECK(all_zero(out, P8_SEED) && out[P8_SEED] == 0xEE);                                   \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PRIV_TO(h[0], PQL_PKCS8_EXPANDED, out, P8_SEED), PQL_ERR_INVALID_LENGTH); \
        CHECK(all_zero(out, P8_SEED));                                                           \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PRIV_TO(h[0], 3, out, P8_SEED), PQL_ERR_INVALID_ARGUMENT);                \
        CHECK(all_zero(out, P8_SEED) && out[P8_SEED] == 0xEE);                                   \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PRIV_TO(h[0], -1, out, P8_SEED), PQL_ERR_INVALID_ARGUMENT);               \
        CHECK(all_zero(out, P8_SEED));                                                           \
        memset(out, 0xEE, sizeof out);                                                           \
        CHECK_RC(P##_##PRIV_TO(NULL, PQL_PKCS8_SEED, out, P8_SEED), PQL_ERR_NULL_POINTER);       \
        CHECK(all_zero(out, P8_SEED));                                                           \
        CHECK_RC(P##_##PRIV_TO(h[0], PQL_PKCS8_SEED, NULL, P8_SEED), PQL_ERR_NULL_POINTER);      \
        CHECK_RC(P##_##PRIV_FROM(NULL, der[0], der_len[0]), PQL_ERR_NULL_POINTER);               \
        /* A fresh key: seed form out and in gives the same key. */                              \
        P##_##PRIV##_free(h[1]);                                                                 \
        h[1] = NULL;                                                                             \
        CHECK_RC(P##_##PRIV##_generate(&h[1]), PQL_OK);                                          \
        CHECK_RC(P##_##PRIV_TO(h[1], PQL_PKCS8_SEED, out, P8_SEED), PQL_OK);                     \
        CHECK_RC(P##_##PRIV_BYTES_FN(h[1], priv, sizeof priv), PQL_OK);                          \
        P##_##PRIV##_free(h[2]);                                                                 \
        h[2] = NULL;                                                                             \
        CHECK_RC(P##_##PRIV_FROM(&h[2], out, P8_SEED), PQL_OK);                                  \
        CHECK_RC(P##_##PRIV_BYTES_FN(h[2], priv2, sizeof priv2), PQL_OK);                        \
        CHECK(memcmp(priv, priv2, sizeof priv) == 0);                                            \
        /* Negative control of that comparison: another fresh key differs. */                   \
        P##_##PRIV##_free(h[2]);                                                                 \
        h[2] = NULL;                                                                             \
        CHECK_RC(P##_##PRIV##_generate(&h[2]), PQL_OK);                                          \
        CHECK_RC(P##_##PRIV_BYTES_FN(h[2], priv2, sizeof priv2), PQL_OK);                        \
        CHECK(memcmp(priv, priv2, sizeof priv) != 0);                                            \
        for (f = 0; f < 3; f++) {                                                                \
            P##_##PRIV##_free(h[f]);                                                             \
            free(der[f]);                                                                        \
        }                                                                                        \
        P##_##PUB##_free(e);                                                                     \
        free(spki);                                                                              \
    }

KEYFILES(pql_ml_kem_512, "ML-KEM-512", 0, ek, dk, ek_from_spki, ek_to_spki, dk_from_pkcs8,
         dk_to_pkcs8, ek_to_bytes, dk_to_bytes, PQL_ML_KEM_512_ENCAPSULATION_KEY_BYTES,
         PQL_ML_KEM_512_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_SEED_BYTES, PQL_ML_KEM_512_SPKI_BYTES,
         PQL_ML_KEM_PKCS8_SEED_BYTES, PQL_ML_KEM_512_PKCS8_EXPANDED_BYTES,
         PQL_ML_KEM_512_PKCS8_BOTH_BYTES)
KEYFILES(pql_ml_kem_768, "ML-KEM-768", 1, ek, dk, ek_from_spki, ek_to_spki, dk_from_pkcs8,
         dk_to_pkcs8, ek_to_bytes, dk_to_bytes, PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES,
         PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_SEED_BYTES, PQL_ML_KEM_768_SPKI_BYTES,
         PQL_ML_KEM_PKCS8_SEED_BYTES, PQL_ML_KEM_768_PKCS8_EXPANDED_BYTES,
         PQL_ML_KEM_768_PKCS8_BOTH_BYTES)
KEYFILES(pql_ml_kem_1024, "ML-KEM-1024", 2, ek, dk, ek_from_spki, ek_to_spki, dk_from_pkcs8,
         dk_to_pkcs8, ek_to_bytes, dk_to_bytes, PQL_ML_KEM_1024_ENCAPSULATION_KEY_BYTES,
         PQL_ML_KEM_1024_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_SEED_BYTES,
         PQL_ML_KEM_1024_SPKI_BYTES, PQL_ML_KEM_PKCS8_SEED_BYTES,
         PQL_ML_KEM_1024_PKCS8_EXPANDED_BYTES, PQL_ML_KEM_1024_PKCS8_BOTH_BYTES)
KEYFILES(pql_ml_dsa_44, "ML-DSA-44", 3, vk, sk, vk_from_spki, vk_to_spki, sk_from_pkcs8,
         sk_to_pkcs8, vk_to_bytes, sk_to_bytes, PQL_ML_DSA_44_VERIFYING_KEY_BYTES,
         PQL_ML_DSA_44_SIGNING_KEY_BYTES, PQL_ML_DSA_44_SEED_BYTES, PQL_ML_DSA_44_SPKI_BYTES,
         PQL_ML_DSA_PKCS8_SEED_BYTES, PQL_ML_DSA_44_PKCS8_EXPANDED_BYTES,
         PQL_ML_DSA_44_PKCS8_BOTH_BYTES)
KEYFILES(pql_ml_dsa_65, "ML-DSA-65", 4, vk, sk, vk_from_spki, vk_to_spki, sk_from_pkcs8,
         sk_to_pkcs8, vk_to_bytes, sk_to_bytes, PQL_ML_DSA_65_VERIFYING_KEY_BYTES,
         PQL_ML_DSA_65_SIGNING_KEY_BYTES, PQL_ML_DSA_65_SEED_BYTES, PQL_ML_DSA_65_SPKI_BYTES,
         PQL_ML_DSA_PKCS8_SEED_BYTES, PQL_ML_DSA_65_PKCS8_EXPANDED_BYTES,
         PQL_ML_DSA_65_PKCS8_BOTH_BYTES)
KEYFILES(pql_ml_dsa_87, "ML-DSA-87", 5, vk, sk, vk_from_spki, vk_to_spki, sk_from_pkcs8,
         sk_to_pkcs8, vk_to_bytes, sk_to_bytes, PQL_ML_DSA_87_VERIFYING_KEY_BYTES,
         PQL_ML_DSA_87_SIGNING_KEY_BYTES, PQL_ML_DSA_87_SEED_BYTES, PQL_ML_DSA_87_SPKI_BYTES,
         PQL_ML_DSA_PKCS8_SEED_BYTES, PQL_ML_DSA_87_PKCS8_EXPANDED_BYTES,
         PQL_ML_DSA_87_PKCS8_BOTH_BYTES)

/* The RFCs' inconsistent examples (see test-vectors/x509/README.md, tests/pkcs8.rs). */
static void inconsistent_examples(void) {
    static const struct {
        const char *file;
        int set, rc;
    } cases[] = {
        /* both: the seed does not regenerate the expanded key. */
        {"bad-ML-KEM-512-1.priv", 0, PQL_ERR_KEY_ENCODING},
        /* expanded: mutated s_0 with a valid H(ek): the 7.3 check cannot see it. */
        {"bad-ML-KEM-512-2.priv", 0, PQL_OK},
        /* expanded: mutated H(ek). */
        {"bad-ML-KEM-512-3.priv", 0, PQL_ERR_DECAPSULATION_KEY_CHECK},
        /* both: expanded key differs in z only. */
        {"bad-ML-KEM-512-4.priv", 0, PQL_ERR_KEY_ENCODING},
        {"bad-ML-DSA-44-1.priv", 3, PQL_ERR_KEY_ENCODING},
        /* tr, then t0, inconsistent. */
        {"bad-ML-DSA-44-2.priv", 3, PQL_ERR_SIGNING_KEY_CHECK},
        {"bad-ML-DSA-44-3.priv", 3, PQL_ERR_SIGNING_KEY_CHECK},
    };
    size_t i, len;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t *der = read_pem(cases[i].file, &len);
        int rc = DECODERS[6 + cases[i].set](der, len);
        if (rc != cases[i].rc) {
            fprintf(stderr, "%s: got %d (%s), expected %d\n", cases[i].file, rc,
                    pql_error_string(rc), cases[i].rc);
        }
        CHECK(rc == cases[i].rc);
        free(der);
    }
}

int main(int argc, char **argv) {
    if (argc > 1) g_dir = argv[1];
    keyfiles_pql_ml_kem_512();
    keyfiles_pql_ml_kem_768();
    keyfiles_pql_ml_kem_1024();
    keyfiles_pql_ml_dsa_44();
    keyfiles_pql_ml_dsa_65();
    keyfiles_pql_ml_dsa_87();
    inconsistent_examples();
    CHECK(strcmp(pql_error_string(PQL_ERR_KEY_ENCODING), "unknown error") != 0);
    CHECK(strcmp(pql_error_string(PQL_ERR_WRONG_ALGORITHM), "unknown error") != 0);
    return finish("test_keyfiles");
}
