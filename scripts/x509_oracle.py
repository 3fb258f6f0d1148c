"""Key files against OpenSSL, through Python `cryptography` (run by scripts/x509-oracle.sh).

    python x509_oracle.py gen DIR     # keys, signatures, ciphertexts made by cryptography/OpenSSL
    python x509_oracle.py check DIR   # what pqlattice wrote (examples/x509_oracle.rs), checked here

cryptography 46+ links OpenSSL with ML-KEM-768/1024 and ML-DSA-44/65/87 (its wheels
do not expose ML-KEM-512). Exits non-zero on the first mismatch.
"""

import os
import sys

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import mldsa, mlkem
from cryptography.hazmat.backends.openssl import backend

KEMS = {
    "ML-KEM-768": mlkem.MLKEM768PrivateKey,
    "ML-KEM-1024": mlkem.MLKEM1024PrivateKey,
}
DSAS = {
    "ML-DSA-44": mldsa.MLDSA44PrivateKey,
    "ML-DSA-65": mldsa.MLDSA65PrivateKey,
    "ML-DSA-87": mldsa.MLDSA87PrivateKey,
}
MSG = b"pqlattice x509 oracle message"
CTX = b"oracle-ctx"
ROUNDS = 3


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(d, name):
    with open(os.path.join(d, name), "rb") as f:
        return f.read()


def spki(key):
    return key.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)


def gen(d):
    for alg, cls in list(KEMS.items()) + list(DSAS.items()):
        for i in range(ROUNDS):
            sk = cls.generate()
            base = f"py-{alg}-{i}"
            write(d, base + ".priv.der", sk.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
            write(d, base + ".priv.pem", sk.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()))
            write(d, base + ".seed", sk.private_bytes_raw())
            pk = sk.public_key()
            write(d, base + ".pub.der", spki(pk))
            write(d, base + ".pub.pem", pk.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))
            if alg in KEMS:
                ss, ct = pk.encapsulate()
                write(d, base + ".ct", ct)
                write(d, base + ".ss", ss)
            else:
                write(d, base + ".sig", sk.sign(MSG, CTX))
    print(f"gen: {backend.openssl_version_text()}: wrote {ROUNDS} key pairs each for {', '.join(list(KEMS) + list(DSAS))}")


def check(d):
    n = 0
    refused = set()
    for alg in list(KEMS) + list(DSAS):
        for i in range(ROUNDS):
            base = f"rs-{alg}-{i}"
            pub = read(d, base + ".pub.der")
            seed = read(d, base + ".seed")
            keys = [ser.load_der_private_key(read(d, base + ".seed.der"), password=None)]
            assert spki(keys[0].public_key()) == pub, f"{base}: public key differs"
            # cryptography 51 reads only the seed arm of the private-key CHOICE (it
            # refuses the RFCs' own `both` and `expandedKey` examples too): if it
            # reads the others, they must give the same key.
            for form in ("both", "expanded"):
                try:
                    sk = ser.load_der_private_key(read(d, f"{base}.{form}.der"), password=None)
                except ValueError:
                    refused.add(form)
                    continue
                assert spki(sk.public_key()) == pub, f"{base} {form}: public key differs"
                keys.append(sk)
            sk = ser.load_pem_private_key(read(d, base + ".seed.pem"), password=None)
            assert spki(sk.public_key()) == pub, f"{base}: PEM public key differs"
            assert sk.private_bytes_raw() == seed, f"{base}: seed differs"
            # What OpenSSL writes for our seed-form key is our seed-form DER again.
            assert sk.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()) == read(d, base + ".seed.der"), f"{base}: re-encoding differs"
            pk = ser.load_der_public_key(pub)
            assert ser.load_pem_public_key(read(d, base + ".pub.pem")) == pk
            if alg in KEMS:
                ct, ss = read(d, base + ".ct"), read(d, base + ".ss")
                for k in keys:
                    assert k.decapsulate(ct) == ss, f"{base}: decapsulation differs"
            else:
                pk.verify(read(d, base + ".sig"), MSG, CTX)
                # Negative control: another message must not verify.
                try:
                    pk.verify(read(d, base + ".sig"), MSG + b"!", CTX)
                except Exception:
                    pass
                else:
                    raise AssertionError(f"{base}: forged signature verified")
            n += 1
    print(f"check: {backend.openssl_version_text()} read {n} pqlattice key pairs (seed-form PKCS#8, SPKI, DER and PEM) and their ciphertexts/signatures")
    if refused:
        print(f"check: note: cryptography refused the {' and '.join(sorted(refused))} private-key forms (it reads the seed form only)")


if __name__ == "__main__":
    {"gen": gen, "check": check}[sys.argv[1]](sys.argv[2])
