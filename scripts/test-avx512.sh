#!/usr/bin/env bash
# The AVX-512 backend on an emulated AVX-512 CPU: builds test binaries static and
# runs them inside Bochs with a Skylake-X CPU model (scripts/avx512-emu.sh; neither
# CI nor the development machines have AVX-512).
#
#   bash scripts/test-avx512.sh [kernels-test args...]   # e.g. a test name filter
#
# 1. tests/kernels.rs, the differential test of every kernel of every available
#    backend against portable. Fails if the binary (or the emulator) fails, or if
#    its "backends under test: [...]" lines do not include Avx512: a backend that is
#    silently unavailable (not compiled in, not detected) must not pass.
#    (--nocapture: libtest would otherwise swallow that line of a passing test.)
# 2. End to end through the dispatch, with PQLATTICE_BACKEND=avx512 (each suite's
#    requested_backend_is_active test fails if avx512 is not the active backend):
#    AVX512_TEST_KAT=kem (default) the ML-KEM ACVP suite; =all also the ML-DSA KAT
#    suite; =none neither.
#
# Measured on a 2-core Zen 3 shared with other builds (the emulator is ~100-200x
# slower than the host; each run boots a guest, ~30 s of CPU): kernels ~4 min CPU /
# ~7 min wall; ML-KEM ACVP ~50 s CPU / ~1.5 min wall; ML-DSA KAT ~3.5 min CPU /
# ~5.5 min wall.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-unknown-linux-gnu
export CARGO_TARGET_DIR=${AVX512_TEST_TARGET_DIR:-target/static}
export RUSTFLAGS="-C target-feature=+crt-static"
KAT=${AVX512_TEST_KAT:-kem}

# build_test NAME: builds the static integration test NAME, prints its path.
build_test() {
  echo "test-avx512: building the static $1 test binary" >&2
  cargo test --target "$TARGET" --features testing --test "$1" --no-run \
    --message-format=json-render-diagnostics |
    python3 -c '
import json, sys
name = sys.argv[1]
exes = [m["executable"] for m in map(json.loads, sys.stdin)
        if m.get("reason") == "compiler-artifact" and m.get("executable")
        and m["target"]["name"] == name]
assert len(exes) == 1, exes
print(exes[0])' "$1"
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_guest BIN ARGS...: runs BIN in the emulator; the guest's stdout streams to the
# terminal, its stderr (the backends lines, panic messages) goes to $log, apart,
# since the emulator's two serial ports interleave, and is printed after the run.
# Exits on failure.
run_guest() {
  local t=$SECONDS rc=0
  echo "test-avx512: $*"
  bash scripts/avx512-emu.sh "$@" 2>"$log" || rc=$?
  echo "--- guest stderr ---"
  cat "$log"
  echo "--- end of guest stderr ---"
  echo "test-avx512: guest run finished in $((SECONDS - t))s (exit $rc)"
  if [ "$rc" != 0 ]; then
    echo "test-avx512: FAILED: $(basename "$1") exited $rc under the emulator"
    exit 1
  fi
}

bin=$(build_test kernels)
run_guest "$bin" --test-threads=1 --nocapture "$@"
lines=$(grep -c '^backends under test: ' "$log" || true)
with=$(grep -c '^backends under test: .*\bAvx512\b' "$log" || true)
if [ "$lines" = 0 ] || [ "$with" != "$lines" ]; then
  echo "test-avx512: FAILED: Avx512 missing from the backends under test:"
  grep '^backends under test: ' "$log" || echo "  (no 'backends under test' line)"
  exit 1
fi
echo "test-avx512: kernels OK ($with test(s) ran with Avx512 among the backends)"

export PQLATTICE_BACKEND=avx512 PQLATTICE_TEST_VECTORS=test-vectors
if [ "$KAT" = kem ] || [ "$KAT" = all ]; then
  bin=$(build_test ml_kem_acvp)
  AVX512EMU_FILES="test-vectors/acvp/ML-KEM-keyGen-FIPS203 test-vectors/acvp/ML-KEM-encapDecap-FIPS203 test-vectors/acvp/ML-KEM-encapDecap-FIPS203-tr1" \
    run_guest "$bin" --test-threads=1
  echo "test-avx512: ML-KEM ACVP OK with PQLATTICE_BACKEND=avx512"
fi
if [ "$KAT" = all ]; then
  bin=$(build_test ml_dsa_kat)
  AVX512EMU_FILES="test-vectors/kat" run_guest "$bin" --test-threads=1
  echo "test-avx512: ML-DSA KAT OK with PQLATTICE_BACKEND=avx512"
fi
echo "test-avx512: OK"
