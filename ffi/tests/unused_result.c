/* Must NOT compile with -Werror: ignoring a status code is diagnosed
 * (PQL_WARN_UNUSED_RESULT). run.sh checks that this compilation fails. */
#include "pqlattice.h"

int main(void) {
    uint8_t ek[PQL_ML_KEM_512_ENCAPSULATION_KEY_BYTES];
    uint8_t dk[PQL_ML_KEM_512_DECAPSULATION_KEY_BYTES];
    pql_ml_kem_512_keypair(ek, sizeof ek, dk, sizeof dk);
    return 0;
}
