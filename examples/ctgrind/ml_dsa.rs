//! ML-DSA constant-time checks.

/// Runs the ML-DSA checks.
pub fn run() {
    // filled in by the ML-DSA work
}
