#!/usr/bin/env bash
# The Rust test suite under AddressSanitizer (nightly toolchain, -Zsanitizer=address):
# the library's unit tests, the known-answer tests and the bad-input tests.
# (Miri is not available on this machine's nightly: the component cannot be added.)
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Zsanitizer=address"
export RUSTDOCFLAGS="-Zsanitizer=address"
export ASAN_OPTIONS="detect_leaks=1"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/asan"
cargo +nightly test --target "$host" --features testing --lib \
  --test ml_kem_acvp --test ml_kem_api --test ml_dsa_acvp --test ml_dsa_bad_inputs --test ml_dsa_api
