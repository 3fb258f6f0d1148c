//! Every SIMD kernel of every backend available on the machine against its portable
//! twin, on fuzzer-chosen inputs kept within each function's contract
//! (`pqlattice::testing::kernels`). The first byte picks the function; both schemes
//! run on every input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pqlattice::backend;
use pqlattice::testing::kernels as kernel_check;

fuzz_target!(|data: &[u8]| {
    for b in backend::available() {
        if let Err(m) = kernel_check::ml_kem(b, data) {
            panic!("{b:?}: {m:?}");
        }
        if let Err(m) = kernel_check::ml_dsa(b, data) {
            panic!("{b:?}: {m:?}");
        }
    }
});
