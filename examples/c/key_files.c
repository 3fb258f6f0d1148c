/* ML-DSA-65 key files (PKCS#8 / SubjectPublicKeyInfo DER) and streaming signing with
 * libpqlattice. cc key_files.c $(pkg-config --cflags --libs pqlattice) -o key_files */
#include <pqlattice.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    uint8_t priv[PQL_ML_DSA_PKCS8_SEED_BYTES], pub[PQL_ML_DSA_65_SPKI_BYTES];
    uint8_t mu[PQL_ML_DSA_MU_BYTES], sig[PQL_ML_DSA_65_SIGNATURE_BYTES], chunk[4096];
    const char *ctx = "backup-v1";
    pql_ml_dsa_65_sk *sk = NULL;
    pql_ml_dsa_65_vk *vk = NULL;
    pql_ml_dsa_65_mu_hasher *h = NULL;
    int rc, i;

    /* Make a key and save it: the private key file holds only the 32-byte seed. */
    if ((rc = pql_ml_dsa_65_sk_generate(&sk)) != PQL_OK) goto fail;
    if ((rc = pql_ml_dsa_65_sk_to_pkcs8(sk, PQL_PKCS8_SEED, priv, sizeof priv)) != PQL_OK) goto fail;
    if ((rc = pql_ml_dsa_65_sk_verifying_key(sk, &vk)) != PQL_OK) goto fail;
    if ((rc = pql_ml_dsa_65_vk_to_spki(vk, pub, sizeof pub)) != PQL_OK) goto fail;
    pql_ml_dsa_65_sk_free(sk);
    pql_ml_dsa_65_vk_free(vk);
    sk = NULL;
    vk = NULL;

    /* Later: load the files (any PKCS#8 form; a file for another algorithm gives
     * PQL_ERR_WRONG_ALGORITHM, a malformed one PQL_ERR_KEY_ENCODING). */
    if ((rc = pql_ml_dsa_65_sk_from_pkcs8(&sk, priv, sizeof priv)) != PQL_OK) goto fail;
    if ((rc = pql_ml_dsa_65_vk_from_spki(&vk, pub, sizeof pub)) != PQL_OK) goto fail;

    /* Sign a 1 MiB message that arrives in 4 KiB pieces: hash it into mu, sign mu. */
    if ((rc = pql_ml_dsa_65_sk_mu_hasher(sk, (const uint8_t *)ctx, strlen(ctx), &h)) != PQL_OK)
        goto fail;
    for (i = 0; i < 256; i++) {
        memset(chunk, i, sizeof chunk);
        if ((rc = pql_ml_dsa_65_mu_hasher_update(h, chunk, sizeof chunk)) != PQL_OK) goto fail;
    }
    if ((rc = pql_ml_dsa_65_mu_hasher_finish(h, mu, sizeof mu)) != PQL_OK) goto fail;
    if ((rc = pql_ml_dsa_65_sk_sign_mu(sk, sig, sizeof sig, mu, sizeof mu)) != PQL_OK) goto fail;

    /* The verifier hashes the message the same way (vk_mu_hasher) and checks mu. */
    rc = pql_ml_dsa_65_vk_verify_mu(vk, sig, sizeof sig, mu, sizeof mu);
    printf("streamed signature %s\n", rc == PQL_OK ? "valid" : pql_error_string(rc));
    pql_ml_dsa_65_mu_hasher_free(h);
    pql_ml_dsa_65_sk_free(sk);
    pql_ml_dsa_65_vk_free(vk);
    return rc != PQL_OK;
fail:
    fprintf(stderr, "pqlattice: %s\n", pql_error_string(rc));
    pql_ml_dsa_65_mu_hasher_free(h);
    pql_ml_dsa_65_sk_free(sk);
    pql_ml_dsa_65_vk_free(vk);
    return 1;
}
