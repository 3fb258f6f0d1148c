#!/usr/bin/env bash
# Reproduces CI from nothing: runs `CI=true bash .ci/run` on a fresh clone of a
# committed ref, as root, inside a freshly debootstrapped Debian 12 (bookworm) root
# that holds only what a new CI machine has (the list below), with an empty cargo
# registry. It catches the class of bug of issue 13: a step that passes here only
# because something was installed by hand.
#
#   sudo bash scripts/fresh-ci.sh [options] [REF]      (REF: default HEAD)
#
# Options:
#   --rebuild      rebuild the cached base root (otherwise built once and reused)
#   --run CMD      run CMD (bash, in the clone) instead of `bash .ci/run`, e.g.
#                  --run 'bash scripts/test-wasm.sh' to rerun one step from fresh
#   --shell        an interactive shell in the fresh root instead (debugging)
#   --keep         keep the run's writable layer (target/, logs) under the cache
#   --cache DIR    where the base root and the runs live
#                  (default $FRESH_CI_CACHE or /var/tmp/pqlattice-fresh-ci)
#
# What is tested is what is committed: the clone is of REF, never the work tree.
# Needs root (debootstrap, mount, chroot) and the machine's own toolchains (the CI
# image): rustup's /root/.rustup and /root/.cargo/bin, pyenv's /root/.pyenv, Node.js
# in /usr/bin and /usr/lib/node_modules, /usr/local/bin/cargo-nextest.
#
# Layout: the base root ($CACHE/base, built by debootstrap, then read-only) is the
# lower layer of an overlay; every run gets a new empty upper layer, so every run
# starts from the same fresh machine and what CI's scripts install (apt, npm, cargo)
# is thrown away afterwards. The host's toolchains are mounted the same way (read-only
# lower layer, per-run upper layer): visible and writable inside, never modified.
# The whole log goes to $CACHE/logs/<run>.log.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
CACHE=${FRESH_CI_CACHE:-/var/tmp/pqlattice-fresh-ci}
SUITE=bookworm
MIRROR=http://deb.debian.org/debian

# ---------------------------------------------------------------------------
# What the CI image has (a new CI machine, before any script of ours runs):
#  - Debian 12 with these packages (a subset of the image's list: compilers and the
#    tools a script may use without installing them):
BASE_PACKAGES=(
  build-essential       # gcc, g++, make, libc6-dev, dpkg-dev
  git ca-certificates curl wget
  python3 python3-pip   # Debian's; pyenv's CPython 3.11 comes first on PATH
  valgrind gdb qemu-utils
  procps psmisc file less patch perl xz-utils unzip zstd iproute2 netbase
)
#  - from the host (the image), not from Debian:
#    Rust by rustup (/root/.rustup: stable with rustfmt and clippy, and nightly;
#    /root/.cargo/bin), cargo-nextest (/usr/local/bin), CPython 3.11 by pyenv
#    (/root/.pyenv), Node.js 20 (Debian package nodejs from another repository,
#    repacked from the host) with npm 11 (/usr/lib/node_modules), the apt settings
#    (/etc/apt/apt.conf.d) and the same apt sources (bookworm, bookworm-updates,
#    bookworm-security), with the updates installed.
#  - NOT: valgrind's and bochs' friends, libclang, cross compilers, qemu-user,
#    Chromium, rustc-web, cmake, pkg-config, cpio...: the project's scripts install
#    those themselves, which is what this checks.
#  - apt's package lists are empty (as in a Docker image): a script that asks apt
#    anything must run `apt-get update` first.
#  - the settings the workplace writes when a machine starts, copied from this
#    machine at each run: name resolution, the CA bundle (it includes the CA of the
#    workplace's TLS proxy: without it cargo's, pip's and npm's downloads fail), and
#    the apt, pip and npm settings.
MACHINE_FILES=(/etc/resolv.conf /etc/hosts /etc/ssl/certs/ca-certificates.crt
  /etc/apt/apt.conf.d/99artifact-registry /etc/pip.conf /etc/npmrc /usr/etc/npmrc /root/.npmrc)
# Bump BASE_REV when the base changes in a way the list does not show.
BASE_REV=2
# The environment CI runs with (the machine's, less the session's own variables).
CI_PATH=/root/.cargo/bin:/root/.pyenv/plugins/pyenv-virtualenv/shims:/root/.pyenv/shims:/root/.pyenv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CI_ENV=(HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8 PATH="$CI_PATH"
  PYENV_ROOT=/root/.pyenv RUSTUP_AUTO_INSTALL=0
  NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt CI=true)
# ---------------------------------------------------------------------------

REBUILD=0 KEEP=0 SHELL_MODE=0 RUN_CMD= REF=HEAD
while [ $# -gt 0 ]; do
  case $1 in
    --rebuild) REBUILD=1 ;;
    --keep) KEEP=1 ;;
    --shell) SHELL_MODE=1 ;;
    --run) RUN_CMD=${2:?--run needs a command}; shift ;;
    --cache) CACHE=${2:?--cache needs a directory}; shift ;;
    -h | --help) sed -n '2,30p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "fresh-ci: unknown option $1" >&2; exit 2 ;;
    *) REF=$1 ;;
  esac
  shift
done

T0=$SECONDS
say() { echo "fresh-ci [$((SECONDS - T0))s]: $*"; }
die() { echo "fresh-ci: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, mount, chroot)"
SHA=$(git -C "$REPO" rev-parse --verify "$REF^{commit}") || die "no such commit: $REF"
for p in /root/.rustup /root/.cargo/bin /root/.pyenv /usr/bin/node /usr/lib/node_modules/npm \
  /usr/local/bin/cargo-nextest; do
  [ -e "$p" ] || die "this machine lacks $p: it is not a CI-image machine"
done

BASE=$CACHE/base
ROOTFS=$BASE/root
STAMP=$BASE/ready
WANT_STAMP="rev=$BASE_REV suite=$SUITE packages=${BASE_PACKAGES[*]} node=$(dpkg-query -W -f='${Version}' nodejs)"
mkdir -p "$CACHE/logs" "$CACHE/runs"
RUN_ID=$(date -u +%Y%m%d-%H%M%S)-${SHA:0:10}
LOG=$CACHE/logs/$RUN_ID.log
exec > >(tee -a "$LOG") 2>&1
say "log: $LOG"

# Mount points to undo, innermost last; undone in reverse order on exit.
MOUNTS=()
RUN=
# kill_inside DIR: ends the processes whose root is DIR (each by its pid), e.g. a
# browser or emulator a test left behind, so that DIR can be unmounted.
kill_inside() {
  local p r pids=()
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    case $r in "$1" | "$1"/*) pids+=("${p#/proc/}") ;; esac
  done
  [ ${#pids[@]} = 0 ] && return 0
  echo "fresh-ci: ending processes left in the root: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  sleep 2
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
cleanup() {
  local rc=$? i
  set +e
  [ -n "${CHROOT_DIR:-}" ] && kill_inside "$CHROOT_DIR"
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount -R "${MOUNTS[i]}" 2>/dev/null || umount -R -l "${MOUNTS[i]}" 2>/dev/null ||
      echo "fresh-ci: could not unmount ${MOUNTS[i]}"
  done
  if [ -n "$RUN" ] && [ -d "$RUN" ]; then
    if [ "$KEEP" = 1 ]; then echo "fresh-ci: kept $RUN (its upper/ is the run's writes)"
    else rm -rf "$RUN"; fi
  fi
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# mount_sys DIR: /proc, /sys, /dev, a fresh /dev/shm, and name resolution in DIR.
mount_sys() {
  local d=$1
  mount -t proc proc "$d/proc"
  MOUNTS+=("$d/proc")
  mount --rbind /sys "$d/sys"
  MOUNTS+=("$d/sys")
  mount --make-rslave "$d/sys"
  mount --rbind /dev "$d/dev"
  MOUNTS+=("$d/dev")
  mount --make-rslave "$d/dev"
  mount -t tmpfs -o mode=1777,size=4g shm "$d/dev/shm"
  MOUNTS+=("$d/dev/shm")
  local f
  for f in "${MACHINE_FILES[@]}"; do
    if [ -f "$f" ]; then
      mkdir -p "$d$(dirname "$f")"
      rm -f "$d$f"
      cp "$f" "$d$f"
    fi
  done
}
umount_all() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -R "${MOUNTS[i]}"; done
  MOUNTS=()
}
# in_root CMD...: runs CMD in the root with CI's environment.
in_root() { chroot "$CHROOT_DIR" /usr/bin/env -i "${CI_ENV[@]}" "$@"; }
in_root_apt() { in_root DEBIAN_FRONTEND=noninteractive "$@"; }

# nodejs_deb OUT: the host's nodejs package as a .deb (the image installs it from a
# repository this machine cannot reach), with npm as upgraded on the machine.
nodejs_deb() {
  local out=$1 st
  st=$(mktemp -d "$CACHE/nodejs.XXXXXX")
  mkdir -p "$st/DEBIAN"
  dpkg-query -L nodejs | while read -r f; do
    if [ -f "$f" ] || [ -L "$f" ]; then printf '%s\n' "${f#/}"; fi
  done >"$st.list"
  tar -C / --no-recursion -cf - -T "$st.list" | tar -C "$st" -xf -
  rm -rf "$st/usr/lib/node_modules"
  tar -C / -cf - usr/lib/node_modules usr/bin/npm usr/bin/npx usr/bin/corepack | tar -C "$st" -xf -
  dpkg-query -W -f='Package: ${Package}\nVersion: ${Version}\nArchitecture: ${Architecture}\nMaintainer: ${Maintainer}\nInstalled-Size: ${Installed-Size}\nDepends: ${Depends}\nProvides: ${Provides}\nConflicts: ${Conflicts}\nReplaces: ${Replaces}\nSection: ${Section}\nPriority: ${Priority}\nDescription: ${Description}\n' nodejs |
    grep -vE '^[A-Za-z-]+: ?$' >"$st/DEBIAN/control"
  for s in preinst postinst prerm postrm; do
    [ -f "/var/lib/dpkg/info/nodejs.$s" ] && install -m 755 "/var/lib/dpkg/info/nodejs.$s" "$st/DEBIAN/$s"
  done
  dpkg-deb --root-owner-group -Zgzip -b "$st" "$out" >/dev/null
  rm -rf "$st" "$st.list"
}

# ------------------------------------------------------------------ base root
build_base() {
  local t=$SECONDS
  say "building the base root in $BASE (debootstrap $SUITE, then the CI image's packages)"
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  rm -rf "$BASE"
  mkdir -p "$BASE"
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$BASE/debootstrap.log" 2>&1 ||
    { tail -20 "$BASE/debootstrap.log"; die "debootstrap failed"; }
  # The image's apt sources and settings, and its no-services-in-containers policy.
  rm -f "$ROOTFS/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$ROOTFS/etc/apt/sources.list.d/"
  cp /etc/apt/apt.conf.d/* "$ROOTFS/etc/apt/apt.conf.d/"
  [ -f /usr/sbin/policy-rc.d ] && install -m 755 /usr/sbin/policy-rc.d "$ROOTFS/usr/sbin/policy-rc.d"
  CHROOT_DIR=$ROOTFS
  mount_sys "$ROOTFS"
  in_root_apt apt-get update -qq
  { in_root_apt apt-get upgrade -y -qq &&
    in_root_apt apt-get install -y -qq --no-install-recommends "${BASE_PACKAGES[@]}"; } >"$BASE/apt.log" 2>&1 ||
    { tail -20 "$BASE/apt.log"; die "installing the base packages failed"; }
  nodejs_deb "$ROOTFS/tmp/nodejs.deb"
  in_root_apt dpkg -i /tmp/nodejs.deb >>"$BASE/apt.log" 2>&1 || { tail -20 "$BASE/apt.log"; die "dpkg -i nodejs failed"; }
  rm -f "$ROOTFS/tmp/nodejs.deb"
  # Empty package lists and caches, as in the image.
  in_root apt-get clean
  rm -rf "$ROOTFS"/var/lib/apt/lists/*
  umount_all
  CHROOT_DIR=
  # Toolchains: mount points (filled per run) and rustup's proxies in ~/.cargo/bin.
  mkdir -p "$ROOTFS/root/.rustup" "$ROOTFS/root/.pyenv" "$ROOTFS/root/.cargo"
  cp -a /root/.cargo/bin "$ROOTFS/root/.cargo/"
  [ -f /root/.cargo/env ] && cp -a /root/.cargo/env "$ROOTFS/root/.cargo/"
  install -m 755 /usr/local/bin/cargo-nextest "$ROOTFS/usr/local/bin/"
  for f in /root/.bashrc /root/.profile; do
    if [ -f "$f" ]; then mkdir -p "$ROOTFS$(dirname "$f")" && cp -a "$f" "$ROOTFS$f"; fi
  done
  mkdir -p "$ROOTFS/ci"
  printf '%s\n' "$WANT_STAMP" >"$STAMP"
  say "base root built in $((SECONDS - t))s ($(du -sh "$ROOTFS" | cut -f1))"
}

T_BASE=$SECONDS
if [ "$REBUILD" = 1 ] || [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT_STAMP" ]; then
  build_base
else
  say "reusing the base root $BASE (--rebuild to rebuild it)"
fi
T_BASE=$((SECONDS - T_BASE))

# ------------------------------------------------------------------ the run
T_SETUP=$SECONDS
RUN=$CACHE/runs/$RUN_ID
M=$RUN/root
mkdir -p "$RUN"/{upper,work,rustup.u,rustup.w,pyenv.u,pyenv.w} "$M"
mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$RUN/upper,workdir=$RUN/work" "$M"
MOUNTS+=("$M")
CHROOT_DIR=$M
mount -t overlay overlay -o "lowerdir=/root/.rustup,upperdir=$RUN/rustup.u,workdir=$RUN/rustup.w" "$M/root/.rustup"
MOUNTS+=("$M/root/.rustup")
mount -t overlay overlay -o "lowerdir=/root/.pyenv,upperdir=$RUN/pyenv.u,workdir=$RUN/pyenv.w" "$M/root/.pyenv"
MOUNTS+=("$M/root/.pyenv")
mount_sys "$M"

# A clone of the commit, as CI makes one (not the work tree), and a read-only copy of
# shared/ beside it when this checkout has one beside it.
say "cloning $REF ($SHA) into the root"
git clone -q --no-local "$REPO" "$M/ci/pqlattice"
git -C "$M/ci/pqlattice" checkout -q -B ci "$SHA"
git -C "$M/ci/pqlattice" remote remove origin
for s in "$REPO/../shared" "$REPO/../../shared"; do
  if [ -d "$s" ]; then cp -r "$s" "$M/ci/shared" && chmod -R a-w "$M/ci/shared"; break; fi
done
T_SETUP=$((SECONDS - T_SETUP))

if [ "$SHELL_MODE" = 1 ]; then
  say "shell in the fresh root (exit to unmount and clean up)"
  chroot "$M" /usr/bin/env -i "${CI_ENV[@]}" TERM="${TERM:-dumb}" /bin/bash -c 'cd /ci/pqlattice && exec bash -i' </dev/tty
  exit 0
fi
CMD=${RUN_CMD:-bash .ci/run}
say "running \`$CMD\` with CI=true in a fresh $SUITE root (nproc $(nproc))"
T_CI=$SECONDS
rc=0
in_root /bin/bash -c "cd /ci/pqlattice && $CMD" </dev/null || rc=$?
T_CI=$((SECONDS - T_CI))

echo
echo "================================================================ fresh-ci"
# scripts/test.sh's own summary (each step's time), again (after tee caught up).
sleep 1
awk '/^=+$/ && length($0) >= 60 { buf = ""; keep = 1; next } keep { buf = buf $0 "\n" } END { printf "%s", buf }' "$LOG" |
  grep -E '^(  ok |SUMMARY:)' || true
say "base root ${T_BASE}s, clone and mounts ${T_SETUP}s, \`$CMD\` ${T_CI}s (exit $rc)"
say "total $((SECONDS - T0))s for $SHA; log $LOG"
exit $rc
