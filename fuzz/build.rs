//! Links the `ffi` fuzz target against the C library built by scripts/fuzz.sh
//! (`cargo build --release -p pqlattice-ffi` in the root workspace).
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release");
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-arg-bin=ffi=-Wl,-rpath,{}", dir.display());
    println!("cargo:rustc-link-arg-bin=ffi=-lpqlattice");
    println!("cargo:rerun-if-changed=build.rs");
}
