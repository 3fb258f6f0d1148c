"""The C API as a binding sees it: Python ctypes hands over its own buffers with
their own lengths, and a wrong size or a missing buffer is a status code, not a
crash. Sizes and codes are read from the header's #defines.

usage: python3 ctypes_check.py path/to/libpqlattice.so path/to/pqlattice.h
"""

import ctypes
import re
import sys

lib = ctypes.CDLL(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    H = {m[0]: int(m[1]) for m in re.findall(r"#define (PQL_\w+) (-?\d+)", f.read())}

P, S = ctypes.c_char_p, ctypes.c_size_t
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("check failed:", what, file=sys.stderr)


def fn(name, *argtypes, restype=ctypes.c_int):
    f = getattr(lib, name)
    f.argtypes = list(argtypes)
    f.restype = restype
    return f


def buf(n):
    return ctypes.create_string_buffer(n)


version = fn("pql_version", restype=ctypes.c_char_p)
error_string = fn("pql_error_string", ctypes.c_int, restype=ctypes.c_char_p)
kem_keypair = fn("pql_ml_kem_768_keypair", P, S, P, S)
kem_encaps = fn("pql_ml_kem_768_encapsulate", P, S, P, S, P, S)
kem_decaps = fn("pql_ml_kem_768_decapsulate", P, S, P, S, P, S)
dsa_keypair = fn("pql_ml_dsa_65_keypair", P, S, P, S)
dsa_sign = fn("pql_ml_dsa_65_sign", P, S, P, S, P, S, P, S)
dsa_verify = fn("pql_ml_dsa_65_verify", P, S, P, S, P, S, P, S)

OK = H["PQL_OK"]
EK, DK, CT = (H[f"PQL_ML_KEM_768_{x}_BYTES"] for x in
              ("ENCAPSULATION_KEY", "DECAPSULATION_KEY", "CIPHERTEXT"))
SS = H["PQL_ML_KEM_SHARED_SECRET_BYTES"]
VK, SK, SIG = (H[f"PQL_ML_DSA_65_{x}_BYTES"] for x in
               ("VERIFYING_KEY", "SIGNING_KEY", "SIGNATURE"))

check(version().decode() == "%d.%d.%d" % (H["PQL_VERSION_MAJOR"], H["PQL_VERSION_MINOR"],
                                          H["PQL_VERSION_PATCH"]), "version")
check(error_string(H["PQL_ERR_INVALID_LENGTH"]).startswith(b"a buffer length"), "error string")
check(error_string(12345) == b"unknown error", "unknown error string")

# ML-KEM-768 round trip with ctypes buffers.
ek, dk, ct, a, b = buf(EK), buf(DK), buf(CT), buf(SS), buf(SS)
check(kem_keypair(ek, EK, dk, DK) == OK, "kem keypair")
check(kem_encaps(ct, CT, a, SS, ek.raw, EK) == OK, "encapsulate (ek as bytes)")
check(kem_decaps(b, SS, ct.raw, CT, dk, DK) == OK, "decapsulate")
check(a.raw == b.raw and a.raw != bytes(SS), "shared secrets agree")

# A Python bytes of the wrong size is refused, and the outputs are zeroed.
out_ct, out_ss = buf(CT), buf(SS)
ctypes.memset(out_ct, 0xAA, CT)
ctypes.memset(out_ss, 0xAA, SS)
short_ek = ek.raw[:100]
check(kem_encaps(out_ct, CT, out_ss, SS, short_ek, len(short_ek)) == H["PQL_ERR_INVALID_LENGTH"],
      "short ek -> PQL_ERR_INVALID_LENGTH")
check(out_ct.raw == bytes(CT) and out_ss.raw == bytes(SS), "outputs zeroed")
check(kem_encaps(out_ct, CT, out_ss, SS, None, EK) == H["PQL_ERR_NULL_POINTER"],
      "None ek -> PQL_ERR_NULL_POINTER")
check(kem_decaps(b, SS - 1, ct.raw, CT, dk, DK) == H["PQL_ERR_INVALID_LENGTH"], "short ss")

# ML-DSA-65: a message as Python bytes, an empty context as None.
vk, sk, sig = buf(VK), buf(SK), buf(SIG)
msg = "héllo from Python".encode()
check(dsa_keypair(vk, VK, sk, SK) == OK, "dsa keypair")
check(dsa_sign(sig, SIG, msg, len(msg), None, 0, sk, SK) == OK, "sign")
check(dsa_verify(sig.raw, SIG, msg, len(msg), None, 0, vk, VK) == OK, "verify")
check(dsa_verify(sig.raw, SIG, msg[:-1], len(msg) - 1, None, 0, vk, VK)
      == H["PQL_ERR_INVALID_SIGNATURE"], "verify another message")
ctx = bytes(256)
check(dsa_sign(sig, SIG, msg, len(msg), ctx, len(ctx), sk, SK) == H["PQL_ERR_CONTEXT_TOO_LONG"]
      and sig.raw == bytes(SIG), "ctx of 256 bytes -> PQL_ERR_CONTEXT_TOO_LONG, sig zeroed")

print(f"ctypes_check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
