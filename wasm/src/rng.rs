//! Randomness from `crypto.getRandomValues` (Web Crypto: every browser, Node >= 19,
//! Deno, Bun, workers), as a `rand_core` 0.10 `CryptoRng`.
//!
//! Imported directly through wasm-bindgen rather than through `getrandom`'s `wasm_js`
//! backend: it is the one call we need, it pulls in no `js-sys`/`getrandom`
//! configuration (getrandom needs a `--cfg getrandom_backend` flag for wasm32), and it
//! keeps the `.wasm` and the glue small.

use core::convert::Infallible;
use rand_core::{TryCryptoRng, TryRng};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
}

/// The Web Crypto random number generator. It cannot return an error: if
/// `crypto.getRandomValues` is missing or throws, a JS `Error` is thrown to the caller
/// (the ESM wrapper checks for Web Crypto when it loads, so this does not happen in
/// practice).
#[derive(Clone, Copy, Debug, Default)]
pub struct WebRng;

impl TryRng for WebRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        // getRandomValues fills at most 65536 bytes per call.
        for chunk in dst.chunks_mut(65536) {
            if get_random_values(chunk).is_err() {
                wasm_bindgen::throw_str(
                    "crypto.getRandomValues failed: no Web Crypto random source",
                );
            }
        }
        Ok(())
    }
}

impl TryCryptoRng for WebRng {}
