#!/usr/bin/env bash
# Constant-time check with valgrind memcheck (ctgrind / TIMECOP style).
#
# Builds examples/ctgrind (release codegen, line tables) and runs it under valgrind:
#  1. the real checks (secret seeds, rng output and keys marked undefined; see
#     examples/ctgrind/) must produce no memcheck error: exit 0;
#  2. negative controls: each canary (a secret branch, a secret table index) must be
#     reported by memcheck, with exit status exactly 1 and the expected message.
#     (A panic gives 101 and valgrind dying on an instruction 132: neither counts.)
# Needs valgrind and libclang (the valgrind-requests build runs bindgen).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET_DIR/ctgrind/examples/ctgrind"
# --vex-guest-max-insns=20: smaller translation blocks. With the default (50), the
# fully unrolled AVX2 loops (e.g. ML-DSA norm_exceeds) exhaust VEX's temporary
# storage and valgrind aborts; the checking itself is unaffected.
# --suppressions: exactly one report, the RustCrypto AEAD's branch on its own
# constant-time tag comparison (accept/reject is public by design); see that file.
VG=(valgrind -q --error-exitcode=1 --track-origins=yes --leak-check=no --vex-guest-max-insns=20
    --suppressions=scripts/ctgrind-channel.supp)

# `channel` (which implies `xwing`) adds the X-Wing and secure-channel checks.
cargo build --profile ctgrind --features ctgrind,hazmat,channel --example ctgrind

log=$(mktemp)
out=$(mktemp)
trap 'rm -f "$log" "$out"' EXIT

# Every backend valgrind can execute, forced one at a time. Valgrind cannot decode
# AVX-512 (it stops with SIGILL), so that backend is covered by scripts/asmcheck.sh
# and the dudect run instead.
backends=$(cargo run -q --example backends | grep -vx avx512)
for backend in $backends; do
  echo "ctgrind: real checks, backend $backend: ${VG[*]} $BIN"
  rc=0
  PQLATTICE_BACKEND=$backend "${VG[@]}" "$BIN" >"$out" || rc=$?
  cat "$out"
  if [ "$rc" != 0 ]; then
    echo "ctgrind: FAILED: memcheck reported secret-dependent behaviour (exit $rc), see above" >&2
    echo "  (each report names the branch or address and, with 'created by a client request'," >&2
    echo "  the secret it came from. A value that is public by design, such as rho or a" >&2
    echo "  rejection-loop decision, is declassified in the library: crate::ctgrind::declassify.)" >&2
    exit 1
  fi
  if ! grep -qx "ctgrind: backend $backend" "$out"; then
    echo "ctgrind: FAILED: asked for backend $backend but the run used another" >&2
    exit 1
  fi
  expect=()
  { [ -e src/ml_kem ] || [ -e src/ml_kem.rs ]; } && expect+=(ml_kem_512 ml_kem_768 ml_kem_1024)
  { [ -e src/ml_dsa ] || [ -e src/ml_dsa.rs ]; } && expect+=(ml_dsa_44 ml_dsa_65 ml_dsa_87)
  [ -e src/xwing.rs ] && expect+=(xwing)
  [ -e src/channel ] && expect+=(channel)
  for name in "${expect[@]}"; do
    if ! tr 'A-Z-' 'a-z_' <"$out" | grep -qw "$name"; then
      echo "ctgrind: FAILED: the run never names $name: it is in src/ but not checked" >&2
      echo "  (add its check to examples/ctgrind/ and print e.g. \"ctgrind: $name ok\")" >&2
      exit 1
    fi
    echo "ctgrind: $name checked ($backend)"
  done
done
echo "ctgrind: real checks clean"

for c in "canary-branch:Conditional jump or move depends on uninitialised" \
         "canary-table:Use of uninitialised value of size 8"; do
  mode="${c%%:*}" want="${c#*:}"
  rc=0
  "${VG[@]}" "$BIN" "$mode" >/dev/null 2>"$log" || rc=$?
  if [ "$rc" = 1 ] && grep -q "$want" "$log"; then
    echo "ctgrind: negative control $mode detected as expected (exit 1, \"$want\")"
  else
    echo "ctgrind: FAILED: negative control $mode NOT detected (exit $rc); valgrind said:" >&2
    cat "$log" >&2
    exit 1
  fi
done
echo "ctgrind: OK"
