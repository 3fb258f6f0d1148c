//! wasm-bindgen-test suite run in Node.
#![cfg(target_arch = "wasm32")]
mod common;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen(
    inline_js = "export function where_() { return typeof process === 'object' ? 'node ' + process.version : 'not node'; }"
)]
extern "C" {
    fn where_() -> String;
}

#[wasm_bindgen_test]
fn really_in_node() {
    let w = where_();
    assert!(w.starts_with("node v"), "{w}");
}
