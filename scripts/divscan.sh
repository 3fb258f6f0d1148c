#!/usr/bin/env bash
# Division scan (KyberSlash): disassemble FILE(s) and report any div/idiv instruction
# inside a function whose demangled name contains one of the PATTERNs.
#
#   scripts/divscan.sh [--arch x86_64|aarch64] -p PATTERN [-p PATTERN]... FILE...
#
# --arch aarch64 scans an AArch64 build (aarch64-linux-gnu-objdump, udiv/sdiv);
# the default is x86_64 (objdump, div/idiv).
#
# Exit status: 0 clean; 1 a div/idiv was found; 2 some PATTERN matched no function at
# all (the scan would be vacuous: wrong file, wrong name, code inlined away) or a
# usage error. Every pattern must match at least one function.
#
# Notes (see README "Constant time"): scan an rlib built with CARGO_INCREMENTAL=1
# (otherwise small cross-crate-inlinable functions are left out of it) and the
# ctgrind binary (generic and #[inline] code only exists where it is instantiated).
set -euo pipefail

usage() { echo "usage: $0 [--arch x86_64|aarch64] -p PATTERN [-p PATTERN]... FILE..." >&2; exit 2; }
arch=x86_64
if [ "${1:-}" = --arch ]; then
  [ "$#" -ge 2 ] || usage
  arch=$2
  shift 2
fi
case "$arch" in
  x86_64) objdump=objdump; divre='^i?div[bwlq]?$' ;;
  aarch64) objdump=aarch64-linux-gnu-objdump; divre='^[su]div$' ;;
  *) usage ;;
esac
pats=()
while getopts "p:" opt; do
  case "$opt" in
    p) pats+=("$OPTARG") ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ "${#pats[@]}" -gt 0 ] && [ "$#" -gt 0 ] || usage
for f in "$@"; do
  [ -f "$f" ] || { echo "divscan: no such file: $f" >&2; exit 2; }
done

# Patterns go to awk joined by a newline (no pattern can contain one).
joined=$(printf '%s\n' "${pats[@]}")
dis=$(mktemp)
trap 'rm -f "$dis"' EXIT
"$objdump" -d --no-show-raw-insn --demangle "$@" >"$dis"

awk -v pats="$joined" -v divre="$divre" '
  BEGIN { np = split(pats, pat, "\n"); for (i = 1; i <= np; i++) cnt[i] = 0 }
  /^[0-9a-f]+ <.*>:$/ {
    fn = $0; mine = 0
    for (i = 1; i <= np; i++) if (index($0, pat[i]) > 0) { cnt[i]++; mine = 1 }
    next
  }
  mine && $2 ~ divre { print "DIV in " fn "\n    " $0; bad = 1 }
  END {
    for (i = 1; i <= np; i++) {
      printf "divscan: %d functions matching %s scanned\n", cnt[i], pat[i]
      if (cnt[i] == 0) { print "divscan: no function matches " pat[i]; none = 1 }
    }
    if (bad) { print "divscan: division instruction(s) found"; exit 1 }
    if (none) exit 2
    exit 0
  }' "$dis"
