//! wasm-bindgen tests of the exported functions, run in headless Chromium by `cargo xtask test`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn version_matches_the_core_crate() {
    assert_eq!(mimecast_sso_web::version(), mimecast_sso_core::VERSION);
}
