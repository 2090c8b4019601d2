// Embedding: www/embed-example.html mounts the helper as <mimecast-sso-helper lang="fr"
// region="eu"> and with mount() into a page with aggressive foreign styles; styles leak neither
// way. The module also works from another path (URLs resolve against the module, not the page),
// and the hosted page works in an iframe of an origin listed in EMBED_ORIGINS.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { expected, fillAccount, helper, serveStatic, tables } from './support/helper.mjs';
import { root, startWorker } from './support/worker.mjs';

const style = (locator, property) => locator.evaluate((el, p) => getComputedStyle(el)[p], property);
const isApiProbe = (problem) => /status of 404/.test(problem);

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
    writeFileSync(join(hostDir, 'intranet/tools/sso.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deep intranet page</title>
<script type="module" src="/helper/embed.js"></script></head>
<body><h1>Tools</h1><mimecast-sso-helper lang="nl" region="us"></mimecast-sso-helper></body></html>`);
    const { page, problems } = await openPage(browser.context, `${host.url}/intranet/tools/sso.html`);
    await page.waitForSelector('mimecast-sso-helper[data-ready]', { timeout: 15_000 });
    const element = page.locator('mimecast-sso-helper');
    assert.equal(await element.locator('h1').innerText(), tables.nl['ui.title'], 'i18n/nl.json found beside the module');
    assert.notEqual(await style(element.locator('.mss-top'), 'backgroundColor'), 'rgba(0, 0, 0, 0)', 'helper.css found beside the module');
    await helper(element).account.fill('CUSA1B23');
    assert.equal(await helper(element).value('entra.identifier').innerText(), 'https://us-api.mimecast.com/sso/CUSA1B23');
    assert.equal(await element.locator('[data-server]').getAttribute('data-server'), 'unavailable');
    assert.deepEqual(problems.filter((p) => !isApiProbe(p)), []);
    await page.close();
  });

  test('the hosted page works in an iframe of an origin listed in EMBED_ORIGINS', async () => {
    writeFileSync(join(hostDir, 'frame.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Framed helper</title></head>
<body><iframe src="${worker.url}/" title="Mimecast SSO helper" width="1200" height="800"></iframe></body></html>`);
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
});
