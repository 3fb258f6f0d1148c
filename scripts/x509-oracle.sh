#!/usr/bin/env bash
# Key files against OpenSSL: Python `cryptography` (whose wheels carry OpenSSL 3.5+
# with ML-KEM and ML-DSA) writes PKCS#8 / SPKI keys, ciphertexts and signatures that
# pqlattice must read, and reads the ones pqlattice writes (scripts/x509_oracle.py,
# examples/x509_oracle.rs). Installs cryptography into a venv under target/ (one
# wheel, about 5 MB); needs python3 with venv (apt-get install python3-venv).
#
#   bash scripts/x509-oracle.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${CARGO_TARGET_DIR:-target}/x509-oracle-venv"
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends python3-venv
fi
if ! "$VENV/bin/python" -c 'import cryptography.hazmat.primitives.asymmetric.mldsa' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --only-binary=:all: "cryptography>=50"
fi
"$VENV/bin/python" -c 'import cryptography; print("cryptography", cryptography.__version__)'

DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$VENV/bin/python" scripts/x509_oracle.py gen "$DIR"
cargo run -q --release --example x509_oracle -- "$DIR"
"$VENV/bin/python" scripts/x509_oracle.py check "$DIR"
echo "x509 oracle: OpenSSL (via cryptography) and pqlattice agree"
