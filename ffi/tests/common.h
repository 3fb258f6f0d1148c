/*
 * Shared helpers for the C tests of libpqlattice: check counters, hex decoding, a
 * whitespace token reader for the exported vector files, and one table of function
 * pointers per parameter set so that every test runs over all of them uniformly.
 */
#ifndef PQL_TEST_COMMON_H
#define PQL_TEST_COMMON_H

#include "pqlattice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long g_passed = 0;
static unsigned long g_failed = 0;

/* Records one check; prints the failing expression and location. */
#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (cond) {                                                                      \
            g_passed++;                                                                  \
        } else {                                                                         \
            g_failed++;                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
        }                                                                                \
    } while (0)

/* Checks that a status code equals the expected one. */
#define CHECK_RC(call, expected)                                                         \
    do {                                                                                 \
        int rc_ = (call);                                                                \
        if (rc_ == (expected)) {                                                         \
            g_passed++;                                                                  \
        } else {                                                                         \
            g_failed++;                                                                  \
            fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d\n", __FILE__,       \
                    __LINE__, #call, rc_, pql_error_string(rc_), (int)(expected));       \
        }                                                                                \
    } while (0)

/* Prints the closing line of a test program and returns its exit status. */
static inline int finish(const char *name) {
    printf("%s: %lu passed, %lu failed\n", name, g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}

/* malloc that aborts the test on failure. */
static inline void *xmalloc(size_t n) {
    void *p = malloc(n == 0 ? 1 : n);
    if (p == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* 1 if all n bytes of p are zero. */
static inline int all_zero(const uint8_t *p, size_t n) {
    size_t i;
    uint8_t acc = 0;
    for (i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

/* 1 if all n bytes of p equal b. */
static inline int all_equal(const uint8_t *p, size_t n, uint8_t b) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != b) {
            return 0;
        }
    }
    return 1;
}

static inline int hex_nibble(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/*
 * Decodes a hex string ("-" is the empty string) into a fresh buffer; sets *len.
 * Returns NULL on malformed input.
 */
static inline uint8_t *hex_decode(const char *s, size_t *len) {
    size_t n = strcmp(s, "-") == 0 ? 0 : strlen(s), i;
    uint8_t *out;
    if (n % 2 != 0) return NULL;
    out = (uint8_t *)xmalloc(n / 2);
    for (i = 0; i < n / 2; i++) {
        int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *len = n / 2;
    return out;
}

/* A growing buffer for one whitespace-separated token. */
typedef struct {
    char *buf;
    size_t cap;
} token_t;

/* Reads the next token from f into t->buf; returns 0 at end of file. */
static inline int next_token(FILE *f, token_t *t) {
    size_t n = 0;
    int c;
    do {
        c = fgetc(f);
    } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
    if (c == EOF) return 0;
    while (c != EOF && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        if (n + 1 >= t->cap) {
            size_t cap = t->cap == 0 ? 256 : 2 * t->cap;
            char *b = (char *)realloc(t->buf, cap);
            if (b == NULL) {
                fprintf(stderr, "out of memory\n");
                exit(2);
            }
            t->buf = b;
            t->cap = cap;
        }
        t->buf[n++] = (char)c;
        c = fgetc(f);
    }
    t->buf[n] = '\0';
    return 1;
}

/* The ML-KEM functions and sizes of one parameter set. */
typedef struct {
    const char *name;
    int set; /* 512, 768, 1024 */
    size_t ek_bytes, dk_bytes, ct_bytes;
    int (*keypair)(uint8_t *, size_t, uint8_t *, size_t);
    int (*keypair_derand)(uint8_t *, size_t, uint8_t *, size_t, const uint8_t *, size_t);
    int (*encapsulate)(uint8_t *, size_t, uint8_t *, size_t, const uint8_t *, size_t);
    int (*encapsulate_derand)(uint8_t *, size_t, uint8_t *, size_t, const uint8_t *, size_t,
                              const uint8_t *, size_t);
    int (*decapsulate)(uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t);
    int (*check_encapsulation_key)(const uint8_t *, size_t);
    int (*check_decapsulation_key)(const uint8_t *, size_t);
} kem_t;

static const kem_t KEMS[] = {
    {"ML-KEM-512", 512, PQL_ML_KEM_512_ENCAPSULATION_KEY_BYTES,
     PQL_ML_KEM_512_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_512_CIPHERTEXT_BYTES,
     pql_ml_kem_512_keypair, pql_ml_kem_512_keypair_derand, pql_ml_kem_512_encapsulate,
     pql_ml_kem_512_encapsulate_derand, pql_ml_kem_512_decapsulate,
     pql_ml_kem_512_check_encapsulation_key, pql_ml_kem_512_check_decapsulation_key},
    {"ML-KEM-768", 768, PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES,
     PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_768_CIPHERTEXT_BYTES,
     pql_ml_kem_768_keypair, pql_ml_kem_768_keypair_derand, pql_ml_kem_768_encapsulate,
     pql_ml_kem_768_encapsulate_derand, pql_ml_kem_768_decapsulate,
     pql_ml_kem_768_check_encapsulation_key, pql_ml_kem_768_check_decapsulation_key},
    {"ML-KEM-1024", 1024, PQL_ML_KEM_1024_ENCAPSULATION_KEY_BYTES,
     PQL_ML_KEM_1024_DECAPSULATION_KEY_BYTES, PQL_ML_KEM_1024_CIPHERTEXT_BYTES,
     pql_ml_kem_1024_keypair, pql_ml_kem_1024_keypair_derand, pql_ml_kem_1024_encapsulate,
     pql_ml_kem_1024_encapsulate_derand, pql_ml_kem_1024_decapsulate,
     pql_ml_kem_1024_check_encapsulation_key, pql_ml_kem_1024_check_decapsulation_key},
};
#define NUM_KEMS (sizeof(KEMS) / sizeof(KEMS[0]))

static inline const kem_t *kem_by_set(int set) {
    size_t i;
    for (i = 0; i < NUM_KEMS; i++) {
        if (KEMS[i].set == set) return &KEMS[i];
    }
    return NULL;
}

/* The ML-DSA functions and sizes of one parameter set. */
typedef int (*dsa_sign_fn)(uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t,
                           const uint8_t *, size_t);
typedef int (*dsa_sign_prehash_fn)(uint8_t *, size_t, int, const uint8_t *, size_t,
                                   const uint8_t *, size_t, const uint8_t *, size_t);
typedef int (*dsa_verify_fn)(const uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *,
                             size_t, const uint8_t *, size_t);
typedef int (*dsa_verify_prehash_fn)(const uint8_t *, size_t, int, const uint8_t *, size_t,
                                     const uint8_t *, size_t, const uint8_t *, size_t);
typedef struct {
    const char *name;
    int set; /* 44, 65, 87 */
    size_t vk_bytes, sk_bytes, sig_bytes, seed_bytes;
    int (*keypair)(uint8_t *, size_t, uint8_t *, size_t);
    int (*keypair_from_seed)(uint8_t *, size_t, uint8_t *, size_t, const uint8_t *, size_t);
    dsa_sign_fn sign, sign_deterministic;
    dsa_sign_prehash_fn sign_prehash, sign_prehash_deterministic;
    int (*sign_mu)(uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t);
    dsa_verify_fn verify;
    dsa_verify_prehash_fn verify_prehash;
    int (*verify_mu)(const uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t);
    int (*compute_mu)(uint8_t *, size_t, const uint8_t *, size_t, const uint8_t *, size_t,
                      const uint8_t *, size_t);
    int (*check_signing_key)(const uint8_t *, size_t);
} dsa_t;

#define DSA_ENTRY(N)                                                                          \
    {"ML-DSA-" #N, N, PQL_ML_DSA_##N##_VERIFYING_KEY_BYTES, PQL_ML_DSA_##N##_SIGNING_KEY_BYTES, \
     PQL_ML_DSA_##N##_SIGNATURE_BYTES, PQL_ML_DSA_##N##_SEED_BYTES, pql_ml_dsa_##N##_keypair,   \
     pql_ml_dsa_##N##_keypair_from_seed, pql_ml_dsa_##N##_sign,                                 \
     pql_ml_dsa_##N##_sign_deterministic, pql_ml_dsa_##N##_sign_prehash,                        \
     pql_ml_dsa_##N##_sign_prehash_deterministic, pql_ml_dsa_##N##_sign_mu,                     \
     pql_ml_dsa_##N##_verify, pql_ml_dsa_##N##_verify_prehash, pql_ml_dsa_##N##_verify_mu,      \
     pql_ml_dsa_##N##_compute_mu, pql_ml_dsa_##N##_check_signing_key}

static const dsa_t DSAS[] = {DSA_ENTRY(44), DSA_ENTRY(65), DSA_ENTRY(87)};
#define NUM_DSAS (sizeof(DSAS) / sizeof(DSAS[0]))

static inline const dsa_t *dsa_by_set(int set) {
    size_t i;
    for (i = 0; i < NUM_DSAS; i++) {
        if (DSAS[i].set == set) return &DSAS[i];
    }
    return NULL;
}

/* The twelve PQL_HASH_* ids with their digest lengths. */
static const struct {
    int id;
    size_t len;
} HASHES[] = {{PQL_HASH_SHA2_256, 32},     {PQL_HASH_SHA2_384, 48},     {PQL_HASH_SHA2_512, 64},
              {PQL_HASH_SHA2_224, 28},     {PQL_HASH_SHA2_512_224, 28}, {PQL_HASH_SHA2_512_256, 32},
              {PQL_HASH_SHA3_224, 28},     {PQL_HASH_SHA3_256, 32},     {PQL_HASH_SHA3_384, 48},
              {PQL_HASH_SHA3_512, 64},     {PQL_HASH_SHAKE_128, 32},    {PQL_HASH_SHAKE_256, 64}};
#define NUM_HASHES (sizeof(HASHES) / sizeof(HASHES[0]))

#endif /* PQL_TEST_COMMON_H */
