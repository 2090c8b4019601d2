// Embedding: www/embed-example.html mounts the helper as <mimecast-sso-helper lang="fr"
// region="eu"> and with mount() into a page with aggressive foreign styles; styles leak neither
// way. The module also works from another path (URLs resolve against the module, not the page),
// and the hosted page works in an iframe of an origin listed in EMBED_ORIGINS.
//
// Every HTML, JavaScript and TypeScript example of docs/embedding.md runs here: `embed=element`,
// `embed=mount` and `embed=iframe` blocks are the host pages (https://sso-helper.example standing
// for the helper), `run=page` blocks run in the hosted page with each `expr; // value` line
// checked, and `file=PATH` blocks must be quoted from that file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { EMBEDDING_DOC, fencedBlocks, quotedFrom, readDoc } from './support/docs.mjs';
import { expected, fillAccount, helper, serveStatic, tables } from './support/helper.mjs';
import { root, startWorker } from './support/worker.mjs';

const style = (locator, property) => locator.evaluate((el, p) => getComputedStyle(el)[p], property);
const isApiProbe = (problem) => /status of 404/.test(problem);

/** The examples of docs/embedding.md, each marked used once a test has run it. */
const examples = fencedBlocks(readDoc(EMBEDDING_DOC)).filter((b) => ['html', 'js', 'ts'].includes(b.lang));
const used = new Set();
function example(attr, value) {
  const found = examples.filter((b) => b.attrs[attr] === value);
  assert.equal(found.length, 1, `one \`\`\`… ${attr}=${value} block in ${EMBEDDING_DOC}`);
  used.add(found[0]);
  return found[0].body;
}
/** The docs' stand-in origin for the helper, replaced by where a test serves it. */
const DOCS_ORIGIN = 'https://sso-helper.example/';

/**
 * A `run=page` example as an expression for `page.evaluate`: its imports made dynamic (resolved
 * against the page), each `expr; // value` line turned into a check; resolves to the checks.
 */
function runnable(code) {
  let checks = 0;
  const body = code
    .replace(/^import\s+(?:(\w+)\s*,\s*)?\{([^}]*)\}\s*from\s*'([^']+)';$/gm, (_, def, names, from) => {
      const bindings = [def ? `default: ${def}` : null, ...names.split(',').map((n) => n.trim()).filter(Boolean)];
      return `const { ${bindings.filter(Boolean).join(', ')} } = await import(new URL('${from}', location.href).href);`;
    })
    .replace(/^(\s*)(.+?);\s*\/\/\s*(.+)$/gm, (line, indent, expr, value) => {
      try {
        JSON.parse(value);
      } catch {
        return line;
      }
      checks += 1;
      return `${indent}__checks.push([${JSON.stringify(expr)}, ${expr}, ${value}]);`;
    });
  return { checks, expression: `(async () => { const __checks = [];\n${body}\nreturn __checks; })()` };
}

describe('embedding', () => {
  let worker;
  let browser;
  let host;
  let hostDir;

  before(async () => {
    hostDir = mkdtempSync(join(tmpdir(), 'mimecast-sso-intranet-'));
    host = await serveStatic(hostDir);
    worker = await startWorker({ vars: { EMBED_ORIGINS: host.url } });
    browser = await launchBrowser({ locale: 'en-GB' });
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    host?.stop();
    rmSync(hostDir, { recursive: true, force: true });
  });

  test('the custom element and mount() work, and styles leak neither way', async () => {
    const first = await openPage(browser.context, `${worker.url}/favicon.svg`);
    await first.page.evaluate(() => localStorage.clear());
    await first.page.close();
    const { page, problems } = await openPage(browser.context, `${worker.url}/embed-example.html`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForSelector('mimecast-sso-helper[data-ready]', { timeout: 15_000 });
    await page.waitForSelector('#mounted[data-ready]', { timeout: 15_000 });

    const element = page.locator('mimecast-sso-helper');
    assert.ok(await element.evaluate((el) => el.shadowRoot !== null), 'rendered in a shadow root');
    const h = helper(element);
    assert.equal(await element.locator('.mss').getAttribute('lang'), 'fr');
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the host page keeps its lang');
    assert.equal(await page.title(), 'Intranet — identity team', 'the host page keeps its title');
    assert.equal(await h.region.inputValue(), 'eu', 'region="eu" preselects the region');
    assert.equal(await element.locator('label[for$="-account"]').innerText(), tables.fr['ui.account']);
    await fillAccount(h);
    assert.equal(await h.value('entra.identifier').innerText(), expected.identifier);
    assert.equal(await h.value('profile.issuerUrl').innerText(), expected.issuerUrl);

    // The host's styles do not reach the helper.
    const heading = element.locator('h2').first();
    assert.equal(await style(heading, 'color'), 'rgb(27, 31, 36)');
    assert.doesNotMatch(await style(heading, 'fontFamily'), /Comic/);
    assert.equal(await style(heading, 'textTransform'), 'none');
    assert.notEqual(await style(element.locator('button[data-action=download]'), 'backgroundColor'), 'rgb(0, 255, 0)');
    assert.ok(await element.locator('label[for$="-account"]').isVisible(), 'host rule label{display:none} does not apply');
    assert.ok(await element.locator('.mss-card').first().isVisible(), 'host rule .mss-card{display:none} does not apply');
    // The helper's styles do not reach the host.
    const hostHeading = page.locator('.intranet-news h2');
    assert.equal(await style(hostHeading, 'color'), 'rgb(255, 0, 255)');
    assert.match(await style(hostHeading, 'fontFamily'), /Comic/);
    assert.equal(await style(page.locator('.intranet-button'), 'backgroundColor'), 'rgb(0, 255, 0)');
    assert.equal(await page.evaluate(() => document.styleSheets.length), 1, 'no stylesheet added to the host document');
    assert.equal(await page.evaluate(() => document.querySelectorAll('.mss').length), 0, 'nothing in the light DOM');

    // mount() with options: the second helper is in Dutch.
    const mounted = page.locator('#mounted');
    assert.equal(await mounted.locator('.mss').getAttribute('lang'), 'nl');
    assert.equal(await mounted.locator('h1').innerText(), tables.nl['ui.title']);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshots, 'embed-example.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the module resolves its files against its own URL, from any page path', async () => {
    mkdirSync(join(hostDir, 'intranet/tools'), { recursive: true });
    symlinkSync(join(root, 'www'), join(hostDir, 'helper'));
    // The docs' custom-element example, with the helper's copy at /helper/ on the intranet's host.
    const snippet = example('embed', 'element').replaceAll(DOCS_ORIGIN, '/helper/');
    writeFileSync(join(hostDir, 'intranet/tools/sso.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deep intranet page</title></head>
<body><h1>Tools</h1>
${snippet}
</body></html>`);
    const { page, problems } = await openPage(browser.context, `${host.url}/intranet/tools/sso.html`);
    await page.waitForSelector('mimecast-sso-helper[data-ready]', { timeout: 15_000 });
    const element = page.locator('mimecast-sso-helper');
    assert.equal(await element.locator('h1').innerText(), tables.fr['ui.title'], 'i18n/fr.json found beside the module');
    assert.notEqual(await style(element.locator('.mss-top'), 'backgroundColor'), 'rgba(0, 0, 0, 0)', 'helper.css found beside the module');
    assert.equal(await helper(element).region.inputValue(), 'eu', 'region="eu" preselects the region');
    await fillAccount(helper(element));
    assert.equal(await helper(element).value('entra.identifier').innerText(), expected.identifier);
    assert.equal(await element.locator('.mss-server[data-server]').getAttribute('data-server'), 'unavailable');
    assert.deepEqual(problems.filter((p) => !isApiProbe(p)), []);
    await page.close();
  });

  test('the hosted page works in an iframe of an origin listed in EMBED_ORIGINS', async () => {
    // The docs' iframe example, framing the Worker.
    const snippet = example('embed', 'iframe').replaceAll(DOCS_ORIGIN, `${worker.url}/`);
    writeFileSync(join(hostDir, 'frame.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Framed helper</title></head>
<body>${snippet}</body></html>`);
    const { page, problems } = await openPage(browser.context, `${host.url}/frame.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('html[data-wasm="ready"]').waitFor({ timeout: 15_000 });
    const h = helper(frame);
    await fillAccount(h);
    assert.equal(await h.value('entra.identifier').innerText(), expected.identifier);
    await page.screenshot({ path: join(screenshots, 'embed-iframe.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('docs/embedding.md: the mount() example mounts the helper with its options', async () => {
    mkdirSync(join(hostDir, 'intranet/apps'), { recursive: true });
    const snippet = example('embed', 'mount').replaceAll(DOCS_ORIGIN, '/helper/');
    writeFileSync(join(hostDir, 'intranet/apps/mount.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mounted helper</title></head>
<body><h1>Apps</h1>
${snippet}
</body></html>`);
    const { page, problems } = await openPage(browser.context, `${host.url}/intranet/apps/mount.html`);
    const mounted = page.locator('#sso');
    // The markup shows at once; the module marks the root with its language once it is live.
    await mounted.locator('.mss[data-lang="fr"]').waitFor({ timeout: 15_000 });
    assert.equal(await mounted.locator('.mss').getAttribute('lang'), 'fr');
    assert.equal(await mounted.locator('h1').innerText(), tables.fr['ui.title']);
    const h = helper(mounted);
    assert.equal(await h.region.inputValue(), 'eu');
    await fillAccount(h);
    assert.equal(await h.value('entra.identifier').innerText(), expected.identifier);
    assert.equal(await page.title(), 'Mounted helper', 'the host page keeps its title');
    assert.deepEqual(problems.filter((p) => !isApiProbe(p)), []);
    await page.close();
  });

  test('docs/embedding.md: the wasm functions example runs in the hosted page as written', async () => {
    const { checks, expression } = runnable(example('run', 'page'));
    assert.ok(checks > 0, 'the example shows values (`expr; // value`)');
    const { page, problems } = await openPage(browser.context, `${worker.url}/`);
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    const results = await page.evaluate(expression);
    assert.equal(results.length, checks, 'every `expr; // value` line ran');
    for (const [expr, got, want] of results) assert.deepEqual(got, want, expr);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('docs/embedding.md: the parts quoted from files are in those files', () => {
    const problems = [];
    for (const block of examples.filter((b) => 'file' in b.attrs)) {
      used.add(block);
      const quoted = quotedFrom(block.body, readFileSync(join(root, block.attrs.file), 'utf8'));
      if (!quoted.ok) problems.push(`${EMBEDDING_DOC}:${block.line}: not in ${block.attrs.file}: ${quoted.missing}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(examples.some((b) => b.attrs.file === 'www/embed-example.html'), 'the docs quote the example page this file mounts');
  });

  test('docs/embedding.md: every example was run', () => {
    const left = examples.filter((b) => !used.has(b)).map((b) => `${EMBEDDING_DOC}:${b.line}`);
    assert.deepEqual(left, [], 'no test ran these examples');
  });
});
