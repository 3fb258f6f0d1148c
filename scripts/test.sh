#!/usr/bin/env bash
# The full test suite: the command the README documents and CI runs (.ci/run).
#
#   bash scripts/test.sh
#
# Steps, in order, each fatal on failure: install missing system packages; rustfmt;
# clippy (-D warnings; no features, hazmat, testing, and the ctgrind check binary);
# tests (std + testing + xwing + channel + rustcrypto, then the no_std library tests and no_std builds); the valgrind
# constant-time check with its negative controls (scripts/ctgrind.sh); the division
# scan (scripts/divscan.sh); the static check of the asm kernels (scripts/asmcheck.sh); the doc build (-D warnings); the
# key-file interoperability check against OpenSSL through Python cryptography
# (scripts/x509-oracle.sh); the C API suite
# (ffi/tests/run.sh); the WASM package in Node and headless Chromium
# (scripts/test-wasm.sh); the rustls provider crate, with headless Chromium and
# aws-lc-rs as peers (scripts/test-rustls.sh); the aarch64 suite under qemu (scripts/test-aarch64.sh); the
# tests under AddressSanitizer (scripts/asan.sh); the kernel differential test on an
# emulated AVX-512 CPU (scripts/test-avx512.sh); a fuzzing
# smoke run of every cargo-fuzz target, 20 s each (scripts/fuzz.sh); the dudect statistical
# timing smoke run with its negative control (scripts/dudect.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

STEP="(setup)"
STEPS_DONE=()
T0=$SECONDS

on_exit() {
  local rc=$?
  echo
  if [ "$rc" = 0 ]; then
    echo "================================================================"
    printf '  %s\n' "${STEPS_DONE[@]}"
    echo "SUMMARY: all ${#STEPS_DONE[@]} steps passed in $((SECONDS - T0))s"
  else
    echo "================================================================"
    [ "${#STEPS_DONE[@]}" = 0 ] || printf '  %s\n' "${STEPS_DONE[@]}"
    echo "SUMMARY: FAILED in step \"$STEP\" (exit $rc) after $((SECONDS - T0))s"
  fi
}
trap on_exit EXIT

# step NAME COMMAND...: runs one step with a header and its duration.
step() {
  STEP="$1"
  shift
  echo
  echo "================================================================"
  echo "== $STEP"
  echo "================================================================"
  local t=$SECONDS
  "$@"
  STEPS_DONE+=("ok   $(printf '%4ds' $((SECONDS - t)))  $STEP")
}

# --- system packages (only what is missing) --------------------------------
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

install_deps() {
  local pkgs=()
  command -v valgrind >/dev/null || pkgs+=(valgrind)
  command -v objdump >/dev/null || pkgs+=(binutils)
  # scripts/asmcheck.sh assembles and disassembles the AArch64 kernels too.
  command -v aarch64-linux-gnu-objdump >/dev/null || pkgs+=(binutils-aarch64-linux-gnu)
  # valgrind-requests runs bindgen at build time, which needs libclang.
  have_pkg libclang-dev || ldconfig -p 2>/dev/null | grep -q 'libclang\.so ' || pkgs+=(libclang-dev)
  if [ "${#pkgs[@]}" = 0 ]; then
    echo "all present: valgrind, objdump, libclang"
  else
    echo "installing: ${pkgs[*]}"
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  fi
  valgrind --version
  objdump --version | sed -n 1p
  rustc --version
  cargo --version
}

# --- steps -------------------------------------------------------------------
clippy_all() {
  cargo clippy --all-targets -- -D warnings
  cargo clippy --all-targets --features hazmat -- -D warnings
  # X-Wing, the secure channel and the RustCrypto traits (optional features;
  # channel implies xwing): their modules, tests, benches, examples and the no_std
  # builds.
  cargo clippy --all-targets --features hazmat,channel,rustcrypto -- -D warnings
  cargo clippy --all-targets --features testing,channel,rustcrypto -- -D warnings
  cargo clippy --lib --no-default-features --features xwing -- -D warnings
  cargo clippy --lib --no-default-features --features channel -- -D warnings
  # The constant-time check binary needs both features (required-features); with
  # channel (implies xwing) it also checks X-Wing and the secure channel (as
  # scripts/ctgrind.sh builds it).
  cargo clippy --example ctgrind --features ctgrind,hazmat,channel -- -D warnings
}

# The suites that run once per backend: known answers, differential, API, bad input.
PER_BACKEND_TESTS=(ml_kem_acvp ml_kem_differential ml_kem_api ml_dsa_acvp ml_dsa_kat
  ml_dsa_differential ml_dsa_api ml_dsa_bad_inputs xwing)

# Features of the test runs: everything testable (X-Wing, the channel and the
# RustCrypto traits are optional features; channel implies xwing).
TEST_FEATURES=testing,channel,rustcrypto

# The backends this build and CPU can run, by name (from the library itself).
available_backends() {
  cargo run -q --example backends
}

tests() {
  # [profile.test] has opt-level = 3: tests run on optimised code. The first run
  # uses the automatically chosen (best) backend for everything.
  # Everything, including the secure channel's suites (docs/channel.md: every bad
  # input, the committed deterministic vectors test-vectors/channel/, the KMAC256
  # NIST samples, its doctests and the README's channel example).
  cargo test --features "$TEST_FEATURES"
  # Then the vector, differential and API suites once per other available backend,
  # forced through PQLATTICE_BACKEND (each suite checks that it got it).
  local best b t args=()
  best=$(cargo run -q --example backends -- --best)
  for t in "${PER_BACKEND_TESTS[@]}"; do args+=(--test "$t"); done
  for b in $(available_backends); do
    [ "$b" = "$best" ] && continue
    echo "-- backend $b"
    PQLATTICE_BACKEND=$b cargo test --features "$TEST_FEATURES" "${args[@]}"
  done
}

no_std() {
  cargo test --no-default-features --features testing --lib
  cargo build --no-default-features
  # X-Wing is no_std too (x25519-dalek without its default features), and so is
  # the channel's sans-IO core (it needs only alloc).
  cargo build --no-default-features --features xwing
  cargo build --no-default-features --features channel
  # Key files (DER) and the RustCrypto traits need neither std nor alloc.
  cargo build --no-default-features --features rustcrypto
}

divscan() {
  local bin="${CARGO_TARGET_DIR:-target}/ctgrind/examples/ctgrind"
  local rlib="${CARGO_TARGET_DIR:-target}/release/libpqlattice.rlib"
  # All library code is scanned; each scheme module that exists in src/ must
  # match functions (a vacuous scan fails with exit 2).
  local pats=(-p 'pqlattice::')
  local m
  for m in ml_kem ml_dsa; do
    if [ -e "src/$m.rs" ] || [ -e "src/$m" ]; then
      pats+=(-p "pqlattice::$m")
    else
      echo "note: src/$m absent, pqlattice::$m not required"
    fi
  done
  # CARGO_INCREMENTAL=1: otherwise the release rlib omits small functions.
  CARGO_INCREMENTAL=1 cargo build --release --lib
  echo "-- release library: $rlib"
  scripts/divscan.sh "${pats[@]}" "$rlib"
  # Generic and #[inline] code only exists where instantiated: the check binary.
  echo "-- ctgrind check binary: $bin"
  [ -f "$bin" ] || { echo "missing $bin (run scripts/ctgrind.sh first)"; return 1; }
  scripts/divscan.sh "${pats[@]}" "$bin"
  # Negative control: the planted secret division must be found.
  echo "-- negative control: ctgrind::canary_div must be reported"
  local rc=0 out
  out=$(scripts/divscan.sh -p 'ctgrind::canary_div' "$bin") || rc=$?
  echo "$out"
  if [ "$rc" != 1 ]; then
    echo "division scan negative control FAILED: canary_div not reported (exit $rc)"
    return 1
  fi
  echo "div canary detected as expected"
}

docs() {
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --features hazmat,channel,rustcrypto
}

step "install system packages" install_deps
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy -D warnings" clippy_all
step "cargo test (std, testing, xwing, channel, rustcrypto)" tests
step "no_std: lib tests and build" no_std
step "constant time: valgrind (scripts/ctgrind.sh)" scripts/ctgrind.sh
step "constant time: division scan (scripts/divscan.sh)" divscan
step "constant time: static kernel check (scripts/asmcheck.sh)" bash scripts/asmcheck.sh
step "cargo doc -D warnings" docs
step "key files against OpenSSL via Python cryptography (scripts/x509-oracle.sh)" bash scripts/x509-oracle.sh
step "C API (ffi/tests/run.sh)" ffi/tests/run.sh
step "WASM bindings (scripts/test-wasm.sh)" bash scripts/test-wasm.sh
step "rustls provider (scripts/test-rustls.sh)" bash scripts/test-rustls.sh
step "aarch64 (qemu)" bash scripts/test-aarch64.sh
step "AddressSanitizer test run (scripts/asan.sh)" scripts/asan.sh
step "AVX-512 kernels under Bochs (scripts/test-avx512.sh)" bash scripts/test-avx512.sh
step "fuzzing smoke run, 20 s per target (scripts/fuzz.sh)" scripts/fuzz.sh 20
step "dudect timing smoke run (scripts/dudect.sh)" scripts/dudect.sh 20000
