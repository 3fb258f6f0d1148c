#!/usr/bin/env bash
# The test suite of libpqlattice, the C API. Runs the ffi crate's Rust unit tests
# (including the checks that include/pqlattice.h and the C reference in
# ffi/README.md are what the API tables generate) and
# clippy, builds the libraries in release mode, exports the ACVP vectors to text,
# then compiles and runs the C tests against the static and the shared library,
# under ASan/UBSan and valgrind, plus a C++ compile check, the C examples, and an
# install into a temporary prefix used through pkg-config and CMake. Prints
# `N passed, M failed` (checks, summed over all steps) and exits non-zero on any
# failure.
#
# usage: ffi/tests/run.sh     (from anywhere; needs cargo, gcc, g++, valgrind and
#                              pkg-config, and cmake for the CMake check: missing
#                              ones are installed with apt-get when possible)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FFI=$ROOT/ffi
TESTS=$FFI/tests
LIB=${CARGO_TARGET_DIR:-$ROOT/target}/release
VECTORS=${CARGO_TARGET_DIR:-$ROOT/target}/ffi-vectors
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pql-ffi-tests.XXXXXX")
server_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

CC=${CC:-gcc}
CXX=${CXX:-g++}
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -O2 -g -pthread -I"$FFI/include")
STATIC_LIBS=("$LIB/libpqlattice.a" -lpthread -ldl -lm -lrt -lutil)
# shellcheck disable=SC2054 # commas inside linker and sanitizer flags
SHARED_LIBS=(-L"$LIB" -lpqlattice -Wl,-rpath,"$LIB")
# shellcheck disable=SC2054
SAN=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)

passed=0
failed=0
skipped=0

# step NAME CMD...: runs CMD; a step counts as one check, or as the counts of the
# `X passed, Y failed` line it prints, if any.
step() {
    local name=$1
    shift
    local log=$WORK/step.log
    if "$@" >"$log" 2>&1; then
        local n
        # A C test's closing line, or the sum of cargo's `test result` lines.
        n=$(sed -n 's/^[A-Za-z_]*: \([0-9][0-9]*\) passed, 0 failed$/\1/p' "$log" | tail -n 1)
        [ -n "$n" ] || n=$(sed -n 's/^test result: ok\. \([0-9][0-9]*\) passed;.*/\1/p' "$log" |
            awk '{ s += $1 } END { if (NR) print s }')
        n=${n:-1}
        passed=$((passed + n))
        printf 'ok    %-58s %6s checks\n' "$name" "$n"
        grep -E '^[A-Za-z0-9_.-]+(\.txt)?: [0-9]+ cases' "$log" | sed 's/^/        /'
    else
        local n
        n=$(sed -n 's/^[A-Za-z_]*: [0-9][0-9]* passed, \([1-9][0-9]*\) failed$/\1/p' "$log" | tail -n 1)
        failed=$((failed + ${n:-1}))
        printf 'FAIL  %s\n' "$name"
        sed 's/^/    | /' "$log" | tail -n 60
    fi
}

# expect_fail NAME CMD...: a check that CMD fails.
expect_fail() {
    local name=$1
    shift
    if "$@" >"$WORK/step.log" 2>&1; then
        failed=$((failed + 1))
        printf 'FAIL  %s (succeeded, should have failed)\n' "$name"
    else
        passed=$((passed + 1))
        printf 'ok    %s\n' "$name"
    fi
}

# needs_lib BINARY yes|no: whether BINARY depends on libpqlattice.so.
needs_lib() {
    local has=no
    readelf -d "$1" | grep -q 'NEEDED.*libpqlattice\.so' && has=yes
    [ "$has" = "$2" ]
}

echo "== tools"
missing=()
TOOLS=(gcc:gcc g++:g++ valgrind:valgrind pkg-config:pkg-config cmake:cmake readelf:binutils)
# musl-gcc for the check under musl's default thread stack (x86-64 only).
[ "$(uname -m)" = x86_64 ] && TOOLS+=(musl-gcc:musl-tools)
for tool in "${TOOLS[@]}"; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    { "${sudo[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" \
        apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$WORK/apt.log" 2>&1 ||
        { echo "apt-get failed:"; tail -n 5 "$WORK/apt.log"; }
fi
for tool in gcc g++ valgrind pkg-config readelf nm; do
    command -v "$tool" >/dev/null || { echo "missing required tool: $tool"; failed=$((failed + 1)); }
done

echo "== Rust side: unit tests (header up to date, boundary, codes) and clippy"
step "cargo test -p pqlattice-ffi" cargo test -q -p pqlattice-ffi --manifest-path "$ROOT/Cargo.toml"
step "cargo clippy -p pqlattice-ffi --all-targets -D warnings" cargo clippy -q -p pqlattice-ffi \
    --all-targets --manifest-path "$ROOT/Cargo.toml" -- -D warnings

echo "== building libpqlattice (release) and exporting the known-answer vectors"
step "cargo build --release -p pqlattice-ffi" \
    cargo build --release -q -p pqlattice-ffi --manifest-path "$ROOT/Cargo.toml"
step "export ACVP vectors to $VECTORS" \
    cargo run --release -q -p pqlattice-ffi --manifest-path "$ROOT/Cargo.toml" \
    --example export_vectors -- "$VECTORS"
# The shared library exports exactly the functions the header declares.
exports_match_header() {
    diff <(nm -D --defined-only "$LIB/libpqlattice.so" | awk '{ print $3 }' | sort) \
        <(grep -oE '\bpql_[a-z0-9_]+\(' "$FFI/include/pqlattice.h" | tr -d '(' | sort -u)
}
step "libpqlattice.so exports exactly the header's $(grep -coE '^[^ *].*\bpql_[a-z0-9_]+\(' \
    "$FFI/include/pqlattice.h") functions" exports_match_header
mapfile -t VECTOR_FILES < <(ls "$VECTORS"/*.txt 2>/dev/null)
if [ ${#VECTOR_FILES[@]} -eq 0 ]; then
    echo "no vector files in $VECTORS"
    failed=$((failed + 1))
fi

PROGRAMS=(test_kat test_roundtrip test_errors test_threads test_handles test_xwing test_channel test_keyfiles test_stream)
run_program() { # BINARY PROGRAM [WRAPPER...]
    local bin=$1 prog=$2
    shift 2
    case $prog in
        test_kat) "$@" "$bin" "${VECTOR_FILES[@]}" ;;
        test_roundtrip) "$@" "$bin" 10 ;;
        test_xwing) "$@" "$bin" "$VECTORS/xwing.vec" ;;
        test_channel) "$@" "$bin" "$VECTORS/channel.vec" ;;
        test_keyfiles) "$@" "$bin" "$ROOT/test-vectors/x509" ;;
        *) "$@" "$bin" ;;
    esac
}

for link in static shared; do
    echo "== C tests ($CC ${CFLAGS[*]:0:5}), $link library"
    if [ $link = static ]; then libs=("${STATIC_LIBS[@]}"); else libs=("${SHARED_LIBS[@]}"); fi
    for prog in "${PROGRAMS[@]}"; do
        bin=$WORK/${prog}_$link
        step "compile $prog ($link)" "$CC" "${CFLAGS[@]}" -o "$bin" "$TESTS/$prog.c" "${libs[@]}"
        [ -x "$bin" ] && step "run $prog ($link)" run_program "$bin" "$prog"
    done
    if [ $link = static ]; then
        step "test_roundtrip (static) does not need libpqlattice.so" \
            needs_lib "$WORK/test_roundtrip_static" no
    else
        step "test_roundtrip (shared) needs libpqlattice.so" needs_lib "$WORK/test_roundtrip_shared" yes
    fi
done

echo "== C tests with -fsanitize=address,undefined (static library)"
for prog in "${PROGRAMS[@]}"; do
    bin=$WORK/${prog}_asan
    step "compile $prog (asan+ubsan)" "$CC" "${CFLAGS[@]}" "${SAN[@]}" -o "$bin" "$TESTS/$prog.c" \
        "${STATIC_LIBS[@]}"
    [ -x "$bin" ] && step "run $prog (asan+ubsan)" run_program "$bin" "$prog" \
        env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
done

echo "== stack: depth within PQL_STACK_MAX_BYTES and nothing left behind, on a stack the test owns"
for link in static shared; do
    if [ $link = static ]; then libs=("${STATIC_LIBS[@]}"); else libs=("${SHARED_LIBS[@]}"); fi
    bin=$WORK/test_stack_$link
    step "compile test_stack ($link)" "$CC" "${CFLAGS[@]}" -o "$bin" "$TESTS/test_stack.c" "${libs[@]}"
    [ -x "$bin" ] && step "run test_stack ($link; every backend of this CPU)" "$bin" --quiet
done
# The negative control: the same library with stack wiping compiled out (a cfg set
# only here, in a separate target directory), where the searches must find residue
# and secrets.
NOWIPE=${CARGO_TARGET_DIR:-$ROOT/target}/ffi-no-wipe
step "build libpqlattice.a with --cfg pql_ffi_no_stack_wipe (negative control)" \
    env CARGO_TARGET_DIR="$NOWIPE" cargo rustc --release -q -p pqlattice-ffi \
    --manifest-path "$ROOT/Cargo.toml" --crate-type staticlib -- --cfg pql_ffi_no_stack_wipe
step "compile test_stack (no wiping)" "$CC" "${CFLAGS[@]}" -o "$WORK/test_stack_nowipe" \
    "$TESTS/test_stack.c" "$NOWIPE/release/libpqlattice.a" -lpthread -ldl -lm -lrt -lutil
[ -x "$WORK/test_stack_nowipe" ] && step "run test_stack --expect-leaks (no wiping: finds them)" \
    "$WORK/test_stack_nowipe" --expect-leaks --quiet

MUSL=x86_64-unknown-linux-musl
echo "== musl ($MUSL): every call on a thread with musl's default stack (128 KiB)"
if [ "$(uname -m)" != x86_64 ]; then
    echo "skip  musl check (x86-64 only)"
    skipped=$((skipped + 1))
elif ! command -v musl-gcc >/dev/null ||
    ! { rustup target list --installed 2>/dev/null | grep -qx $MUSL ||
        rustup target add $MUSL >"$WORK/rustup.log" 2>&1; }; then
    echo "skip  musl check (needs musl-gcc from musl-tools and \`rustup target add $MUSL\`)"
    skipped=$((skipped + 1))
else
    MUSL_LIB=${CARGO_TARGET_DIR:-$ROOT/target}/$MUSL/release/libpqlattice.a
    # Rust's musl target brings its own unwinder (the system's libgcc_eh is glibc's).
    MUSL_UNWIND=$(rustc --print sysroot)/lib/rustlib/$MUSL/lib/self-contained/libunwind.a
    step "cargo build --release -p pqlattice-ffi --target $MUSL" \
        cargo build --release -q -p pqlattice-ffi --target $MUSL --manifest-path "$ROOT/Cargo.toml"
    step "compile test_stack (musl-gcc -static)" musl-gcc -static "${CFLAGS[@]}" \
        -o "$WORK/test_stack_musl" "$TESTS/test_stack.c" "$MUSL_LIB" "$MUSL_UNWIND"
    if [ -x "$WORK/test_stack_musl" ]; then
        step "run test_stack --default-stack (musl)" "$WORK/test_stack_musl" --default-stack --quiet
        step "run test_stack (musl)" "$WORK/test_stack_musl" --quiet
    fi
fi

echo "== valgrind"
step "valgrind test_handles (static; handles freed, no leak)" valgrind -q --error-exitcode=1 \
    --leak-check=full --vex-guest-max-insns=20 --errors-for-leak-kinds=definite,indirect,possible \
    "$WORK/test_handles_static"
step "valgrind test_channel --quick (static; channel handles freed, no leak)" valgrind -q \
    --error-exitcode=1 --leak-check=full --vex-guest-max-insns=20 \
    --errors-for-leak-kinds=definite,indirect,possible "$WORK/test_channel_static" \
    "$VECTORS/channel.vec" --quick
for link in static shared; do
    step "valgrind test_roundtrip ($link)" valgrind -q --error-exitcode=1 --leak-check=full --vex-guest-max-insns=20 \
        --errors-for-leak-kinds=definite,indirect,possible "$WORK/test_roundtrip_$link" 3
done

echo "== C++ and attribute checks"
step "compile cxx_check.cpp ($CXX -std=c++17 -Wall -Wextra -Werror)" \
    "$CXX" -std=c++17 -Wall -Wextra -Werror -pedantic -I"$FFI/include" -o "$WORK/cxx_check" \
    "$TESTS/cxx_check.cpp" "${STATIC_LIBS[@]}"
[ -x "$WORK/cxx_check" ] && step "run cxx_check" "$WORK/cxx_check"
expect_fail "ignoring a status code is an error (PQL_WARN_UNUSED_RESULT)" \
    "$CC" "${CFLAGS[@]}" -c -o "$WORK/unused_result.o" "$TESTS/unused_result.c"

echo "== a binding's view: Python ctypes over libpqlattice.so"
if command -v python3 >/dev/null; then
    step "python3 tests/ctypes_check.py" python3 "$TESTS/ctypes_check.py" "$LIB/libpqlattice.so" \
        "$FFI/include/pqlattice.h"
else
    echo "skip  ctypes check (python3 not installed)"
    skipped=$((skipped + 1))
fi

echo "== examples/c"
for src in "$ROOT"/examples/c/*.c; do
    name=$(basename "$src" .c)
    step "compile examples/c/$name.c" "$CC" "${CFLAGS[@]}" -o "$WORK/ex_$name" "$src" "${STATIC_LIBS[@]}"
    # The channel client needs a server: run below.
    [ "$name" = channel_client ] && continue
    [ -x "$WORK/ex_$name" ] && step "run examples/c/$name" "$WORK/ex_$name"
done

echo "== examples/c/channel_client against the Rust channel server (examples/channel_server.rs) over TCP"
# The server is built with the features and profile of scripts/test.sh's test run
# (cargo test builds every example with the test profile), so in CI this reuses
# that build; run alone, it compiles the example once.
SERVER_FEATURES=${PQL_SERVER_FEATURES:-testing,channel,rustcrypto}
SERVER=${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/channel_server
step "cargo build --profile test --example channel_server --features $SERVER_FEATURES" \
    cargo build -q --profile test --example channel_server --features "$SERVER_FEATURES" \
    --manifest-path "$ROOT/Cargo.toml"
# Starts the server (a fresh identity in a seed file, free ports) and waits for its
# fingerprint and TCP port.
start_server() {
    "$SERVER" --seed "$WORK/server.seed" --tcp 0 --ws 0 >"$WORK/server.log" 2>&1 &
    server_pid=$!
    local i
    for i in $(seq 1 100); do
        grep -q '^tcp listening on ' "$WORK/server.log" && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    SERVER_FP=$(sed -n 's/^server fingerprint: //p' "$WORK/server.log")
    SERVER_PORT=$(sed -n 's/^tcp listening on 127\.0\.0\.1://p' "$WORK/server.log")
    cat "$WORK/server.log"
    [ -n "$SERVER_FP" ] && [ -n "$SERVER_PORT" ]
}
# The exchange, and that the server saw it (its log line for this client).
client_exchange() {
    local fp
    "$WORK/ex_channel_client" 127.0.0.1 "$SERVER_PORT" "$SERVER_FP" "hello from C over TCP" |
        tee "$WORK/client.log" || return 1
    grep -q 'echo received and identical' "$WORK/client.log" || return 1
    fp=$(sed -n 's/^client fingerprint: //p' "$WORK/client.log")
    for _ in $(seq 1 50); do
        grep -q "client $fp echoed 1 message(s), closed" "$WORK/server.log" && return 0
        sleep 0.1
    done
    echo "the server did not log the exchange:"
    cat "$WORK/server.log"
    return 1
}
# The negative run: pinning another key must fail, with PQL_ERR_CHANNEL_PEER_MISMATCH.
client_wrong_pin() {
    local wrong=aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa-aaaa
    [ "$wrong" != "$SERVER_FP" ] || return 1
    if "$WORK/ex_channel_client" 127.0.0.1 "$SERVER_PORT" "$wrong" >"$WORK/wrong.log" 2>&1; then
        echo "the client accepted a server it did not pin"
        return 1
    fi
    cat "$WORK/wrong.log"
    grep -q "the peer's key is not the pinned one (-24)" "$WORK/wrong.log"
}
SERVER_FP=
SERVER_PORT=
[ -x "$SERVER" ] && [ -x "$WORK/ex_channel_client" ] && step "start channel_server" start_server
if [ -n "$SERVER_FP" ] && [ -n "$SERVER_PORT" ]; then
    step "channel_client pins the server: handshake, echo, close" client_exchange
    step "channel_client with a wrong pin fails (PQL_ERR_CHANNEL_PEER_MISMATCH)" client_wrong_pin
else
    echo "FAIL  channel client check (no server, or no client)"
    failed=$((failed + 1))
fi
if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
fi

echo "== install.sh into a temporary prefix; pkg-config and CMake consumers"
PREFIX=$WORK/prefix
step "ffi/install.sh $PREFIX" "$FFI/install.sh" "$PREFIX"
export PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig
for f in lib/libpqlattice.a lib/libpqlattice.so include/pqlattice.h lib/pkgconfig/pqlattice.pc \
    lib/cmake/pqlattice/pqlattice-config.cmake; do
    step "installed $f" test -s "$PREFIX/$f"
done
step "installed header equals ffi/include/pqlattice.h" cmp "$PREFIX/include/pqlattice.h" \
    "$FFI/include/pqlattice.h"
step "pkg-config --modversion = ffi version" \
    sh -c "test \"\$(pkg-config --modversion pqlattice)\" = \"\$(sed -n 's/^version = \"\\(.*\\)\"\$/\\1/p' '$FFI/Cargo.toml' | head -n 1)\""
step "pkg-config --static --libs lists -lpthread -ldl -lm" \
    sh -c 'pkg-config --static --libs pqlattice | grep -q -- "-lpthread -ldl -lm"'
ex=$ROOT/examples/c/key_exchange.c
# shellcheck disable=SC2046
step "cc key_exchange.c \$(pkg-config --cflags --libs pqlattice)" \
    "$CC" "${CFLAGS[@]}" -o "$WORK/pc_shared" "$ex" $(pkg-config --cflags --libs pqlattice)
[ -x "$WORK/pc_shared" ] && step "run it (LD_LIBRARY_PATH=PREFIX/lib)" \
    env LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/pc_shared"
# The rpath recipe of ffi/README.md: no LD_LIBRARY_PATH needed at run time.
step "cc key_exchange.c -lpqlattice -Wl,-rpath,PREFIX/lib (README recipe)" \
    "$CC" "${CFLAGS[@]}" -o "$WORK/rpath_app" "$ex" -I"$PREFIX/include" -L"$PREFIX/lib" \
    -lpqlattice -Wl,-rpath,"$PREFIX/lib"
has_runpath() { readelf -d "$1" | grep -E 'RPATH|RUNPATH' | grep -qF "$2"; }
[ -x "$WORK/rpath_app" ] && step "its RUNPATH is PREFIX/lib" has_runpath "$WORK/rpath_app" "$PREFIX/lib"
[ -x "$WORK/rpath_app" ] && step "run it without LD_LIBRARY_PATH" env -u LD_LIBRARY_PATH "$WORK/rpath_app"
# shellcheck disable=SC2046
step "cc key_exchange.c libpqlattice.a \$(pkg-config --static --libs-only-l ...)" \
    "$CC" "${CFLAGS[@]}" -o "$WORK/pc_static" "$ex" $(pkg-config --cflags pqlattice) \
    "$(pkg-config --variable=libdir pqlattice)/libpqlattice.a" \
    $(pkg-config --static --libs-only-l pqlattice | sed 's/-lpqlattice//')
[ -x "$WORK/pc_static" ] && step "run it" "$WORK/pc_static"
if command -v cmake >/dev/null; then
    step "cmake configure (find_package(pqlattice 0.1))" cmake -S "$TESTS/cmake" -B "$WORK/cmake" \
        -DCMAKE_PREFIX_PATH="$PREFIX" -DEXAMPLE="$ex"
    step "cmake build (pqlattice::pqlattice, pqlattice::pqlattice_static)" \
        cmake --build "$WORK/cmake"
    [ -x "$WORK/cmake/key_exchange_static" ] && step "run CMake static build" \
        "$WORK/cmake/key_exchange_static"
    [ -x "$WORK/cmake/key_exchange_shared" ] && step "run CMake shared build" \
        env LD_LIBRARY_PATH="$PREFIX/lib" "$WORK/cmake/key_exchange_shared"
else
    echo "skip  CMake consumer check (cmake not installed)"
    skipped=$((skipped + 1))
fi

echo
if [ $skipped -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
