/* ML-KEM-768 key exchange with libpqlattice.
 * cc key_exchange.c $(pkg-config --cflags --libs pqlattice) -o key_exchange */
#include <pqlattice.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    uint8_t ek[PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES], dk[PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES];
    uint8_t ct[PQL_ML_KEM_768_CIPHERTEXT_BYTES];
    uint8_t alice[PQL_ML_KEM_SHARED_SECRET_BYTES], bob[PQL_ML_KEM_SHARED_SECRET_BYTES];
    int rc;

    /* Alice makes a key pair and sends ek to Bob. */
    if ((rc = pql_ml_kem_768_keypair(ek, sizeof ek, dk, sizeof dk)) != PQL_OK) goto fail;
    /* Bob encapsulates a fresh secret to ek and sends ct back. */
    if ((rc = pql_ml_kem_768_encapsulate(ct, sizeof ct, bob, sizeof bob, ek, sizeof ek)) != PQL_OK)
        goto fail;
    /* Alice decapsulates ct: both now hold the same 32 bytes. */
    if ((rc = pql_ml_kem_768_decapsulate(alice, sizeof alice, ct, sizeof ct, dk, sizeof dk)) != PQL_OK)
        goto fail;
    printf("shared secrets %s\n", memcmp(alice, bob, sizeof alice) == 0 ? "match" : "DIFFER");
    return memcmp(alice, bob, sizeof alice) != 0;
fail:
    fprintf(stderr, "pqlattice: %s\n", pql_error_string(rc));
    return 1;
}
