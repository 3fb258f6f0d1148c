#!/usr/bin/env bash
# Builds and tests the WASM bindings (wasm/, npm package pqlattice-wasm) on Debian 12.
#
# Installs what it needs (apt packages; wasm-bindgen-cli into target/wasm-tools, cached),
# builds wasm32-unknown-unknown with Debian's rustc-web + -Zbuild-std (see
# ../shared/notes/cross-toolchain.md), packs the npm module and runs:
#   1. wasm-bindgen-test suites in Node and in headless Chromium (chromedriver), with the
#      SIMD128 kernels checked bit for bit against the portable backend
#      (pqlattice::testing::kernels) and whole operations compared across backends;
#   2. node --test against the packed npm module: round trips, ACVP subset, bad inputs,
#      SIMD128 as the default backend and identical bytes when forced to portable;
#      X-Wing (the draft's vectors) and the secure channel (handshakes, bad input), and
#      the channel's deterministic vectors through the test-hooks build of the package;
#   3. interoperability with @noble/post-quantum (pinned in wasm/package-lock.json; ML-KEM,
#      ML-DSA, and X-Wing as its ml_kem768_x25519), key files (the RFC example keys of
#      test-vectors/x509) and streaming signing, and a TypeScript check of index.d.ts;
#   4. the demo page (wasm/demo/) in headless Chromium, with a screenshot; the channel page
#      (wasm/demo/channel.html) in headless Chromium against the live
#      examples/channel_server.rs over WebSocket, pinned (and once with a wrong pin);
#   5. node bench.mjs: ops/s of the SIMD128 and portable backends against
#      @noble/post-quantum (ML-KEM-768, ML-DSA-65, X-Wing), the channel's handshake and
#      records (printed, not a pass/fail bar).
# Ends with "N passed, M failed" and exits non-zero on any failure.
#
# Environment: WASM_SKIP_BENCH=1 skips 5; WASM_BENCH_SECONDS (default 0.5) per op;
# WASM_TOOLS_DIR puts the tool cache elsewhere (default target/wasm-tools).
#
# The channel server is built for the host with the `test` profile and the features of
# scripts/test.sh's `cargo test` run, which has built it already in a full CI run (then
# this build is a no-op); run alone, this script builds it in the background while the
# wasm builds run.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WASM=$ROOT/wasm
TOOLS=${WASM_TOOLS_DIR:-$ROOT/target/wasm-tools}  # cached tools (wasm-bindgen-cli)
TDIR=$ROOT/target/wasm                 # cargo target dir of the wasm crate
OUT=$ROOT/target/wasm-out              # logs, npm tarball, fixture, screenshot
WB_VERSION=0.2.130                     # == the wasm-bindgen crate pinned in wasm/Cargo.toml
APT_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 chromium chromium-driver nodejs npm)
# wasm-opt comes from npm's binaryen (pinned in wasm/package.json): Debian 12's binaryen 108
# breaks the externref table that wasm-bindgen emits.
W=(--target wasm32-unknown-unknown -Zbuild-std=std,panic_abort --release --target-dir "$TDIR")

mkdir -p "$TOOLS" "$OUT"
START=$SECONDS
PASSED=0
FAILED=0
FAILURES=()
log() { echo "== [$((SECONDS - START))s] $*"; }
pass() { PASSED=$((PASSED + $1)); }
fail() { FAILED=$((FAILED + $1)); FAILURES+=("$2"); echo "FAILED: $2"; }
die() { echo "test-wasm.sh: $*" >&2; echo "$PASSED passed, $((FAILED + 1)) failed"; exit 1; }

# Debian's cargo with Debian's rustc (rustup's ~/.cargo/bin may come first on PATH).
dcargo() { RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 /usr/bin/cargo "$@"; }

# ------------------------------------------------------------------ 0. tools
missing=()
for p in "${APT_PACKAGES[@]}"; do
  case $p in # node and npm may come from another package (e.g. nodesource's nodejs bundles npm)
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >"$OUT/apt.log" 2>&1 || die "apt-get update failed (see $OUT/apt.log)"
  $SUDO apt-get install -y -qq "${missing[@]}" >>"$OUT/apt.log" 2>&1 \
    || { tail -20 "$OUT/apt.log"; die "apt-get install failed"; }
fi
readlink -e /usr/bin/rust-lld >/dev/null || die "rust-lld missing (lld-22)"
test -f /usr/lib/rustlib/src/rust/library/Cargo.lock || die "rust-web-src missing"

# Background jobs (wasm-bindgen-cli, the channel server) are stopped if this script stops early.
WB_PID=
SERVER_PID=
cleanup() {
  local p
  for p in $WB_PID $SERVER_PID; do pkill -P "$p"; kill "$p"; done 2>/dev/null
}
trap cleanup EXIT

# wasm-bindgen-cli builds in the background while the wasm crate and its tests compile.
if ! "$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VERSION"; then
  log "cargo install wasm-bindgen-cli $WB_VERSION in the background (about 6 minutes)"
  # Without --locked: its lockfile pins a crate version the registry lacks.
  INSTALL_CARGO=$(command -v cargo || echo /usr/bin/cargo)
  (cd "$ROOT/target" && "$INSTALL_CARGO" install -q wasm-bindgen-cli --version "=$WB_VERSION" --root "$TOOLS" \
    >"$OUT/wasm-bindgen-install.log" 2>&1) &
  WB_PID=$!
fi

# The channel server for the browser check (step 4), built for the host in the background.
HOST_CARGO=$(command -v cargo || echo /usr/bin/cargo)
SERVER_FEATURES=testing,channel,rustcrypto # == TEST_FEATURES of scripts/test.sh
SERVER_BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/channel_server
log "cargo build --profile test --example channel_server (host, in the background)"
(cd "$ROOT" && "$HOST_CARGO" build -q --profile test --example channel_server --features "$SERVER_FEATURES" \
  >"$OUT/server-build.log" 2>&1) &
SERVER_PID=$!
wait_wasm_bindgen() {
  if [ -n "$WB_PID" ]; then
    log "waiting for cargo install wasm-bindgen-cli"
    wait "$WB_PID" || { tail -30 "$OUT/wasm-bindgen-install.log"; die "cargo install wasm-bindgen-cli failed"; }
    WB_PID=
  fi
  "$TOOLS/bin/wasm-bindgen" --version | grep -qx "wasm-bindgen $WB_VERSION" || die "wasm-bindgen-cli $WB_VERSION missing"
}
export PATH="$TOOLS/bin:$PATH"
cd "$WASM" || die "no wasm/"
log "npm ci (pinned @noble/post-quantum, @noble/hashes, binaryen)"
npm ci --no-audit --no-fund --loglevel=error >"$OUT/npm.log" 2>&1 || { cat "$OUT/npm.log"; die "npm ci failed"; }
WASM_OPT=$WASM/node_modules/.bin/wasm-opt
log "tools: $(/usr/bin/rustc --version), node $(node --version), $(chromium --version 2>/dev/null), $("$WASM_OPT" --version 2>/dev/null || echo 'no wasm-opt')"

# ------------------------------------------------------------------ 1. build + package
log "cargo build (wasm32, simd128, release)"
dcargo build "${W[@]}" --lib >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; die "cargo build failed"; }
tail -2 "$OUT/build.log" | sed 's/^/  /'
RAW=$TDIR/wasm32-unknown-unknown/release/pqlattice_wasm.wasm
lockver=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
[ "$lockver" = "$WB_VERSION" ] || die "wasm-bindgen crate $lockver != wasm-bindgen-cli $WB_VERSION"

log "cargo test --no-run (wasm-bindgen-test suites)"
dcargo test "${W[@]}" --features test-hooks --test node --test web --no-run >"$OUT/wbt-build.log" 2>&1 \
  || { tail -30 "$OUT/wbt-build.log"; die "building the wasm-bindgen-test suites failed"; }
wait_wasm_bindgen
rm -rf pkg && mkdir -p pkg
wasm-bindgen --target web --out-dir pkg "$RAW" || die "wasm-bindgen failed"
BG=pkg/pqlattice_wasm_bg.wasm
size_raw=$(stat -c %s "$BG")
size_opt=
if [ -x "$WASM_OPT" ]; then
  if "$WASM_OPT" -Oz --enable-simd --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
      "$BG" -o "$OUT/opt.wasm" 2>"$OUT/wasm-opt.log"; then
    cp "$OUT/opt.wasm" "$BG"
    size_opt=$(stat -c %s "$BG")
  else
    echo "  wasm-opt failed (kept the unoptimized module):"; tail -3 "$OUT/wasm-opt.log"
  fi
fi
size_gz=$(gzip -9 -c "$BG" | wc -c)
cp pkg-src/index.js pkg-src/index.d.ts pkg-src/package.json README.md pkg/
log "wasm size: ${size_raw} B after wasm-bindgen, ${size_opt:-n/a} B after wasm-opt -Oz, ${size_gz} B gzip -9 (shipped)"

# The build with the test hooks (never shipped), wrapped by the same index.js: the channel
# vectors test chooses the handshake randomness through it, and bench.mjs measures the
# cost of stack wiping with it. Its own cargo profile keeps it from replacing the shipped
# build (so both stay cached).
log "cargo build --features test-hooks (profile wasm-hooks: channel vectors test, wiping benchmark)"
HOOKS_PKG=$OUT/hooks-pkg
if dcargo build "${W[@]/--release/--profile=wasm-hooks}" --lib --features test-hooks >"$OUT/build-hooks.log" 2>&1 \
    && rm -rf "$HOOKS_PKG" \
    && wasm-bindgen --target web --out-dir "$HOOKS_PKG" "$TDIR/wasm32-unknown-unknown/wasm-hooks/pqlattice_wasm.wasm" \
    && cp pkg-src/index.js "$HOOKS_PKG/"; then
  export WASM_BENCH_HOOKS=$HOOKS_PKG
else
  tail -20 "$OUT/build-hooks.log"; fail 1 "test-hooks build"
fi

# ------------------------------------------------------------------ 2. wasm-bindgen-test
runner_counts() { # "test result: ok. 8 passed; 0 failed" -> "8 0"
  sed -n 's/.*test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' "$1" | tail -1
}
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180
for suite in node web; do
  log "wasm-bindgen-test: $suite"
  dcargo test "${W[@]}" --features test-hooks --test "$suite" >"$OUT/wbt-$suite.log" 2>&1
  rc=$?
  grep -E '^test |test result' "$OUT/wbt-$suite.log" | sed 's/^/  /'
  read -r p f <<<"$(runner_counts "$OUT/wbt-$suite.log")"
  if [ "$rc" = 0 ] && [ "${p:-0}" -gt 0 ] && [ "${f:-1}" = 0 ]; then pass "$p"
  else tail -30 "$OUT/wbt-$suite.log"; fail "${f:-1}" "wasm-bindgen-test $suite (rc=$rc)"; pass "${p:-0}"; fi
done

# ------------------------------------------------------------------ 3. npm module tests
log "npm: pack pqlattice-wasm and install the tarball as a user would"
rm -f "$OUT"/pqlattice-wasm-*.tgz
(cd pkg && npm pack --pack-destination "$OUT" --loglevel=error >/dev/null) || die "npm pack failed"
npm install --no-save --no-audit --no-fund --loglevel=error "$OUT"/pqlattice-wasm-*.tgz >>"$OUT/npm.log" 2>&1 \
  || { cat "$OUT/npm.log"; die "npm install of the packed module failed"; }
node tools/make-fixture.mjs "$OUT/acvp-subset.json" | sed 's/^/  /' || die "fixture export failed"

node_counts() { # node --test (tap): "# pass 20" / "# fail 0"
  echo "$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$1" | tail -1) $(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$1" | tail -1)"
}
for t in api interop boundary keys keyfiles xwing channel channel-vectors; do
  log "node --test test/$t.test.mjs"
  PQ_FIXTURE="$OUT/acvp-subset.json" PQ_HOOKS_PKG="$HOOKS_PKG" node --test --test-reporter=tap "test/$t.test.mjs" >"$OUT/node-$t.log" 2>&1
  rc=$?
  grep -E '^(not )?ok ' "$OUT/node-$t.log" | sed 's/^/  /'
  read -r p f <<<"$(node_counts "$OUT/node-$t.log")"
  if [ "$rc" = 0 ] && [ "${p:-0}" -gt 0 ] && [ "${f:-1}" = 0 ]; then pass "$p"
  else grep -B2 -A25 '^not ok' "$OUT/node-$t.log" | head -80; fail "${f:-1}" "node --test $t (rc=$rc)"; pass "${p:-0}"; fi
done

log "tsc: index.d.ts type-checked as a TypeScript user sees it"
if node_modules/.bin/tsc -p test/tsconfig.json; then pass 1; else fail 1 "tsc (index.d.ts)"; fi

# ------------------------------------------------------------------ 4. demo page
log "demo page in headless Chromium"
if node tools/demo-check.mjs "$OUT/demo.png"; then pass 1; else fail 1 "demo page"; fi

log "channel page in headless Chromium, over WebSocket to the live examples/channel_server.rs"
if wait "$SERVER_PID"; then
  SERVER_PID=
  if node tools/channel-check.mjs "$SERVER_BIN" "$OUT/channel.png"; then pass 1; else fail 1 "channel page"; fi
else
  SERVER_PID=
  tail -30 "$OUT/server-build.log"; fail 1 "building examples/channel_server"
fi

# ------------------------------------------------------------------ 5. benchmark
if [ "${WASM_SKIP_BENCH:-0}" != 1 ]; then
  # The cost of stack wiping is measured on the build with the test hooks (step 1).
  log "node bench.mjs (ML-KEM-768, ML-DSA-65, X-Wing vs @noble/post-quantum; channel; key objects; stack wiping)"
  if node bench.mjs "${WASM_BENCH_SECONDS:-0.5}" | tee "$OUT/bench.md"; then pass 1; else fail 1 "bench (wrong result)"; fi
fi

log "done in $((SECONDS - START))s; wasm ${size_raw} B raw, ${size_opt:-n/a} B wasm-opt -Oz, ${size_gz} B gzip"
((${#FAILURES[@]})) && printf 'failed: %s\n' "${FAILURES[@]}"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
