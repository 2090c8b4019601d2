// The start of every helper, hosted or embedded; the build (xtask/src/site.rs) puts this file in
// front of loader.js (the hosted page) and embed.js (embedding), and replaces FILES by the
// content-hashed names of the built files, relative to www/.
//
// Before the module has arrived, the markup is already on screen; this script only picks the
// language, fetches its table and writes it into the markup (the same data-i18n contract as
// crates/web/src/i18n.rs), then starts the page module, and loads the users (step 7) and signon
// (step 8) modules when the admin comes near their step, or when the browser is idle.
const FILES = {{files}};
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
 * which every other table falls back to), then the page module, then the later steps' modules
 * when their step comes near or the browser is idle. `scope` is where translations go before the module runs
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
      // The markup now reads in `lang`: say so, for screen readers and hyphenation.
      root.lang = lang;
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
  watchLaterSteps(root, base, loaded);
  return module;
}

/** The steps whose module loads on demand: each mounts into its `[data-step-<name>]` and says how
 *  far it is in `data-<name>-state` (waiting, loading, ready, failed). */
const LATER_STEPS = [
  { name: 'users', mount: 'mountUsers' },
  { name: 'signon', mount: 'mountSignon' },
  // The watch panel after step 5 is in the users module (it calls the Worker as step 7 does).
  { name: 'watch', module: 'users', mount: 'mountWatch' },
];

/** Loads and mounts each later step's module when the step comes within a screen of the
 *  viewport, is focused, or the browser has been idle; until then the step says it is loading. */
function watchLaterSteps(root, base, tables) {
  for (const { name, module, mount } of LATER_STEPS) {
    const step = root.querySelector(`[data-step-${name}]`);
    if (step) watchStep(step, name, module ?? name, mount, base, tables);
  }
}

function watchStep(step, name, file, mount, base, tables) {
  const state = `data-${name}-state`;
  let started;
  const start = () => {
    started ??= (async () => {
      step.setAttribute(state, 'loading');
      // A module shared by two steps is fetched and started once (the import and its
      // initialisation both return what the first call made).
      const module = await import(fileUrl(base, `${file}.js`));
      await module.default({ module_or_path: fileUrl(base, `${file}.wasm`) });
      await module[mount](step, { tables });
      step.setAttribute(state, 'ready');
    })().catch((error) => {
      step.setAttribute(state, 'failed');
      console.error(`mimecast-sso: could not start the ${name} step`, error);
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
