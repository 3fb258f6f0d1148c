/*
 * Every bad-input path of the C API, for every parameter set:
 *  - each pointer argument NULL -> PQL_ERR_NULL_POINTER;
 *  - each length off by one either way, 0 and SIZE_MAX -> PQL_ERR_INVALID_LENGTH;
 *  - out-of-range encapsulation keys -> PQL_ERR_ENCAPSULATION_KEY_CHECK (also at the
 *    q-1 / q boundary), a modified H(ek) in the decapsulation key ->
 *    PQL_ERR_DECAPSULATION_KEY_CHECK;
 *  - on every failure, each non-NULL output has exactly its first min(len, expected)
 *    bytes zeroed and nothing after them written;
 *  - pql_error_string / pql_version.
 */
#include "common.h"

#include <limits.h>
#include <stdint.h>

#define SENTINEL 16   /* bytes allocated past the expected size, must stay untouched */
#define MAX_ARGS 4

/* One buffer argument: pointer, length passed, expected size, output or input. */
typedef struct {
    uint8_t *p;
    size_t len;
    size_t size;
    int out;
} arg_t;

/* A call of one function with its buffer arguments in order. */
typedef int (*caller_t)(const kem_t *k, arg_t *a);

static int call_keypair(const kem_t *k, arg_t *a) {
    return k->keypair(a[0].p, a[0].len, a[1].p, a[1].len);
}
static int call_keypair_derand(const kem_t *k, arg_t *a) {
    return k->keypair_derand(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_encapsulate(const kem_t *k, arg_t *a) {
    return k->encapsulate(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_encapsulate_derand(const kem_t *k, arg_t *a) {
    return k->encapsulate_derand(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len, a[3].p,
                                 a[3].len);
}
static int call_decapsulate(const kem_t *k, arg_t *a) {
    return k->decapsulate(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_check_ek(const kem_t *k, arg_t *a) {
    return k->check_encapsulation_key(a[0].p, a[0].len);
}
static int call_check_dk(const kem_t *k, arg_t *a) {
    return k->check_decapsulation_key(a[0].p, a[0].len);
}

/* Fills every output (including its sentinel area) with 0xAA. */
static void poison_outputs(arg_t *a, int n) {
    int i;
    for (i = 0; i < n; i++) {
        if (a[i].out && a[i].p != NULL) memset(a[i].p, 0xAA, a[i].size + SENTINEL);
    }
}

/* After a failure: each non-NULL output has its first min(len, size) bytes zeroed and
 * the rest of its allocation untouched. */
static int outputs_zeroed(const arg_t *a, int n) {
    int i, ok = 1;
    for (i = 0; i < n; i++) {
        size_t z;
        if (!a[i].out || a[i].p == NULL) continue;
        z = a[i].len < a[i].size ? a[i].len : a[i].size;
        ok &= all_zero(a[i].p, z);
        ok &= all_equal(a[i].p + z, a[i].size + SENTINEL - z, 0xAA);
    }
    return ok;
}

/*
 * Calls f with the valid arguments `good` (expecting `good_rc`), then with each
 * argument in turn NULL and with each bad length, the others left valid.
 */
static void check_buffer_args(const char *fname, const kem_t *k, caller_t f, arg_t *good, int n,
                              int good_rc) {
    const size_t bad_lens[] = {0, 1, 2, SIZE_MAX};
    arg_t a[MAX_ARGS];
    int i, rc;
    size_t j;
    unsigned long failed_before = g_failed;

    memcpy(a, good, sizeof(arg_t) * (size_t)n);
    poison_outputs(a, n);
    CHECK_RC(f(k, a), good_rc);

    for (i = 0; i < n; i++) {
        /* NULL pointer, correct length. */
        memcpy(a, good, sizeof(arg_t) * (size_t)n);
        a[i].p = NULL;
        poison_outputs(a, n);
        rc = f(k, a);
        CHECK(rc == PQL_ERR_NULL_POINTER);
        CHECK(outputs_zeroed(a, n));
        /* NULL pointer, zero length: still an error for a fixed-size buffer. */
        a[i].len = 0;
        poison_outputs(a, n);
        CHECK(f(k, a) == PQL_ERR_NULL_POINTER);
        CHECK(outputs_zeroed(a, n));

        /* Wrong lengths: size - 1, size + 1, 0, SIZE_MAX. */
        for (j = 0; j < sizeof bad_lens / sizeof bad_lens[0]; j++) {
            memcpy(a, good, sizeof(arg_t) * (size_t)n);
            switch (j) {
                case 0: a[i].len = a[i].size - 1; break;
                case 1: a[i].len = a[i].size + 1; break;
                case 2: a[i].len = 0; break;
                default: a[i].len = SIZE_MAX; break;
            }
            poison_outputs(a, n);
            rc = f(k, a);
            CHECK(rc == PQL_ERR_INVALID_LENGTH);
            CHECK(outputs_zeroed(a, n));
        }
    }
    if (g_failed != failed_before) fprintf(stderr, "  ^ in %s %s\n", k->name, fname);
}

/* A buffer of `size` bytes plus the sentinel area, filled with `fill`. */
static uint8_t *buffer(size_t size, uint8_t fill) {
    uint8_t *p = (uint8_t *)xmalloc(size + SENTINEL);
    memset(p, fill, size + SENTINEL);
    return p;
}

static arg_t out_arg(uint8_t *p, size_t size) {
    arg_t a;
    a.p = p;
    a.len = size;
    a.size = size;
    a.out = 1;
    return a;
}

static arg_t in_arg(uint8_t *p, size_t size) {
    arg_t a = out_arg(p, size);
    a.out = 0;
    return a;
}

/* Sets the 12-bit coefficient `i` of the first 384k bytes of an encoded key. */
static void set_coeff(uint8_t *enc, size_t i, unsigned v) {
    uint8_t *b = enc + 3 * (i / 2);
    if (i % 2 == 0) {
        b[0] = (uint8_t)(v & 0xFF);
        b[1] = (uint8_t)((b[1] & 0xF0) | (v >> 8));
    } else {
        b[1] = (uint8_t)((b[1] & 0x0F) | ((v & 0x0F) << 4));
        b[2] = (uint8_t)(v >> 4);
    }
}

static void kem_errors(const kem_t *k) {
    uint8_t *ek = buffer(k->ek_bytes, 0), *dk = buffer(k->dk_bytes, 0);
    uint8_t *ct = buffer(k->ct_bytes, 0), *ss = buffer(PQL_ML_KEM_SHARED_SECRET_BYTES, 0);
    uint8_t *seed = buffer(PQL_ML_KEM_SEED_BYTES, 0x42), *m = buffer(PQL_ML_KEM_MESSAGE_BYTES, 7);
    uint8_t *valid_ct = buffer(k->ct_bytes, 0);
    uint8_t *bad_ek = buffer(k->ek_bytes, 0), *bad_dk = buffer(k->dk_bytes, 0);
    size_t ek_off = k->dk_bytes - k->ek_bytes - 64; /* where dk embeds ek */
    size_t ncoeffs = (k->ek_bytes - 32) / 3 * 2;
    arg_t a[MAX_ARGS];

    CHECK_RC(k->keypair_derand(ek, k->ek_bytes, dk, k->dk_bytes, seed, PQL_ML_KEM_SEED_BYTES),
             PQL_OK);
    CHECK_RC(k->encapsulate(valid_ct, k->ct_bytes, ss, PQL_ML_KEM_SHARED_SECRET_BYTES, ek,
                            k->ek_bytes),
             PQL_OK);

    /* Outputs are scratch copies so that the valid inputs stay intact. */
    {
        uint8_t *o_ek = buffer(k->ek_bytes, 0), *o_dk = buffer(k->dk_bytes, 0);
        uint8_t *o_ct = buffer(k->ct_bytes, 0);
        uint8_t *o_ss = buffer(PQL_ML_KEM_SHARED_SECRET_BYTES, 0);

        a[0] = out_arg(o_ek, k->ek_bytes);
        a[1] = out_arg(o_dk, k->dk_bytes);
        check_buffer_args("keypair", k, call_keypair, a, 2, PQL_OK);
        a[2] = in_arg(seed, PQL_ML_KEM_SEED_BYTES);
        check_buffer_args("keypair_derand", k, call_keypair_derand, a, 3, PQL_OK);

        a[0] = out_arg(o_ct, k->ct_bytes);
        a[1] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
        a[2] = in_arg(ek, k->ek_bytes);
        check_buffer_args("encapsulate", k, call_encapsulate, a, 3, PQL_OK);
        a[3] = in_arg(m, PQL_ML_KEM_MESSAGE_BYTES);
        check_buffer_args("encapsulate_derand", k, call_encapsulate_derand, a, 4, PQL_OK);

        a[0] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
        a[1] = in_arg(valid_ct, k->ct_bytes);
        a[2] = in_arg(dk, k->dk_bytes);
        check_buffer_args("decapsulate", k, call_decapsulate, a, 3, PQL_OK);

        a[0] = in_arg(ek, k->ek_bytes);
        check_buffer_args("check_encapsulation_key", k, call_check_ek, a, 1, PQL_OK);
        a[0] = in_arg(dk, k->dk_bytes);
        check_buffer_args("check_decapsulation_key", k, call_check_dk, a, 1, PQL_OK);

        /* Out-of-range encapsulation keys: q - 1 passes, q and 4095 fail, at the first
         * and the last coefficient; rho (the last 32 bytes) is unconstrained. */
        {
            const unsigned values[] = {3328, 3329, 4095};
            const size_t where[] = {0, 1, ncoeffs - 1};
            size_t v, w;
            for (w = 0; w < 3; w++) {
                for (v = 0; v < 3; v++) {
                    int want = values[v] < 3329 ? PQL_OK : PQL_ERR_ENCAPSULATION_KEY_CHECK;
                    memcpy(bad_ek, ek, k->ek_bytes);
                    set_coeff(bad_ek, where[w], values[v]);
                    CHECK_RC(k->check_encapsulation_key(bad_ek, k->ek_bytes), want);
                    a[0] = out_arg(o_ct, k->ct_bytes);
                    a[1] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
                    a[2] = in_arg(bad_ek, k->ek_bytes);
                    a[3] = in_arg(m, PQL_ML_KEM_MESSAGE_BYTES);
                    poison_outputs(a, 2);
                    CHECK_RC(call_encapsulate(k, a), want);
                    if (want != PQL_OK) CHECK(outputs_zeroed(a, 2));
                    poison_outputs(a, 2);
                    CHECK_RC(call_encapsulate_derand(k, a), want);
                    if (want != PQL_OK) CHECK(outputs_zeroed(a, 2));
                }
            }
            memcpy(bad_ek, ek, k->ek_bytes);
            memset(bad_ek + k->ek_bytes - 32, 0xFF, 32);
            CHECK_RC(k->check_encapsulation_key(bad_ek, k->ek_bytes), PQL_OK);
        }

        /* Modified H(ek) in dk, at its first and last byte; a modified embedded ek (so
         * H no longer matches, and the coefficient is out of range); a modified z or
         * dk_PKE is not detectable (FIPS 203 checks only H). */
        {
            const size_t h_bytes[] = {ek_off + k->ek_bytes, ek_off + k->ek_bytes + 31};
            size_t i;
            for (i = 0; i < 2; i++) {
                memcpy(bad_dk, dk, k->dk_bytes);
                bad_dk[h_bytes[i]] ^= 0x80;
                CHECK_RC(k->check_decapsulation_key(bad_dk, k->dk_bytes),
                         PQL_ERR_DECAPSULATION_KEY_CHECK);
                a[0] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
                a[1] = in_arg(valid_ct, k->ct_bytes);
                a[2] = in_arg(bad_dk, k->dk_bytes);
                poison_outputs(a, 1);
                CHECK_RC(call_decapsulate(k, a), PQL_ERR_DECAPSULATION_KEY_CHECK);
                CHECK(outputs_zeroed(a, 1));
            }
            memcpy(bad_dk, dk, k->dk_bytes);
            set_coeff(bad_dk + ek_off, 0, 4095);
            CHECK_RC(k->check_decapsulation_key(bad_dk, k->dk_bytes),
                     PQL_ERR_DECAPSULATION_KEY_CHECK);
            poison_outputs(a, 1);
            CHECK_RC(call_decapsulate(k, a), PQL_ERR_DECAPSULATION_KEY_CHECK);
            CHECK(outputs_zeroed(a, 1));
            memcpy(bad_dk, dk, k->dk_bytes);
            bad_dk[k->dk_bytes - 1] ^= 1; /* z */
            CHECK_RC(k->check_decapsulation_key(bad_dk, k->dk_bytes), PQL_OK);
        }
        free(o_ek);
        free(o_dk);
        free(o_ct);
        free(o_ss);
    }
    free(ek);
    free(dk);
    free(ct);
    free(ss);
    free(seed);
    free(m);
    free(valid_ct);
    free(bad_ek);
    free(bad_dk);
}

static void info_functions(void) {
    const int codes[] = {PQL_OK,
                         PQL_ERR_NULL_POINTER,
                         PQL_ERR_INVALID_LENGTH,
                         PQL_ERR_INVALID_ARGUMENT,
                         PQL_ERR_ENCAPSULATION_KEY_CHECK,
                         PQL_ERR_DECAPSULATION_KEY_CHECK,
                         PQL_ERR_SIGNING_KEY_CHECK,
                         PQL_ERR_CONTEXT_TOO_LONG,
                         PQL_ERR_PREHASH_LENGTH,
                         PQL_ERR_INVALID_SIGNATURE,
                         PQL_ERR_RANDOMNESS,
                         PQL_ERR_INTERNAL};
    const int unknown[] = {1, -12, -100, INT_MIN, INT_MAX};
    const size_t n = sizeof codes / sizeof codes[0];
    size_t i, j;
    const char *v = pql_version();
    CHECK(v != NULL && v[0] >= '0' && v[0] <= '9');
    CHECK(strcmp(pql_error_string(PQL_OK), "success") == 0);
    for (i = 0; i < n; i++) {
        const char *s = pql_error_string(codes[i]);
        CHECK(s != NULL && strlen(s) > 0 && strcmp(s, "unknown error") != 0);
        CHECK(i == 0 || codes[i] < 0);
        for (j = 0; j < i; j++) {
            CHECK(codes[i] != codes[j] && strcmp(s, pql_error_string(codes[j])) != 0);
        }
    }
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        CHECK(strcmp(pql_error_string(unknown[i]), "unknown error") == 0);
    }
}

int main(void) {
    size_t i;
    info_functions();
    for (i = 0; i < NUM_KEMS; i++) {
        unsigned long before = g_passed;
        kem_errors(&KEMS[i]);
        printf("%s: %lu bad-input checks passed\n", KEMS[i].name, g_passed - before);
    }
    return finish("test_errors");
}
