//! X-Wing keygen / encaps / decaps (placeholder; filled in below).
fn main() {}
