/*
 * The library keeps no global state: the same functions run concurrently from
 * several threads (ML-KEM round trips and ML-DSA sign/verify for every parameter
 * set), and every result is still right. Also run under ASan/UBSan by run.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <pthread.h>

#define THREADS 4
#define ROUNDS 5

static void *worker(void *arg) {
    long id = (long)arg, bad = 0;
    int r;
    size_t i;
    uint8_t msg[32];
    memset(msg, (int)id, sizeof msg);
    for (r = 0; r < ROUNDS; r++) {
        for (i = 0; i < NUM_KEMS; i++) {
            const kem_t *k = &KEMS[i];
            uint8_t *ek = (uint8_t *)xmalloc(k->ek_bytes), *dk = (uint8_t *)xmalloc(k->dk_bytes);
            uint8_t *ct = (uint8_t *)xmalloc(k->ct_bytes);
            uint8_t a[PQL_ML_KEM_SHARED_SECRET_BYTES], b[PQL_ML_KEM_SHARED_SECRET_BYTES];
            bad += k->keypair(ek, k->ek_bytes, dk, k->dk_bytes) != PQL_OK;
            bad += k->encapsulate(ct, k->ct_bytes, a, sizeof a, ek, k->ek_bytes) != PQL_OK;
            bad += k->decapsulate(b, sizeof b, ct, k->ct_bytes, dk, k->dk_bytes) != PQL_OK;
            bad += memcmp(a, b, sizeof a) != 0;
            free(ek);
            free(dk);
            free(ct);
        }
        for (i = 0; i < NUM_DSAS; i++) {
            const dsa_t *d = &DSAS[i];
            uint8_t *vk = (uint8_t *)xmalloc(d->vk_bytes), *sk = (uint8_t *)xmalloc(d->sk_bytes);
            uint8_t *sig = (uint8_t *)xmalloc(d->sig_bytes);
            bad += d->keypair(vk, d->vk_bytes, sk, d->sk_bytes) != PQL_OK;
            bad += d->sign(sig, d->sig_bytes, msg, sizeof msg, NULL, 0, sk, d->sk_bytes) != PQL_OK;
            bad += d->verify(sig, d->sig_bytes, msg, sizeof msg, NULL, 0, vk, d->vk_bytes) != PQL_OK;
            msg[0] ^= 1;
            bad += d->verify(sig, d->sig_bytes, msg, sizeof msg, NULL, 0, vk, d->vk_bytes) !=
                   PQL_ERR_INVALID_SIGNATURE;
            free(vk);
            free(sk);
            free(sig);
        }
    }
    return (void *)bad;
}

int main(void) {
    pthread_t t[THREADS];
    long i;
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        void *bad = NULL;
        CHECK(pthread_join(t[i], &bad) == 0);
        CHECK(bad == NULL); /* no failed call in this thread */
    }
    printf("%d threads x %d rounds of every parameter set\n", THREADS, ROUNDS);
    return finish("test_threads");
}
