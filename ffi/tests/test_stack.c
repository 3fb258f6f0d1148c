/*
 * What a call leaves on the stack, and how much of it it uses. Every C entry point
 * that takes or produces a secret, and every other one for the depth, runs on a
 * thread whose stack this test owns (pthread_attr_setstack, mmap'd memory):
 *
 * 1. depth: the stack is painted with a pattern before the call; the deepest byte
 *    that changed, measured from the thread function's frame, is the call's stack
 *    use. Every call must stay within PQL_STACK_MAX_BYTES (64 KiB).
 * 2. bound: the same call again with every page more than PQL_STACK_MAX_BYTES below
 *    the thread function's frame made inaccessible (mprotect): a call that goes
 *    deeper faults (a SIGSEGV handler on an alternate stack names it and exits 1).
 * 3. secrets: after the call returns, the whole stack is searched for every secret
 *    of the call (seeds d, z and xi, the implicit-rejection value z, shared
 *    secrets, the message m, ML-DSA's K, and the secret parts of the key
 *    encodings: s-hat, s1, s2, t0; X-Wing seeds, eseed and shared secrets; the
 *    channel's identity seeds, handshake randomness, record plaintext and exporter
 *    output), as 16-byte windows. With the library's stack wiping there must be
 *    none.
 *
 * The key-handle calls (ML-KEM dk_* / ek_*, ML-DSA sk_* / vk_*, with the
 * seed-form byte calls keypair_from_seed and keypair_with_seed) run the same way,
 * every parameter set: the handles a call takes are made and freed outside the
 * owned stack; constructors and the *_free calls are measured themselves.
 *
 * The channel calls run in protocol order on one handshake and session (identity,
 * handshake creation, each of the three messages written and read, sessions, seal,
 * open, exporter, key update, close), each on the owned stack.
 *
 * usage: test_stack [--expect-leaks] [--quiet]
 *   --expect-leaks: the negative control, for a library built with stack wiping
 *     disabled (`--cfg pql_ffi_no_stack_wipe`, only ever in this test build): the
 *     same searches must find what they look for: residue after every
 *     secret-handling call deeper than 8 KiB, and the shared secret after every
 *     encapsulation (so neither search is vacuous); the depth and bound checks
 *     still run.
 *   --stack-only: depth and bound checks only.
 *   --default-stack: every call on a thread with the C library's default stack
 *     size (for musl: 128 KiB), nothing else.
 */
#define _GNU_SOURCE
#include "common.h"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef PQL_STACK_MAX_BYTES
#error "pqlattice.h must define PQL_STACK_MAX_BYTES"
#endif

#define STACK_BYTES (1024 * 1024) /* the test thread's whole stack */
#define PATTERN 0xA5
#define WINDOW 16

static int g_expect_leaks = 0;
static int g_quiet = 0;
static int g_stack_only = 0;
static int g_default_stack = 0;

/* ------------------------------------------------------------------------- */
/* Running one call on an owned stack                                         */
/* ------------------------------------------------------------------------- */

typedef struct job job_t;
struct job {
    const char *name;        /* e.g. "ML-KEM-768 decapsulate" */
    int (*call)(job_t *);    /* the call; returns its status */
    const void *scheme;      /* kem_t or dsa_t */
    void *bufs;              /* the parameter set's buffers (heap) */
    int expected;            /* expected status */
    void (*after)(job_t *);  /* NULL, or run on the main thread after the call,
                              * before the search */
    /* filled in by the thread */
    uintptr_t top;           /* address of a local in the thread function */
    int status;
};

static uint8_t *g_stack;      /* STACK_BYTES, page aligned */
static size_t g_page;
static const char *volatile g_current = "";

static void on_segv(int sig) {
    static const char msg[] = "test_stack: SIGSEGV (stack bound exceeded?) in ";
    size_t n = strlen((const char *)g_current);
    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0 || write(2, (const char *)g_current, n) < 0 ||
        write(2, "\n", 1) < 0) {
        /* nothing more to do */
    }
    _exit(1);
}

static sem_t g_done, g_release;

/* The test thread: makes everything more than PQL_STACK_MAX_BYTES below its own
 * frame inaccessible, runs the call, restores the protection, and then waits
 * (in a shallow frame) until the main thread has examined its stack: nothing
 * the thread does after the call (thread exit, TLS destructors) touches the
 * memory before it is searched. */
static void *thread_main(void *arg) {
    job_t *j = (job_t *)arg;
    volatile uint8_t marker = 0;
    uintptr_t lo;
    static uint8_t alt[64 * 1024];
    stack_t ss;
    j->top = (uintptr_t)&marker;
    ss.ss_sp = alt;
    ss.ss_size = sizeof alt;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0) abort();
    lo = (j->top - PQL_STACK_MAX_BYTES) & ~(uintptr_t)(g_page - 1);
    if (lo <= (uintptr_t)g_stack) abort(); /* the bound must fit in the stack */
    if (mprotect(g_stack, lo - (uintptr_t)g_stack, PROT_NONE) != 0) abort();
    j->status = j->call(j);
    if (mprotect(g_stack, lo - (uintptr_t)g_stack, PROT_READ | PROT_WRITE) != 0) abort();
    sem_post(&g_done);
    while (sem_wait(&g_release) != 0) {
    }
    (void)marker;
    return NULL;
}

/* Starts the job on the owned stack (painted first) and waits until the call has
 * returned; the thread then waits for finish_job. Returns the depth used. */
static size_t start_job(job_t *j, pthread_t *t) {
    pthread_attr_t attr;
    size_t i;
    memset(g_stack, PATTERN, STACK_BYTES);
    g_current = j->name;
    CHECK(pthread_attr_init(&attr) == 0);
    CHECK(pthread_attr_setstack(&attr, g_stack, STACK_BYTES) == 0);
    CHECK(pthread_create(t, &attr, thread_main, j) == 0);
    pthread_attr_destroy(&attr);
    while (sem_wait(&g_done) != 0) {
    }
    if (j->status != j->expected) {
        CHECK_RC(j->status, j->expected);
        fprintf(stderr, "  in %s\n", j->name);
    }
    for (i = 0; i < STACK_BYTES; i++) {
        if (g_stack[i] != PATTERN) break;
    }
    return j->top > (uintptr_t)(g_stack + i) ? j->top - (uintptr_t)(g_stack + i) : 0;
}

static void finish_job(pthread_t t) {
    sem_post(&g_release);
    CHECK(pthread_join(t, NULL) == 0);
}

/* The executable mappings of this process (from /proc/self/maps): return
 * addresses point into them. */
#define MAX_CODE 64
static uintptr_t g_code[MAX_CODE][2];
static size_t g_ncode = 0;

static void read_code_ranges(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    if (f == NULL) return;
    while (fgets(line, sizeof line, f) != NULL && g_ncode < MAX_CODE) {
        unsigned long lo, hi;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && perms[2] == 'x') {
            g_code[g_ncode][0] = (uintptr_t)lo;
            g_code[g_ncode][1] = (uintptr_t)hi;
            g_ncode++;
        }
    }
    fclose(f);
}

/* A stack word that cannot be (part of) a secret: the paint, zero (what the wipe
 * writes), a small integer, a pointer into the test stack, or a code address (the
 * wipe's own frames hold their return address, saved frame pointers and a
 * counter). A word holding any byte of a random secret is none of these, except
 * with negligible probability. */
static int benign(uint64_t w) {
    size_t i;
    if (w == 0 || w == 0xA5A5A5A5A5A5A5A5ull || w < 65536) return 1;
    if (w >= (uintptr_t)g_stack && w < (uintptr_t)g_stack + STACK_BYTES) return 1;
    for (i = 0; i < g_ncode; i++) {
        if (w >= g_code[i][0] && w < g_code[i][1]) return 1;
    }
    return 0;
}

/* Words (8 bytes) the call wrote and left behind, other than benign ones, below
 * top - RESIDUE_MARGIN (above it lie the frames of the test's own wrapper, of the
 * exported function before it wipes, and of the waiting thread). */
#define RESIDUE_MARGIN 4096
static size_t residue(const job_t *j) {
    size_t n = 0;
    uint64_t w;
    const uint8_t *p, *end = (const uint8_t *)(j->top - RESIDUE_MARGIN);
    for (p = g_stack; p + 8 <= end; p += 8) {
        memcpy(&w, p, 8);
        n += !benign(w);
    }
    return n;
}

/* ------------------------------------------------------------------------- */
/* Searching the stack for secrets                                            */
/* ------------------------------------------------------------------------- */

/* Number of WINDOW-byte windows of secret (at offsets 0, WINDOW, ...) found
 * anywhere in the stack memory. Windows of one repeated byte are skipped. */
static size_t find_windows(const uint8_t *secret, size_t len) {
    size_t off, found = 0;
    for (off = 0; off + WINDOW <= len; off += WINDOW) {
        if (all_equal(secret + off, WINDOW, secret[off])) continue;
        if (memmem(g_stack, STACK_BYTES, secret + off, WINDOW) != NULL) found++;
    }
    return found;
}

typedef struct {
    const char *what;
    const uint8_t *p;
    size_t len;
} secret_t;

#define MAX_SECRETS 8

/* ------------------------------------------------------------------------- */
/* ML-KEM                                                                     */
/* ------------------------------------------------------------------------- */

typedef struct {
    uint8_t *ek, *dk, *ct, *ss, *seed, *m;
} kem_bufs_t;

#define KEM(j) ((const kem_t *)(j)->scheme)
#define KB(j) ((kem_bufs_t *)(j)->bufs)

static int kem_keypair(job_t *j) {
    return KEM(j)->keypair(KB(j)->ek, KEM(j)->ek_bytes, KB(j)->dk, KEM(j)->dk_bytes);
}
static int kem_keypair_derand(job_t *j) {
    return KEM(j)->keypair_derand(KB(j)->ek, KEM(j)->ek_bytes, KB(j)->dk, KEM(j)->dk_bytes,
                                  KB(j)->seed, PQL_ML_KEM_SEED_BYTES);
}
static int kem_encapsulate(job_t *j) {
    return KEM(j)->encapsulate(KB(j)->ct, KEM(j)->ct_bytes, KB(j)->ss,
                               PQL_ML_KEM_SHARED_SECRET_BYTES, KB(j)->ek, KEM(j)->ek_bytes);
}
static int kem_encapsulate_derand(job_t *j) {
    return KEM(j)->encapsulate_derand(KB(j)->ct, KEM(j)->ct_bytes, KB(j)->ss,
                                      PQL_ML_KEM_SHARED_SECRET_BYTES, KB(j)->ek,
                                      KEM(j)->ek_bytes, KB(j)->m, PQL_ML_KEM_MESSAGE_BYTES);
}
static int kem_decapsulate(job_t *j) {
    return KEM(j)->decapsulate(KB(j)->ss, PQL_ML_KEM_SHARED_SECRET_BYTES, KB(j)->ct,
                               KEM(j)->ct_bytes, KB(j)->dk, KEM(j)->dk_bytes);
}
static int kem_check_ek(job_t *j) {
    return KEM(j)->check_encapsulation_key(KB(j)->ek, KEM(j)->ek_bytes);
}
static int kem_check_dk(job_t *j) {
    return KEM(j)->check_decapsulation_key(KB(j)->dk, KEM(j)->dk_bytes);
}

/* The secrets of an ML-KEM call: which buffers hold them after the call. */
enum { S_SEED = 1, S_DK = 2, S_SS = 4, S_M = 8 };

static size_t kem_secrets(const job_t *j, int which, secret_t *out) {
    const kem_t *k = KEM(j);
    kem_bufs_t *b = KB(j);
    size_t n = 0, k384 = k->dk_bytes - k->ek_bytes - 64; /* 384 k */
    if (which & S_SEED) {
        out[n++] = (secret_t){"seed d", b->seed, 32};
        out[n++] = (secret_t){"seed z", b->seed + 32, 32};
    }
    if (which & S_DK) {
        out[n++] = (secret_t){"dk: s-hat encoding", b->dk, k384};
        out[n++] = (secret_t){"dk: z", b->dk + k->dk_bytes - 32, 32};
    }
    if (which & S_SS) out[n++] = (secret_t){"shared secret", b->ss, 32};
    if (which & S_M) out[n++] = (secret_t){"message m", b->m, 32};
    return n;
}

/* ------------------------------------------------------------------------- */
/* ML-DSA                                                                     */
/* ------------------------------------------------------------------------- */

typedef struct {
    uint8_t *vk, *sk, *sig, *seed, *msg, *mu, *digest;
} dsa_bufs_t;

#define DSA(j) ((const dsa_t *)(j)->scheme)
#define DB(j) ((dsa_bufs_t *)(j)->bufs)
#define MSG_BYTES 100
static const uint8_t CTX[] = "stack test";

static int dsa_keypair(job_t *j) {
    return DSA(j)->keypair(DB(j)->vk, DSA(j)->vk_bytes, DB(j)->sk, DSA(j)->sk_bytes);
}
static int dsa_keypair_from_seed(job_t *j) {
    return DSA(j)->keypair_from_seed(DB(j)->vk, DSA(j)->vk_bytes, DB(j)->sk, DSA(j)->sk_bytes,
                                     DB(j)->seed, DSA(j)->seed_bytes);
}
static int dsa_sign(job_t *j) {
    return DSA(j)->sign(DB(j)->sig, DSA(j)->sig_bytes, DB(j)->msg, MSG_BYTES, CTX, sizeof CTX,
                        DB(j)->sk, DSA(j)->sk_bytes);
}
static int dsa_sign_deterministic(job_t *j) {
    return DSA(j)->sign_deterministic(DB(j)->sig, DSA(j)->sig_bytes, DB(j)->msg, MSG_BYTES, CTX,
                                      sizeof CTX, DB(j)->sk, DSA(j)->sk_bytes);
}
static int dsa_sign_prehash(job_t *j) {
    return DSA(j)->sign_prehash(DB(j)->sig, DSA(j)->sig_bytes, PQL_HASH_SHA2_256, DB(j)->digest,
                                32, CTX, sizeof CTX, DB(j)->sk, DSA(j)->sk_bytes);
}
static int dsa_sign_prehash_deterministic(job_t *j) {
    return DSA(j)->sign_prehash_deterministic(DB(j)->sig, DSA(j)->sig_bytes, PQL_HASH_SHA2_256,
                                              DB(j)->digest, 32, CTX, sizeof CTX, DB(j)->sk,
                                              DSA(j)->sk_bytes);
}
static int dsa_sign_mu(job_t *j) {
    return DSA(j)->sign_mu(DB(j)->sig, DSA(j)->sig_bytes, DB(j)->mu, PQL_ML_DSA_MU_BYTES,
                           DB(j)->sk, DSA(j)->sk_bytes);
}
static int dsa_verify(job_t *j) {
    return DSA(j)->verify(DB(j)->sig, DSA(j)->sig_bytes, DB(j)->msg, MSG_BYTES, CTX, sizeof CTX,
                          DB(j)->vk, DSA(j)->vk_bytes);
}
static int dsa_verify_prehash(job_t *j) {
    return DSA(j)->verify_prehash(DB(j)->sig, DSA(j)->sig_bytes, PQL_HASH_SHA2_256,
                                  DB(j)->digest, 32, CTX, sizeof CTX, DB(j)->vk,
                                  DSA(j)->vk_bytes);
}
static int dsa_verify_mu(job_t *j) {
    return DSA(j)->verify_mu(DB(j)->sig, DSA(j)->sig_bytes, DB(j)->mu, PQL_ML_DSA_MU_BYTES,
                             DB(j)->vk, DSA(j)->vk_bytes);
}
static int dsa_compute_mu(job_t *j) {
    return DSA(j)->compute_mu(DB(j)->mu, PQL_ML_DSA_MU_BYTES, DB(j)->msg, MSG_BYTES, CTX,
                              sizeof CTX, DB(j)->vk, DSA(j)->vk_bytes);
}
static int dsa_check_sk(job_t *j) {
    return DSA(j)->check_signing_key(DB(j)->sk, DSA(j)->sk_bytes);
}

enum { S_XI = 1, S_SK = 2 };

/* The secret parts of skEncode: rho (32, public) || K (32) || tr (64, public) ||
 * s1 || s2 || t0. */
static size_t dsa_secrets(const job_t *j, int which, secret_t *out) {
    const dsa_t *d = DSA(j);
    dsa_bufs_t *b = DB(j);
    size_t n = 0;
    if (which & S_XI) out[n++] = (secret_t){"seed xi", b->seed, 32};
    if (which & S_SK) {
        out[n++] = (secret_t){"sk: K", b->sk + 32, 32};
        out[n++] = (secret_t){"sk: s1 || s2 || t0", b->sk + 128, d->sk_bytes - 128};
    }
    return n;
}

/* ------------------------------------------------------------------------- */
/* The calls                                                                  */
/* ------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int (*call)(job_t *);
    int secrets;  /* S_* flags of the secrets to search for after the call */
    int leaks;    /* 1: leaves secrets without wiping, with every backend (negative
                   * control; the others leave bytes behind, counted as residue,
                   * and secrets with some backends only: ML-KEM key generation
                   * with the portable one) */
} op_t;

/* In `secrets`, not secrets: the call copies a few bytes out of a handle and may
 * use too little stack for the painting to see it (a tail call into memcpy), so
 * the check that it did is skipped (SHALLOW), or only without the wipe
 * (SHALLOW_UNWIPED: the wipe itself is seen); the bound still holds. */
enum { SHALLOW = 256, SHALLOW_UNWIPED = 512 };

static const op_t KEM_OPS[] = {
    {"keypair", kem_keypair, S_DK, 0},
    {"keypair_derand", kem_keypair_derand, S_SEED | S_DK, 0},
    {"encapsulate", kem_encapsulate, S_SS, 1},
    {"encapsulate_derand", kem_encapsulate_derand, S_SS | S_M, 1},
    {"decapsulate", kem_decapsulate, S_SS | S_DK, 0},
    {"check_encapsulation_key", kem_check_ek, 0, 0},
    {"check_decapsulation_key", kem_check_dk, S_DK, 0},
};
#define NUM_KEM_OPS (sizeof KEM_OPS / sizeof KEM_OPS[0])

static const op_t DSA_OPS[] = {
    {"keypair", dsa_keypair, S_SK, 0},
    {"keypair_from_seed", dsa_keypair_from_seed, S_XI | S_SK, 0},
    {"sign", dsa_sign, S_SK, 0},
    {"sign_deterministic", dsa_sign_deterministic, S_SK, 0},
    {"sign_prehash", dsa_sign_prehash, S_SK, 0},
    {"sign_prehash_deterministic", dsa_sign_prehash_deterministic, S_SK, 0},
    {"sign_mu", dsa_sign_mu, S_SK, 0},
    {"verify", dsa_verify, 0, 0},
    {"verify_prehash", dsa_verify_prehash, 0, 0},
    {"verify_mu", dsa_verify_mu, 0, 0},
    {"compute_mu", dsa_compute_mu, 0, 0},
    {"check_signing_key", dsa_check_sk, S_SK, 0},
};
#define NUM_DSA_OPS (sizeof DSA_OPS / sizeof DSA_OPS[0])

static size_t g_max_depth = 0;
static char g_max_name[96];
static unsigned g_residue_expected = 0, g_residue_found = 0;
static unsigned g_calls = 0, g_residue_calls = 0, g_leaky_calls = 0, g_expected_leaky = 0,
                g_expected_found = 0;

static void *default_main(void *arg) {
    job_t *j = (job_t *)arg;
    j->status = j->call(j);
    return NULL;
}

/* Runs one call on the owned stack and checks its depth, what it left behind,
 * and the secrets among that. */
static void check_call(job_t *j, const op_t *op, size_t nsec, const secret_t *sec) {
    size_t depth, i, total = 0, left;
    int secrets = op->secrets & ~(SHALLOW | SHALLOW_UNWIPED);
    pthread_t t;
    if (g_default_stack) {
        /* On a thread with the C library's default stack size (musl: 128 KiB). */
        g_current = j->name;
        CHECK(pthread_create(&t, NULL, default_main, j) == 0);
        CHECK(pthread_join(t, NULL) == 0);
        CHECK_RC(j->status, j->expected);
        g_calls++;
        return;
    }
    depth = start_job(j, &t);
    if (j->after != NULL) j->after(j);
    left = residue(j);
    for (i = 0; i < nsec; i++) {
        size_t f = find_windows(sec[i].p, sec[i].len);
        if (f > 0 && !g_expect_leaks) {
            fprintf(stderr, "%s: %zu windows of %s left on the stack\n", j->name, f, sec[i].what);
        }
        total += f;
    }
    finish_job(t);
    if (!g_quiet) {
        printf("  %-44s %6zu bytes (%4.1f KiB)  residue %5zu words, secrets %3zu\n", j->name,
               depth, depth / 1024.0, left, total);
    }
    /* the painting saw the call */
    CHECK(depth > 64 || (op->secrets & SHALLOW) ||
          (g_expect_leaks && (op->secrets & SHALLOW_UNWIPED)));
    CHECK(depth <= PQL_STACK_MAX_BYTES);
    if (depth > PQL_STACK_MAX_BYTES) fprintf(stderr, "%s: %zu bytes of stack\n", j->name, depth);
    if (depth > g_max_depth) {
        g_max_depth = depth;
        snprintf(g_max_name, sizeof g_max_name, "%s", j->name);
    }
    /* Calls on public data only (verification, the ek check, mu) are not wiped. */
    if (secrets == 0) left = 0;
    g_calls += secrets != 0;
    if (left > 0) g_residue_calls++;
    if (secrets != 0 && depth > 2 * RESIDUE_MARGIN) {
        g_residue_expected++;
        g_residue_found += left > 0;
    }
    if (total > 0) g_leaky_calls++;
    if (op->leaks) {
        g_expected_leaky++;
        if (total > 0) g_expected_found++;
    }
    if (!g_expect_leaks && !g_stack_only) {
        CHECK(left == 0);
        CHECK(total == 0);
        if (left > 0) fprintf(stderr, "%s: %zu words left on the stack\n", j->name, left);
    }
}

static void fill(uint8_t *p, size_t n, unsigned seed) {
    size_t i;
    uint32_t x = 0x9E3779B9u * (seed + 1);
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)(x >> 24);
    }
}

static void kem_tests(const kem_t *k) {
    kem_bufs_t b;
    size_t i;
    b.ek = (uint8_t *)xmalloc(k->ek_bytes);
    b.dk = (uint8_t *)xmalloc(k->dk_bytes);
    b.ct = (uint8_t *)xmalloc(k->ct_bytes);
    b.ss = (uint8_t *)xmalloc(PQL_ML_KEM_SHARED_SECRET_BYTES);
    b.seed = (uint8_t *)xmalloc(PQL_ML_KEM_SEED_BYTES);
    b.m = (uint8_t *)xmalloc(PQL_ML_KEM_MESSAGE_BYTES);
    fill(b.seed, PQL_ML_KEM_SEED_BYTES, (unsigned)k->set);
    fill(b.m, PQL_ML_KEM_MESSAGE_BYTES, (unsigned)k->set + 1);
    for (i = 0; i < NUM_KEM_OPS; i++) {
        char name[96];
        secret_t sec[MAX_SECRETS];
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "%s %s", k->name, KEM_OPS[i].name);
        j.name = name;
        j.call = KEM_OPS[i].call;
        j.scheme = k;
        j.bufs = &b;
        j.expected = PQL_OK;
        /* Inputs of the later calls: the seeded key pair, then a ciphertext. */
        CHECK_RC(k->keypair_derand(b.ek, k->ek_bytes, b.dk, k->dk_bytes, b.seed,
                                   PQL_ML_KEM_SEED_BYTES),
                 PQL_OK);
        CHECK_RC(k->encapsulate_derand(b.ct, k->ct_bytes, b.ss, PQL_ML_KEM_SHARED_SECRET_BYTES,
                                       b.ek, k->ek_bytes, b.m, PQL_ML_KEM_MESSAGE_BYTES),
                 PQL_OK);
        check_call(&j, &KEM_OPS[i], kem_secrets(&j, KEM_OPS[i].secrets, sec), sec);
    }
    free(b.ek);
    free(b.dk);
    free(b.ct);
    free(b.ss);
    free(b.seed);
    free(b.m);
}

static void dsa_tests(const dsa_t *d) {
    dsa_bufs_t b;
    size_t i;
    b.vk = (uint8_t *)xmalloc(d->vk_bytes);
    b.sk = (uint8_t *)xmalloc(d->sk_bytes);
    b.sig = (uint8_t *)xmalloc(d->sig_bytes);
    b.seed = (uint8_t *)xmalloc(d->seed_bytes);
    b.msg = (uint8_t *)xmalloc(MSG_BYTES);
    b.mu = (uint8_t *)xmalloc(PQL_ML_DSA_MU_BYTES);
    b.digest = (uint8_t *)xmalloc(32);
    fill(b.seed, d->seed_bytes, (unsigned)d->set);
    fill(b.msg, MSG_BYTES, 1);
    fill(b.digest, 32, 2);
    for (i = 0; i < NUM_DSA_OPS; i++) {
        char name[96];
        secret_t sec[MAX_SECRETS];
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "%s %s", d->name, DSA_OPS[i].name);
        j.name = name;
        j.call = DSA_OPS[i].call;
        j.scheme = d;
        j.bufs = &b;
        j.expected = PQL_OK;
        CHECK_RC(d->keypair_from_seed(b.vk, d->vk_bytes, b.sk, d->sk_bytes, b.seed,
                                      d->seed_bytes),
                 PQL_OK);
        CHECK_RC(d->compute_mu(b.mu, PQL_ML_DSA_MU_BYTES, b.msg, MSG_BYTES, CTX, sizeof CTX, b.vk,
                               d->vk_bytes),
                 PQL_OK);
        /* A signature that verifies under each verification call. */
        if (DSA_OPS[i].call == dsa_verify) {
            CHECK_RC(dsa_sign_deterministic(&j), PQL_OK);
        } else if (DSA_OPS[i].call == dsa_verify_prehash) {
            CHECK_RC(dsa_sign_prehash_deterministic(&j), PQL_OK);
        } else if (DSA_OPS[i].call == dsa_verify_mu) {
            CHECK_RC(dsa_sign_mu(&j), PQL_OK);
        }
        check_call(&j, &DSA_OPS[i], dsa_secrets(&j, DSA_OPS[i].secrets, sec), sec);
    }
    free(b.vk);
    free(b.sk);
    free(b.sig);
    free(b.seed);
    free(b.msg);
    free(b.mu);
    free(b.digest);
}

/* ------------------------------------------------------------------------- */
/* Key handles                                                                */
/* ------------------------------------------------------------------------- */

/* The handle calls of one parameter set, with the seed-form byte calls
 * (keypair_from_seed / keypair_with_seed) that the tables above lack. Before
 * each call the handles it takes are made (outside the owned stack) from the
 * seeded key; after the search every handle left is freed, also outside. A
 * constructor under test writes its new handle to `made_*`; a `*_free` under
 * test frees the handle made before it. After a free only the stack is searched
 * (as after every call): the freed heap block is not part of the owned stack.
 *
 * S_MADE: the call makes a key from OS randomness; its secrets are read out of
 * the new handle (on the main thread) after the call and before the search. */
enum { S_MADE = 64 };

typedef struct {
    const op_t *ops;
    size_t nops;
    void (*setup)(job_t *);   /* the handles the calls take */
    void (*extract)(job_t *); /* S_MADE: the new key's secrets into the buffers */
    void (*teardown)(void);   /* frees every handle left */
} handle_set_t;

#define KEM_HANDLE_SET(N)                                                                     \
    static struct {                                                                           \
        pql_ml_kem_##N##_dk *dk, *made_dk;                                                    \
        pql_ml_kem_##N##_ek *ek, *made_ek;                                                    \
        uint8_t out[PQL_ML_KEM_##N##_DECAPSULATION_KEY_BYTES];                                \
    } kh##N;                                                                                  \
    static int kh##N##_keypair_from_seed(job_t *j) {                                          \
        return pql_ml_kem_##N##_keypair_from_seed(KB(j)->ek, KEM(j)->ek_bytes, KB(j)->dk,     \
                                                  KEM(j)->dk_bytes, KB(j)->seed,              \
                                                  PQL_ML_KEM_SEED_BYTES);                     \
    }                                                                                         \
    static int kh##N##_keypair_with_seed(job_t *j) {                                          \
        return pql_ml_kem_##N##_keypair_with_seed(KB(j)->ek, KEM(j)->ek_bytes, KB(j)->dk,     \
                                                  KEM(j)->dk_bytes, KB(j)->seed,              \
                                                  PQL_ML_KEM_SEED_BYTES);                     \
    }                                                                                         \
    static int kh##N##_dk_generate(job_t *j) {                                                \
        (void)j;                                                                              \
        return pql_ml_kem_##N##_dk_generate(&kh##N.made_dk);                                  \
    }                                                                                         \
    static int kh##N##_dk_from_seed(job_t *j) {                                               \
        return pql_ml_kem_##N##_dk_from_seed(&kh##N.made_dk, KB(j)->seed,                     \
                                             PQL_ML_KEM_SEED_BYTES);                          \
    }                                                                                         \
    static int kh##N##_dk_from_bytes(job_t *j) {                                              \
        return pql_ml_kem_##N##_dk_from_bytes(&kh##N.made_dk, KB(j)->dk, KEM(j)->dk_bytes);   \
    }                                                                                         \
    static int kh##N##_dk_to_bytes(job_t *j) {                                                \
        return pql_ml_kem_##N##_dk_to_bytes(kh##N.dk, kh##N.out, KEM(j)->dk_bytes);           \
    }                                                                                         \
    static int kh##N##_dk_seed(job_t *j) {                                                    \
        (void)j;                                                                              \
        return pql_ml_kem_##N##_dk_seed(kh##N.dk, kh##N.out, PQL_ML_KEM_SEED_BYTES);          \
    }                                                                                         \
    static int kh##N##_dk_encapsulation_key(job_t *j) {                                       \
        (void)j;                                                                              \
        return pql_ml_kem_##N##_dk_encapsulation_key(kh##N.dk, &kh##N.made_ek);               \
    }                                                                                         \
    static int kh##N##_dk_encapsulation_key_bytes(job_t *j) {                                 \
        return pql_ml_kem_##N##_dk_encapsulation_key_bytes(kh##N.dk, kh##N.out,               \
                                                           KEM(j)->ek_bytes);                 \
    }                                                                                         \
    static int kh##N##_dk_decapsulate(job_t *j) {                                             \
        return pql_ml_kem_##N##_dk_decapsulate(kh##N.dk, KB(j)->ss,                           \
                                               PQL_ML_KEM_SHARED_SECRET_BYTES, KB(j)->ct,     \
                                               KEM(j)->ct_bytes);                             \
    }                                                                                         \
    static int kh##N##_dk_free(job_t *j) {                                                    \
        (void)j;                                                                              \
        pql_ml_kem_##N##_dk_free(kh##N.dk);                                                   \
        kh##N.dk = NULL;                                                                      \
        return PQL_OK;                                                                        \
    }                                                                                         \
    static int kh##N##_ek_from_bytes(job_t *j) {                                              \
        return pql_ml_kem_##N##_ek_from_bytes(&kh##N.made_ek, KB(j)->ek, KEM(j)->ek_bytes);   \
    }                                                                                         \
    static int kh##N##_ek_to_bytes(job_t *j) {                                                \
        return pql_ml_kem_##N##_ek_to_bytes(kh##N.ek, kh##N.out, KEM(j)->ek_bytes);           \
    }                                                                                         \
    static int kh##N##_ek_encapsulate(job_t *j) {                                             \
        return pql_ml_kem_##N##_ek_encapsulate(kh##N.ek, KB(j)->ct, KEM(j)->ct_bytes,         \
                                               KB(j)->ss, PQL_ML_KEM_SHARED_SECRET_BYTES);    \
    }                                                                                         \
    static int kh##N##_ek_encapsulate_derand(job_t *j) {                                      \
        return pql_ml_kem_##N##_ek_encapsulate_derand(kh##N.ek, KB(j)->ct, KEM(j)->ct_bytes,  \
                                                      KB(j)->ss,                              \
                                                      PQL_ML_KEM_SHARED_SECRET_BYTES,         \
                                                      KB(j)->m, PQL_ML_KEM_MESSAGE_BYTES);    \
    }                                                                                         \
    static int kh##N##_ek_free(job_t *j) {                                                    \
        (void)j;                                                                              \
        pql_ml_kem_##N##_ek_free(kh##N.ek);                                                   \
        kh##N.ek = NULL;                                                                      \
        return PQL_OK;                                                                        \
    }                                                                                         \
    static void kh##N##_setup(job_t *j) {                                                     \
        CHECK_RC(pql_ml_kem_##N##_dk_from_seed(&kh##N.dk, KB(j)->seed, PQL_ML_KEM_SEED_BYTES), \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_ek_from_bytes(&kh##N.ek, KB(j)->ek, KEM(j)->ek_bytes),      \
                 PQL_OK);                                                                     \
    }                                                                                         \
    static void kh##N##_extract(job_t *j) {                                                   \
        CHECK_RC(pql_ml_kem_##N##_dk_to_bytes(kh##N.made_dk, KB(j)->dk, KEM(j)->dk_bytes),    \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_kem_##N##_dk_seed(kh##N.made_dk, KB(j)->seed, PQL_ML_KEM_SEED_BYTES), \
                 PQL_OK);                                                                     \
    }                                                                                         \
    static void kh##N##_teardown(void) {                                                      \
        pql_ml_kem_##N##_dk_free(kh##N.dk);                                                   \
        pql_ml_kem_##N##_dk_free(kh##N.made_dk);                                              \
        pql_ml_kem_##N##_ek_free(kh##N.ek);                                                   \
        pql_ml_kem_##N##_ek_free(kh##N.made_ek);                                              \
        kh##N.dk = kh##N.made_dk = NULL;                                                      \
        kh##N.ek = kh##N.made_ek = NULL;                                                      \
    }                                                                                         \
    static const op_t KH##N##_OPS[] = {                                                       \
        {"keypair_from_seed", kh##N##_keypair_from_seed, S_SEED | S_DK, 0},                   \
        {"keypair_with_seed", kh##N##_keypair_with_seed, S_SEED | S_DK, 1},                   \
        {"dk_generate", kh##N##_dk_generate, S_MADE | S_SEED | S_DK, 1},                      \
        {"dk_from_seed", kh##N##_dk_from_seed, S_SEED | S_DK, 0},                             \
        {"dk_from_bytes", kh##N##_dk_from_bytes, S_DK, 0},                                    \
        {"dk_to_bytes", kh##N##_dk_to_bytes, S_SEED | S_DK, 0},                               \
        {"dk_seed", kh##N##_dk_seed, SHALLOW_UNWIPED | S_SEED | S_DK, 0},                                       \
        {"dk_encapsulation_key", kh##N##_dk_encapsulation_key, S_SEED | S_DK, 0},             \
        {"dk_encapsulation_key_bytes", kh##N##_dk_encapsulation_key_bytes,                 \
         SHALLOW | S_SEED | S_DK, 0},                                                        \
        {"dk_decapsulate", kh##N##_dk_decapsulate, S_SEED | S_DK | S_SS, 0},                  \
        {"dk_free", kh##N##_dk_free, S_SEED | S_DK, 0},                                       \
        {"ek_from_bytes", kh##N##_ek_from_bytes, 0, 0},                                       \
        {"ek_to_bytes", kh##N##_ek_to_bytes, SHALLOW, 0},                                           \
        {"ek_encapsulate", kh##N##_ek_encapsulate, S_SS, 1},                                  \
        {"ek_encapsulate_derand", kh##N##_ek_encapsulate_derand, S_SS | S_M, 1},              \
        {"ek_free", kh##N##_ek_free, 0, 0},                                                   \
    };                                                                                        \
    static const handle_set_t KH##N = {KH##N##_OPS, sizeof KH##N##_OPS / sizeof KH##N##_OPS[0], \
                                       kh##N##_setup, kh##N##_extract, kh##N##_teardown};

KEM_HANDLE_SET(512)
KEM_HANDLE_SET(768)
KEM_HANDLE_SET(1024)

/* BIND_FIRST: every call of a handle set runs once on the main thread before the
 * measured pass. Most handle functions are first called in this test on the owned
 * stack; against the shared library, such a first call goes through the dynamic
 * linker's lazy binding, whose resolver saves every vector register on the stack
 * before the library runs, and a thread starts with the vector registers of the
 * thread that created it (here: the main thread, just after the setup calls). A
 * call that does not wipe then leaves the setup's secrets behind (measured: z of
 * the ML-KEM seed after the first dk_encapsulation_key_bytes). Registers are not
 * covered by the wiping (ffi/README.md: link with -Wl,-z,now); binding first
 * tests what the library itself leaves. */

/* In the order of KEMS. */
static const handle_set_t *const KEM_HANDLE_SETS[] = {&KH512, &KH768, &KH1024};

#define DSA_HANDLE_SET(N)                                                                     \
    static struct {                                                                           \
        pql_ml_dsa_##N##_sk *sk, *made_sk;                                                    \
        pql_ml_dsa_##N##_vk *vk, *made_vk;                                                    \
        uint8_t out[PQL_ML_DSA_##N##_SIGNING_KEY_BYTES];                                      \
        uint8_t sig_msg[PQL_ML_DSA_##N##_SIGNATURE_BYTES];                                    \
        uint8_t sig_prehash[PQL_ML_DSA_##N##_SIGNATURE_BYTES];                                \
        uint8_t sig_mu[PQL_ML_DSA_##N##_SIGNATURE_BYTES];                                     \
    } sh##N;                                                                                  \
    static int sh##N##_keypair_with_seed(job_t *j) {                                          \
        return pql_ml_dsa_##N##_keypair_with_seed(DB(j)->vk, DSA(j)->vk_bytes, DB(j)->sk,     \
                                                  DSA(j)->sk_bytes, DB(j)->seed,              \
                                                  DSA(j)->seed_bytes);                        \
    }                                                                                         \
    static int sh##N##_sk_generate(job_t *j) {                                                \
        (void)j;                                                                              \
        return pql_ml_dsa_##N##_sk_generate(&sh##N.made_sk);                                  \
    }                                                                                         \
    static int sh##N##_sk_from_seed(job_t *j) {                                               \
        return pql_ml_dsa_##N##_sk_from_seed(&sh##N.made_sk, DB(j)->seed, DSA(j)->seed_bytes); \
    }                                                                                         \
    static int sh##N##_sk_from_bytes(job_t *j) {                                              \
        return pql_ml_dsa_##N##_sk_from_bytes(&sh##N.made_sk, DB(j)->sk, DSA(j)->sk_bytes);   \
    }                                                                                         \
    static int sh##N##_sk_to_bytes(job_t *j) {                                                \
        return pql_ml_dsa_##N##_sk_to_bytes(sh##N.sk, sh##N.out, DSA(j)->sk_bytes);           \
    }                                                                                         \
    static int sh##N##_sk_seed(job_t *j) {                                                    \
        return pql_ml_dsa_##N##_sk_seed(sh##N.sk, sh##N.out, DSA(j)->seed_bytes);             \
    }                                                                                         \
    static int sh##N##_sk_verifying_key(job_t *j) {                                           \
        (void)j;                                                                              \
        return pql_ml_dsa_##N##_sk_verifying_key(sh##N.sk, &sh##N.made_vk);                   \
    }                                                                                         \
    static int sh##N##_sk_verifying_key_bytes(job_t *j) {                                     \
        return pql_ml_dsa_##N##_sk_verifying_key_bytes(sh##N.sk, sh##N.out, DSA(j)->vk_bytes); \
    }                                                                                         \
    static int sh##N##_sk_sign(job_t *j) {                                                    \
        return pql_ml_dsa_##N##_sk_sign(sh##N.sk, DB(j)->sig, DSA(j)->sig_bytes, DB(j)->msg,  \
                                        MSG_BYTES, CTX, sizeof CTX);                          \
    }                                                                                         \
    static int sh##N##_sk_sign_deterministic(job_t *j) {                                      \
        return pql_ml_dsa_##N##_sk_sign_deterministic(sh##N.sk, DB(j)->sig, DSA(j)->sig_bytes, \
                                                      DB(j)->msg, MSG_BYTES, CTX, sizeof CTX); \
    }                                                                                         \
    static int sh##N##_sk_sign_prehash(job_t *j) {                                            \
        return pql_ml_dsa_##N##_sk_sign_prehash(sh##N.sk, DB(j)->sig, DSA(j)->sig_bytes,      \
                                                PQL_HASH_SHA2_256, DB(j)->digest, 32, CTX,    \
                                                sizeof CTX);                                  \
    }                                                                                         \
    static int sh##N##_sk_sign_prehash_deterministic(job_t *j) {                              \
        return pql_ml_dsa_##N##_sk_sign_prehash_deterministic(                                \
            sh##N.sk, DB(j)->sig, DSA(j)->sig_bytes, PQL_HASH_SHA2_256, DB(j)->digest, 32,    \
            CTX, sizeof CTX);                                                                 \
    }                                                                                         \
    static int sh##N##_sk_sign_mu(job_t *j) {                                                 \
        return pql_ml_dsa_##N##_sk_sign_mu(sh##N.sk, DB(j)->sig, DSA(j)->sig_bytes, DB(j)->mu, \
                                           PQL_ML_DSA_MU_BYTES);                              \
    }                                                                                         \
    static int sh##N##_sk_free(job_t *j) {                                                    \
        (void)j;                                                                              \
        pql_ml_dsa_##N##_sk_free(sh##N.sk);                                                   \
        sh##N.sk = NULL;                                                                      \
        return PQL_OK;                                                                        \
    }                                                                                         \
    static int sh##N##_vk_from_bytes(job_t *j) {                                              \
        return pql_ml_dsa_##N##_vk_from_bytes(&sh##N.made_vk, DB(j)->vk, DSA(j)->vk_bytes);   \
    }                                                                                         \
    static int sh##N##_vk_to_bytes(job_t *j) {                                                \
        return pql_ml_dsa_##N##_vk_to_bytes(sh##N.vk, sh##N.out, DSA(j)->vk_bytes);           \
    }                                                                                         \
    static int sh##N##_vk_verify(job_t *j) {                                                  \
        return pql_ml_dsa_##N##_vk_verify(sh##N.vk, sh##N.sig_msg, DSA(j)->sig_bytes,         \
                                          DB(j)->msg, MSG_BYTES, CTX, sizeof CTX);            \
    }                                                                                         \
    static int sh##N##_vk_verify_prehash(job_t *j) {                                          \
        return pql_ml_dsa_##N##_vk_verify_prehash(sh##N.vk, sh##N.sig_prehash,                \
                                                  DSA(j)->sig_bytes, PQL_HASH_SHA2_256,       \
                                                  DB(j)->digest, 32, CTX, sizeof CTX);        \
    }                                                                                         \
    static int sh##N##_vk_verify_mu(job_t *j) {                                               \
        return pql_ml_dsa_##N##_vk_verify_mu(sh##N.vk, sh##N.sig_mu, DSA(j)->sig_bytes,       \
                                             DB(j)->mu, PQL_ML_DSA_MU_BYTES);                 \
    }                                                                                         \
    static int sh##N##_vk_compute_mu(job_t *j) {                                              \
        return pql_ml_dsa_##N##_vk_compute_mu(sh##N.vk, sh##N.out, PQL_ML_DSA_MU_BYTES,       \
                                              DB(j)->msg, MSG_BYTES, CTX, sizeof CTX);        \
    }                                                                                         \
    static int sh##N##_vk_free(job_t *j) {                                                    \
        (void)j;                                                                              \
        pql_ml_dsa_##N##_vk_free(sh##N.vk);                                                   \
        sh##N.vk = NULL;                                                                      \
        return PQL_OK;                                                                        \
    }                                                                                         \
    static void sh##N##_setup(job_t *j) {                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_from_seed(&sh##N.sk, DB(j)->seed, DSA(j)->seed_bytes),   \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_vk_from_bytes(&sh##N.vk, DB(j)->vk, DSA(j)->vk_bytes),      \
                 PQL_OK);                                                                     \
        /* Signatures for the three verification calls, by the byte calls. */                \
        CHECK_RC(pql_ml_dsa_##N##_sign_deterministic(sh##N.sig_msg, DSA(j)->sig_bytes,        \
                                                     DB(j)->msg, MSG_BYTES, CTX, sizeof CTX,  \
                                                     DB(j)->sk, DSA(j)->sk_bytes),            \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sign_prehash_deterministic(                                 \
                     sh##N.sig_prehash, DSA(j)->sig_bytes, PQL_HASH_SHA2_256, DB(j)->digest,  \
                     32, CTX, sizeof CTX, DB(j)->sk, DSA(j)->sk_bytes),                       \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sign_mu(sh##N.sig_mu, DSA(j)->sig_bytes, DB(j)->mu,         \
                                          PQL_ML_DSA_MU_BYTES, DB(j)->sk, DSA(j)->sk_bytes),  \
                 PQL_OK);                                                                     \
    }                                                                                         \
    static void sh##N##_extract(job_t *j) {                                                   \
        CHECK_RC(pql_ml_dsa_##N##_sk_to_bytes(sh##N.made_sk, DB(j)->sk, DSA(j)->sk_bytes),    \
                 PQL_OK);                                                                     \
        CHECK_RC(pql_ml_dsa_##N##_sk_seed(sh##N.made_sk, DB(j)->seed, DSA(j)->seed_bytes),    \
                 PQL_OK);                                                                     \
    }                                                                                         \
    static void sh##N##_teardown(void) {                                                      \
        pql_ml_dsa_##N##_sk_free(sh##N.sk);                                                   \
        pql_ml_dsa_##N##_sk_free(sh##N.made_sk);                                              \
        pql_ml_dsa_##N##_vk_free(sh##N.vk);                                                   \
        pql_ml_dsa_##N##_vk_free(sh##N.made_vk);                                              \
        sh##N.sk = sh##N.made_sk = NULL;                                                      \
        sh##N.vk = sh##N.made_vk = NULL;                                                      \
    }                                                                                         \
    static const op_t SH##N##_OPS[] = {                                                       \
        {"keypair_with_seed", sh##N##_keypair_with_seed, S_XI | S_SK, 1},                     \
        {"sk_generate", sh##N##_sk_generate, S_MADE | S_XI | S_SK, 0},                        \
        {"sk_from_seed", sh##N##_sk_from_seed, S_XI | S_SK, 0},                               \
        {"sk_from_bytes", sh##N##_sk_from_bytes, S_SK, 0},                                    \
        {"sk_to_bytes", sh##N##_sk_to_bytes, S_XI | S_SK, 0},                                 \
        {"sk_seed", sh##N##_sk_seed, SHALLOW_UNWIPED | S_XI | S_SK, 0},                                         \
        {"sk_verifying_key", sh##N##_sk_verifying_key, S_XI | S_SK, 0},                       \
        {"sk_verifying_key_bytes", sh##N##_sk_verifying_key_bytes, SHALLOW | S_XI | S_SK, 0},           \
        {"sk_sign", sh##N##_sk_sign, S_XI | S_SK, 0},                                         \
        {"sk_sign_deterministic", sh##N##_sk_sign_deterministic, S_XI | S_SK, 0},             \
        {"sk_sign_prehash", sh##N##_sk_sign_prehash, S_XI | S_SK, 0},                         \
        {"sk_sign_prehash_deterministic", sh##N##_sk_sign_prehash_deterministic, S_XI | S_SK, \
         0},                                                                                  \
        {"sk_sign_mu", sh##N##_sk_sign_mu, S_XI | S_SK, 0},                                   \
        {"sk_free", sh##N##_sk_free, S_XI | S_SK, 0},                                         \
        {"vk_from_bytes", sh##N##_vk_from_bytes, 0, 0},                                       \
        {"vk_to_bytes", sh##N##_vk_to_bytes, SHALLOW, 0},                                           \
        {"vk_verify", sh##N##_vk_verify, 0, 0},                                               \
        {"vk_verify_prehash", sh##N##_vk_verify_prehash, 0, 0},                               \
        {"vk_verify_mu", sh##N##_vk_verify_mu, 0, 0},                                         \
        {"vk_compute_mu", sh##N##_vk_compute_mu, 0, 0},                                       \
        {"vk_free", sh##N##_vk_free, 0, 0},                                                   \
    };                                                                                        \
    static const handle_set_t SH##N = {SH##N##_OPS, sizeof SH##N##_OPS / sizeof SH##N##_OPS[0], \
                                       sh##N##_setup, sh##N##_extract, sh##N##_teardown};

DSA_HANDLE_SET(44)
DSA_HANDLE_SET(65)
DSA_HANDLE_SET(87)

/* In the order of DSAS. */
static const handle_set_t *const DSA_HANDLE_SETS[] = {&SH44, &SH65, &SH87};

static void kem_handle_tests(const kem_t *k, const handle_set_t *h) {
    kem_bufs_t b;
    size_t n;
    b.ek = (uint8_t *)xmalloc(k->ek_bytes);
    b.dk = (uint8_t *)xmalloc(k->dk_bytes);
    b.ct = (uint8_t *)xmalloc(k->ct_bytes);
    b.ss = (uint8_t *)xmalloc(PQL_ML_KEM_SHARED_SECRET_BYTES);
    b.seed = (uint8_t *)xmalloc(PQL_ML_KEM_SEED_BYTES);
    b.m = (uint8_t *)xmalloc(PQL_ML_KEM_MESSAGE_BYTES);
    fill(b.m, PQL_ML_KEM_MESSAGE_BYTES, (unsigned)k->set + 3);
    for (n = 0; n < 2 * h->nops; n++) {
        size_t i = n % h->nops;
        char name[96];
        secret_t sec[MAX_SECRETS];
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "%s %s", k->name, h->ops[i].name);
        j.name = name;
        j.call = h->ops[i].call;
        j.scheme = k;
        j.bufs = &b;
        j.expected = PQL_OK;
        if (h->ops[i].secrets & S_MADE) j.after = h->extract;
        /* The seed again (a call with OS randomness overwrote it), the key pair,
         * a ciphertext, and the handles, all outside the owned stack. */
        fill(b.seed, PQL_ML_KEM_SEED_BYTES, (unsigned)k->set + 2);
        CHECK_RC(k->keypair_derand(b.ek, k->ek_bytes, b.dk, k->dk_bytes, b.seed,
                                   PQL_ML_KEM_SEED_BYTES),
                 PQL_OK);
        CHECK_RC(k->encapsulate_derand(b.ct, k->ct_bytes, b.ss, PQL_ML_KEM_SHARED_SECRET_BYTES,
                                       b.ek, k->ek_bytes, b.m, PQL_ML_KEM_MESSAGE_BYTES),
                 PQL_OK);
        h->setup(&j);
        if (n < h->nops) {
            CHECK_RC(j.call(&j), PQL_OK); /* the first pass: see BIND_FIRST */
        } else {
            check_call(&j, &h->ops[i], kem_secrets(&j, h->ops[i].secrets, sec), sec);
        }
        h->teardown();
    }
    free(b.ek);
    free(b.dk);
    free(b.ct);
    free(b.ss);
    free(b.seed);
    free(b.m);
}

static void dsa_handle_tests(const dsa_t *d, const handle_set_t *h) {
    dsa_bufs_t b;
    size_t n;
    b.vk = (uint8_t *)xmalloc(d->vk_bytes);
    b.sk = (uint8_t *)xmalloc(d->sk_bytes);
    b.sig = (uint8_t *)xmalloc(d->sig_bytes);
    b.seed = (uint8_t *)xmalloc(d->seed_bytes);
    b.msg = (uint8_t *)xmalloc(MSG_BYTES);
    b.mu = (uint8_t *)xmalloc(PQL_ML_DSA_MU_BYTES);
    b.digest = (uint8_t *)xmalloc(32);
    fill(b.msg, MSG_BYTES, 3);
    fill(b.digest, 32, 4);
    for (n = 0; n < 2 * h->nops; n++) {
        size_t i = n % h->nops;
        char name[96];
        secret_t sec[MAX_SECRETS];
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "%s %s", d->name, h->ops[i].name);
        j.name = name;
        j.call = h->ops[i].call;
        j.scheme = d;
        j.bufs = &b;
        j.expected = PQL_OK;
        if (h->ops[i].secrets & S_MADE) j.after = h->extract;
        fill(b.seed, d->seed_bytes, (unsigned)d->set + 5);
        CHECK_RC(d->keypair_from_seed(b.vk, d->vk_bytes, b.sk, d->sk_bytes, b.seed,
                                      d->seed_bytes),
                 PQL_OK);
        CHECK_RC(d->compute_mu(b.mu, PQL_ML_DSA_MU_BYTES, b.msg, MSG_BYTES, CTX, sizeof CTX, b.vk,
                               d->vk_bytes),
                 PQL_OK);
        h->setup(&j);
        if (n < h->nops) {
            CHECK_RC(j.call(&j), PQL_OK); /* the first pass: see BIND_FIRST */
        } else {
            check_call(&j, &h->ops[i], dsa_secrets(&j, h->ops[i].secrets, sec), sec);
        }
        h->teardown();
    }
    free(b.vk);
    free(b.sk);
    free(b.sig);
    free(b.seed);
    free(b.msg);
    free(b.mu);
    free(b.digest);
}

/* ------------------------------------------------------------------------- */
/* X-Wing                                                                     */
/* ------------------------------------------------------------------------- */

typedef struct {
    uint8_t ek[PQL_XWING_ENCAPSULATION_KEY_BYTES], dk[PQL_XWING_DECAPSULATION_KEY_BYTES];
    uint8_t ct[PQL_XWING_CIPHERTEXT_BYTES], ss[PQL_XWING_SHARED_SECRET_BYTES];
    uint8_t seed[PQL_XWING_SEED_BYTES], eseed[PQL_XWING_ENCAPSULATION_SEED_BYTES];
} xwing_bufs_t;

#define XB(j) ((xwing_bufs_t *)(j)->bufs)

static int xwing_keypair(job_t *j) {
    return pql_xwing_keypair(XB(j)->ek, sizeof XB(j)->ek, XB(j)->dk, sizeof XB(j)->dk);
}
static int xwing_keypair_derand(job_t *j) {
    return pql_xwing_keypair_derand(XB(j)->ek, sizeof XB(j)->ek, XB(j)->dk, sizeof XB(j)->dk,
                                    XB(j)->seed, sizeof XB(j)->seed);
}
static int xwing_encapsulate(job_t *j) {
    return pql_xwing_encapsulate(XB(j)->ct, sizeof XB(j)->ct, XB(j)->ss, sizeof XB(j)->ss,
                                 XB(j)->ek, sizeof XB(j)->ek);
}
static int xwing_encapsulate_derand(job_t *j) {
    return pql_xwing_encapsulate_derand(XB(j)->ct, sizeof XB(j)->ct, XB(j)->ss, sizeof XB(j)->ss,
                                        XB(j)->ek, sizeof XB(j)->ek, XB(j)->eseed,
                                        sizeof XB(j)->eseed);
}
static int xwing_decapsulate(job_t *j) {
    return pql_xwing_decapsulate(XB(j)->ss, sizeof XB(j)->ss, XB(j)->ct, sizeof XB(j)->ct,
                                 XB(j)->dk, sizeof XB(j)->dk);
}
static int xwing_check_ek(job_t *j) {
    return pql_xwing_check_encapsulation_key(XB(j)->ek, sizeof XB(j)->ek);
}

enum { SX_DK = 1, SX_SS = 2, SX_ESEED = 4 };

static const op_t XWING_OPS[] = {
    {"keypair", xwing_keypair, SX_DK, 0},
    {"keypair_derand", xwing_keypair_derand, SX_DK, 0},
    {"encapsulate", xwing_encapsulate, SX_SS, 0},
    {"encapsulate_derand", xwing_encapsulate_derand, SX_SS | SX_ESEED, 0},
    {"decapsulate", xwing_decapsulate, SX_DK | SX_SS, 0},
    {"check_encapsulation_key", xwing_check_ek, 0, 0},
};
#define NUM_XWING_OPS (sizeof XWING_OPS / sizeof XWING_OPS[0])

static void xwing_tests(void) {
    xwing_bufs_t *b = (xwing_bufs_t *)xmalloc(sizeof *b);
    size_t i;
    fill(b->seed, sizeof b->seed, 77);
    fill(b->eseed, sizeof b->eseed, 78);
    for (i = 0; i < NUM_XWING_OPS; i++) {
        char name[96];
        secret_t sec[MAX_SECRETS];
        size_t n = 0;
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "X-Wing %s", XWING_OPS[i].name);
        j.name = name;
        j.call = XWING_OPS[i].call;
        j.bufs = b;
        j.expected = PQL_OK;
        CHECK_RC(pql_xwing_keypair_derand(b->ek, sizeof b->ek, b->dk, sizeof b->dk, b->seed,
                                          sizeof b->seed),
                 PQL_OK);
        CHECK_RC(pql_xwing_encapsulate_derand(b->ct, sizeof b->ct, b->ss, sizeof b->ss, b->ek,
                                              sizeof b->ek, b->eseed, sizeof b->eseed),
                 PQL_OK);
        /* The stack is searched after the call: for the secrets as the call leaves
         * them in the buffers (new ones, after key generation with OS randomness). */
        if (XWING_OPS[i].secrets & SX_DK) sec[n++] = (secret_t){"X-Wing seed", b->dk, 32};
        if (XWING_OPS[i].secrets & SX_SS) sec[n++] = (secret_t){"shared secret", b->ss, 32};
        if (XWING_OPS[i].secrets & SX_ESEED) sec[n++] = (secret_t){"eseed", b->eseed, 64};
        check_call(&j, &XWING_OPS[i], n, sec);
    }
    free(b);
}

/* ------------------------------------------------------------------------- */
/* The channel: one handshake and session, call by call                       */
/* ------------------------------------------------------------------------- */

#define CH_MSG PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES

typedef struct {
    uint8_t seed[2][PQL_CHANNEL_IDENTITY_SEED_BYTES];
    uint8_t rnd_i[PQL_CHANNEL_INITIATOR_RANDOMNESS_BYTES];
    uint8_t rnd_r[PQL_CHANNEL_RESPONDER_RANDOMNESS_BYTES];
    uint8_t peer[2][PQL_CHANNEL_PEER_ID_BYTES];
    pql_channel_identity *id[2], *tmp_id;
    pql_channel_handshake *hs[2], *tmp_hs;
    pql_channel_session *s[2];
    uint8_t msg[CH_MSG];
    size_t msg_len;
    uint8_t plain[100], rec[200], opened[200], exported[64], seed_out[32];
    size_t rec_len, opened_len;
    int kind;
} ch_bufs_t;

#define CB(j) ((ch_bufs_t *)(j)->bufs)

static int ch_identity_i(job_t *j) {
    pql_channel_identity_free(CB(j)->id[0]);
    return pql_channel_identity_from_seed(&CB(j)->id[0], CB(j)->seed[0], 32);
}
static int ch_identity_r(job_t *j) {
    pql_channel_identity_free(CB(j)->id[1]);
    return pql_channel_identity_from_seed(&CB(j)->id[1], CB(j)->seed[1], 32);
}
static int ch_identity_generate(job_t *j) {
    pql_channel_identity_free(CB(j)->tmp_id);
    return pql_channel_identity_generate(&CB(j)->tmp_id);
}
static int ch_identity_seed(job_t *j) {
    return pql_channel_identity_seed(CB(j)->id[0], CB(j)->seed_out, 32);
}
static int ch_initiator(job_t *j) {
    return pql_channel_handshake_initiator_with_randomness(
        &CB(j)->hs[0], CB(j)->id[0], PQL_CHANNEL_POLICY_PINNED, CB(j)->peer[1], 32, CB(j)->rnd_i,
        sizeof CB(j)->rnd_i);
}
static int ch_responder(job_t *j) {
    return pql_channel_handshake_responder_with_randomness(
        &CB(j)->hs[1], CB(j)->id[1], PQL_CHANNEL_POLICY_PINNED, CB(j)->peer[0], 32, CB(j)->rnd_r,
        sizeof CB(j)->rnd_r);
}
static int ch_initiator_os(job_t *j) {
    pql_channel_handshake_free(CB(j)->tmp_hs);
    return pql_channel_handshake_initiator(&CB(j)->tmp_hs, CB(j)->id[0], PQL_CHANNEL_POLICY_ANY_PEER,
                                           NULL, 0);
}
static int ch_write_i(job_t *j) {
    return pql_channel_handshake_write_message(CB(j)->hs[0], CB(j)->msg, CH_MSG, &CB(j)->msg_len);
}
static int ch_write_r(job_t *j) {
    return pql_channel_handshake_write_message(CB(j)->hs[1], CB(j)->msg, CH_MSG, &CB(j)->msg_len);
}
static int ch_read_i(job_t *j) {
    return pql_channel_handshake_read_message(CB(j)->hs[0], CB(j)->msg, CB(j)->msg_len);
}
static int ch_read_r(job_t *j) {
    return pql_channel_handshake_read_message(CB(j)->hs[1], CB(j)->msg, CB(j)->msg_len);
}
static int ch_session_i(job_t *j) {
    return pql_channel_handshake_into_session(CB(j)->hs[0], &CB(j)->s[0]);
}
static int ch_session_r(job_t *j) {
    return pql_channel_handshake_into_session(CB(j)->hs[1], &CB(j)->s[1]);
}
static int ch_seal(job_t *j) {
    return pql_channel_session_seal(CB(j)->s[0], CB(j)->rec, sizeof CB(j)->rec, &CB(j)->rec_len,
                                    CB(j)->plain, sizeof CB(j)->plain);
}
static int ch_open(job_t *j) {
    return pql_channel_session_open(CB(j)->s[1], CB(j)->opened, sizeof CB(j)->opened,
                                    &CB(j)->opened_len, &CB(j)->kind, CB(j)->rec, CB(j)->rec_len);
}
static int ch_export(job_t *j) {
    return pql_channel_session_export(CB(j)->s[0], CB(j)->exported, sizeof CB(j)->exported,
                                      (const uint8_t *)"stack", 5, NULL, 0);
}
static int ch_update_keys(job_t *j) {
    CB(j)->rec_len = PQL_CHANNEL_RECORD_OVERHEAD_BYTES;
    return pql_channel_session_update_keys(CB(j)->s[0], CB(j)->rec, CB(j)->rec_len);
}
static int ch_close(job_t *j) {
    CB(j)->rec_len = PQL_CHANNEL_RECORD_OVERHEAD_BYTES;
    return pql_channel_session_close(CB(j)->s[0], CB(j)->rec, CB(j)->rec_len);
}

enum { SC_SEED_I = 1, SC_SEED_R = 2, SC_RND_I = 4, SC_RND_R = 8, SC_PLAIN = 16, SC_EXPORT = 32,
       SC_OTHER = 64 };

/* In call order: each step works on the state the previous ones left. */
static const op_t CH_OPS[] = {
    {"identity_from_seed (initiator)", ch_identity_i, SC_SEED_I, 0},
    {"identity_from_seed (responder)", ch_identity_r, SC_SEED_R, 0},
    {"identity_generate", ch_identity_generate, SC_OTHER, 0},
    {"identity_seed", ch_identity_seed, SC_SEED_I, 0},
    {"handshake_initiator (OS randomness)", ch_initiator_os, SC_SEED_I, 0},
    {"handshake_initiator_with_randomness", ch_initiator, SC_SEED_I | SC_RND_I, 0},
    {"handshake_responder_with_randomness", ch_responder, SC_SEED_R | SC_RND_R, 0},
    {"write InitiatorHello", ch_write_i, SC_SEED_I | SC_RND_I, 0},
    {"read InitiatorHello", ch_read_r, SC_SEED_R | SC_RND_R, 0},
    {"write ResponderHello", ch_write_r, SC_SEED_R | SC_RND_R, 0},
    {"read ResponderHello", ch_read_i, SC_SEED_I | SC_RND_I, 0},
    {"write InitiatorAuth", ch_write_i, SC_SEED_I | SC_RND_I, 0},
    {"read InitiatorAuth", ch_read_r, SC_SEED_R | SC_RND_R, 0},
    {"into_session (initiator)", ch_session_i, SC_OTHER, 0},
    {"into_session (responder)", ch_session_r, SC_OTHER, 0},
    {"session_seal", ch_seal, SC_PLAIN, 0},
    {"session_open", ch_open, SC_PLAIN, 0},
    {"session_export", ch_export, SC_EXPORT, 0},
    {"session_update_keys", ch_update_keys, SC_OTHER, 0},
    {"session_close", ch_close, SC_OTHER, 0},
};
#define NUM_CH_OPS (sizeof CH_OPS / sizeof CH_OPS[0])

static void channel_tests(void) {
    ch_bufs_t *b = (ch_bufs_t *)xmalloc(sizeof *b);
    size_t i, k;
    memset(b, 0, sizeof *b);
    fill(b->seed[0], 32, 91);
    fill(b->seed[1], 32, 92);
    fill(b->rnd_i, sizeof b->rnd_i, 93);
    fill(b->rnd_r, sizeof b->rnd_r, 94);
    fill(b->plain, sizeof b->plain, 95);
    /* The PeerIds to pin (public), from identities made outside the owned stack. */
    for (k = 0; k < 2; k++) {
        pql_channel_identity *id = NULL;
        CHECK_RC(pql_channel_identity_from_seed(&id, b->seed[k], 32), PQL_OK);
        CHECK_RC(pql_channel_identity_peer_id(id, b->peer[k], 32), PQL_OK);
        pql_channel_identity_free(id);
    }
    for (i = 0; i < NUM_CH_OPS; i++) {
        char name[96];
        secret_t sec[MAX_SECRETS];
        size_t n = 0;
        int w = CH_OPS[i].secrets;
        job_t j;
        memset(&j, 0, sizeof j);
        snprintf(name, sizeof name, "channel %s", CH_OPS[i].name);
        j.name = name;
        j.call = CH_OPS[i].call;
        j.bufs = b;
        j.expected = PQL_OK;
        if (w & SC_SEED_I) sec[n++] = (secret_t){"initiator identity seed", b->seed[0], 32};
        if (w & SC_SEED_R) sec[n++] = (secret_t){"responder identity seed", b->seed[1], 32};
        if (w & SC_RND_I) sec[n++] = (secret_t){"initiator randomness", b->rnd_i, sizeof b->rnd_i};
        if (w & SC_RND_R) sec[n++] = (secret_t){"responder randomness", b->rnd_r, sizeof b->rnd_r};
        if (w & SC_PLAIN) sec[n++] = (secret_t){"record plaintext", b->plain, sizeof b->plain};
        if (w & SC_EXPORT) {
            sec[n++] = (secret_t){"exporter output", b->exported, sizeof b->exported};
        }
        /* identity_seed only copies 32 bytes: without wiping it uses almost no
         * stack, too little for the painting check of the negative control. */
        if (g_expect_leaks && CH_OPS[i].call == ch_identity_seed) {
            CHECK_RC(ch_identity_seed(&j), PQL_OK);
            continue;
        }
        check_call(&j, &CH_OPS[i], n, sec);
    }
    CHECK(b->kind == PQL_CHANNEL_RECEIVED_DATA && b->opened_len == sizeof b->plain &&
          memcmp(b->opened, b->plain, sizeof b->plain) == 0);
    for (k = 0; k < 2; k++) {
        pql_channel_session_free(b->s[k]);
        pql_channel_handshake_free(b->hs[k]);
        pql_channel_identity_free(b->id[k]);
    }
    pql_channel_handshake_free(b->tmp_hs);
    pql_channel_identity_free(b->tmp_id);
    free(b);
}

/* ------------------------------------------------------------------------- */
/* Key files (SPKI / PKCS#8) and streaming ML-DSA, on handles                 */
/* ------------------------------------------------------------------------- */

/* The buffers of one parameter set's key-file calls: its PKCS#8 encodings in the
 * three forms and SPKI (made before the calls), handles for the encoders, and the
 * handle a decoder made (freed after the stack was examined: *_free is not a
 * secret-handling call that wipes). */
typedef struct {
    const char *name;
    uint8_t *p8[3], *spki, *seed, *priv, *out, *mu, *msg;
    size_t p8_len[3], spki_len, seed_len, priv_len, out_len;
    size_t secret_off, secret_len; /* the secret part of the expanded private key */
    void *priv_h, *pub_h, *made;
    int format, is_dsa;
} kf_bufs_t;

#define KF(j) ((kf_bufs_t *)(j)->bufs)

#define KF_OPS(P, PRIV, PUB, PRIV_FROM, PRIV_TO, PUB_FROM, PUB_TO)                             \
    static int P##_kf_priv_from(job_t *j) {                                                   \
        P##_##PRIV *h = NULL;                                                                 \
        int rc = P##_##PRIV_FROM(&h, KF(j)->p8[KF(j)->format], KF(j)->p8_len[KF(j)->format]); \
        KF(j)->made = h;                                                                      \
        return rc;                                                                            \
    }                                                                                         \
    static int P##_kf_priv_to(job_t *j) {                                                     \
        return P##_##PRIV_TO((const P##_##PRIV *)KF(j)->priv_h, KF(j)->format, KF(j)->out,    \
                             KF(j)->p8_len[KF(j)->format]);                                   \
    }                                                                                         \
    static int P##_kf_pub_from(job_t *j) {                                                    \
        P##_##PUB *h = NULL;                                                                  \
        int rc = P##_##PUB_FROM(&h, KF(j)->spki, KF(j)->spki_len);                            \
        KF(j)->made = h;                                                                      \
        return rc;                                                                            \
    }                                                                                         \
    static int P##_kf_pub_to(job_t *j) {                                                      \
        return P##_##PUB_TO((const P##_##PUB *)KF(j)->pub_h, KF(j)->out, KF(j)->spki_len);    \
    }                                                                                         \
    static void P##_kf_free(kf_bufs_t *b, int priv) {                                         \
        if (priv) P##_##PRIV##_free((P##_##PRIV *)b->made);                                   \
        else P##_##PUB##_free((P##_##PUB *)b->made);                                          \
        b->made = NULL;                                                                       \
    }

KF_OPS(pql_ml_kem_512, dk, ek, dk_from_pkcs8, dk_to_pkcs8, ek_from_spki, ek_to_spki)
KF_OPS(pql_ml_kem_768, dk, ek, dk_from_pkcs8, dk_to_pkcs8, ek_from_spki, ek_to_spki)
KF_OPS(pql_ml_kem_1024, dk, ek, dk_from_pkcs8, dk_to_pkcs8, ek_from_spki, ek_to_spki)
KF_OPS(pql_ml_dsa_44, sk, vk, sk_from_pkcs8, sk_to_pkcs8, vk_from_spki, vk_to_spki)
KF_OPS(pql_ml_dsa_65, sk, vk, sk_from_pkcs8, sk_to_pkcs8, vk_from_spki, vk_to_spki)
KF_OPS(pql_ml_dsa_87, sk, vk, sk_from_pkcs8, sk_to_pkcs8, vk_from_spki, vk_to_spki)

/* Streaming ML-DSA: a hasher from the verifying key fed the message, mu, and the
 * deterministic signature of mu (the one secret-handling call). */
#define STREAM_OPS(N)                                                                         \
    static int stream_mu_##N(job_t *j) {                                                      \
        pql_ml_dsa_##N##_mu_hasher *h = NULL;                                                 \
        int rc = pql_ml_dsa_##N##_vk_mu_hasher((const pql_ml_dsa_##N##_vk *)KF(j)->pub_h, CTX, \
                                               sizeof CTX, &h);                               \
        if (rc == PQL_OK) rc = pql_ml_dsa_##N##_mu_hasher_update(h, KF(j)->msg, MSG_BYTES);   \
        if (rc == PQL_OK) rc = pql_ml_dsa_##N##_mu_hasher_finish(h, KF(j)->mu, PQL_ML_DSA_MU_BYTES); \
        pql_ml_dsa_##N##_mu_hasher_free(h);                                                   \
        return rc;                                                                            \
    }                                                                                         \
    static int stream_sign_##N(job_t *j) {                                                    \
        return pql_ml_dsa_##N##_sk_sign_mu_deterministic(                                     \
            (const pql_ml_dsa_##N##_sk *)KF(j)->priv_h, KF(j)->out,                           \
            PQL_ML_DSA_##N##_SIGNATURE_BYTES, KF(j)->mu, PQL_ML_DSA_MU_BYTES);                \
    }
STREAM_OPS(44)
STREAM_OPS(65)
STREAM_OPS(87)

typedef struct {
    const char *name;
    int dsa; /* 0 ML-KEM, 1 ML-DSA */
    size_t seed_len, priv_len, secret_off, secret_len, spki_len, p8_len[3], sig_len;
    int (*keypair_from_seed)(uint8_t *, size_t, uint8_t *, size_t, const uint8_t *, size_t);
    size_t pub_len;
    int (*priv_from)(job_t *), (*priv_to)(job_t *), (*pub_from)(job_t *), (*pub_to)(job_t *);
    void (*free_made)(kf_bufs_t *, int);
    int (*stream_mu)(job_t *), (*stream_sign)(job_t *);
    /* handles for the encoders, made from the seed-form encoding */
    int (*make_handles)(kf_bufs_t *);
    void (*free_handles)(kf_bufs_t *);
} kf_set_t;

#define KF_HANDLES(P, PRIV, PUB, PRIV_FROM, PUB_FROM)                                         \
    static int P##_kf_make(kf_bufs_t *b) {                                                    \
        P##_##PRIV *h = NULL;                                                                 \
        P##_##PUB *e = NULL;                                                                  \
        int rc = P##_##PRIV_FROM(&h, b->p8[0], b->p8_len[0]);                                 \
        if (rc == PQL_OK) rc = P##_##PUB_FROM(&e, b->spki, b->spki_len);                      \
        b->priv_h = h;                                                                        \
        b->pub_h = e;                                                                         \
        return rc;                                                                            \
    }                                                                                         \
    static void P##_kf_unmake(kf_bufs_t *b) {                                                 \
        P##_##PRIV##_free((P##_##PRIV *)b->priv_h);                                           \
        P##_##PUB##_free((P##_##PUB *)b->pub_h);                                              \
    }
KF_HANDLES(pql_ml_kem_512, dk, ek, dk_from_pkcs8, ek_from_spki)
KF_HANDLES(pql_ml_kem_768, dk, ek, dk_from_pkcs8, ek_from_spki)
KF_HANDLES(pql_ml_kem_1024, dk, ek, dk_from_pkcs8, ek_from_spki)
KF_HANDLES(pql_ml_dsa_44, sk, vk, sk_from_pkcs8, vk_from_spki)
KF_HANDLES(pql_ml_dsa_65, sk, vk, sk_from_pkcs8, vk_from_spki)
KF_HANDLES(pql_ml_dsa_87, sk, vk, sk_from_pkcs8, vk_from_spki)

/* The secret part of ML-KEM dk: s-hat (384 k bytes); of ML-DSA sk: s1 || s2 || t0. */
#define KF_KEM(N, K)                                                                          \
    {"ML-KEM-" #N, 0, 64, PQL_ML_KEM_##N##_DECAPSULATION_KEY_BYTES, 0, 384 * K,               \
     PQL_ML_KEM_##N##_SPKI_BYTES,                                                             \
     {PQL_ML_KEM_PKCS8_SEED_BYTES, PQL_ML_KEM_##N##_PKCS8_EXPANDED_BYTES,                     \
      PQL_ML_KEM_##N##_PKCS8_BOTH_BYTES},                                                     \
     0, pql_ml_kem_##N##_keypair_from_seed, PQL_ML_KEM_##N##_ENCAPSULATION_KEY_BYTES,         \
     pql_ml_kem_##N##_kf_priv_from, pql_ml_kem_##N##_kf_priv_to, pql_ml_kem_##N##_kf_pub_from, \
     pql_ml_kem_##N##_kf_pub_to, pql_ml_kem_##N##_kf_free, NULL, NULL,                        \
     pql_ml_kem_##N##_kf_make, pql_ml_kem_##N##_kf_unmake}
#define KF_DSA(N)                                                                             \
    {"ML-DSA-" #N, 1, 32, PQL_ML_DSA_##N##_SIGNING_KEY_BYTES, 128,                            \
     PQL_ML_DSA_##N##_SIGNING_KEY_BYTES - 128, PQL_ML_DSA_##N##_SPKI_BYTES,                   \
     {PQL_ML_DSA_PKCS8_SEED_BYTES, PQL_ML_DSA_##N##_PKCS8_EXPANDED_BYTES,                     \
      PQL_ML_DSA_##N##_PKCS8_BOTH_BYTES},                                                     \
     PQL_ML_DSA_##N##_SIGNATURE_BYTES, pql_ml_dsa_##N##_keypair_from_seed,                    \
     PQL_ML_DSA_##N##_VERIFYING_KEY_BYTES, pql_ml_dsa_##N##_kf_priv_from,                     \
     pql_ml_dsa_##N##_kf_priv_to, pql_ml_dsa_##N##_kf_pub_from, pql_ml_dsa_##N##_kf_pub_to,   \
     pql_ml_dsa_##N##_kf_free, stream_mu_##N, stream_sign_##N, pql_ml_dsa_##N##_kf_make,      \
     pql_ml_dsa_##N##_kf_unmake}
static const kf_set_t KF_SETS[] = {KF_KEM(512, 2), KF_KEM(768, 3), KF_KEM(1024, 4),
                                   KF_DSA(44),     KF_DSA(65),     KF_DSA(87)};

static const char *const FORM_NAMES[3] = {"seed", "expanded", "both"};

/* One key-file call: runs it on the owned stack, searches for the seed and the
 * secret part of the private key (for secret-handling calls), frees what it made. */
static void kf_call(const kf_set_t *k, kf_bufs_t *b, const char *what, int (*call)(job_t *),
                    int secrets, int priv) {
    char name[96];
    secret_t sec[MAX_SECRETS];
    size_t nsec = 0;
    job_t j;
    op_t op = {what, call, secrets, 0};
    memset(&j, 0, sizeof j);
    snprintf(name, sizeof name, "%s %s", k->name, what);
    j.name = name;
    j.call = call;
    j.scheme = k;
    j.bufs = b;
    j.expected = PQL_OK;
    if (secrets) {
        if (k->dsa) {
            sec[nsec++] = (secret_t){"seed xi", b->seed, 32};
            sec[nsec++] = (secret_t){"sk: K", b->priv + 32, 32};
        } else {
            sec[nsec++] = (secret_t){"seed d", b->seed, 32};
            sec[nsec++] = (secret_t){"seed z", b->seed + 32, 32};
        }
        sec[nsec++] = (secret_t){"private key: secret part", b->priv + k->secret_off, k->secret_len};
    }
    check_call(&j, &op, nsec, sec);
    if (b->made != NULL) k->free_made(b, priv);
}

static void keyfile_tests(const kf_set_t *k) {
    kf_bufs_t b;
    uint8_t *pub = (uint8_t *)xmalloc(k->pub_len);
    int f;
    char what[64];
    memset(&b, 0, sizeof b);
    b.seed = (uint8_t *)xmalloc(k->seed_len);
    b.priv = (uint8_t *)xmalloc(k->priv_len);
    b.spki = (uint8_t *)xmalloc(k->spki_len);
    b.spki_len = k->spki_len;
    b.out = (uint8_t *)xmalloc(k->p8_len[2] + k->spki_len + k->sig_len);
    b.mu = (uint8_t *)xmalloc(PQL_ML_DSA_MU_BYTES);
    b.msg = (uint8_t *)xmalloc(MSG_BYTES);
    fill(b.seed, k->seed_len, 77);
    fill(b.msg, MSG_BYTES, 78);
    CHECK_RC(k->keypair_from_seed(pub, k->pub_len, b.priv, k->priv_len, b.seed, k->seed_len),
             PQL_OK);
    /* The encodings, through handles made from the seed outside the measured calls. */
    for (f = 0; f < 3; f++) b.p8[f] = (uint8_t *)xmalloc(k->p8_len[f]), b.p8_len[f] = k->p8_len[f];
    b.p8[0][0] = 0;
    {
        /* A seed-form PKCS#8 key written by hand (RFC 9935 / 9881 layout). */
        static const uint8_t kem_hdr[] = {0x30, 0x54, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09,
                                          0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x00,
                                          0x04, 0x42, 0x80, 0x40};
        static const uint8_t dsa_hdr[] = {0x30, 0x34, 0x02, 0x01, 0x00, 0x30, 0x0b, 0x06, 0x09,
                                          0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x00,
                                          0x04, 0x22, 0x80, 0x20};
        const uint8_t *hdr = k->dsa ? dsa_hdr : kem_hdr;
        memcpy(b.p8[0], hdr, sizeof kem_hdr);
        b.p8[0][17] = (uint8_t)(k->dsa ? 0x11 + (k - KF_SETS - 3) : 1 + (k - KF_SETS));
        memcpy(b.p8[0] + sizeof kem_hdr, b.seed, k->seed_len);
        CHECK(sizeof kem_hdr + k->seed_len == k->p8_len[0]);
    }
    /* SPKI: needs the public-key handle; made from the private one's encoding. */
    {
        /* SEQUENCE { SEQUENCE { OID }, BIT STRING { 0, pk } } with long-form lengths. */
        size_t n = 0, body = 13 + 4 + 1 + k->pub_len;
        b.spki[n++] = 0x30;
        b.spki[n++] = 0x82;
        b.spki[n++] = (uint8_t)(body >> 8);
        b.spki[n++] = (uint8_t)body;
        memcpy(b.spki + n, b.p8[0] + 5, 13);
        n += 13;
        b.spki[n++] = 0x03;
        b.spki[n++] = 0x82;
        b.spki[n++] = (uint8_t)((k->pub_len + 1) >> 8);
        b.spki[n++] = (uint8_t)(k->pub_len + 1);
        b.spki[n++] = 0;
        memcpy(b.spki + n, pub, k->pub_len);
        CHECK(n + k->pub_len == k->spki_len);
    }
    CHECK_RC(k->make_handles(&b), PQL_OK);
    for (f = 1; f < 3; f++) {
        b.format = f;
        b.out_len = k->p8_len[f];
        CHECK_RC(k->priv_to(&(job_t){.bufs = &b}), PQL_OK);
        memcpy(b.p8[f], b.out, k->p8_len[f]);
    }
    for (f = 0; f < 3; f++) {
        b.format = f;
        snprintf(what, sizeof what, "from_pkcs8 (%s)", FORM_NAMES[f]);
        kf_call(k, &b, what, k->priv_from, 1, 1);
        snprintf(what, sizeof what, "to_pkcs8 (%s)", FORM_NAMES[f]);
        kf_call(k, &b, what, k->priv_to, 1, 1);
    }
    kf_call(k, &b, "from_spki", k->pub_from, 0, 0);
    kf_call(k, &b, "to_spki", k->pub_to, 0, 0);
    if (k->dsa) {
        kf_call(k, &b, "mu_hasher (new, update, finish, free)", k->stream_mu, 0, 0);
        kf_call(k, &b, "sk_sign_mu_deterministic", k->stream_sign, 1, 1);
    }
    k->free_handles(&b);
    for (f = 0; f < 3; f++) free(b.p8[f]);
    free(b.seed);
    free(b.priv);
    free(b.spki);
    free(b.out);
    free(b.mu);
    free(b.msg);
    free(pub);
}

static const char *const BACKENDS[] = {"portable", "avx2",      "avx512",
                                        "neon",     "neon-sha3", "wasm-simd128"};
#define NUM_BACKENDS (sizeof BACKENDS / sizeof BACKENDS[0])

int main(int argc, char **argv) {
    int i;
    size_t s, b, backends = 0;
    struct sigaction sa;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect-leaks") == 0) {
            g_expect_leaks = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            g_quiet = 1;
        } else if (strcmp(argv[i], "--stack-only") == 0) {
            g_stack_only = 1;
        } else if (strcmp(argv[i], "--default-stack") == 0) {
            g_default_stack = 1;
        } else {
            fprintf(stderr, "usage: %s [--expect-leaks] [--stack-only] [--default-stack] [--quiet]\n",
                    argv[0]);
            return 2;
        }
    }
    g_page = (size_t)sysconf(_SC_PAGESIZE);
    g_stack = (uint8_t *)mmap(NULL, STACK_BYTES, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (g_stack == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    CHECK(sem_init(&g_done, 0, 0) == 0);
    CHECK(sem_init(&g_release, 0, 0) == 0);
    read_code_ranges();
    CHECK(g_ncode > 0);
    /* Bind sem_post and sem_wait now: a lazily bound symbol's first call runs the
     * dynamic linker's resolver, which saves every vector register on the stack,
     * and registers are not wiped (see ffi/README.md). */
    CHECK(sem_post(&g_done) == 0);
    CHECK(sem_wait(&g_done) == 0);

    for (b = 0; b < NUM_BACKENDS; b++) {
        int rc = pql_backend_force(BACKENDS[b]);
        if (rc == PQL_ERR_BACKEND_UNAVAILABLE) {
            printf("backend %s: not available here\n", BACKENDS[b]);
            continue;
        }
        CHECK_RC(rc, PQL_OK);
        CHECK(strcmp(pql_backend(), BACKENDS[b]) == 0);
        if (g_default_stack) {
            printf("backend %s: every call on a thread with the default stack size\n", pql_backend());
        } else {
            printf("backend %s: peak stack per call (bound %d bytes), bytes left behind, secrets "
                   "among them:\n",
                   pql_backend(), PQL_STACK_MAX_BYTES);
        }
        for (s = 0; s < NUM_KEMS; s++) kem_tests(&KEMS[s]);
        for (s = 0; s < NUM_DSAS; s++) dsa_tests(&DSAS[s]);
        for (s = 0; s < NUM_KEMS; s++) kem_handle_tests(&KEMS[s], KEM_HANDLE_SETS[s]);
        for (s = 0; s < NUM_DSAS; s++) dsa_handle_tests(&DSAS[s], DSA_HANDLE_SETS[s]);
        xwing_tests();
        channel_tests();
        for (s = 0; s < sizeof KF_SETS / sizeof KF_SETS[0]; s++) keyfile_tests(&KF_SETS[s]);
        backends++;
    }
    CHECK(backends > 0);
    if (!g_default_stack) {
        printf("deepest: %s, %zu bytes (%.1f KiB)\n", g_max_name, g_max_depth,
               g_max_depth / 1024.0);
    }
    printf("calls leaving bytes behind: %u of %u; leaving secrets: %u (of the %u that do "
           "without wiping: %u)\n",
           g_residue_calls, g_calls, g_leaky_calls, g_expected_leaky, g_expected_found);
    if (g_expect_leaks && !g_stack_only) {
        /* The negative control: without wiping, every call leaves bytes behind
         * and every call known to leave secrets does, so both searches can find
         * what they look for. */
        CHECK(g_residue_found == g_residue_expected && g_residue_expected > 0);
        CHECK(g_expected_found == g_expected_leaky);
        CHECK(g_expected_leaky > 0);
    }
    munmap(g_stack, STACK_BYTES);
    return finish("test_stack");
}
