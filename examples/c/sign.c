/* ML-DSA-65 signing with libpqlattice.
 * cc sign.c $(pkg-config --cflags --libs pqlattice) -o sign */
#include <pqlattice.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    uint8_t vk[PQL_ML_DSA_65_VERIFYING_KEY_BYTES], sk[PQL_ML_DSA_65_SIGNING_KEY_BYTES];
    uint8_t sig[PQL_ML_DSA_65_SIGNATURE_BYTES];
    const char *msg = "transfer 10 coins to bob", *ctx = "wallet-v1";
    int rc;

    /* The signer makes a key pair and publishes vk. */
    if ((rc = pql_ml_dsa_65_keypair(vk, sizeof vk, sk, sizeof sk)) != PQL_OK) goto fail;
    /* Signs a message, bound to an application context (0-255 bytes, may be empty). */
    if ((rc = pql_ml_dsa_65_sign(sig, sizeof sig, (const uint8_t *)msg, strlen(msg),
                                 (const uint8_t *)ctx, strlen(ctx), sk, sizeof sk)) != PQL_OK)
        goto fail;
    /* Anyone with vk verifies: PQL_OK, or PQL_ERR_INVALID_SIGNATURE. */
    rc = pql_ml_dsa_65_verify(sig, sizeof sig, (const uint8_t *)msg, strlen(msg),
                              (const uint8_t *)ctx, strlen(ctx), vk, sizeof vk);
    printf("signature %s\n", rc == PQL_OK ? "valid" : pql_error_string(rc));
    return rc != PQL_OK;
fail:
    fprintf(stderr, "pqlattice: %s\n", pql_error_string(rc));
    return 1;
}
