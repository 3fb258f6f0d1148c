// C++ compile check: the header must be usable from C++17 with -Wall -Wextra
// -Werror (extern "C" linkage, no C-only constructs), and link and run.
#include "pqlattice.h"

#include <array>
#include <cstdio>
#include <cstring>

int main() {
    std::array<uint8_t, PQL_ML_KEM_768_ENCAPSULATION_KEY_BYTES> ek{};
    std::array<uint8_t, PQL_ML_KEM_768_DECAPSULATION_KEY_BYTES> dk{};
    std::array<uint8_t, PQL_ML_KEM_768_CIPHERTEXT_BYTES> ct{};
    std::array<uint8_t, PQL_ML_KEM_SHARED_SECRET_BYTES> a{}, b{};
    if (pql_ml_kem_768_keypair(ek.data(), ek.size(), dk.data(), dk.size()) != PQL_OK ||
        pql_ml_kem_768_encapsulate(ct.data(), ct.size(), a.data(), a.size(), ek.data(),
                                   ek.size()) != PQL_OK ||
        pql_ml_kem_768_decapsulate(b.data(), b.size(), ct.data(), ct.size(), dk.data(),
                                   dk.size()) != PQL_OK ||
        a != b) {
        std::puts("cxx_check: FAILED");
        return 1;
    }
    std::printf("cxx_check: pqlattice %s from C++ ok\n", pql_version());
    return 0;
}
