#!/usr/bin/env bash
# Run a static x86_64 Linux binary inside Bochs with an AVX-512 CPU (Skylake-X:
# AVX-512F/BW/VL/...), and report its stdout, stderr and exit status.
#
#   bash scripts/avx512-emu.sh path/to/static-binary [args...]
#   CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="bash $PWD/scripts/avx512-emu.sh" \
#   RUSTFLAGS="-C target-feature=+crt-static" \
#     cargo test --target x86_64-unknown-linux-gnu ... -- --test-threads=1
#
# The guest: Debian's own kernel (linux-image-*-amd64, downloaded with apt, not
# installed) booted by ISOLINUX from a CD image, with an initramfs holding a
# tiny init (scripts/avx512-emu/init.c) and the binary. The binary's stdout and
# stderr go through emulated serial ports to this script's stdout and stderr;
# its exit status (128+signal when killed, e.g. 132 for SIGILL) is ours.
# Runner failures (no boot, kernel panic, timeout) exit 125.
#
# Environment:
#   AVX512EMU_KERNEL=cloud-amd64  Debian kernel flavour (linux-image-<flavour>);
#                            cloud-amd64 is LZ4-compressed: much faster to boot
#                            than amd64 (XZ) under emulation
#   AVX512EMU_CPU=corei7_skylake_x  Bochs CPU model (AVX-512F/CD/BW/DQ/VL). Bochs'
#                            tigerlake and corei7_icelake_u hang this kernel early
#                            in boot (after "LSM: Security Framework initializing").
#                            corei7_haswell_4770 (AVX2, no AVX-512) is the
#                            negative check: AVX-512 code dies of SIGILL (exit 132).
#                            (ryzen hangs in boot like tigerlake.)
#   AVX512EMU_MEGS=512       guest memory in MiB
#   AVX512EMU_IPS=...        Bochs ips (emulated instructions per emulated second)
#   AVX512EMU_TIMEOUT=3000   wall-clock seconds before the run is killed
#   AVX512EMU_ENV="A B"      extra variable names passed to the binary; always
#                            passed: PQLATTICE_*, RUST_BACKTRACE, RUST_TEST_*,
#                            RUST_MIN_STACK, RUST_LOG
#   AVX512EMU_FILES="dir ..." files/dirs (relative to the cwd) copied into the
#                            guest's working directory (default: none)
#   AVX512EMU_KEEP=1         keep the run directory (logs) under target/avx512-emu/
#   AVX512EMU_VERBOSE=1      print timings and the kernel console log
#   AVX512EMU_STRIP=0        do not strip debug info from (a copy of) the binary
#   AVX512EMU_NO_APT=1       never call apt-get (fail if something is missing)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cache=${AVX512EMU_CACHE:-$root/target/avx512-emu}
cpu_model=${AVX512EMU_CPU:-corei7_skylake_x}
megs=${AVX512EMU_MEGS:-512}
ips=${AVX512EMU_IPS:-50000000}
timeout_s=${AVX512EMU_TIMEOUT:-3000}
verbose=${AVX512EMU_VERBOSE:-0}

log() { echo "avx512-emu: $*" >&2; }
die() { log "$*"; exit 125; }

if [ $# -lt 1 ]; then
    sed -n '2,30p' "${BASH_SOURCE[0]}" >&2
    exit 125
fi
bin=$1
shift
[ -f "$bin" ] || die "no such file: $bin"

# --- host packages ----------------------------------------------------------
bios=/usr/share/bochs/BIOS-bochs-latest
vgabios=/usr/share/vgabios/vgabios.bin
isolinux_bin=/usr/lib/ISOLINUX/isolinux.bin
ldlinux=/usr/lib/syslinux/modules/bios/ldlinux.c32
need=()
# The generated bochsrc uses the "term" display, whose plugin is its own Debian
# package (bochs-term); plain `bochs` with --no-install-recommends brings only
# the wx display. Check the file the run really loads, not just the binary.
term_plugin=/usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_term_gui.so
command -v bochs-bin >/dev/null || need+=(bochs)
[ -f "$term_plugin" ] || need+=(bochs-term)
[ -f "$bios" ] || need+=(bochsbios)
[ -f "$vgabios" ] || need+=(vgabios)
[ -f "$isolinux_bin" ] || need+=(isolinux)
[ -f "$ldlinux" ] || need+=(syslinux-common)
command -v xorriso >/dev/null || need+=(xorriso)
command -v cpio >/dev/null || need+=(cpio)
command -v gcc >/dev/null || need+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || need+=(libc6-dev)
apt_updated=0
apt_update() {
    [ "$apt_updated" = 1 ] && return 0
    [ "${AVX512EMU_NO_APT:-0}" = 1 ] && die "missing packages and AVX512EMU_NO_APT=1"
    log "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    apt_updated=1
}
if [ ${#need[@]} -gt 0 ]; then
    apt_update
    log "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
        || die "apt-get install ${need[*]} failed"
fi
[ -f "$term_plugin" ] || die "Bochs term display plugin missing: $term_plugin (package bochs-term)"

mkdir -p "$cache"
exec 9>"$cache/.lock"   # one builder of the cached pieces at a time
flock 9

# --- kernel (cached) --------------------------------------------------------
flavor=${AVX512EMU_KERNEL:-cloud-amd64}
kernel=$cache/vmlinuz-$flavor
if [ ! -s "$kernel" ]; then
    resolve() { apt-cache depends "linux-image-$flavor" 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'; }
    pkg=$(resolve)
    if [ -z "$pkg" ]; then apt_update; pkg=$(resolve); fi
    [ -n "$pkg" ] || die "cannot resolve linux-image-$flavor"
    log "downloading $pkg"
    rm -rf "$cache/dl" && mkdir -p "$cache/dl"
    (cd "$cache/dl" && apt-get download "$pkg" >/dev/null 2>&1) || die "apt-get download $pkg failed"
    dpkg-deb --fsys-tarfile "$cache"/dl/*.deb | tar -x -C "$cache/dl" --wildcards './boot/vmlinuz-*' \
        || die "cannot extract vmlinuz"
    mv "$cache"/dl/boot/vmlinuz-* "$kernel.tmp" && mv "$kernel.tmp" "$kernel"
    echo "$pkg" >"$kernel.pkg"
    rm -rf "$cache/dl"
fi

# --- init (cached, rebuilt when init.c changes) -----------------------------
init=$cache/init
if [ ! -x "$init" ] || [ "$here/avx512-emu/init.c" -nt "$init" ]; then
    gcc -static -O2 -o "$init.tmp" "$here/avx512-emu/init.c" || die "cannot build init"
    mv "$init.tmp" "$init"
fi
flock -u 9

# --- per-run image ----------------------------------------------------------
run=$(mktemp -d "$cache/run.XXXXXX")
bochs_pid=
cleanup() {
    [ -n "$bochs_pid" ] && kill -KILL "$bochs_pid" 2>/dev/null || true
    if [ "${AVX512EMU_KEEP:-0}" = 1 ]; then log "kept $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rfs=$run/rootfs
mkdir -p "$rfs/emu/cwd" "$rfs/proc" "$rfs/sys" "$rfs/dev" "$rfs/tmp"
cp "$init" "$rfs/init"
# Debug info only slows the guest's loading; symbols stay for backtraces.
if [ "${AVX512EMU_STRIP:-1}" = 1 ] && objcopy --strip-debug "$bin" "$rfs/emu/bin" 2>/dev/null; then :; else
    cp "$bin" "$rfs/emu/bin"
fi
chmod 755 "$rfs/emu/bin"
for a in "$@"; do printf '%s\0' "$a"; done >"$rfs/emu/args"
{
    printf '%s\0' PATH=/ HOME=/tmp TERM=dumb
    for v in $(compgen -e); do
        case $v in
            PQLATTICE_* | RUST_BACKTRACE | RUST_LIB_BACKTRACE | RUST_TEST_* | RUST_MIN_STACK | RUST_LOG) ;;
            *) case " ${AVX512EMU_ENV:-} " in *" $v "*) ;; *) continue ;; esac ;;
        esac
        printf '%s=%s\0' "$v" "${!v}"
    done
} >"$rfs/emu/env"
for f in ${AVX512EMU_FILES:-}; do
    mkdir -p "$rfs/emu/cwd/$(dirname "$f")"
    cp -a "$f" "$rfs/emu/cwd/$(dirname "$f")/"
done

iso=$run/iso
mkdir -p "$iso/isolinux"
cp "$isolinux_bin" "$ldlinux" "$iso/isolinux/"
ln "$kernel" "$iso/vmlinuz" 2>/dev/null || cp "$kernel" "$iso/vmlinuz"
(cd "$rfs" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$iso/initrd"
# Kernel command line: serial console, no probing that Bochs makes slow.
cmdline="console=ttyS0,115200 ${AVX512EMU_QUIET-quiet loglevel=3} panic=-1 oops=panic nokaslr mitigations=off nopku clearcpuid=pku,ospke,xsaves,xsavec"
cmdline+=" ${AVX512EMU_CMDLINE:-tsc=reliable lpj=1000000 noapic acpi=off pci=off nosmp i8042.noaux i8042.nokbd rdinit=/init}"
cat >"$iso/isolinux/isolinux.cfg" <<EOF
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  APPEND initrd=/initrd $cmdline
EOF
xorriso -as mkisofs -quiet -o "$run/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
    -no-emul-boot -boot-load-size 4 -boot-info-table "$iso" 2>"$run/xorriso.log" \
    || { cat "$run/xorriso.log" >&2; die "xorriso failed"; }
rm -rf "$iso" "$rfs"

cat >"$run/bochsrc" <<EOF
megs: $megs
romimage: file=$bios
vgaromimage: file=$vgabios
display_library: term
cpu: model=$cpu_model, count=1, ips=$ips, reset_on_triple_fault=0
clock: sync=none, time0=utc
ata0-master: type=cdrom, path=$run/boot.iso, status=inserted
boot: cdrom
floppy_bootsig_check: disabled=1
com1: enabled=1, mode=file, dev=$run/console.log
com2: enabled=1, mode=file, dev=$run/stdout.log
com3: enabled=1, mode=file, dev=$run/stderr.log
mouse: enabled=0
speaker: enabled=0
sound: driver=dummy
log: $run/bochs.log
panic: action=fatal
error: action=ignore
info: action=ignore
debug: action=ignore
EOF

# --- run ----------------------------------------------------------------------
t0=$(date +%s.%N)
# Debian's Bochs has the internal debugger compiled in: -rc makes it continue at
# once. The "term" display writes its curses screen into bochs.out; setsid keeps
# it off any terminal we may have.
printf 'continue\nquit\n' >"$run/dbg.rc"
TERM=vt100 setsid bochs-bin -q -f "$run/bochsrc" -rc "$run/dbg.rc" </dev/null >"$run/bochs.out" 2>&1 &
bochs_pid=$!
for _ in $(seq 100); do
    [ -e "$run/stdout.log" ] && [ -e "$run/stderr.log" ] && break
    kill -0 "$bochs_pid" 2>/dev/null || break
    sleep 0.1
done
touch "$run/stdout.log" "$run/stderr.log" "$run/console.log"
tail -c +1 -f --pid="$bochs_pid" "$run/stdout.log" &
tail_out=$!
tail -c +1 -f --pid="$bochs_pid" "$run/stderr.log" >&2 &
tail_err=$!

status=
why=
t_start=
deadline=$(($(date +%s) + timeout_s))
while :; do
    if [ -z "$t_start" ] && grep -q AVX512EMU_START "$run/console.log" 2>/dev/null; then
        t_start=$(date +%s.%N)
    fi
    if grep -qa 'AVX512EMU_EXIT=' "$run/console.log" 2>/dev/null; then
        status=$(grep -a -o 'AVX512EMU_EXIT=[0-9]*' "$run/console.log" | tail -n1 | cut -d= -f2)
        # init powers off through port 0x8900; give Bochs a moment to leave.
        for _ in $(seq 50); do kill -0 "$bochs_pid" 2>/dev/null || break; sleep 0.1; done
        break
    fi
    if ! kill -0 "$bochs_pid" 2>/dev/null; then
        sleep 0.2
        grep -qa 'AVX512EMU_EXIT=' "$run/console.log" && continue
        why="Bochs exited before the program finished"
        break
    fi
    if grep -qa 'Kernel panic' "$run/console.log" 2>/dev/null; then
        sleep 1
        why="guest kernel panic"
        break
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        why="timeout after ${timeout_s}s"
        break
    fi
    sleep 0.2
done
t1=$(date +%s.%N)
kill -KILL "$bochs_pid" 2>/dev/null || true
wait "$bochs_pid" 2>/dev/null || true
bochs_pid=
wait "$tail_out" "$tail_err" 2>/dev/null || true

if [ "$verbose" = 1 ] || [ -n "$why" ]; then
    log "---- guest console ----"
    tr -d '\r' <"$run/console.log" | grep -av AVX512EMU_ >&2 || true
    log "---- bochs ----"
    grep -avE '^\s*$' "$run/bochs.out" | tail -n 20 >&2 || true
fi
boot_s=$([ -n "$t_start" ] && awk "BEGIN{printf \"%.1f\", $t_start - $t0}" || echo "?")
total_s=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
if [ "$verbose" = 1 ]; then
    log "cpu=$cpu_model boot ${boot_s}s, total ${total_s}s"
fi
[ -n "$why" ] && die "$why (cpu=$cpu_model, after ${total_s}s)"
exit "$status"
