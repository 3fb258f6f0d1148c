/*
 * The secure channel through the C API (pql_channel_*):
 *  - the deterministic vectors (test-vectors/channel/v1.json, exported to
 *    channel.vec by `cargo run -p pqlattice-ffi --example export_vectors`), byte for
 *    byte: identities (PeerId, fingerprint, verifying key) from the seeds, the three
 *    handshake messages from the fixed randomness, TH_final on both sides, every
 *    exporter output on both sides, and every record sealed by its sender and opened
 *    by the other side with the right kind and plaintext;
 *  - handshakes with OS randomness under every peer policy;
 *  - bad input: NULL for every pointer, wrong lengths, unknown policies, short
 *    buffers (PQL_ERR_BUFFER_TOO_SMALL with the size needed, nothing changed),
 *    truncated, flipped, replayed, reordered and downgraded handshake messages, a
 *    wrong pin, an allow-list without the peer, a changed known peer, tampered,
 *    replayed and truncated records, records after close; every failure zeroes the
 *    outputs, and a failed handshake or session refuses every later call.
 *
 * usage: test_channel CHANNEL_VEC_FILE [--quick]
 *   --quick: without the tampered-handshake sweep (about 1700 handshakes), for the
 *   run under valgrind.
 */
#include "common.h"

#include <stdint.h>

#define ID PQL_CHANNEL_PEER_ID_BYTES
#define FP PQL_CHANNEL_FINGERPRINT_BYTES
#define VK PQL_CHANNEL_VERIFYING_KEY_BYTES
#define MAXMSG PQL_CHANNEL_MAX_HANDSHAKE_MESSAGE_BYTES
#define OVH PQL_CHANNEL_RECORD_OVERHEAD_BYTES

typedef struct {
    uint8_t *p;
    size_t n;
} bytes_t;

typedef struct {
    bytes_t seed, randomness, peer_id, vk;
    char fingerprint[FP];
} party_t;

#define MAX_EXPORTS 8
#define MAX_RECORDS 16

typedef struct {
    party_t party[2]; /* 0: initiator, 1: responder */
    bytes_t msg[3];   /* initiator_hello, responder_hello, initiator_auth */
    bytes_t th;
    struct {
        bytes_t label, context, output;
        size_t len;
    } exp[MAX_EXPORTS];
    size_t nexp;
    struct {
        int from; /* 0 initiator, 1 responder */
        int kind; /* PQL_CHANNEL_RECEIVED_* */
        bytes_t plaintext, record;
    } rec[MAX_RECORDS];
    size_t nrec;
} vectors_t;

static vectors_t V;

static bytes_t hex_field(FILE *f, token_t *t) {
    bytes_t b = {NULL, 0};
    if (!next_token(f, t) || (b.p = hex_decode(t->buf, &b.n)) == NULL) {
        fprintf(stderr, "malformed channel.vec\n");
        exit(2);
    }
    return b;
}

static void load_vectors(const char *path) {
    FILE *f = fopen(path, "r");
    token_t t = {NULL, 0};
    long records = 0, end = -1;
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    memset(&V, 0, sizeof V);
    while (next_token(f, &t)) {
        if (strcmp(t.buf, "end") == 0) {
            CHECK(next_token(f, &t));
            end = strtol(t.buf, NULL, 10);
            break;
        }
        records++;
        if (strcmp(t.buf, "party") == 0) {
            party_t *p;
            CHECK(next_token(f, &t));
            p = &V.party[strcmp(t.buf, "responder") == 0];
            p->seed = hex_field(f, &t);
            p->randomness = hex_field(f, &t);
            p->peer_id = hex_field(f, &t);
            CHECK(next_token(f, &t) && strlen(t.buf) == FP - 1);
            snprintf(p->fingerprint, FP, "%s", t.buf);
            p->vk = hex_field(f, &t);
        } else if (strcmp(t.buf, "message") == 0) {
            int i;
            CHECK(next_token(f, &t));
            i = strcmp(t.buf, "initiator_hello") == 0   ? 0
                : strcmp(t.buf, "responder_hello") == 0 ? 1
                                                        : 2;
            V.msg[i] = hex_field(f, &t);
        } else if (strcmp(t.buf, "th") == 0) {
            V.th = hex_field(f, &t);
        } else if (strcmp(t.buf, "export") == 0 && V.nexp < MAX_EXPORTS) {
            V.exp[V.nexp].label = hex_field(f, &t);
            V.exp[V.nexp].context = hex_field(f, &t);
            CHECK(next_token(f, &t));
            V.exp[V.nexp].len = (size_t)strtoul(t.buf, NULL, 10);
            V.exp[V.nexp].output = hex_field(f, &t);
            V.nexp++;
        } else if (strcmp(t.buf, "record") == 0 && V.nrec < MAX_RECORDS) {
            CHECK(next_token(f, &t));
            V.rec[V.nrec].from = strcmp(t.buf, "responder") == 0;
            CHECK(next_token(f, &t));
            V.rec[V.nrec].kind = strcmp(t.buf, "data") == 0         ? PQL_CHANNEL_RECEIVED_DATA
                                 : strcmp(t.buf, "key_update") == 0 ? PQL_CHANNEL_RECEIVED_KEY_UPDATE
                                                                    : PQL_CHANNEL_RECEIVED_CLOSE;
            V.rec[V.nrec].plaintext = hex_field(f, &t);
            V.rec[V.nrec].record = hex_field(f, &t);
            V.nrec++;
        } else {
            fprintf(stderr, "channel.vec: unknown record %s\n", t.buf);
            exit(2);
        }
    }
    free(t.buf);
    fclose(f);
    CHECK(end == records);
    CHECK(V.msg[0].n == PQL_CHANNEL_INITIATOR_HELLO_BYTES);
    CHECK(V.msg[1].n == PQL_CHANNEL_RESPONDER_HELLO_BYTES);
    CHECK(V.msg[2].n == PQL_CHANNEL_INITIATOR_AUTH_BYTES);
    CHECK(V.nexp > 0 && V.nrec > 0);
    printf("channel.vec: %ld records (%zu exports, %zu channel records)\n", records, V.nexp,
           V.nrec);
}

static int eq(const uint8_t *a, size_t n, bytes_t b) { return n == b.n && memcmp(a, b.p, n) == 0; }

/* ------------------------------------------------------------------------- */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------- */

static pql_channel_identity *identity(const bytes_t *seed) {
    pql_channel_identity *id = NULL;
    CHECK_RC(pql_channel_identity_from_seed(&id, seed->p, seed->n), PQL_OK);
    if (id == NULL) exit(2);
    return id;
}

static int step_of(const pql_channel_handshake *hs) {
    int s = -1;
    CHECK_RC(pql_channel_handshake_next_step(hs, &s), PQL_OK);
    return s;
}

/* The two vector handshakes, each pinning the other. */
static void vector_handshakes(pql_channel_identity *ii, pql_channel_identity *ri,
                              pql_channel_handshake **i, pql_channel_handshake **r) {
    *i = *r = NULL;
    CHECK_RC(pql_channel_handshake_initiator_with_randomness(
                 i, ii, PQL_CHANNEL_POLICY_PINNED, V.party[1].peer_id.p, ID,
                 V.party[0].randomness.p, V.party[0].randomness.n),
             PQL_OK);
    CHECK_RC(pql_channel_handshake_responder_with_randomness(
                 r, ri, PQL_CHANNEL_POLICY_PINNED, V.party[0].peer_id.p, ID,
                 V.party[1].randomness.p, V.party[1].randomness.n),
             PQL_OK);
    if (*i == NULL || *r == NULL) exit(2);
}

/* Writes the next message of hs into buf (MAXMSG bytes); returns its length. */
static size_t write_msg(pql_channel_handshake *hs, uint8_t *buf) {
    size_t n = 0;
    CHECK_RC(pql_channel_handshake_write_message(hs, buf, MAXMSG, &n), PQL_OK);
    return n;
}

/* Runs a whole handshake between i and r; returns 1 if both finished. Messages pass
 * through tamper(), if given, which may change them (index, buffer, length). */
typedef void (*tamper_fn)(int index, uint8_t *msg, size_t *len, void *ctx);
static int run_handshake(pql_channel_handshake *i, pql_channel_handshake *r, tamper_fn tamper,
                         void *ctx, int *failed_status) {
    static uint8_t buf[MAXMSG];
    pql_channel_handshake *sides[2];
    int index, rc;
    sides[0] = i;
    sides[1] = r;
    for (index = 0; index < 3; index++) {
        pql_channel_handshake *w = sides[index % 2], *rd = sides[(index + 1) % 2];
        size_t n = 0;
        rc = pql_channel_handshake_write_message(w, buf, MAXMSG, &n);
        if (rc != PQL_OK) {
            *failed_status = rc;
            return 0;
        }
        if (tamper != NULL) tamper(index, buf, &n, ctx);
        rc = pql_channel_handshake_read_message(rd, buf, n);
        if (rc != PQL_OK) {
            *failed_status = rc;
            return 0;
        }
    }
    *failed_status = PQL_OK;
    return step_of(i) == PQL_CHANNEL_STEP_DONE && step_of(r) == PQL_CHANNEL_STEP_DONE;
}

/* A failed handshake refuses everything, with PQL_ERR_CHANNEL_FAILED. */
static void check_handshake_refuses(pql_channel_handshake *hs) {
    uint8_t buf[64], id[ID];
    size_t n = 99;
    pql_channel_session *s = (pql_channel_session *)&n;
    CHECK(step_of(hs) == PQL_CHANNEL_STEP_FAILED);
    memset(buf, 0xAA, sizeof buf);
    CHECK_RC(pql_channel_handshake_write_message(hs, buf, sizeof buf, &n), PQL_ERR_CHANNEL_FAILED);
    CHECK(n == 0 && all_zero(buf, sizeof buf));
    CHECK_RC(pql_channel_handshake_read_message(hs, V.msg[0].p, V.msg[0].n),
             PQL_ERR_CHANNEL_FAILED);
    memset(id, 0xAA, sizeof id);
    CHECK_RC(pql_channel_handshake_peer_id(hs, id, ID), PQL_ERR_CHANNEL_FAILED);
    CHECK(all_zero(id, ID));
    CHECK_RC(pql_channel_handshake_into_session(hs, &s), PQL_ERR_CHANNEL_FAILED);
    CHECK(s == NULL);
}

/* ------------------------------------------------------------------------- */
/* The vectors                                                                */
/* ------------------------------------------------------------------------- */

static void test_vectors(void) {
    pql_channel_identity *ii = identity(&V.party[0].seed), *ri = identity(&V.party[1].seed);
    pql_channel_handshake *i, *r;
    pql_channel_session *s[2] = {NULL, NULL};
    uint8_t buf[MAXMSG], id[ID], vk[VK], th[2][32];
    char fp[FP];
    size_t n, k;
    int p;

    /* Identities. */
    for (p = 0; p < 2; p++) {
        pql_channel_identity *x = p == 0 ? ii : ri;
        uint8_t seed[32], parsed[ID];
        CHECK_RC(pql_channel_identity_peer_id(x, id, ID), PQL_OK);
        CHECK(eq(id, ID, V.party[p].peer_id));
        CHECK_RC(pql_channel_identity_fingerprint(x, fp, FP), PQL_OK);
        CHECK(strcmp(fp, V.party[p].fingerprint) == 0);
        CHECK_RC(pql_channel_identity_verifying_key(x, vk, VK), PQL_OK);
        CHECK(eq(vk, VK, V.party[p].vk));
        CHECK_RC(pql_channel_identity_seed(x, seed, 32), PQL_OK);
        CHECK(eq(seed, 32, V.party[p].seed));
        CHECK_RC(pql_channel_peer_id_to_fingerprint(fp, FP, V.party[p].peer_id.p, ID), PQL_OK);
        CHECK(strcmp(fp, V.party[p].fingerprint) == 0);
        CHECK_RC(pql_channel_peer_id_from_fingerprint(parsed, ID, V.party[p].fingerprint,
                                                      strlen(V.party[p].fingerprint)),
                 PQL_OK);
        CHECK(eq(parsed, ID, V.party[p].peer_id));
    }

    /* The handshake: every message byte for byte. */
    vector_handshakes(ii, ri, &i, &r);
    CHECK(step_of(i) == PQL_CHANNEL_STEP_WRITE && step_of(r) == PQL_CHANNEL_STEP_READ);
    /* Size query first: nothing written, the size needed reported, then the message. */
    n = 1;
    CHECK_RC(pql_channel_handshake_write_message(i, NULL, 0, &n), PQL_ERR_BUFFER_TOO_SMALL);
    CHECK(n == PQL_CHANNEL_INITIATOR_HELLO_BYTES);
    memset(buf, 0xAA, 100);
    CHECK_RC(pql_channel_handshake_write_message(i, buf, 100, &n), PQL_ERR_BUFFER_TOO_SMALL);
    CHECK(n == PQL_CHANNEL_INITIATOR_HELLO_BYTES && all_zero(buf, 100));
    CHECK(step_of(i) == PQL_CHANNEL_STEP_WRITE);
    n = write_msg(i, buf);
    CHECK(eq(buf, n, V.msg[0]));
    CHECK(step_of(i) == PQL_CHANNEL_STEP_READ);
    CHECK_RC(pql_channel_handshake_peer_id(r, id, ID), PQL_ERR_CHANNEL_INVALID_STATE);
    CHECK_RC(pql_channel_handshake_read_message(r, buf, n), PQL_OK);
    CHECK(step_of(r) == PQL_CHANNEL_STEP_WRITE);
    n = write_msg(r, buf);
    CHECK(eq(buf, n, V.msg[1]));
    CHECK_RC(pql_channel_handshake_read_message(i, buf, n), PQL_OK);
    CHECK_RC(pql_channel_handshake_peer_id(i, id, ID), PQL_OK);
    CHECK(eq(id, ID, V.party[1].peer_id));
    n = write_msg(i, buf);
    CHECK(eq(buf, n, V.msg[2]));
    CHECK(step_of(i) == PQL_CHANNEL_STEP_DONE);
    CHECK_RC(pql_channel_handshake_read_message(r, buf, n), PQL_OK);
    CHECK(step_of(r) == PQL_CHANNEL_STEP_DONE);
    CHECK_RC(pql_channel_handshake_peer_id(r, id, ID), PQL_OK);
    CHECK(eq(id, ID, V.party[0].peer_id));
    CHECK_RC(pql_channel_handshake_into_session(i, &s[0]), PQL_OK);
    CHECK_RC(pql_channel_handshake_into_session(r, &s[1]), PQL_OK);
    if (s[0] == NULL || s[1] == NULL) exit(2);
    /* The spent handshakes. */
    CHECK(step_of(i) == PQL_CHANNEL_STEP_FAILED);
    {
        pql_channel_session *again = NULL;
        CHECK_RC(pql_channel_handshake_into_session(i, &again), PQL_ERR_CHANNEL_INVALID_STATE);
        CHECK(again == NULL);
        CHECK_RC(pql_channel_handshake_write_message(i, buf, MAXMSG, &n),
                 PQL_ERR_CHANNEL_INVALID_STATE);
    }
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);

    /* TH_final and the peers. */
    for (p = 0; p < 2; p++) {
        CHECK_RC(pql_channel_session_transcript_hash(s[p], th[p], 32), PQL_OK);
        CHECK(eq(th[p], 32, V.th));
        CHECK_RC(pql_channel_session_peer_id(s[p], id, ID), PQL_OK);
        CHECK(eq(id, ID, V.party[1 - p].peer_id));
    }

    /* Every exporter output, on both sides. */
    for (k = 0; k < V.nexp; k++) {
        for (p = 0; p < 2; p++) {
            uint8_t *out = (uint8_t *)xmalloc(V.exp[k].len);
            CHECK_RC(pql_channel_session_export(s[p], out, V.exp[k].len, V.exp[k].label.p,
                                                V.exp[k].label.n, V.exp[k].context.p,
                                                V.exp[k].context.n),
                     PQL_OK);
            CHECK(eq(out, V.exp[k].len, V.exp[k].output));
            free(out);
        }
    }

    /* Every record: sealed by its sender byte for byte, opened by the other side. */
    for (k = 0; k < V.nrec; k++) {
        pql_channel_session *from = s[V.rec[k].from], *to = s[1 - V.rec[k].from];
        uint8_t rec[256], pt[256];
        size_t rn = 0, pn = 7;
        int kind = -1;
        CHECK(V.rec[k].plaintext.n + OVH <= sizeof rec);
        if (V.rec[k].kind == PQL_CHANNEL_RECEIVED_DATA) {
            /* A buffer one byte short first: refused, nothing sealed. */
            CHECK_RC(pql_channel_session_seal(from, rec, V.rec[k].plaintext.n + OVH - 1, &rn,
                                              V.rec[k].plaintext.p, V.rec[k].plaintext.n),
                     PQL_ERR_BUFFER_TOO_SMALL);
            CHECK(rn == V.rec[k].plaintext.n + OVH);
            CHECK_RC(pql_channel_session_seal(from, rec, sizeof rec, &rn, V.rec[k].plaintext.p,
                                              V.rec[k].plaintext.n),
                     PQL_OK);
        } else if (V.rec[k].kind == PQL_CHANNEL_RECEIVED_KEY_UPDATE) {
            CHECK_RC(pql_channel_session_update_keys(from, rec, OVH), PQL_OK);
            rn = OVH;
        } else {
            CHECK_RC(pql_channel_session_close(from, rec, OVH), PQL_OK);
            rn = OVH;
        }
        CHECK(eq(rec, rn, V.rec[k].record));
        if (V.rec[k].plaintext.n > 0) {
            /* Opening with a buffer one byte short: refused before opening. */
            CHECK_RC(pql_channel_session_open(to, pt, V.rec[k].plaintext.n - 1, &pn, &kind,
                                              V.rec[k].record.p, V.rec[k].record.n),
                     PQL_ERR_BUFFER_TOO_SMALL);
            CHECK(pn == V.rec[k].plaintext.n && kind == 0);
        }
        CHECK_RC(pql_channel_session_open(to, pt, sizeof pt, &pn, &kind, V.rec[k].record.p,
                                          V.rec[k].record.n),
                 PQL_OK);
        CHECK(kind == V.rec[k].kind);
        CHECK(eq(pt, pn, V.rec[k].plaintext));
    }
    /* Both sides closed: no more sealing, no more records. */
    {
        uint8_t rec[64], pt[64];
        size_t rn = 5, pn = 5;
        int kind = 5;
        memset(rec, 0xAA, sizeof rec);
        CHECK_RC(pql_channel_session_seal(s[0], rec, sizeof rec, &rn, (const uint8_t *)"x", 1),
                 PQL_ERR_CHANNEL_CLOSED);
        CHECK(rn == 0 && all_zero(rec, sizeof rec));
        CHECK_RC(pql_channel_session_open(s[0], pt, sizeof pt, &pn, &kind, V.rec[0].record.p,
                                          V.rec[0].record.n),
                 PQL_ERR_CHANNEL_CLOSED);
        CHECK(pn == 0 && kind == 0);
        /* Closed is not failed: the exporter still works. */
        CHECK_RC(pql_channel_session_export(s[0], pt, 16, NULL, 0, NULL, 0), PQL_OK);
    }
    pql_channel_session_free(s[0]);
    pql_channel_session_free(s[1]);
    pql_channel_identity_free(ii);
    pql_channel_identity_free(ri);
}

/* ------------------------------------------------------------------------- */
/* Policies and OS randomness                                                 */
/* ------------------------------------------------------------------------- */

/* A handshake with OS randomness under the given policies; returns the status of
 * the first failing call (PQL_OK if both finished), and exchanges one message. */
static int policy_handshake(pql_channel_identity *a, pql_channel_identity *b, int ipol,
                            const uint8_t *iids, size_t iidn, int rpol, const uint8_t *rids,
                            size_t ridn) {
    pql_channel_handshake *i = NULL, *r = NULL;
    int status = PQL_ERR_INTERNAL, ok;
    CHECK_RC(pql_channel_handshake_initiator(&i, a, ipol, iids, iidn), PQL_OK);
    CHECK_RC(pql_channel_handshake_responder(&r, b, rpol, rids, ridn), PQL_OK);
    if (i == NULL || r == NULL) exit(2);
    ok = run_handshake(i, r, NULL, NULL, &status);
    if (ok) {
        pql_channel_session *si = NULL, *sr = NULL;
        uint8_t rec[64], pt[64], e1[32], e2[32];
        size_t rn, pn;
        int kind;
        CHECK_RC(pql_channel_handshake_into_session(i, &si), PQL_OK);
        CHECK_RC(pql_channel_handshake_into_session(r, &sr), PQL_OK);
        CHECK_RC(pql_channel_session_seal(si, rec, sizeof rec, &rn, (const uint8_t *)"ping", 4),
                 PQL_OK);
        CHECK_RC(pql_channel_session_open(sr, pt, sizeof pt, &pn, &kind, rec, rn), PQL_OK);
        CHECK(kind == PQL_CHANNEL_RECEIVED_DATA && pn == 4 && memcmp(pt, "ping", 4) == 0);
        CHECK_RC(pql_channel_session_export(si, e1, 32, (const uint8_t *)"l", 1, NULL, 0), PQL_OK);
        CHECK_RC(pql_channel_session_export(sr, e2, 32, (const uint8_t *)"l", 1, NULL, 0), PQL_OK);
        CHECK(memcmp(e1, e2, 32) == 0);
        pql_channel_session_free(si);
        pql_channel_session_free(sr);
    } else {
        CHECK(status != PQL_OK);
        /* Whichever side failed refuses further use. */
        if (step_of(i) == PQL_CHANNEL_STEP_FAILED) check_handshake_refuses(i);
        if (step_of(r) == PQL_CHANNEL_STEP_FAILED) check_handshake_refuses(r);
    }
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    return status;
}

static void test_policies(void) {
    pql_channel_identity *a = NULL, *b = NULL, *c = NULL;
    uint8_t ida[ID], idb[ID], idc[ID], list[3 * ID], seed[32];
    CHECK_RC(pql_channel_identity_generate(&a), PQL_OK);
    CHECK_RC(pql_channel_identity_generate(&b), PQL_OK);
    if (a == NULL || b == NULL) exit(2);
    CHECK_RC(pql_channel_identity_seed(a, seed, 32), PQL_OK);
    CHECK(!all_zero(seed, 32));
    c = identity(&V.party[0].seed);
    CHECK_RC(pql_channel_identity_peer_id(a, ida, ID), PQL_OK);
    CHECK_RC(pql_channel_identity_peer_id(b, idb, ID), PQL_OK);
    CHECK_RC(pql_channel_identity_peer_id(c, idc, ID), PQL_OK);
    CHECK(memcmp(ida, idb, ID) != 0);

    /* Pinned both ways. */
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_PINNED, idb, ID, PQL_CHANNEL_POLICY_PINNED,
                              ida, ID),
             PQL_OK);
    /* Wrong pin on the initiator (the responder is b, the pin is c). */
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_PINNED, idc, ID, PQL_CHANNEL_POLICY_ANY_PEER,
                              NULL, 0),
             PQL_ERR_CHANNEL_PEER_MISMATCH);
    /* Wrong pin on the responder. */
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0, PQL_CHANNEL_POLICY_PINNED,
                              idc, ID),
             PQL_ERR_CHANNEL_PEER_MISMATCH);
    /* Allow-lists. */
    memcpy(list, idc, ID);
    memcpy(list + ID, ida, ID);
    memcpy(list + 2 * ID, idb, ID);
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_ALLOW_LIST, list, 3 * ID,
                              PQL_CHANNEL_POLICY_ALLOW_LIST, list, 2 * ID),
             PQL_OK);
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_ALLOW_LIST, list, 2 * ID,
                              PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0),
             PQL_ERR_CHANNEL_PEER_NOT_ALLOWED);
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0,
                              PQL_CHANNEL_POLICY_ALLOW_LIST, NULL, 0),
             PQL_ERR_CHANNEL_PEER_NOT_ALLOWED);
    /* Trust on first use: first contact, known peer, changed key. */
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE, NULL, 0,
                              PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE, ida, ID),
             PQL_OK);
    CHECK_RC(policy_handshake(a, b, PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE, idc, ID,
                              PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0),
             PQL_ERR_CHANNEL_PEER_KEY_CHANGED);
    pql_channel_identity_free(a);
    pql_channel_identity_free(b);
    pql_channel_identity_free(c);
}

/* ------------------------------------------------------------------------- */
/* Bad input                                                                  */
/* ------------------------------------------------------------------------- */

static void test_arguments(void) {
    pql_channel_identity *ii = identity(&V.party[0].seed), *id = (pql_channel_identity *)&V;
    pql_channel_handshake *hs = (pql_channel_handshake *)&V, *i, *r;
    uint8_t buf[128], many[(PQL_CHANNEL_MAX_ALLOW_LIST + 1) * ID];
    char fp[FP + 1];
    size_t n = 7;
    int step = 7;
    const bytes_t *rnd = &V.party[0].randomness;

    /* Identities. */
    CHECK_RC(pql_channel_identity_from_seed(&id, V.party[0].seed.p, 31), PQL_ERR_INVALID_LENGTH);
    CHECK(id == NULL);
    id = (pql_channel_identity *)&V;
    CHECK_RC(pql_channel_identity_from_seed(&id, NULL, 32), PQL_ERR_NULL_POINTER);
    CHECK(id == NULL);
    CHECK_RC(pql_channel_identity_from_seed(NULL, V.party[0].seed.p, 32), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_identity_generate(NULL), PQL_ERR_NULL_POINTER);
    memset(buf, 0xAA, sizeof buf);
    CHECK_RC(pql_channel_identity_seed(NULL, buf, 32), PQL_ERR_NULL_POINTER);
    CHECK(all_zero(buf, 32) && buf[32] == 0xAA);
    memset(buf, 0xAA, sizeof buf);
    CHECK_RC(pql_channel_identity_seed(ii, buf, 33), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(buf, 32) && buf[32] == 0xAA);
    CHECK_RC(pql_channel_identity_peer_id(ii, NULL, ID), PQL_ERR_NULL_POINTER);
    memset(buf, 0xAA, sizeof buf);
    CHECK_RC(pql_channel_identity_peer_id(ii, buf, ID - 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero(buf, ID - 1));
    memset(fp, 'x', sizeof fp);
    CHECK_RC(pql_channel_identity_fingerprint(ii, fp, FP - 1), PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero((const uint8_t *)fp, FP - 1) && fp[FP - 1] == 'x');
    CHECK_RC(pql_channel_identity_fingerprint(NULL, fp, FP), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_identity_verifying_key(ii, buf, sizeof buf), PQL_ERR_INVALID_LENGTH);
    pql_channel_identity_free(NULL);
    pql_channel_handshake_free(NULL);
    pql_channel_session_free(NULL);

    /* Fingerprints. */
    memset(buf, 0xAA, sizeof buf);
    CHECK_RC(pql_channel_peer_id_from_fingerprint(buf, ID, "abc", 3),
             PQL_ERR_CHANNEL_INVALID_FINGERPRINT);
    CHECK(all_zero(buf, ID));
    snprintf(fp, sizeof fp, "%s", V.party[0].fingerprint);
    fp[FP - 2] = fp[FP - 2] == 'a' ? 'b' : 'a'; /* non-zero padding bits, or another id */
    {
        uint8_t other[ID];
        int rc = pql_channel_peer_id_from_fingerprint(other, ID, fp, strlen(fp));
        CHECK(rc == PQL_ERR_CHANNEL_INVALID_FINGERPRINT ||
              (rc == PQL_OK && !eq(other, ID, V.party[0].peer_id)));
    }
    fp[5] = '!';
    CHECK_RC(pql_channel_peer_id_from_fingerprint(buf, ID, fp, strlen(fp)),
             PQL_ERR_CHANNEL_INVALID_FINGERPRINT);
    CHECK_RC(pql_channel_peer_id_from_fingerprint(buf, ID, "\xff\xfe", 2),
             PQL_ERR_CHANNEL_INVALID_FINGERPRINT);
    CHECK_RC(pql_channel_peer_id_from_fingerprint(buf, ID, NULL, 5), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_peer_id_from_fingerprint(buf, ID, NULL, 0),
             PQL_ERR_CHANNEL_INVALID_FINGERPRINT);
    CHECK_RC(pql_channel_peer_id_from_fingerprint(NULL, ID, "abc", 3), PQL_ERR_NULL_POINTER);
    {
        /* 64 hex digits are a PeerId too. */
        char hex[2 * ID + 1];
        uint8_t parsed[ID];
        size_t k;
        for (k = 0; k < ID; k++) snprintf(hex + 2 * k, 3, "%02X", V.party[1].peer_id.p[k]);
        CHECK_RC(pql_channel_peer_id_from_fingerprint(parsed, ID, hex, 2 * ID), PQL_OK);
        CHECK(eq(parsed, ID, V.party[1].peer_id));
    }
    CHECK_RC(pql_channel_peer_id_to_fingerprint(fp, FP, V.party[0].peer_id.p, ID - 1),
             PQL_ERR_INVALID_LENGTH);
    CHECK(all_zero((const uint8_t *)fp, FP));

    /* Handshake creation: handles, policies, randomness. */
    CHECK_RC(pql_channel_handshake_initiator(&hs, NULL, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0),
             PQL_ERR_NULL_POINTER);
    CHECK(hs == NULL);
    CHECK_RC(pql_channel_handshake_initiator(NULL, ii, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0),
             PQL_ERR_NULL_POINTER);
    hs = (pql_channel_handshake *)&V;
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, 0, NULL, 0), PQL_ERR_INVALID_ARGUMENT);
    CHECK(hs == NULL);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, 5, NULL, 0), PQL_ERR_INVALID_ARGUMENT);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_PINNED, NULL, 0),
             PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_PINNED, NULL, ID),
             PQL_ERR_NULL_POINTER);
    CHECK_RC(
        pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_PINNED, V.party[1].peer_id.p, 31),
        PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_ALLOW_LIST,
                                             V.party[1].peer_id.p, 33),
             PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_ANY_PEER,
                                             V.party[1].peer_id.p, ID),
             PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_TRUST_ON_FIRST_USE,
                                             V.party[1].peer_id.p, 2 * ID),
             PQL_ERR_INVALID_LENGTH);
    memset(many, 0x5A, sizeof many);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_ALLOW_LIST, many,
                                             sizeof many),
             PQL_ERR_CHANNEL_ALLOW_LIST_TOO_LONG);
    CHECK(hs == NULL);
    CHECK_RC(pql_channel_handshake_responder(&hs, ii, PQL_CHANNEL_POLICY_ALLOW_LIST, many,
                                             sizeof many - ID),
             PQL_OK);
    pql_channel_handshake_free(hs);
    CHECK_RC(pql_channel_handshake_initiator_with_randomness(
                 &hs, ii, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0, rnd->p, rnd->n - 1),
             PQL_ERR_INVALID_LENGTH);
    CHECK(hs == NULL);
    CHECK_RC(pql_channel_handshake_initiator_with_randomness(
                 &hs, ii, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0, NULL, rnd->n),
             PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_responder_with_randomness(
                 &hs, ii, PQL_CHANNEL_POLICY_ANY_PEER, NULL, 0, rnd->p, rnd->n),
             PQL_ERR_INVALID_LENGTH); /* 96 bytes: an initiator's, not a responder's */

    /* NULL handles and outputs on the handshake calls; none fails the handshake. */
    CHECK_RC(pql_channel_handshake_next_step(NULL, &step), PQL_ERR_NULL_POINTER);
    CHECK(step == 0);
    vector_handshakes(ii, ii, &i, &r);
    CHECK_RC(pql_channel_handshake_next_step(i, NULL), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_write_message(NULL, buf, sizeof buf, &n), PQL_ERR_NULL_POINTER);
    CHECK(n == 0);
    CHECK_RC(pql_channel_handshake_write_message(i, buf, sizeof buf, NULL), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_write_message(i, NULL, 5, &n), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_read_message(NULL, V.msg[0].p, V.msg[0].n),
             PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_read_message(r, NULL, 5), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_handshake_into_session(i, NULL), PQL_ERR_NULL_POINTER);
    CHECK(step_of(i) == PQL_CHANNEL_STEP_WRITE && step_of(r) == PQL_CHANNEL_STEP_READ);
    /* Still intact: the vector messages come out. */
    {
        static uint8_t m[MAXMSG];
        n = write_msg(i, m);
        CHECK(eq(m, n, V.msg[0]));
    }
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    pql_channel_identity_free(ii);
}

/* Handshake messages: truncated, flipped, replayed, reordered, downgraded. */

typedef struct {
    int index;    /* which message to change */
    size_t pos;   /* byte to flip, or length to cut to */
    int truncate; /* 1: cut, 0: flip */
} tamper_t;

static void tamper(int index, uint8_t *msg, size_t *len, void *ctx) {
    const tamper_t *t = (const tamper_t *)ctx;
    if (index != t->index) return;
    if (t->truncate) {
        *len = t->pos;
    } else {
        msg[t->pos] ^= 0x01;
    }
}

/* Runs the vector handshake with one change; it must fail, with a status, on the
 * side that reads the changed message or later, and that side refuses more use. */
static void tampered_handshake(pql_channel_identity *ii, pql_channel_identity *ri, tamper_t *t) {
    pql_channel_handshake *i, *r;
    int status = PQL_OK, ok;
    vector_handshakes(ii, ri, &i, &r);
    ok = run_handshake(i, r, tamper, t, &status);
    CHECK(!ok);
    CHECK(status < 0 && status != PQL_ERR_INTERNAL);
    if (ok || status >= 0 || status == PQL_ERR_INTERNAL) {
        fprintf(stderr, "  message %d %s at %zu: status %d\n", t->index,
                t->truncate ? "cut" : "flipped", t->pos, status);
    }
    if (step_of(i) == PQL_CHANNEL_STEP_FAILED) check_handshake_refuses(i);
    if (step_of(r) == PQL_CHANNEL_STEP_FAILED) check_handshake_refuses(r);
    CHECK(step_of(i) == PQL_CHANNEL_STEP_FAILED || step_of(r) == PQL_CHANNEL_STEP_FAILED);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
}

static void test_tampering(void) {
    pql_channel_identity *ii = identity(&V.party[0].seed), *ri = identity(&V.party[1].seed);
    tamper_t t;
    size_t cases = 0;
    for (t.index = 0; t.index < 3; t.index++) {
        size_t len = V.msg[t.index].n, stride;
        /* Cut at every length of the first message, at a spread of lengths of the
         * others (each costs a full handshake up to that message). */
        stride = t.index == 0 ? 1 : 61;
        t.truncate = 1;
        for (t.pos = 0; t.pos < len; t.pos += stride) {
            tampered_handshake(ii, ri, &t);
            cases++;
        }
        t.pos = len - 1;
        tampered_handshake(ii, ri, &t);
        /* Flip a bit in every byte of the header and at a spread of the rest. */
        t.truncate = 0;
        for (t.pos = 0; t.pos < len; t.pos += t.pos < 40 ? 1 : 97) {
            /* A flipped bit of random_I/random_R only changes the transcript: the
             * handshake then fails on the MAC of the next encrypted part. */
            tampered_handshake(ii, ri, &t);
            cases++;
        }
        t.pos = len - 1;
        tampered_handshake(ii, ri, &t);
    }
    printf("tampered handshake messages: %zu cases\n", cases);
    pql_channel_identity_free(ii);
    pql_channel_identity_free(ri);
}

/* A message read by a fresh handshake in the given role; returns the status. */
static int read_fresh(pql_channel_identity *ii, pql_channel_identity *ri, int responder,
                      const uint8_t *m, size_t n) {
    pql_channel_handshake *i, *r;
    int rc;
    uint8_t buf[MAXMSG];
    vector_handshakes(ii, ri, &i, &r);
    if (responder) {
        rc = pql_channel_handshake_read_message(r, m, n);
        if (rc != PQL_OK) check_handshake_refuses(r);
    } else {
        (void)write_msg(i, buf);
        rc = pql_channel_handshake_read_message(i, m, n);
        if (rc != PQL_OK) check_handshake_refuses(i);
    }
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    return rc;
}

static void test_out_of_order(void) {
    pql_channel_identity *ii = identity(&V.party[0].seed), *ri = identity(&V.party[1].seed);
    pql_channel_handshake *i, *r;
    pql_channel_session *s = NULL;
    static uint8_t m[MAXMSG];
    size_t n;

    /* The responder gets the third or second message first; the initiator gets the
     * first (its own) or third. */
    CHECK_RC(read_fresh(ii, ri, 1, V.msg[2].p, V.msg[2].n), PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE);
    CHECK_RC(read_fresh(ii, ri, 1, V.msg[1].p, V.msg[1].n), PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE);
    CHECK_RC(read_fresh(ii, ri, 0, V.msg[0].p, V.msg[0].n), PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE);
    CHECK_RC(read_fresh(ii, ri, 0, V.msg[2].p, V.msg[2].n), PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE);
    CHECK_RC(read_fresh(ii, ri, 1, NULL, 0), PQL_ERR_CHANNEL_MALFORMED);

    /* Downgrades and unknown offers (docs/channel.md section 4). */
    memcpy(m, V.msg[1].p, V.msg[1].n);
    m[34] = 2; /* ResponderHello.version = 2: not offered */
    CHECK_RC(read_fresh(ii, ri, 0, m, V.msg[1].n), PQL_ERR_CHANNEL_NOT_OFFERED);
    memcpy(m, V.msg[1].p, V.msg[1].n);
    m[36] = 2; /* ResponderHello.suite = 2: not offered */
    CHECK_RC(read_fresh(ii, ri, 0, m, V.msg[1].n), PQL_ERR_CHANNEL_NOT_OFFERED);
    memcpy(m, V.msg[0].p, V.msg[0].n);
    m[35] = 2; /* InitiatorHello offers version 2 only */
    CHECK_RC(read_fresh(ii, ri, 1, m, V.msg[0].n), PQL_ERR_CHANNEL_NO_COMMON_VERSION);
    memcpy(m, V.msg[0].p, V.msg[0].n);
    m[38] = 2; /* InitiatorHello offers suite 2 only */
    CHECK_RC(read_fresh(ii, ri, 1, m, V.msg[0].n), PQL_ERR_CHANNEL_NO_COMMON_SUITE);
    memcpy(m, V.msg[0].p, V.msg[0].n);
    memset(m + 41, 0xff, 32); /* the key share's ML-KEM part out of range */
    CHECK_RC(read_fresh(ii, ri, 1, m, V.msg[0].n), PQL_ERR_CHANNEL_INVALID_KEY_SHARE);

    /* Out of turn: reading when writing is due, writing when reading is due, a
     * session too early: each fatal, as in Rust. */
    vector_handshakes(ii, ri, &i, &r);
    CHECK_RC(pql_channel_handshake_read_message(i, V.msg[1].p, V.msg[1].n),
             PQL_ERR_CHANNEL_INVALID_STATE);
    check_handshake_refuses(i);
    CHECK_RC(pql_channel_handshake_write_message(r, m, MAXMSG, &n), PQL_ERR_CHANNEL_INVALID_STATE);
    check_handshake_refuses(r);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    vector_handshakes(ii, ri, &i, &r);
    CHECK_RC(pql_channel_handshake_into_session(i, &s), PQL_ERR_CHANNEL_INVALID_STATE);
    CHECK(s == NULL);
    check_handshake_refuses(i);
    /* Reading while a written message waits to be fetched (a short buffer). */
    CHECK_RC(pql_channel_handshake_read_message(r, V.msg[0].p, V.msg[0].n), PQL_OK);
    CHECK_RC(pql_channel_handshake_write_message(r, m, 10, &n), PQL_ERR_BUFFER_TOO_SMALL);
    CHECK(n == PQL_CHANNEL_RESPONDER_HELLO_BYTES);
    CHECK(step_of(r) == PQL_CHANNEL_STEP_WRITE);
    CHECK_RC(pql_channel_handshake_read_message(r, V.msg[2].p, V.msg[2].n),
             PQL_ERR_CHANNEL_INVALID_STATE);
    check_handshake_refuses(r);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);

    /* Replays: the responder, after the first message, gets it again. */
    vector_handshakes(ii, ri, &i, &r);
    CHECK_RC(pql_channel_handshake_read_message(r, V.msg[0].p, V.msg[0].n), PQL_OK);
    n = write_msg(r, m);
    CHECK_RC(pql_channel_handshake_read_message(r, V.msg[0].p, V.msg[0].n),
             PQL_ERR_CHANNEL_UNEXPECTED_MESSAGE);
    check_handshake_refuses(r);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    pql_channel_identity_free(ii);
    pql_channel_identity_free(ri);
}

/* Records: tampered, replayed, reordered, truncated, oversized; a failed session
 * refuses everything. */
static void test_records(void) {
    pql_channel_identity *ii = identity(&V.party[0].seed), *ri = identity(&V.party[1].seed);
    pql_channel_handshake *i, *r;
    pql_channel_session *a = NULL, *b = NULL;
    uint8_t r1[64], r2[64], pt[64], *big;
    size_t n1, n2, pn = 9;
    int kind = 9, status;
    vector_handshakes(ii, ri, &i, &r);
    CHECK(run_handshake(i, r, NULL, NULL, &status));
    CHECK_RC(pql_channel_handshake_into_session(i, &a), PQL_OK);
    CHECK_RC(pql_channel_handshake_into_session(r, &b), PQL_OK);
    if (a == NULL || b == NULL) exit(2);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);

    /* Argument errors change nothing. */
    CHECK_RC(pql_channel_session_seal(NULL, r1, sizeof r1, &n1, NULL, 0), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_seal(a, r1, sizeof r1, NULL, NULL, 0), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_seal(a, r1, sizeof r1, &n1, NULL, 3), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_seal(a, NULL, 0, &n1, NULL, 0), PQL_ERR_BUFFER_TOO_SMALL);
    CHECK(n1 == OVH);
    big = (uint8_t *)xmalloc(PQL_CHANNEL_MAX_RECORD_BYTES + 1);
    memset(big, 1, PQL_CHANNEL_MAX_RECORD_BYTES + 1);
    CHECK_RC(pql_channel_session_seal(a, big, PQL_CHANNEL_MAX_RECORD_BYTES + 1, &n1, big,
                                      PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES + 1),
             PQL_ERR_CHANNEL_RECORD_TOO_LARGE);
    CHECK(n1 == 0 && all_zero(big, PQL_CHANNEL_MAX_RECORD_BYTES + 1));
    CHECK_RC(pql_channel_session_update_keys(a, r1, OVH + 1), PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_session_close(a, NULL, OVH), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, &pn, NULL, r1, 20), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, NULL, &kind, r1, 20), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_open(NULL, pt, sizeof pt, &pn, &kind, r1, 20),
             PQL_ERR_NULL_POINTER);
    CHECK(pn == 0 && kind == 0);
    CHECK_RC(pql_channel_session_export(a, pt, 0, NULL, 0, NULL, 0), PQL_ERR_CHANNEL_EXPORT_LENGTH);
    memset(big, 0xAA, PQL_CHANNEL_MAX_EXPORT_BYTES + 1);
    CHECK_RC(pql_channel_session_export(a, big, PQL_CHANNEL_MAX_EXPORT_BYTES + 1, NULL, 0, NULL, 0),
             PQL_ERR_CHANNEL_EXPORT_LENGTH);
    CHECK(all_zero(big, PQL_CHANNEL_MAX_EXPORT_BYTES + 1));
    CHECK_RC(pql_channel_session_export(a, big, PQL_CHANNEL_MAX_EXPORT_BYTES, NULL, 0, NULL, 0),
             PQL_OK);
    CHECK_RC(pql_channel_session_export(a, NULL, 16, NULL, 0, NULL, 0), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_export(a, pt, 16, NULL, 3, NULL, 0), PQL_ERR_NULL_POINTER);
    CHECK_RC(pql_channel_session_peer_id(a, pt, ID + 1), PQL_ERR_INVALID_LENGTH);
    CHECK_RC(pql_channel_session_transcript_hash(NULL, pt, 32), PQL_ERR_NULL_POINTER);

    /* The first record from a still opens: nothing above consumed a sequence number. */
    CHECK_RC(pql_channel_session_seal(a, r1, sizeof r1, &n1, (const uint8_t *)"one", 3), PQL_OK);
    CHECK(eq(r1, n1, V.rec[0].record) == 0); /* another plaintext than the vector's */
    CHECK_RC(pql_channel_session_seal(a, r2, sizeof r2, &n2, (const uint8_t *)"two", 3), PQL_OK);
    /* Reordered: the second record first. */
    CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, &pn, &kind, r2, n2),
             PQL_ERR_CHANNEL_RECORD_AUTHENTICATION);
    CHECK(pn == 0 && kind == 0 && all_zero(pt, sizeof pt));
    /* Failed: everything refused, even the right record, sealing and exporting. */
    CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, &pn, &kind, r1, n1),
             PQL_ERR_CHANNEL_FAILED);
    CHECK_RC(pql_channel_session_seal(b, r2, sizeof r2, &n2, (const uint8_t *)"x", 1),
             PQL_ERR_CHANNEL_FAILED);
    CHECK(n2 == 0 && all_zero(r2, sizeof r2));
    CHECK_RC(pql_channel_session_export(b, pt, 16, NULL, 0, NULL, 0), PQL_ERR_CHANNEL_FAILED);
    CHECK(all_zero(pt, 16));
    CHECK_RC(pql_channel_session_update_keys(b, r2, OVH), PQL_ERR_CHANNEL_FAILED);
    CHECK_RC(pql_channel_session_close(b, r2, OVH), PQL_ERR_CHANNEL_FAILED);
    pql_channel_session_free(a);
    pql_channel_session_free(b);

    /* Fresh sessions from the vector handshake, for each record fault. */
    {
        int fault;
        for (fault = 0; fault < 5; fault++) {
            uint8_t rec[64];
            size_t rn = 0;
            int expected;
            vector_handshakes(ii, ri, &i, &r);
            CHECK(run_handshake(i, r, NULL, NULL, &status));
            a = b = NULL;
            CHECK_RC(pql_channel_handshake_into_session(i, &a), PQL_OK);
            CHECK_RC(pql_channel_handshake_into_session(r, &b), PQL_OK);
            pql_channel_handshake_free(i);
            pql_channel_handshake_free(r);
            memcpy(rec, V.rec[0].record.p, V.rec[0].record.n);
            rn = V.rec[0].record.n;
            switch (fault) {
                case 0: /* a flipped ciphertext bit */
                    rec[5] ^= 0x80;
                    expected = PQL_ERR_CHANNEL_RECORD_AUTHENTICATION;
                    break;
                case 1: /* a flipped tag bit */
                    rec[rn - 1] ^= 0x01;
                    expected = PQL_ERR_CHANNEL_RECORD_AUTHENTICATION;
                    break;
                case 2: /* a wrong header byte */
                    rec[0] = 0x16;
                    expected = PQL_ERR_CHANNEL_RECORD_MALFORMED;
                    break;
                case 3: /* truncated below the overhead */
                    rn = OVH - 1;
                    expected = PQL_ERR_CHANNEL_RECORD_MALFORMED;
                    break;
                default: /* truncated inside the tag */
                    rn -= 1;
                    expected = PQL_ERR_CHANNEL_RECORD_AUTHENTICATION;
                    break;
            }
            memset(pt, 0xAA, sizeof pt);
            CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, &pn, &kind, rec, rn), expected);
            CHECK(pn == 0 && kind == 0 && all_zero(pt, sizeof pt));
            CHECK_RC(pql_channel_session_open(b, pt, sizeof pt, &pn, &kind, V.rec[0].record.p,
                                              V.rec[0].record.n),
                     PQL_ERR_CHANNEL_FAILED);
            pql_channel_session_free(a);
            pql_channel_session_free(b);
        }
    }

    /* Replay: the same record twice. */
    vector_handshakes(ii, ri, &i, &r);
    CHECK(run_handshake(i, r, NULL, NULL, &status));
    CHECK_RC(pql_channel_handshake_into_session(i, &a), PQL_OK);
    CHECK_RC(pql_channel_handshake_into_session(r, &b), PQL_OK);
    pql_channel_handshake_free(i);
    pql_channel_handshake_free(r);
    /* A record of the largest size, sealed and opened; then the same again. */
    {
        uint8_t *plain = (uint8_t *)xmalloc(PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES);
        uint8_t *back = (uint8_t *)xmalloc(PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES);
        memset(plain, 0x3C, PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES);
        CHECK_RC(pql_channel_session_seal(a, big, PQL_CHANNEL_MAX_RECORD_BYTES, &n1, plain,
                                          PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES),
                 PQL_OK);
        CHECK(n1 == PQL_CHANNEL_MAX_RECORD_BYTES);
        CHECK_RC(pql_channel_session_open(b, back, PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES, &pn,
                                          &kind, big, n1),
                 PQL_OK);
        CHECK(pn == PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES &&
              memcmp(plain, back, pn) == 0 && kind == PQL_CHANNEL_RECEIVED_DATA);
        /* Replayed. */
        CHECK_RC(pql_channel_session_open(b, back, PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES, &pn,
                                          &kind, big, n1),
                 PQL_ERR_CHANNEL_RECORD_AUTHENTICATION);
        CHECK(pn == 0 && kind == 0 && all_zero(back, PQL_CHANNEL_MAX_RECORD_PLAINTEXT_BYTES));
        free(plain);
        free(back);
    }
    pql_channel_session_free(a);
    pql_channel_session_free(b);
    free(big);
    pql_channel_identity_free(ii);
    pql_channel_identity_free(ri);
}

int main(int argc, char **argv) {
    int quick = argc == 3 && strcmp(argv[2], "--quick") == 0;
    if (argc != 2 && !quick) {
        fprintf(stderr, "usage: %s CHANNEL_VEC_FILE [--quick]\n", argv[0]);
        return 2;
    }
    load_vectors(argv[1]);
    test_vectors();
    test_policies();
    test_arguments();
    test_out_of_order();
    test_records();
    if (!quick) test_tampering();
    return finish("test_channel");
}
