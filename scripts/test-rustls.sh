#!/usr/bin/env bash
# Tests the rustls provider crate (pqlattice-rustls/) on Debian 12:
#   1. installs Debian's chromium if it is missing (apt-get);
#   2. clippy (-D warnings) over the crate's lib, tests, examples and benchmark, and
#      its docs (-D warnings); the root scripts' clippy/doc cover the root package only;
#   3. one `cargo test -p pqlattice-rustls -- --include-ignored`: unit tests, the
#      aws-lc-rs interoperability tests (both directions), pinned ML-DSA raw public
#      keys, ML-DSA certificates, malformed key shares, and headless Chromium fetching
#      a page from a server on this provider (X25519MLKEM768 must be negotiated);
#   4. the README's pinned raw-public-key example run for real (rpk_server and
#      rpk_client over 127.0.0.1), with a wrong pin that must fail.
# Everything builds with the test profile, so the dependencies (aws-lc-rs, a
# dev-dependency, is the slow one) are compiled once.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=$ROOT/target/rustls-test
mkdir -p "$OUT"
START=$SECONDS
log() { echo "== [$((SECONDS - START))s] $*"; }

# ------------------------------------------------------------ 1. chromium
if ! command -v chromium >/dev/null; then
  log "apt-get install chromium"
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >"$OUT/apt.log" 2>&1
  "${SUDO[@]}" apt-get install -y -qq chromium >>"$OUT/apt.log" 2>&1 \
    || { tail -20 "$OUT/apt.log"; echo "apt-get install chromium failed"; exit 1; }
fi
# (Debian's launcher script prints a harmless shell warning on some machines.)
chromium --version 2>/dev/null

# ------------------------------------------------------------ 2. lint, docs
log "clippy -p pqlattice-rustls --all-targets"
cargo clippy -p pqlattice-rustls --all-targets --profile test -- -D warnings
log "cargo doc -p pqlattice-rustls"
RUSTDOCFLAGS="-D warnings" cargo doc -p pqlattice-rustls --no-deps --profile test

# ------------------------------------------------------------ 3. tests
log "cargo test -p pqlattice-rustls -- --include-ignored"
PQLATTICE_CHROMIUM=chromium cargo test -p pqlattice-rustls -- --include-ignored

# ------------------------------------------------------------ 4. examples
log "pinned raw-public-key examples"
cargo build -q -p pqlattice-rustls --examples --profile test
EX=${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples
DEMO=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DEMO"
}
trap cleanup EXIT
SPIN=$("$EX/rpk_server" --key "$DEMO/server.key" --print-fingerprint)
CPIN=$("$EX/rpk_client" --key "$DEMO/client.key" --print-fingerprint)
PORT=$((20000 + RANDOM % 20000))

# The right pins: the echo comes back over X25519MLKEM768.
"$EX/rpk_server" --key "$DEMO/server.key" --pin "$CPIN" --listen "127.0.0.1:$PORT" --once \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q listening "$OUT/server.log" && break; sleep 0.1; done
reply=$("$EX/rpk_client" --key "$DEMO/client.key" --pin "$SPIN" --connect "127.0.0.1:$PORT" \
  --message "pinned hello" 2>"$OUT/client.log")
wait "$SERVER_PID"
SERVER_PID=
cat "$OUT/server.log" "$OUT/client.log"
echo "$reply"
[ "$reply" = "echo: pinned hello (over X25519MLKEM768)" ] \
  || { echo "FAILED: unexpected reply from rpk_server: $reply"; exit 1; }
grep -q "client $CPIN, key exchange X25519MLKEM768" "$OUT/server.log" \
  || { echo "FAILED: the server did not see the pinned client"; exit 1; }

# A wrong pin (the client pins its own key): the handshake must fail, clearly.
"$EX/rpk_server" --key "$DEMO/server.key" --pin "$CPIN" --listen "127.0.0.1:$PORT" --once \
  >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q listening "$OUT/server.log" && break; sleep 0.1; done
if "$EX/rpk_client" --key "$DEMO/client.key" --pin "$CPIN" --connect "127.0.0.1:$PORT" \
  >"$OUT/client.log" 2>&1; then
  echo "FAILED: the client accepted a server whose key is not pinned"
  exit 1
fi
wait "$SERVER_PID" || true
SERVER_PID=
cat "$OUT/client.log"
grep -q "which is not pinned" "$OUT/client.log" \
  || { echo "FAILED: no clear error for the wrong pin"; exit 1; }
log "examples: 2 passed, 0 failed"
