// Loads the helper's WebAssembly module; everything else is done by Rust (crates/web).
import init, { startPage } from './pkg/mimecast_sso_web.js';

try {
  await init();
  startPage();
} catch (error) {
  document.documentElement.dataset.wasm = 'failed';
  console.error('mimecast-sso: could not start the helper', error);
}
