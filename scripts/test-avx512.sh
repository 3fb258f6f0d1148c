#!/usr/bin/env bash
# The AVX-512 backend's kernels on an emulated AVX-512 CPU: builds the `kernels`
# differential test (every kernel of every available backend against portable,
# tests/kernels.rs) as a static binary and runs it inside Bochs with a Skylake-X
# CPU model (scripts/avx512-emu.sh; neither CI nor the development machines have
# AVX-512).
#
#   bash scripts/test-avx512.sh [test-binary args...]   # e.g. a test name filter
#
# Fails if the build fails, if the test binary fails in the guest (or the emulator
# does), or if the binary's "backends under test: [...]" lines do not include Avx512:
# a backend that is silently unavailable (not compiled in, not detected) must not pass.
# (--nocapture: libtest would otherwise swallow that line of a passing test.)
# Measured on a 2-core Zen 3 shared with other builds: ~4 min of CPU (boot ~30 s,
# the rest the tests: the emulator is ~100-200x slower than the host), ~7 min wall.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-unknown-linux-gnu
export CARGO_TARGET_DIR=${AVX512_TEST_TARGET_DIR:-target/static}
export RUSTFLAGS="-C target-feature=+crt-static"

echo "test-avx512: building the static kernels test binary"
bin=$(cargo test --target "$TARGET" --features hazmat --test kernels --no-run \
  --message-format=json-render-diagnostics |
  python3 -c '
import json, sys
exes = [m["executable"] for m in map(json.loads, sys.stdin)
        if m.get("reason") == "compiler-artifact" and m.get("executable")
        and m["target"]["name"] == "kernels"]
assert len(exes) == 1, exes
print(exes[0])')
echo "test-avx512: $bin"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
t=$SECONDS
# The guest's stdout streams to the terminal; its stderr (the backends lines, panic
# messages) is kept apart, since the emulator's two serial ports interleave, and
# printed after the run.
set +e
bash scripts/avx512-emu.sh "$bin" --test-threads=1 --nocapture "$@" 2>"$log"
rc=$?
set -e
echo "--- guest stderr ---"
cat "$log"
echo "--- end of guest stderr ---"
echo "test-avx512: guest run finished in $((SECONDS - t))s (exit $rc)"
if [ "$rc" != 0 ]; then
  echo "test-avx512: FAILED: the kernels test exited $rc under the emulator"
  exit 1
fi
lines=$(grep -c '^backends under test: ' "$log" || true)
with=$(grep -c '^backends under test: .*\bAvx512\b' "$log" || true)
if [ "$lines" = 0 ] || [ "$with" != "$lines" ]; then
  echo "test-avx512: FAILED: Avx512 missing from the backends under test:"
  grep '^backends under test: ' "$log" || echo "  (no 'backends under test' line)"
  exit 1
fi
echo "test-avx512: OK ($with test(s) ran with Avx512 among the backends)"
