//! Links the C library (`libpqlattice.so`, the cdylib of `pqlattice-ffi`) under a
//! name of its own, so that it cannot be confused with the Rust `pqlattice` crate
//! this benchmark also links: the shared object is copied into OUT_DIR as
//! `libpql_c_api.so` and found there at run time through an rpath.
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = env::var("PQL_FFI_LIB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            // cannot fail: cargo always sets CARGO_MANIFEST_DIR for build scripts.
            PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../target/release")
        });
    let so = dir.join("libpqlattice.so");
    println!("cargo:rerun-if-changed={}", so.display());
    println!("cargo:rerun-if-env-changed=PQL_FFI_LIB_DIR");
    // cannot fail: cargo always sets OUT_DIR for build scripts.
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    if let Err(e) = fs::copy(&so, out.join("libpql_c_api.so")) {
        // A build script reports a failed build by panicking: the C library is missing.
        panic!(
            "{}: {e}; build the C library first: cargo build -p pqlattice-ffi --release \
             (or set PQL_FFI_LIB_DIR to the directory holding libpqlattice.so)",
            so.display()
        );
    }
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", out.display());
}
