/*
 * Known-answer tests through the C API: runs every case of the vector files
 * exported by `cargo run -p pqlattice-ffi --example export_vectors` (format in
 * ffi/examples/export_vectors.rs) and prints per-file case counts.
 *
 * usage: test_kat FILE...
 */
#include "common.h"

#define MAX_FIELDS 8

/* One record: its kind, parameter set, tcId and decoded byte-string fields. */
typedef struct {
    char kind[32];
    int set;
    long tc_id;
    uint8_t *f[MAX_FIELDS];
    size_t len[MAX_FIELDS];
    int nf;
} record_t;

static void free_record(record_t *r) {
    int i;
    for (i = 0; i < r->nf; i++) {
        free(r->f[i]);
        r->f[i] = NULL;
    }
    r->nf = 0;
}

/* 1 if buffer a (n bytes) equals field b. */
static int eq(const uint8_t *a, size_t n, const uint8_t *b, size_t bn) {
    return n == bn && memcmp(a, b, n) == 0;
}

/* keygen SET TCID seed ek dk */
static int kem_keygen(const kem_t *k, record_t *r) {
    uint8_t *ek = (uint8_t *)xmalloc(k->ek_bytes), *dk = (uint8_t *)xmalloc(k->dk_bytes);
    int ok = k->keypair_derand(ek, k->ek_bytes, dk, k->dk_bytes, r->f[0], r->len[0]) == PQL_OK &&
             eq(ek, k->ek_bytes, r->f[1], r->len[1]) && eq(dk, k->dk_bytes, r->f[2], r->len[2]) &&
             k->check_encapsulation_key(ek, k->ek_bytes) == PQL_OK &&
             k->check_decapsulation_key(dk, k->dk_bytes) == PQL_OK;
    free(ek);
    free(dk);
    return ok;
}

/* encap SET TCID ek dk m c k: Encaps_internal(ek, m) == (c, k), Decaps(dk, c) == k */
static int kem_encap(const kem_t *k, record_t *r) {
    uint8_t *ct = (uint8_t *)xmalloc(k->ct_bytes);
    uint8_t ss[PQL_ML_KEM_SHARED_SECRET_BYTES], ss2[PQL_ML_KEM_SHARED_SECRET_BYTES];
    int ok = k->encapsulate_derand(ct, k->ct_bytes, ss, sizeof ss, r->f[0], r->len[0], r->f[2],
                                   r->len[2]) == PQL_OK &&
             eq(ct, k->ct_bytes, r->f[3], r->len[3]) && eq(ss, sizeof ss, r->f[4], r->len[4]) &&
             k->decapsulate(ss2, sizeof ss2, r->f[3], r->len[3], r->f[1], r->len[1]) == PQL_OK &&
             eq(ss2, sizeof ss2, r->f[4], r->len[4]);
    free(ct);
    return ok;
}

/* decap SET TCID dk c k: Decaps(dk, c) == k (implicit rejection included) */
static int kem_decap(const kem_t *k, record_t *r) {
    uint8_t ss[PQL_ML_KEM_SHARED_SECRET_BYTES];
    return k->decapsulate(ss, sizeof ss, r->f[1], r->len[1], r->f[0], r->len[0]) == PQL_OK &&
           eq(ss, sizeof ss, r->f[2], r->len[2]);
}

/* decap_seed SET TCID seed dk c k: the seed expands to dk, and Decaps(dk, c) == k */
static int kem_decap_seed(const kem_t *k, record_t *r) {
    uint8_t *ek = (uint8_t *)xmalloc(k->ek_bytes), *dk = (uint8_t *)xmalloc(k->dk_bytes);
    uint8_t ss[PQL_ML_KEM_SHARED_SECRET_BYTES];
    int ok = k->keypair_derand(ek, k->ek_bytes, dk, k->dk_bytes, r->f[0], r->len[0]) == PQL_OK &&
             eq(dk, k->dk_bytes, r->f[1], r->len[1]) &&
             k->decapsulate(ss, sizeof ss, r->f[2], r->len[2], dk, k->dk_bytes) == PQL_OK &&
             eq(ss, sizeof ss, r->f[3], r->len[3]);
    free(ek);
    free(dk);
    return ok;
}

/* ekcheck SET TCID ek passed: the 7.2 check, and encapsulation refuses a bad key */
static int kem_ekcheck(const kem_t *k, record_t *r) {
    int passed = r->f[1][0] == 1;
    uint8_t *ct = (uint8_t *)xmalloc(k->ct_bytes);
    uint8_t ss[PQL_ML_KEM_SHARED_SECRET_BYTES];
    int ok = k->check_encapsulation_key(r->f[0], r->len[0]) ==
             (passed ? PQL_OK : PQL_ERR_ENCAPSULATION_KEY_CHECK);
    if (!passed) {
        memset(ct, 0xAA, k->ct_bytes);
        memset(ss, 0xAA, sizeof ss);
        ok = ok &&
             k->encapsulate(ct, k->ct_bytes, ss, sizeof ss, r->f[0], r->len[0]) ==
                 PQL_ERR_ENCAPSULATION_KEY_CHECK &&
             all_zero(ct, k->ct_bytes) && all_zero(ss, sizeof ss);
    }
    free(ct);
    return ok;
}

/* dkcheck SET TCID dk passed: the 7.3 check, and decapsulation refuses a bad key */
static int kem_dkcheck(const kem_t *k, record_t *r) {
    int passed = r->f[1][0] == 1;
    uint8_t *ct = (uint8_t *)xmalloc(k->ct_bytes);
    uint8_t ss[PQL_ML_KEM_SHARED_SECRET_BYTES];
    int ok = k->check_decapsulation_key(r->f[0], r->len[0]) ==
             (passed ? PQL_OK : PQL_ERR_DECAPSULATION_KEY_CHECK);
    memset(ct, 0, k->ct_bytes);
    memset(ss, 0xAA, sizeof ss);
    ok = ok && k->decapsulate(ss, sizeof ss, ct, k->ct_bytes, r->f[0], r->len[0]) ==
                   (passed ? PQL_OK : PQL_ERR_DECAPSULATION_KEY_CHECK);
    if (!passed) ok = ok && all_zero(ss, sizeof ss);
    free(ct);
    return ok;
}

/* dsa_keygen SET TCID seed pk sk */
static int dsa_keygen(const dsa_t *d, record_t *r) {
    uint8_t *vk = (uint8_t *)xmalloc(d->vk_bytes), *sk = (uint8_t *)xmalloc(d->sk_bytes);
    int ok = d->keypair_from_seed(vk, d->vk_bytes, sk, d->sk_bytes, r->f[0], r->len[0]) == PQL_OK &&
             eq(vk, d->vk_bytes, r->f[1], r->len[1]) && eq(sk, d->sk_bytes, r->f[2], r->len[2]) &&
             d->check_signing_key(sk, d->sk_bytes) == PQL_OK;
    free(vk);
    free(sk);
    return ok;
}

/* dsa_sign SET TCID sk msg ctx sig: deterministic ML-DSA.Sign */
static int dsa_sign(const dsa_t *d, record_t *r) {
    uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes);
    int ok = d->sign_deterministic(sig, d->sig_bytes, r->f[1], r->len[1], r->f[2], r->len[2],
                                   r->f[0], r->len[0]) == PQL_OK &&
             eq(sig, d->sig_bytes, r->f[3], r->len[3]);
    free(sig);
    return ok;
}

/* dsa_sign_prehash SET TCID hash sk digest ctx sig: deterministic HashML-DSA.Sign */
static int dsa_sign_prehash(const dsa_t *d, record_t *r) {
    uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes);
    int ok = r->len[0] == 1 &&
             d->sign_prehash_deterministic(sig, d->sig_bytes, r->f[0][0], r->f[2], r->len[2],
                                           r->f[3], r->len[3], r->f[1], r->len[1]) == PQL_OK &&
             eq(sig, d->sig_bytes, r->f[4], r->len[4]);
    free(sig);
    return ok;
}

/* dsa_sign_seed SET TCID seed msg ctx sig: the key pair from xi, deterministic
 * ML-DSA.Sign, and the signature verifies with the derived verifying key. */
static int dsa_sign_seed(const dsa_t *d, record_t *r) {
    uint8_t *vk = (uint8_t *)xmalloc(d->vk_bytes), *sk = (uint8_t *)xmalloc(d->sk_bytes);
    uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes);
    int ok = d->keypair_from_seed(vk, d->vk_bytes, sk, d->sk_bytes, r->f[0], r->len[0]) == PQL_OK &&
             d->sign_deterministic(sig, d->sig_bytes, r->f[1], r->len[1], r->f[2], r->len[2], sk,
                                   d->sk_bytes) == PQL_OK &&
             eq(sig, d->sig_bytes, r->f[3], r->len[3]) &&
             d->verify(sig, d->sig_bytes, r->f[1], r->len[1], r->f[2], r->len[2], vk,
                       d->vk_bytes) == PQL_OK;
    free(vk);
    free(sk);
    free(sig);
    return ok;
}

/* dsa_sign_prehash_seed SET TCID hash seed digest ctx sig: the same for HashML-DSA. */
static int dsa_sign_prehash_seed(const dsa_t *d, record_t *r) {
    uint8_t *vk = (uint8_t *)xmalloc(d->vk_bytes), *sk = (uint8_t *)xmalloc(d->sk_bytes);
    uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes);
    int ok = r->len[0] == 1 &&
             d->keypair_from_seed(vk, d->vk_bytes, sk, d->sk_bytes, r->f[1], r->len[1]) == PQL_OK &&
             d->sign_prehash_deterministic(sig, d->sig_bytes, r->f[0][0], r->f[2], r->len[2],
                                           r->f[3], r->len[3], sk, d->sk_bytes) == PQL_OK &&
             eq(sig, d->sig_bytes, r->f[4], r->len[4]) &&
             d->verify_prehash(sig, d->sig_bytes, r->f[0][0], r->f[2], r->len[2], r->f[3],
                               r->len[3], vk, d->vk_bytes) == PQL_OK;
    free(vk);
    free(sk);
    free(sig);
    return ok;
}

/* The status a verification must return: PQL_OK for a valid case, else
 * PQL_ERR_INVALID_SIGNATURE (PQL_ERR_INVALID_LENGTH for a signature of the wrong
 * length). */
static int verify_ok(const dsa_t *d, int rc, size_t sig_len, const uint8_t *passed) {
    if (passed[0] == 1) return rc == PQL_OK;
    if (sig_len != d->sig_bytes) return rc == PQL_ERR_INVALID_LENGTH;
    return rc == PQL_ERR_INVALID_SIGNATURE;
}

/* dsa_verify SET TCID pk msg ctx sig passed */
static int dsa_verify(const dsa_t *d, record_t *r) {
    int rc = d->verify(r->f[3], r->len[3], r->f[1], r->len[1], r->f[2], r->len[2], r->f[0],
                       r->len[0]);
    return verify_ok(d, rc, r->len[3], r->f[4]);
}

/* dsa_verify_prehash SET TCID hash pk digest ctx sig passed */
static int dsa_verify_prehash(const dsa_t *d, record_t *r) {
    int rc = d->verify_prehash(r->f[4], r->len[4], r->f[0][0], r->f[2], r->len[2], r->f[3],
                               r->len[3], r->f[1], r->len[1]);
    return r->len[0] == 1 && verify_ok(d, rc, r->len[4], r->f[5]);
}

/* dsa_verify_mu SET TCID pk mu sig passed */
static int dsa_verify_mu(const dsa_t *d, record_t *r) {
    int rc = d->verify_mu(r->f[2], r->len[2], r->f[1], r->len[1], r->f[0], r->len[0]);
    return verify_ok(d, rc, r->len[2], r->f[3]);
}

typedef struct {
    const char *kind;
    int nfields;
    int (*kem)(const kem_t *, record_t *);
    int (*dsa)(const dsa_t *, record_t *);
} kind_t;

static const kind_t KINDS[] = {
    {"keygen", 3, kem_keygen, NULL},
    {"encap", 5, kem_encap, NULL},
    {"decap", 3, kem_decap, NULL},
    {"decap_seed", 4, kem_decap_seed, NULL},
    {"ekcheck", 2, kem_ekcheck, NULL},
    {"dkcheck", 2, kem_dkcheck, NULL},
    {"dsa_keygen", 3, NULL, dsa_keygen},
    {"dsa_sign", 4, NULL, dsa_sign},
    {"dsa_sign_prehash", 5, NULL, dsa_sign_prehash},
    {"dsa_sign_seed", 4, NULL, dsa_sign_seed},
    {"dsa_sign_prehash_seed", 5, NULL, dsa_sign_prehash_seed},
    {"dsa_verify", 5, NULL, dsa_verify},
    {"dsa_verify_prehash", 6, NULL, dsa_verify_prehash},
    {"dsa_verify_mu", 4, NULL, dsa_verify_mu},
};

/* Runs every record of one file; returns the number of failed cases (or -1 on a
 * malformed file). */
static long run_file(const char *path) {
    FILE *f = fopen(path, "r");
    token_t t = {NULL, 0};
    record_t r;
    long cases = 0, failed = 0, expected = -1;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    memset(&r, 0, sizeof r);
    if (f == NULL) {
        fprintf(stderr, "%s: cannot open\n", path);
        return -1;
    }
    while (next_token(f, &t)) {
        const kind_t *kind = NULL;
        const char *name;
        size_t i;
        int j, ok;
        if (strcmp(t.buf, "end") == 0) {
            if (!next_token(f, &t)) break;
            expected = strtol(t.buf, NULL, 10);
            break;
        }
        for (i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
            if (strcmp(t.buf, KINDS[i].kind) == 0) kind = &KINDS[i];
        }
        if (kind == NULL || strlen(t.buf) >= sizeof r.kind) {
            fprintf(stderr, "%s: unknown record kind %s\n", path, t.buf);
            goto malformed;
        }
        strcpy(r.kind, t.buf);
        if (!next_token(f, &t)) goto malformed;
        r.set = atoi(t.buf);
        if (!next_token(f, &t)) goto malformed;
        r.tc_id = strtol(t.buf, NULL, 10);
        for (j = 0; j < kind->nfields; j++) {
            if (!next_token(f, &t)) goto malformed;
            r.f[j] = hex_decode(t.buf, &r.len[j]);
            r.nf = j + 1;
            if (r.f[j] == NULL) goto malformed;
        }
        if (kind->kem != NULL) {
            const kem_t *kem = kem_by_set(r.set);
            if (kem == NULL) goto malformed;
            name = kem->name;
            ok = kind->kem(kem, &r);
        } else {
            const dsa_t *dsa = dsa_by_set(r.set);
            if (dsa == NULL) goto malformed;
            name = dsa->name;
            ok = kind->dsa(dsa, &r);
        }
        cases++;
        if (ok) {
            g_passed++;
        } else {
            failed++;
            g_failed++;
            fprintf(stderr, "%s: %s %s tcId %ld FAILED\n", base, r.kind, name, r.tc_id);
        }
        free_record(&r);
    }
    fclose(f);
    free(t.buf);
    if (expected != cases) {
        fprintf(stderr, "%s: ran %ld cases, file says %ld\n", path, cases, expected);
        g_failed++;
        return -1;
    }
    printf("%s: %ld cases, %ld passed, %ld failed\n", base, cases, cases - failed, failed);
    return failed;

malformed:
    fprintf(stderr, "%s: malformed record after %ld cases\n", path, cases);
    free_record(&r);
    fclose(f);
    free(t.buf);
    g_failed++;
    return -1;
}

int main(int argc, char **argv) {
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_FILE...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) {
        run_file(argv[i]);
    }
    return finish("test_kat");
}
