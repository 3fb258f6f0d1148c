#!/usr/bin/env bash
# Self-test of scripts/avx512-emu.sh (three guest boots, ~1.5 min each on a free core):
#  1. the probe passes on the emulated Skylake-X (AVX-512F/BW/VL executed, results right);
#  2. a program's exit status comes back (3);
#  3. on an emulated Haswell (no AVX-512) the probe dies of SIGILL (132), so the
#     AVX-512 instructions really run in the emulated CPU, not on the host.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
emu=$here/../avx512-emu.sh
out=$(cd "$here/../.." && pwd)/target/avx512-emu
mkdir -p "$out"
if ! command -v gcc >/dev/null || [ ! -f /usr/lib/x86_64-linux-gnu/libc.a ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null
fi
gcc -static -O2 -o "$out/probe" "$here/probe.c"
fail=0
check() {
    local want=$1 name=$2; shift 2
    local rc=0
    "$@" || rc=$?
    if [ "$rc" = "$want" ]; then echo "avx512-emu selftest: $name: ok (exit $rc)"; else
        echo "avx512-emu selftest: $name: FAILED (exit $rc, want $want)"; fail=1; fi
}
check 0 "AVX-512 probe on corei7_skylake_x" bash "$emu" "$out/probe"
check 3 "exit status" bash "$emu" "$out/probe" exit 3
check 132 "SIGILL on corei7_haswell_4770" env AVX512EMU_CPU=corei7_haswell_4770 bash "$emu" "$out/probe"
exit $fail
