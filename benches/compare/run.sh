#!/usr/bin/env bash
# Builds and runs the pqlattice comparison benchmark; prints Markdown tables on stdout
# (progress on stderr). Developer tool, not run by CI.
#
#   benches/compare/run.sh                  # full run (2000 calls per cell)
#   benches/compare/run.sh --quick          # smoke test (100 calls per cell)
#   benches/compare/run.sh --only ML-KEM-768
#   benches/compare/run.sh --default-build  # plain stable build, no per-crate flags
#   benches/compare/run.sh --libcrux-baseline  # nightly build, but libcrux without x86-64-v3
#                                           # (its portable column then a baseline build
#                                           # like pqlattice's; rebuilds only libcrux)
#   benches/compare/run.sh --before [REV] [...]  # pqlattice at REV against this checkout
#                                           # (beforeafter/run.sh; builds no other library)
#
# Build: with a nightly toolchain, the libcrux crates (and only they) are compiled
# with `-C target-cpu=x86-64-v3` through cargo's `-Z profile-rustflags`
# (libcrux-avx2.toml); pqlattice and the other libraries are default builds. Without
# nightly, or with --default-build, everything is a default build. See README.md.
set -euo pipefail
cd "$(dirname "$0")"

# Before/after mode: a separate small crate (two versions of pqlattice, nothing else).
if [ "${1:-}" = --before ]; then
    shift
    exec beforeafter/run.sh "$@"
fi

default_build=0
libcrux_baseline=0
args=()
for a in "$@"; do
    case "$a" in
        --default-build) default_build=1 ;;
        --libcrux-baseline) libcrux_baseline=1 ;;
        *) args+=("$a") ;;
    esac
done

# C toolchain: pqcrypto builds PQClean with the cc crate; aws-lc-sys builds AWS-LC with
# its cc-crate builder on Linux x86_64 and falls back to CMake elsewhere.
missing=()
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: installing ${missing[*]}" >&2
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" apt-get install -y "${missing[@]}" >&2
fi

# pqlattice is measured as a default build: no global flags.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS

if [ "$default_build" -eq 0 ] && [ "$libcrux_baseline" -eq 1 ] && cargo +nightly -V >/dev/null 2>&1; then
    # The same nightly toolchain and -Z flag as the default mode, without the libcrux
    # config: only the libcrux crates (and the binary) are rebuilt when switching.
    toolchain="$(rustc +nightly -V)"
    export PQL_COMPARE_BUILD="$toolchain; every crate a default build (--libcrux-baseline: libcrux AVX2 by run-time dispatch only; libcrux portable compiled for the baseline x86-64 target, like pqlattice)"
    cargo_cmd=(cargo +nightly -Z profile-rustflags)
    config=()
elif [ "$default_build" -eq 0 ] && cargo +nightly -V >/dev/null 2>&1; then
    toolchain="$(rustc +nightly -V)"
    export PQL_COMPARE_BUILD="$toolchain; libcrux-* crates with -C target-cpu=x86-64-v3 (cargo -Z profile-rustflags), everything else (pqlattice included) a default build"
    cargo_cmd=(cargo +nightly -Z profile-rustflags)
    config=(--config libcrux-avx2.toml)
else
    [ "$default_build" -eq 1 ] || echo "run.sh: no nightly toolchain; libcrux gets no AVX2 compile flags (run-time dispatch only)" >&2
    toolchain="$(rustc -V)"
    export PQL_COMPARE_BUILD="$toolchain; default build of every crate (libcrux: run-time AVX2 dispatch only)"
    cargo_cmd=(cargo)
    config=()
fi

echo "run.sh: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo 'model name: unknown')" >&2
echo "run.sh: building ($toolchain), this takes a few minutes the first time" >&2
"${cargo_cmd[@]}" build --release --locked "${config[@]}" >&2
"${cargo_cmd[@]}" run --release --locked --quiet "${config[@]}" -- "${args[@]}"
