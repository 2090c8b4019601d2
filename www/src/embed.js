
// Embeds the Mimecast SSO helper in another page.
//
//   import { mount } from 'https://helper.example/embed.js';
//   await mount(document.querySelector('#sso'), { lang: 'fr', region: 'eu' });
//
// or, after importing this module once, <mimecast-sso-helper lang="fr" region="eu">.
// The helper renders into a shadow root with its own stylesheet, so the host page's styles do
// not reach it and its styles do not leak out. Every URL (markup, wasm, CSS, API) resolves
// against this module's URL, not the host page's.
const BASE = new URL('./', import.meta.url).href;
let markup;
let instances = 0;

/** The helper's markup (www/pkg/helper.<hash>.html), fetched once. */
function loadMarkup() {
  markup ??= fetch(fileUrl(BASE, 'helper.html')).then((response) => {
    if (!response.ok) throw new Error(`the helper's markup answered ${response.status}`);
    return response.text();
  });
  return markup;
}

/**
 * Mounts the helper into `element` (its shadow root). Options: `lang` ("en" | "fr" | "nl"),
 * `region` (e.g. "eu"), `apiBase` (the Worker's API; default: beside this module).
 * Resolves once the helper is on screen.
 */
export async function mount(element, options = {}) {
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = fileUrl(BASE, 'helper.css');
  const styled = new Promise((resolve) => {
    style.addEventListener('load', resolve, { once: true });
    style.addEventListener('error', resolve, { once: true });
  });
  const container = document.createElement('div');
  container.className = 'mss-host';
  instances += 1;
  // Each helper's ids get their own number, so labels and descriptions stay unique.
  container.innerHTML = (await loadMarkup()).replaceAll('mss1-', `mss${instances + 1}-`);
  shadow.replaceChildren(style, container);
  const root = container.querySelector('[data-mss-root]');
  await Promise.all([
    startHelper(root, {
      base: BASE,
      lang: pickLanguage(options.lang),
      apiBase: options.apiBase ?? new URL('api/v1/', BASE).href,
      region: options.region,
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
