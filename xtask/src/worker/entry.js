// The Worker's entry, bundled by `cargo xtask build` over wasm-bindgen's output (`./index.js`).
// workerd calls `fetch` (requests) and `scheduled` (the Cron Trigger) on the default export; each
// call goes to its Rust handler (`#[event(fetch)]`, `#[event(scheduled)]`) with the Worker's env
// and context. A Rust panic aborts, which traps the Wasm
// instance: the trap is recorded in the state the `worker` crate shares with JavaScript, and the
// instance is reset (wasm-bindgen's `__wbg_reset_state`) before the next request, so one bad
// request never breaks the ones after it.
import { WorkerEntrypoint } from 'cloudflare:workers';
import * as rust from './index.js';

const state = rust.__worker_init_state();

function resetAfterTrap() {
  if (state.criticalError) {
    rust.__wbg_reset_state();
    state.criticalError = false;
    state.instanceId += 1;
  }
}

function noteTrap(error) {
  if (error instanceof WebAssembly.RuntimeError) state.criticalError = true;
}

addEventListener('error', (event) => noteTrap(event.error));

export default class Worker extends WorkerEntrypoint {
  async fetch(request) {
    resetAfterTrap();
    try {
      return await rust.fetch(request, this.env, this.ctx);
    } catch (error) {
      noteTrap(error);
      throw error;
    }
  }

  async scheduled(controller) {
    resetAfterTrap();
    try {
      await rust.scheduled(controller, this.env, this.ctx);
    } catch (error) {
      noteTrap(error);
      throw error;
    }
  }
}
