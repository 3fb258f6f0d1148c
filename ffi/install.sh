#!/bin/sh
# Builds libpqlattice in release mode and installs it:
#   PREFIX/lib/libpqlattice.a, PREFIX/lib/libpqlattice.so,
#   PREFIX/include/pqlattice.h,
#   PREFIX/lib/pkgconfig/pqlattice.pc,
#   PREFIX/lib/cmake/pqlattice/pqlattice-config{,-version}.cmake
#
# usage: ffi/install.sh [PREFIX]      (default /usr/local; DESTDIR is honoured)
#
# The build goes to cargo's target directory: $CARGO_TARGET_DIR if set, otherwise
# target/ at the root of this checkout (shared with other cargo builds there).
# CARGO_TARGET_DIR=/some/dir ffi/install.sh PREFIX keeps the checkout clean.
# A program linked against PREFIX/lib/libpqlattice.so finds it at run time if
# PREFIX/lib is a loader path, or with -Wl,-rpath,PREFIX/lib (see ffi/README.md).
set -eu

PREFIX=${1:-/usr/local}
case $PREFIX in
    /*) ;;
    *) PREFIX=$(pwd)/$PREFIX ;;
esac
DEST=${DESTDIR:-}$PREFIX
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/release
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/ffi/Cargo.toml" | head -n 1)

echo "building libpqlattice (release) in $TARGET"
cargo build --release -p pqlattice-ffi --manifest-path "$ROOT/Cargo.toml"

install -d "$DEST/lib" "$DEST/include" "$DEST/lib/pkgconfig" "$DEST/lib/cmake/pqlattice"
install -m 644 "$TARGET/libpqlattice.a" "$DEST/lib/libpqlattice.a"
install -m 755 "$TARGET/libpqlattice.so" "$DEST/lib/libpqlattice.so"
install -m 644 "$ROOT/ffi/include/pqlattice.h" "$DEST/include/pqlattice.h"
for f in pqlattice.pc:pkgconfig pqlattice-config.cmake:cmake/pqlattice \
         pqlattice-config-version.cmake:cmake/pqlattice; do
    name=${f%%:*}
    dir=${f#*:}
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@VERSION@|$VERSION|g" \
        "$ROOT/ffi/$name.in" > "$DEST/lib/$dir/$name"
    chmod 644 "$DEST/lib/$dir/$name"
done
echo "installed pqlattice $VERSION to $DEST"
