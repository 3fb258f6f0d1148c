#!/usr/bin/env bash
# Builds and runs every cargo-fuzz target (libFuzzer, nightly toolchain) for a fixed
# time each. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (default 60).
# cargo-fuzz is installed into target/tools on first use. New corpus entries go to
# fuzz/corpus/<target> (not committed); the committed seeds are fuzz/seeds/<target>.
# Exits non-zero on the first crash, leak or assertion failure (libFuzzer's code).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
TOOLS=$PWD/target/tools
if ! "$TOOLS/bin/cargo-fuzz" --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --root "$TOOLS"
fi
export PATH="$TOOLS/bin:$PATH"
# The `ffi` target links the C library (uninstrumented) from target/release.
cargo build --release -p pqlattice-ffi
cd fuzz
targets=$(cargo +nightly fuzz list)
total=0
for t in $targets; do
  mkdir -p "corpus/$t"
  echo "--- fuzz $t for ${SECS}s"
  log=$(mktemp)
  if ! cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECS" -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz target $t FAILED"
    exit 1
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  echo "    $t: $runs executions, no crash"
  total=$((total + 1))
  rm -f "$log"
done
echo "fuzz: $total targets ran, 0 crashes"
