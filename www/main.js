// Loads the helper's WebAssembly module and mounts the page; everything else is done by Rust
// (crates/web). URLs resolve against this module, so the page works from any static server.
import init, { mount, startPage } from './pkg/mimecast_sso_web.js';

try {
  await init();
  await mount(document.getElementById('app'), {
    page: true,
    apiBase: new URL('api/v1/', import.meta.url).href,
    assetBase: new URL('./', import.meta.url).href,
  });
  startPage();
} catch (error) {
  document.documentElement.dataset.wasm = 'failed';
  console.error('mimecast-sso: could not start the helper', error);
}
