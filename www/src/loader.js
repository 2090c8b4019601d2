
// The hosted page (www/index.html): start the helper in <main>, with the whole document as the
// scope of translations (title, footer) and the API beside the page.
(() => {
  const root = document.querySelector('[data-mss-root]');
  const base = new URL('../', document.currentScript?.src ?? document.baseURI).href;
  // A file dropped outside a drop zone would replace the page and lose what was typed.
  for (const name of ['dragover', 'drop']) {
    document.addEventListener(name, (event) => event.preventDefault());
  }
  // A watch notification's link (docs/watch.md) names the application's App Federation Metadata
  // Url after #metadata=: it is put in step 5's field, for the admin to import.
  const linked = /^#metadata=(.+)$/.exec(window.location.hash)?.[1];
  if (linked) {
    try {
      const url = decodeURIComponent(linked);
      const field = root.querySelector('[data-field="metadataUrl"]');
      if (field && url.startsWith('https://login.microsoftonline.com/')) field.value = url;
    } catch { /* not percent-encoding: ignored */ }
  }
  startHelper(root, {
    base,
    lang: pickLanguage(),
    apiBase: new URL('api/v1/', base).href,
    page: true,
    scope: document.documentElement,
  }).catch((error) => {
    document.documentElement.dataset.wasm = 'failed';
    console.error('mimecast-sso: could not start the helper', error);
  });
})();
