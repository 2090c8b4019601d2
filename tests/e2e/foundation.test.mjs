// The foundation end to end: the built Worker in local workerd serves the API and the page, and the
// page's WebAssembly module runs in Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { startWorker } from './support/worker.mjs';

describe('foundation', () => {
  let worker;
  let browser;

  before(async () => {
    worker = await startWorker();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  test('health answers ok with the version over HTTP', async () => {
    const response = await fetch(`${worker.url}/api/v1/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    const body = await response.json();
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  test('static page is served with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${worker.url}/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy');
    assert.ok(csp, 'Content-Security-Policy header is present');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in index.html');
  });

  test('page loads the wasm module, shows its version, and has no errors', async () => {
    const { version } = await (await fetch(`${worker.url}/api/v1/health`)).json();
    const { page, problems } = await openPage(browser.context, `${worker.url}/`);
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    const shown = await page.locator('#wasm-status .ready').innerText();
    assert.ok(shown.includes(version), `status line "${shown}" names version ${version}`);
    assert.ok(await page.locator('#wasm-status .ready').isVisible());
    assert.match(await page.title(), /Mimecast SSO helper/);
    await page.screenshot({ path: join(screenshots, 'foundation-home.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
