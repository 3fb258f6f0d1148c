//! wasm-bindgen-test suite run in headless Chromium (through chromedriver).
#![cfg(target_arch = "wasm32")]
mod common;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function ua() { return navigator.userAgent; }")]
extern "C" {
    fn ua() -> String;
}

#[wasm_bindgen_test]
fn really_in_chromium() {
    let u = ua();
    assert!(u.contains("HeadlessChrome"), "{u}");
}
