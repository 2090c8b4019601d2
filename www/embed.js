// Embeds the Mimecast SSO helper in another page.
//
//   import { mount } from 'https://helper.example/embed.js';
//   await mount(document.querySelector('#sso'), { lang: 'fr', region: 'eu' });
//
// or, after importing this module once, <mimecast-sso-helper lang="fr" region="eu">.
// The helper renders into a shadow root with its own stylesheet, so the host page's styles do
// not reach it and its styles do not leak out. Every URL (wasm, CSS, API) resolves against this
// module's URL, not the host page's.
import init, { mount as mountHelper } from './pkg/mimecast_sso_web.js';

let loading;
function load() {
  loading ??= init({ module_or_path: new URL('./pkg/mimecast_sso_web_bg.wasm', import.meta.url) });
  return loading;
}

/**
 * Mounts the helper into `element` (its shadow root). Options: `lang` ("en" | "fr" | "nl"),
 * `region` (e.g. "eu"), `apiBase` (the Worker's API; default: beside this module).
 * Resolves once the helper is on screen.
 */
export async function mount(element, options = {}) {
  await load();
  const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('./helper.css', import.meta.url).href;
  const styled = new Promise((resolve) => {
    style.addEventListener('load', resolve, { once: true });
    style.addEventListener('error', resolve, { once: true });
  });
  const container = document.createElement('div');
  container.className = 'mss-host';
  root.replaceChildren(style, container);
  await Promise.all([
    mountHelper(container, {
      apiBase: new URL('./api/v1/', import.meta.url).href,
      assetBase: new URL('./', import.meta.url).href,
      ...options,
    }),
    styled,
  ]);
  return container;
}

/** `<mimecast-sso-helper lang="fr" region="eu">`: the helper as a custom element. */
export class MimecastSsoHelper extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const options = {};
    for (const name of ['lang', 'region']) {
      const value = this.getAttribute(name);
      if (value) options[name] = value;
    }
    this.ready = mount(this, options).then(() => {
      this.dataset.ready = '';
      this.dispatchEvent(new CustomEvent('mimecast-sso-ready', { bubbles: true }));
    }, (error) => {
      console.error('mimecast-sso: could not start the helper', error);
    });
  }
}

if (!customElements.get('mimecast-sso-helper')) {
  customElements.define('mimecast-sso-helper', MimecastSsoHelper);
}
