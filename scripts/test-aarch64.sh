#!/usr/bin/env bash
# Builds and tests the library for aarch64-unknown-linux-gnu under qemu-user, on an
# x86_64 Debian 12 machine (see README "Testing" and ../shared/notes/cross-toolchain.md).
#
#   bash scripts/test-aarch64.sh
#
# Installs what is missing (apt: Debian's rustc-web 1.96 with its std source, lld,
# the aarch64 cross gcc/libc, qemu-user), then, with Debian's cargo and -Zbuild-std
# (everything in --release, so the standard library is built once):
#   1. the whole test suite (unit, known-answer/ACVP, differential vs RustCrypto,
#      API, doc tests) with QEMU_CPU=max (has the SHA3 extension: backend neon-sha3);
#   2. the per-backend suites (scripts/test.sh: PER_BACKEND_TESTS) once per other
#      available backend, forced through PQLATTICE_BACKEND;
#   3. with QEMU_CPU=cortex-a72 (no SHA3): the unit tests and the per-backend suites
#      for every available backend (the slow differential suites ran in 1 and 2);
#   4. the criterion benches as a smoke test (each benchmark once, `cargo test --benches`);
#   5. the division scan (udiv/sdiv) of the aarch64 library and of the ctgrind check
#      binary, with the negative control ctgrind::canary_div.
# Every step is fatal on failure.
#
# Environment: AARCH64_TARGET_DIR (default target/aarch64) is the cargo target dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TRIPLE=aarch64-unknown-linux-gnu
TDIR=${AARCH64_TARGET_DIR:-$ROOT/target/aarch64}
APT_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)
START=$SECONDS
log() { echo "== [aarch64 $((SECONDS - START))s] $*"; }

# ------------------------------------------------------------------ 0. tools
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
readlink -e /usr/bin/rust-lld >/dev/null || { echo "rust-lld missing (lld-22)"; exit 1; }
test -f /usr/lib/rustlib/src/rust/library/Cargo.lock || { echo "rust-web-src missing"; exit 1; }

# Debian's cargo with Debian's rustc (rustup's ~/.cargo/bin may come first on PATH);
# -Zbuild-std needs RUSTC_BOOTSTRAP. The cross linker and the qemu runner are passed
# through cargo's environment configuration, so the host build is untouched.
dcargo() { RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 /usr/bin/cargo "$@"; }
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
# Incremental for every build, so the division scan's rlib (which needs it: otherwise
# small inlinable functions are left out) does not force rebuilds of the test builds.
export CARGO_INCREMENTAL=1
# One feature set for every build (hazmat: the known-answer entry points; xwing: its
# suite is one of the per-backend suites), so that no
# step rebuilds the library or re-resolves dependencies.
X=(--target "$TRIPLE" -Zbuild-std --release --target-dir "$TDIR" --features hazmat,xwing)
OUT=$TDIR/$TRIPLE/release
QEMU=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
/usr/bin/rustc --version
qemu-aarch64 --version | sed -n 1p

# The per-backend suites, from scripts/test.sh (one list for both scripts).
eval "$(sed -n '/^PER_BACKEND_TESTS=(/,/)/p' scripts/test.sh)"
SUITES=()
for t in "${PER_BACKEND_TESTS[@]}"; do SUITES+=(--test "$t"); done

log "build (tests, examples, benches)"
dcargo build "${X[@]}" --lib --tests --examples --benches

backends() { "${QEMU[@]}" "$OUT/examples/backends" "$@"; }

# ------------------------------------------------------------------ 1-3. tests
for cpu in max cortex-a72; do
  export QEMU_CPU=$cpu
  best=$(backends --best)
  avail=$(backends | tr '\n' ' ')
  log "QEMU_CPU=$cpu: best backend $best; available: $avail"
  # Run-time detection must see the SHA3 extension exactly where qemu models it.
  case "$cpu:$avail" in
    max:*neon-sha3*) ;;
    cortex-a72:*neon-sha3*) echo "neon-sha3 available on cortex-a72 (no SHA3)?"; exit 1 ;;
    cortex-a72:*neon*) ;;
    *) echo "expected NEON backends not available"; exit 1 ;;
  esac
  if [ "$cpu" = max ]; then
    log "QEMU_CPU=$cpu: full test suite, backend $best"
    dcargo test "${X[@]}"
  else
    log "QEMU_CPU=$cpu: unit tests, backend $best"
    dcargo test "${X[@]}" --lib
  fi
  for b in $avail; do
    [ "$cpu" = max ] && [ "$b" = "$best" ] && continue
    log "QEMU_CPU=$cpu: per-backend suites, PQLATTICE_BACKEND=$b"
    PQLATTICE_BACKEND=$b dcargo test "${X[@]}" "${SUITES[@]}"
  done
done
unset QEMU_CPU

# ------------------------------------------------------------------ 4. benches
log "criterion benches, smoke test (each benchmark once)"
QEMU_CPU=max dcargo test "${X[@]}" --benches

# ------------------------------------------------------------------ 5. division scan
log "division scan (udiv/sdiv)"
# The rlib of the build above (CARGO_INCREMENTAL=1 keeps small functions in it), and
# the constant-time check binary, where generic code is instantiated for every backend.
rlib=$OUT/libpqlattice.rlib
pats=(-p 'pqlattice::' -p 'pqlattice::ml_kem' -p 'pqlattice::ml_dsa')
echo "-- release library: $rlib"
scripts/divscan.sh --arch aarch64 "${pats[@]}" "$rlib"
# Generic code exists only where instantiated: scan the known-answer test binaries,
# which run every operation on every backend (no separate ctgrind build: it would
# cost a second full build of the crate and its dependencies).
for t in ml_kem_acvp:ml_kem ml_dsa_acvp:ml_dsa; do
  bin=$(ls -t "$OUT"/deps/"${t%%:*}"-* 2>/dev/null | grep -v '\.d$' | head -1)
  [ -n "$bin" ] || { echo "missing test binary ${t%%:*}"; exit 1; }
  echo "-- test binary: $bin"
  # Each binary must contain its scheme's code (a vacuous scan fails).
  scripts/divscan.sh --arch aarch64 -p 'pqlattice::' -p "pqlattice::${t#*:}" "$bin"
done
echo "-- negative control: divscan_canary::canary_div must be reported"
rc=0
out=$(scripts/divscan.sh --arch aarch64 -p 'canary_div' "$OUT/examples/divscan_canary") || rc=$?
echo "$out"
if [ "$rc" != 1 ]; then
  echo "division scan negative control FAILED: canary_div not reported (exit $rc)"
  exit 1
fi
echo "div canary detected as expected"

log "all aarch64 checks passed"
