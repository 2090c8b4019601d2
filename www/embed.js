// The start of every helper, hosted or embedded; the build (xtask/src/site.rs) puts this file in
// front of loader.js (the hosted page) and embed.js (embedding), and replaces FILES by the
// content-hashed names of the built files, relative to www/.
//
// Before the module has arrived, the markup is already on screen; this script only picks the
// language, fetches its table and writes it into the markup (the same data-i18n contract as
// crates/web/src/i18n.rs), then starts the page module, and loads the users module (step 7)
// when the admin comes near that step, or when the browser is idle.
const FILES = {"helper.css":"pkg/helper.28765e46758055bd.css","helper.html":"pkg/helper.647783a381b40e6f.html","i18n/en.json":"pkg/en.13ca7cc485f029f1.json","i18n/fr.json":"pkg/fr.5c53555a3d0366b1.json","i18n/nl.json":"pkg/nl.fb12c8fdc91de5c8.json","page.js":"pkg/page.866c61e9e03a24df.js","page.wasm":"pkg/page.e95810a5a4e569df.wasm","style.css":"pkg/style.535cf2039ab09d21.css","users.js":"pkg/users.6f70857908ff316f.js","users.wasm":"pkg/users.b9352998d3cf7407.wasm"};
const LANGS = ['en', 'fr', 'nl'];
const STORAGE_KEY = 'mimecast-sso-helper:v1';

/** `path` (relative to www/) as a URL, from `base` (the URL of www/). */
const fileUrl = (base, name) => new URL(FILES[name], base).href;

/** The language to start in: the one chosen before (kept with the work), else the browser's. */
function pickLanguage(asked) {
  if (LANGS.includes(asked)) return asked;
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')?.lang;
    if (LANGS.includes(saved)) return saved;
  } catch { /* no storage, or not ours: the browser's languages decide */ }
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
  return tags.map((tag) => String(tag).split(/[-_]/)[0].toLowerCase()).find((tag) => LANGS.includes(tag)) ?? 'en';
}

/** The translation table of `lang`, fetched at once. */
function fetchTable(base, lang) {
  return fetch(fileUrl(base, `i18n/${lang}.json`)).then((response) => {
    if (!response.ok) throw new Error(`i18n/${lang}.json answered ${response.status}`);
    return response.json();
  });
}

/** Writes `table`'s texts into every data-i18n element (and data-i18n-attr attribute) of `root`. */
function applyTable(root, table) {
  for (const element of root.querySelectorAll('[data-i18n], [data-i18n-attr]')) {
    const key = element.dataset.i18n;
    if (key && typeof table[key] === 'string') element.textContent = table[key] + (element.dataset.i18nAfter ?? '');
    for (const pair of (element.dataset.i18nAttr ?? '').split(/\s+/).filter(Boolean)) {
      const [name, attrKey] = pair.split(':');
      if (typeof table[attrKey] === 'string') element.setAttribute(name, table[attrKey]);
    }
  }
}

/**
 * Starts the helper whose markup is `root` ([data-mss-root]): the table of `lang` (and English,
 * which every other table falls back to), then the page module, then the users module when step
 * 7 comes near or the browser is idle. `scope` is where translations go before the module runs
 * (the document for the hosted page, the root otherwise). Resolves once the module has mounted.
 */
async function startHelper(root, { base, lang, apiBase, page = false, scope = root, region }) {
  const tables = { en: fetchTable(base, 'en') };
  const menu = root.querySelector('[data-action=language]');
  if (menu) menu.value = lang;
  if (lang !== 'en') {
    // The English markup shows until the table arrives (one round trip), then is translated:
    // usable at once rather than blank.
    tables[lang] = fetchTable(base, lang);
    tables[lang].then((table) => {
      applyTable(scope, table);
      if (page) document.documentElement.lang = lang;
    }, () => {});
  }
  const module = await import(fileUrl(base, 'page.js'));
  await module.default({ module_or_path: fileUrl(base, 'page.wasm') });
  const loaded = {};
  for (const [name, table] of Object.entries(tables)) {
    loaded[name] = await table.catch(() => undefined);
  }
  await module.mount(root, { lang, tables: loaded, apiBase, assetBase: base, page, region });
  watchUsersStep(root, base, loaded);
  return module;
}

/** Loads and mounts the users module when step 7 comes within a screen of the viewport, is
 *  focused, or the browser has been idle; until then the step says it is loading. */
function watchUsersStep(root, base, tables) {
  const step = root.querySelector('[data-step-users]');
  if (!step) return;
  let started;
  const start = () => {
    started ??= (async () => {
      step.dataset.usersState = 'loading';
      const users = await import(fileUrl(base, 'users.js'));
      await users.default({ module_or_path: fileUrl(base, 'users.wasm') });
      await users.mountUsers(step, { tables });
      step.dataset.usersState = 'ready';
    })().catch((error) => {
      step.dataset.usersState = 'failed';
      console.error('mimecast-sso: could not start the users step', error);
    });
    return started;
  };
  const near = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      near.disconnect();
      start();
    }
  }, { rootMargin: '100% 0px' });
  near.observe(step);
  step.addEventListener('focusin', start, { once: true });
  const idle = window.requestIdleCallback ?? ((callback) => setTimeout(callback, 2000));
  idle(() => start(), { timeout: 5000 });
}

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
