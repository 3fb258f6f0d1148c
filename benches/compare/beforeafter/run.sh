#!/usr/bin/env bash
# Times an older commit of pqlattice ("before") against this checkout ("after") in one
# process, interleaved, on the same keys and inputs; prints one Markdown table per
# backend on stdout (progress on stderr). Developer tool, not run by CI. See
# ../README.md, section "Before and after".
#
#   benches/compare/run.sh --before [REV] [OPTIONS]          (or this script directly)
#   OPTIONS: --backends "default avx2 portable"   backends to run (PQLATTICE_BACKEND; "default" = unset)
#            --runs N --batch B --reps R --only SUBSTRING   passed to the binary
#            --pads "0 16 32 48"   one build per value of PQLBA_PAD (code padding that moves
#                            every function of the three copies; see ../README.md)
#            --callgrind N   instead of timing: instructions per call under callgrind (N calls
#                            per row and column; valgrind has no AVX-512, "default" runs avx2)
#
# REV (default e62c777, main before the backend redesign of issue 16) is extracted
# twice with `git archive` into before-src/a and before-src/b (b is the A/A control),
# with the package versions set to 0.0.0-before.a / .b so that they can sit next to
# the checkout's pqlattice 0.1.0 in one lock file.
set -euo pipefail
cd "$(dirname "$0")"
root="$(git rev-parse --show-toplevel)"

rev=e62c777
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then rev="$1"; shift; fi
backends="default avx2 portable"
callgrind=0
pads=0
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --backends) backends="$2"; shift 2 ;;
        --callgrind) callgrind="$2"; shift 2 ;;
        --pads) pads="$2"; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
full="$(git -C "$root" rev-parse --verify "$rev^{commit}")"

# Extract only when the revision changed (re-extracting would touch every file and
# force a rebuild of both copies).
for copy in a b; do
    dir="before-src/$copy"
    if [ "$(cat "$dir/.rev" 2>/dev/null || true)" != "$full" ]; then
        echo "run.sh: extracting $rev into $dir" >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        # The crate's own files only (no test vectors, no sub-crates).
        # `tar -m`: the files get the extraction time, not the commit time. With the
        # commit time, a REV older than the last build of the copy would look
        # unchanged to cargo (older sources than its outputs) and not be rebuilt.
        git -C "$root" archive "$full" Cargo.toml README.md src asm benches tests examples \
            $(git -C "$root" ls-tree --name-only "$full" build.rs) | tar -x -m -C "$dir"
        # A path dependency, not a workspace root; its own version.
        sed -i -e '/^\[workspace\]/,/^\[/{/^\[workspace\]/d;/^members/d;/^exclude/d}' \
            -e "0,/^version = .*/s//version = \"0.0.0-before.$copy\"/" "$dir/Cargo.toml"
        echo "$full" > "$dir/.rev"
    fi
done

unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS
echo "run.sh: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo 'model name: unknown')" >&2
bin="${CARGO_TARGET_DIR:-target}/release/pqlattice-beforeafter"
after="$(git -C "$root" log -1 --format=%h -- src asm Cargo.toml)$(git -C "$root" diff --quiet HEAD -- src asm Cargo.toml || echo '+dirty')"
echo "## pqlattice before ($rev) / after ($after), $(date -u +%Y-%m-%d), $(rustc -V)"
echo

# Instructions per call: one callgrind run per backend, dumping counts at every row and
# column boundary (the binary's --count-all mode); segment 1 is the set-up.
count() {
    local b="$1" out
    out="$(mktemp -d)"
    PQLATTICE_BACKEND="$b" valgrind --tool=callgrind --dump-before=pqlba_segment_marker \
        --callgrind-out-file="$out/cg" "$bin" --count-all "$callgrind" ${args[@]+"${args[@]}"} \
        > "$out/labels" 2> "$out/log" || { cat "$out/log" >&2; exit 1; }
    echo "### instructions per call (callgrind), PQLATTICE_BACKEND=$b, $callgrind calls per cell"
    echo
    echo "| op | before | after | after/before | A/A before'/before |"
    echo "|---|---:|---:|---:|---:|"
    # Segment k+1 holds label line k; three columns (before, before', after) per row.
    for ((k = 1; k <= $(wc -l < "$out/labels"); k++)); do
        grep -m1 '^summary:' "$out/cg.$((k + 1))" | cut -d' ' -f2
    done | paste - - - | paste <(cut -f1 "$out/labels" | awk 'NR % 3 == 1') - |
        awk -F'\t' -v n="$callgrind" '{ printf "| %s | %.0f | %.0f | %.4f | %.4f |\n", $1, $2 / n, $4 / n, $4 / $2, $3 / $2 }'
    echo
    rm -rf "$out"
}
if [ "$callgrind" -gt 0 ]; then
    PQLBA_PAD="${pads%% *}" cargo build --release >&2
    command -v valgrind >/dev/null || { echo "run.sh: --callgrind needs valgrind (apt-get install valgrind)" >&2; exit 1; }
    for b in $backends; do
        [ "$b" = default ] && b=avx2
        count "$b"
    done
    exit 0
fi

for pad in $pads; do
    PQLBA_PAD="$pad" cargo build --release >&2
    for b in $backends; do
        if [ "$b" = default ]; then
            (unset PQLATTICE_BACKEND; PQL_BEFOREAFTER_DESC="detected, PQLBA_PAD=$pad" "$bin" ${args[@]+"${args[@]}"})
        else
            PQLATTICE_BACKEND="$b" PQL_BEFOREAFTER_DESC="PQLATTICE_BACKEND=$b, PQLBA_PAD=$pad" "$bin" ${args[@]+"${args[@]}"}
        fi
    done
done
