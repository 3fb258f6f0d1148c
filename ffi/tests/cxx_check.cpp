// C++ compile check: the header must be usable from C++17 with -Wall -Wextra
// -Werror (extern "C" linkage, no C-only constructs), and link and run: one
// ML-KEM exchange and one ML-DSA signature.
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
    std::array<uint8_t, PQL_ML_DSA_44_VERIFYING_KEY_BYTES> vk{};
    std::array<uint8_t, PQL_ML_DSA_44_SIGNING_KEY_BYTES> sk{};
    std::array<uint8_t, PQL_ML_DSA_44_SIGNATURE_BYTES> sig{};
    const uint8_t msg[] = {'h', 'i'};
    if (pql_ml_dsa_44_keypair(vk.data(), vk.size(), sk.data(), sk.size()) != PQL_OK ||
        pql_ml_dsa_44_sign(sig.data(), sig.size(), msg, sizeof msg, nullptr, 0, sk.data(),
                           sk.size()) != PQL_OK ||
        pql_ml_dsa_44_verify(sig.data(), sig.size(), msg, sizeof msg, nullptr, 0, vk.data(),
                             vk.size()) != PQL_OK) {
        std::puts("cxx_check: ML-DSA FAILED");
        return 1;
    }
    std::printf("cxx_check: pqlattice %s from C++ ok\n", pql_version());
    return 0;
}
