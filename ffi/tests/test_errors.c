/*
 * Every bad-input path of the C API, for every parameter set:
 *  - each pointer argument NULL -> PQL_ERR_NULL_POINTER;
 *  - each length off by one either way, 0 and SIZE_MAX -> PQL_ERR_INVALID_LENGTH;
 *  - out-of-range encapsulation keys -> PQL_ERR_ENCAPSULATION_KEY_CHECK (also at the
 *    q-1 / q boundary), a modified H(ek) in the decapsulation key ->
 *    PQL_ERR_DECAPSULATION_KEY_CHECK;
 *  - on every failure, each non-NULL output has exactly its first min(len, expected)
 *    bytes zeroed and nothing after them written;
 *  - ML-DSA: contexts of 256 bytes -> PQL_ERR_CONTEXT_TOO_LONG, unknown hash ids ->
 *    PQL_ERR_INVALID_ARGUMENT, digests of the wrong length -> PQL_ERR_PREHASH_LENGTH,
 *    malformed signing keys -> PQL_ERR_SIGNING_KEY_CHECK, malformed signatures ->
 *    PQL_ERR_INVALID_SIGNATURE;
 *  - pql_error_string / pql_version.
 */
#include "common.h"

#include <limits.h>
#include <stdint.h>

#define SENTINEL 16   /* bytes allocated past the expected size, must stay untouched */
#define MAX_ARGS 4

/* One buffer argument: pointer, length passed, expected size, output or input, and
 * whether its length is variable (messages, contexts, digests). */
typedef struct {
    uint8_t *p;
    size_t len;
    size_t size;
    int out;
    int var;
} arg_t;

/* A call of one function (of parameter set `params`) with its buffer arguments in
 * order. */
typedef int (*caller_t)(const void *params, arg_t *a);

static int call_keypair(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->keypair(a[0].p, a[0].len, a[1].p, a[1].len);
}
static int call_keypair_derand(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->keypair_derand(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_encapsulate(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->encapsulate(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_encapsulate_derand(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->encapsulate_derand(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len, a[3].p,
                                 a[3].len);
}
static int call_decapsulate(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->decapsulate(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_check_ek(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
    return k->check_encapsulation_key(a[0].p, a[0].len);
}
static int call_check_dk(const void *params, arg_t *a) {
    const kem_t *k = (const kem_t *)params;
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
static void check_buffer_args(const char *fname, const char *set_name, const void *k, caller_t f,
                              arg_t *good, int n, int good_rc) {
    const size_t bad_lens[] = {0, 1, 2, SIZE_MAX};
    arg_t a[MAX_ARGS];
    int i, rc;
    size_t j;
    unsigned long failed_before = g_failed;

    memcpy(a, good, sizeof(arg_t) * (size_t)n);
    poison_outputs(a, n);
    CHECK_RC(f(k, a), good_rc);

    for (i = 0; i < n; i++) {
        if (a[i].var) {
            /* A variable-length input: NULL with a non-zero length, and a length over
             * PTRDIFF_MAX. (NULL with length 0 is the empty input; see the callers.) */
            memcpy(a, good, sizeof(arg_t) * (size_t)n);
            a[i].p = NULL;
            a[i].len = 1;
            poison_outputs(a, n);
            CHECK(f(k, a) == PQL_ERR_NULL_POINTER);
            CHECK(outputs_zeroed(a, n));
            memcpy(a, good, sizeof(arg_t) * (size_t)n);
            a[i].len = SIZE_MAX;
            poison_outputs(a, n);
            CHECK(f(k, a) == PQL_ERR_INVALID_LENGTH);
            CHECK(outputs_zeroed(a, n));
            continue;
        }
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
    if (g_failed != failed_before) fprintf(stderr, "  ^ in %s %s\n", set_name, fname);
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
    a.var = 0;
    return a;
}

static arg_t var_arg(uint8_t *p, size_t len) {
    arg_t a = out_arg(p, len);
    a.out = 0;
    a.var = 1;
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
        check_buffer_args("keypair", k->name, k, call_keypair, a, 2, PQL_OK);
        a[2] = in_arg(seed, PQL_ML_KEM_SEED_BYTES);
        check_buffer_args("keypair_derand", k->name, k, call_keypair_derand, a, 3, PQL_OK);

        a[0] = out_arg(o_ct, k->ct_bytes);
        a[1] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
        a[2] = in_arg(ek, k->ek_bytes);
        check_buffer_args("encapsulate", k->name, k, call_encapsulate, a, 3, PQL_OK);
        a[3] = in_arg(m, PQL_ML_KEM_MESSAGE_BYTES);
        check_buffer_args("encapsulate_derand", k->name, k, call_encapsulate_derand, a, 4, PQL_OK);

        a[0] = out_arg(o_ss, PQL_ML_KEM_SHARED_SECRET_BYTES);
        a[1] = in_arg(valid_ct, k->ct_bytes);
        a[2] = in_arg(dk, k->dk_bytes);
        check_buffer_args("decapsulate", k->name, k, call_decapsulate, a, 3, PQL_OK);

        a[0] = in_arg(ek, k->ek_bytes);
        check_buffer_args("check_encapsulation_key", k->name, k, call_check_ek, a, 1, PQL_OK);
        a[0] = in_arg(dk, k->dk_bytes);
        check_buffer_args("check_decapsulation_key", k->name, k, call_check_dk, a, 1, PQL_OK);

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

/* ML-DSA callers. The hash id of the pre-hash functions is not a buffer: it is
 * taken from g_hash. */
static int g_hash = PQL_HASH_SHA2_256;
#define DSA(params) ((const dsa_t *)(params))
static int call_dsa_keypair(const void *d, arg_t *a) {
    return DSA(d)->keypair(a[0].p, a[0].len, a[1].p, a[1].len);
}
static int call_dsa_keypair_from_seed(const void *d, arg_t *a) {
    return DSA(d)->keypair_from_seed(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_dsa_sign(const void *d, arg_t *a) {
    return DSA(d)->sign(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len, a[3].p, a[3].len);
}
static int call_dsa_sign_deterministic(const void *d, arg_t *a) {
    return DSA(d)->sign_deterministic(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len,
                                      a[3].p, a[3].len);
}
static int call_dsa_sign_prehash(const void *d, arg_t *a) {
    return DSA(d)->sign_prehash(a[0].p, a[0].len, g_hash, a[1].p, a[1].len, a[2].p, a[2].len,
                                a[3].p, a[3].len);
}
static int call_dsa_sign_prehash_deterministic(const void *d, arg_t *a) {
    return DSA(d)->sign_prehash_deterministic(a[0].p, a[0].len, g_hash, a[1].p, a[1].len, a[2].p,
                                              a[2].len, a[3].p, a[3].len);
}
static int call_dsa_sign_mu(const void *d, arg_t *a) {
    return DSA(d)->sign_mu(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_dsa_verify(const void *d, arg_t *a) {
    return DSA(d)->verify(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len, a[3].p, a[3].len);
}
static int call_dsa_verify_prehash(const void *d, arg_t *a) {
    return DSA(d)->verify_prehash(a[0].p, a[0].len, g_hash, a[1].p, a[1].len, a[2].p, a[2].len,
                                  a[3].p, a[3].len);
}
static int call_dsa_verify_mu(const void *d, arg_t *a) {
    return DSA(d)->verify_mu(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len);
}
static int call_dsa_compute_mu(const void *d, arg_t *a) {
    return DSA(d)->compute_mu(a[0].p, a[0].len, a[1].p, a[1].len, a[2].p, a[2].len, a[3].p,
                              a[3].len);
}
static int call_dsa_check_signing_key(const void *d, arg_t *a) {
    return DSA(d)->check_signing_key(a[0].p, a[0].len);
}

static void dsa_errors(const dsa_t *d) {
    uint8_t *vk = buffer(d->vk_bytes, 0), *sk = buffer(d->sk_bytes, 0);
    uint8_t *o_vk = buffer(d->vk_bytes, 0), *o_sk = buffer(d->sk_bytes, 0);
    uint8_t *sig = buffer(d->sig_bytes, 0), *o_sig = buffer(d->sig_bytes, 0);
    uint8_t *bad_sk = buffer(d->sk_bytes, 0), *bad_sig = buffer(d->sig_bytes, 0xFF);
    uint8_t *seed = buffer(d->seed_bytes, 9), *msg = buffer(50, 1), *ctx = buffer(256, 2);
    uint8_t *digest = buffer(64, 3), *mu = buffer(PQL_ML_DSA_MU_BYTES, 4);
    uint8_t *o_mu = buffer(PQL_ML_DSA_MU_BYTES, 0);
    arg_t a[MAX_ARGS];
    const int bad_hash[] = {0, 13, -1, 255, 0x101};
    size_t i;

    CHECK_RC(d->keypair_from_seed(vk, d->vk_bytes, sk, d->sk_bytes, seed, d->seed_bytes), PQL_OK);
    CHECK_RC(d->sign(sig, d->sig_bytes, msg, 50, ctx, 16, sk, d->sk_bytes), PQL_OK);

    a[0] = out_arg(o_vk, d->vk_bytes);
    a[1] = out_arg(o_sk, d->sk_bytes);
    check_buffer_args("keypair", d->name, d, call_dsa_keypair, a, 2, PQL_OK);
    a[2] = in_arg(seed, d->seed_bytes);
    check_buffer_args("keypair_from_seed", d->name, d, call_dsa_keypair_from_seed, a, 3, PQL_OK);

    /* sign, sign_deterministic: (sig | msg ctx sk) */
    a[0] = out_arg(o_sig, d->sig_bytes);
    a[1] = var_arg(msg, 50);
    a[2] = var_arg(ctx, 16);
    a[3] = in_arg(sk, d->sk_bytes);
    check_buffer_args("sign", d->name, d, call_dsa_sign, a, 4, PQL_OK);
    check_buffer_args("sign_deterministic", d->name, d, call_dsa_sign_deterministic, a, 4, PQL_OK);
    /* sign_prehash(_deterministic): (sig | digest ctx sk) */
    a[1] = var_arg(digest, 32);
    check_buffer_args("sign_prehash", d->name, d, call_dsa_sign_prehash, a, 4, PQL_OK);
    check_buffer_args("sign_prehash_deterministic", d->name, d,
                      call_dsa_sign_prehash_deterministic, a, 4, PQL_OK);
    /* sign_mu: (sig | mu sk) */
    a[1] = in_arg(mu, PQL_ML_DSA_MU_BYTES);
    a[2] = in_arg(sk, d->sk_bytes);
    check_buffer_args("sign_mu", d->name, d, call_dsa_sign_mu, a, 3, PQL_OK);
    /* verify: (sig msg ctx vk) */
    a[0] = in_arg(sig, d->sig_bytes);
    a[1] = var_arg(msg, 50);
    a[2] = var_arg(ctx, 16);
    a[3] = in_arg(vk, d->vk_bytes);
    check_buffer_args("verify", d->name, d, call_dsa_verify, a, 4, PQL_OK);
    /* verify_prehash: (sig digest ctx vk); the signature is a pure one, so a
     * well-formed call returns PQL_ERR_INVALID_SIGNATURE. */
    a[1] = var_arg(digest, 32);
    check_buffer_args("verify_prehash", d->name, d, call_dsa_verify_prehash, a, 4,
                      PQL_ERR_INVALID_SIGNATURE);
    /* verify_mu: (sig mu vk) */
    a[1] = in_arg(mu, PQL_ML_DSA_MU_BYTES);
    a[2] = in_arg(vk, d->vk_bytes);
    check_buffer_args("verify_mu", d->name, d, call_dsa_verify_mu, a, 3,
                      PQL_ERR_INVALID_SIGNATURE);
    /* compute_mu: (mu | msg ctx vk) */
    a[0] = out_arg(o_mu, PQL_ML_DSA_MU_BYTES);
    a[1] = var_arg(msg, 50);
    a[2] = var_arg(ctx, 16);
    a[3] = in_arg(vk, d->vk_bytes);
    check_buffer_args("compute_mu", d->name, d, call_dsa_compute_mu, a, 4, PQL_OK);
    a[0] = in_arg(sk, d->sk_bytes);
    check_buffer_args("check_signing_key", d->name, d, call_dsa_check_signing_key, a, 1, PQL_OK);

    /* Context strings: 255 bytes are allowed, 256 are PQL_ERR_CONTEXT_TOO_LONG (with
     * the outputs zeroed). */
    {
        const caller_t signers[] = {call_dsa_sign, call_dsa_sign_deterministic,
                                    call_dsa_sign_prehash, call_dsa_sign_prehash_deterministic};
        for (i = 0; i < 4; i++) {
            a[0] = out_arg(o_sig, d->sig_bytes);
            a[1] = var_arg(i < 2 ? msg : digest, i < 2 ? 50 : 32);
            a[2] = var_arg(ctx, 255);
            a[3] = in_arg(sk, d->sk_bytes);
            CHECK_RC(signers[i](d, a), PQL_OK);
            a[2].len = 256;
            poison_outputs(a, 4);
            CHECK_RC(signers[i](d, a), PQL_ERR_CONTEXT_TOO_LONG);
            CHECK(outputs_zeroed(a, 4));
        }
        CHECK_RC(d->verify(sig, d->sig_bytes, msg, 50, ctx, 256, vk, d->vk_bytes),
                 PQL_ERR_CONTEXT_TOO_LONG);
        CHECK_RC(d->verify_prehash(sig, d->sig_bytes, PQL_HASH_SHA2_256, digest, 32, ctx, 256, vk,
                                   d->vk_bytes),
                 PQL_ERR_CONTEXT_TOO_LONG);
        a[0] = out_arg(o_mu, PQL_ML_DSA_MU_BYTES);
        a[1] = var_arg(msg, 50);
        a[2] = var_arg(ctx, 256);
        a[3] = in_arg(vk, d->vk_bytes);
        poison_outputs(a, 4);
        CHECK_RC(call_dsa_compute_mu(d, a), PQL_ERR_CONTEXT_TOO_LONG);
        CHECK(outputs_zeroed(a, 4));
    }

    /* Unknown hash ids and digests of the wrong length. */
    a[0] = out_arg(o_sig, d->sig_bytes);
    a[1] = var_arg(digest, 32);
    a[2] = var_arg(ctx, 0);
    a[3] = in_arg(sk, d->sk_bytes);
    for (i = 0; i < sizeof bad_hash / sizeof bad_hash[0]; i++) {
        g_hash = bad_hash[i];
        poison_outputs(a, 4);
        CHECK_RC(call_dsa_sign_prehash(d, a), PQL_ERR_INVALID_ARGUMENT);
        CHECK(outputs_zeroed(a, 4));
        poison_outputs(a, 4);
        CHECK_RC(call_dsa_sign_prehash_deterministic(d, a), PQL_ERR_INVALID_ARGUMENT);
        CHECK(outputs_zeroed(a, 4));
        CHECK_RC(d->verify_prehash(sig, d->sig_bytes, bad_hash[i], digest, 32, NULL, 0, vk,
                                   d->vk_bytes),
                 PQL_ERR_INVALID_ARGUMENT);
    }
    for (i = 0; i < NUM_HASHES; i++) {
        g_hash = HASHES[i].id;
        a[1].len = HASHES[i].len;
        CHECK_RC(call_dsa_sign_prehash_deterministic(d, a), PQL_OK);
        a[1].len = HASHES[i].len - 1;
        poison_outputs(a, 4);
        CHECK_RC(call_dsa_sign_prehash(d, a), PQL_ERR_PREHASH_LENGTH);
        CHECK(outputs_zeroed(a, 4));
        a[1].len = HASHES[i].len + 1;
        CHECK_RC(call_dsa_sign_prehash_deterministic(d, a), PQL_ERR_PREHASH_LENGTH);
        CHECK_RC(d->verify_prehash(sig, d->sig_bytes, HASHES[i].id, digest, 0, NULL, 0, vk,
                                   d->vk_bytes),
                 PQL_ERR_PREHASH_LENGTH);
    }
    g_hash = PQL_HASH_SHA2_256;

    /* Malformed signing keys: an s1 coefficient out of range, a modified tr. */
    {
        const size_t where[] = {128, 64};
        for (i = 0; i < 2; i++) {
            memcpy(bad_sk, sk, d->sk_bytes);
            bad_sk[where[i]] = (uint8_t)(i == 0 ? 0xFF : bad_sk[where[i]] ^ 1);
            CHECK_RC(d->check_signing_key(bad_sk, d->sk_bytes), PQL_ERR_SIGNING_KEY_CHECK);
            a[0] = out_arg(o_sig, d->sig_bytes);
            a[1] = var_arg(msg, 50);
            a[2] = var_arg(ctx, 0);
            a[3] = in_arg(bad_sk, d->sk_bytes);
            poison_outputs(a, 4);
            CHECK_RC(call_dsa_sign(d, a), PQL_ERR_SIGNING_KEY_CHECK);
            CHECK(outputs_zeroed(a, 4));
            poison_outputs(a, 4);
            CHECK_RC(call_dsa_sign_deterministic(d, a), PQL_ERR_SIGNING_KEY_CHECK);
            CHECK(outputs_zeroed(a, 4));
            a[1] = in_arg(mu, PQL_ML_DSA_MU_BYTES);
            a[2] = in_arg(bad_sk, d->sk_bytes);
            poison_outputs(a, 3);
            CHECK_RC(call_dsa_sign_mu(d, a), PQL_ERR_SIGNING_KEY_CHECK);
            CHECK(outputs_zeroed(a, 3));
        }
    }

    /* Malformed signatures (all 0xFF: z out of range, hints malformed) are rejected,
     * not crashed on; so is a valid signature under another context. */
    CHECK_RC(d->verify(bad_sig, d->sig_bytes, msg, 50, ctx, 16, vk, d->vk_bytes),
             PQL_ERR_INVALID_SIGNATURE);
    CHECK_RC(d->verify_mu(bad_sig, d->sig_bytes, mu, PQL_ML_DSA_MU_BYTES, vk, d->vk_bytes),
             PQL_ERR_INVALID_SIGNATURE);
    CHECK_RC(d->verify(sig, d->sig_bytes, msg, 50, ctx, 15, vk, d->vk_bytes),
             PQL_ERR_INVALID_SIGNATURE);

    free(vk);
    free(sk);
    free(o_vk);
    free(o_sk);
    free(sig);
    free(o_sig);
    free(bad_sk);
    free(bad_sig);
    free(seed);
    free(msg);
    free(ctx);
    free(digest);
    free(mu);
    free(o_mu);
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
                         PQL_ERR_INTERNAL,
                         PQL_ERR_BACKEND_UNAVAILABLE,
                         PQL_ERR_BUFFER_TOO_SMALL,
                         PQL_ERR_CHANNEL_MALFORMED,
                         PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE,
                         PQL_ERR_CHANNEL_INVALID_STATE,
                         PQL_ERR_CHANNEL_NO_COMMON_VERSION,
                         PQL_ERR_CHANNEL_NO_COMMON_SUITE,
                         PQL_ERR_CHANNEL_NOT_OFFERED,
                         PQL_ERR_CHANNEL_INVALID_KEY_SHARE,
                         PQL_ERR_CHANNEL_HANDSHAKE_DECRYPT,
                         PQL_ERR_CHANNEL_BAD_SIGNATURE,
                         PQL_ERR_CHANNEL_BAD_FINISHED,
                         PQL_ERR_CHANNEL_PEER_MISMATCH,
                         PQL_ERR_CHANNEL_PEER_NOT_ALLOWED,
                         PQL_ERR_CHANNEL_PEER_KEY_CHANGED,
                         PQL_ERR_CHANNEL_FAILED,
                         PQL_ERR_CHANNEL_RECORD_MALFORMED,
                         PQL_ERR_CHANNEL_RECORD_AUTHENTICATION,
                         PQL_ERR_CHANNEL_RECORD_TOO_LARGE,
                         PQL_ERR_CHANNEL_CLOSED,
                         PQL_ERR_CHANNEL_SEQUENCE_EXHAUSTED,
                         PQL_ERR_CHANNEL_EXPORT_LENGTH,
                         PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG,
                         PQL_ERR_CHANNEL_INVALID_FINGERPRINT,
                         PQL_ERR_KEY_ENCODING,
                         PQL_ERR_WRONG_ALGORITHM};
    const int unknown[] = {1, PQL_ERR_WRONG_ALGORITHM - 1, -100, INT_MIN, INT_MAX};
    const size_t n = sizeof codes / sizeof codes[0];
    size_t i, j;
    const char *v = pql_version();
    CHECK(v != NULL && v[0] >= '0' && v[0] <= '9');
    {
        char header_version[32];
        snprintf(header_version, sizeof header_version, "%d.%d.%d", PQL_VERSION_MAJOR,
                 PQL_VERSION_MINOR, PQL_VERSION_PATCH);
        CHECK(v != NULL && strcmp(v, header_version) == 0);
    }
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
    /* Backend selection: the active one is named; portable can always be forced;
       bad names are rejected without changing anything. */
    {
        char before[32];
        const char *b = pql_backend();
        CHECK(b != NULL && strlen(b) > 0 && strlen(b) < sizeof before);
        snprintf(before, sizeof before, "%s", b);
        CHECK(pql_backend_force(NULL) == PQL_ERR_NULL_POINTER);
        CHECK(pql_backend_force("sse9") == PQL_ERR_INVALID_ARGUMENT);
        CHECK(strcmp(pql_backend(), before) == 0);
        CHECK(pql_backend_force("portable") == PQL_OK);
        CHECK(strcmp(pql_backend(), "portable") == 0);
        {
            int rc = pql_backend_force("avx512");
            CHECK(rc == PQL_OK || rc == PQL_ERR_BACKEND_UNAVAILABLE);
        }
        CHECK(pql_backend_force(before) == PQL_OK);
        CHECK(strcmp(pql_backend(), before) == 0);
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
    for (i = 0; i < NUM_DSAS; i++) {
        unsigned long before = g_passed;
        dsa_errors(&DSAS[i]);
        printf("%s: %lu bad-input checks passed\n", DSAS[i].name, g_passed - before);
    }
    return finish("test_errors");
}
