#!/usr/bin/env bash
# Static constant-time check of every hand-written kernel under asm/ (see
# scripts/asmcheck/asmcheck.py for the rules), with negative controls that must be
# reported and positive controls that must pass. The evidence for kernels valgrind
# cannot run (AVX-512), and a second, independent check for the others.
set -euo pipefail
cd "$(dirname "$0")/.."
# CI has binutils for both architectures (scripts/test.sh installs them): never
# fall back to checking unexpanded source text there.
export ASMCHECK_STRICT=${ASMCHECK_STRICT:-1}
CHECK=(python3 scripts/asmcheck/asmcheck.py)

mapfile -t files < <(find asm -name '*.S' 2>/dev/null | sort)
if [ "${#files[@]}" = 0 ]; then
  echo "asmcheck: no kernels under asm/ yet"
else
  echo "asmcheck: ${#files[@]} kernel file(s)"
  "${CHECK[@]}" "${files[@]}"
fi

for good in scripts/asmcheck/good_*.S; do
  "${CHECK[@]}" "$good" >/dev/null || { echo "asmcheck: FAILED: positive control $good rejected"; "${CHECK[@]}" "$good"; exit 1; }
done
for canary in scripts/asmcheck/canary_*.S; do
  rc=0
  out=$("${CHECK[@]}" "$canary") || rc=$?
  if [ "$rc" = 1 ]; then
    echo "asmcheck: negative control $(basename "$canary") reported: $(echo "$out" | head -1 | sed 's/^[^ ]* //')"
  else
    echo "asmcheck: FAILED: negative control $canary not reported (exit $rc)"
    echo "$out"
    exit 1
  fi
done
echo "asmcheck: OK"
