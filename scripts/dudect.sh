#!/usr/bin/env bash
# dudect statistical timing check (examples/dudect.rs). Usage:
#   scripts/dudect.sh [SAMPLES]     (default 20000: the CI smoke run)
# Fails if the negative control (an early-exit comparison) does NOT reach |t| > 10,
# or if any real bench (ML-KEM decapsulation valid vs invalid, ML-DSA signing key A
# vs key B) reaches |t| > 10. Prints every bench's max t.
set -euo pipefail
cd "$(dirname "$0")/.."
export DUDECT_SAMPLES="${1:-20000}"
cargo build --release --features hazmat --example dudect
out=$(mktemp)
"${CARGO_TARGET_DIR:-target}/release/examples/dudect" | tee "$out"
fail=0
n=0
while read -r name t; do
  n=$((n + 1))
  abs=${t#[+-]}
  big=$(awk -v t="$abs" 'BEGIN { print (t > 10) ? 1 : 0 }')
  case "$name" in
    canary_*)
      if [ "$big" = 1 ]; then echo "ok    $name: |t| = $abs > 10 (leak detected, as it must be)"
      else echo "FAIL  $name: |t| = $abs: the harness did not see a deliberate leak"; fail=1; fi ;;
    *)
      if [ "$big" = 1 ]; then echo "FAIL  $name: |t| = $abs > 10"; fail=1
      else echo "ok    $name: |t| = $abs"; fi ;;
  esac
done < <(grep -E '^bench .* : n == ' "$out" | sed -E 's/^bench ([a-z0-9_]+) .*max t = ([+-][0-9.]+).*/\1 \2/')
rm -f "$out"
[ "$n" -ge 7 ] || { echo "dudect: expected 7 benches, parsed $n"; exit 1; }
[ "$fail" = 0 ] || exit 1
echo "dudect: $n benches checked ($DUDECT_SAMPLES samples each)"
