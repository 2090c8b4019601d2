// The watch panel after step 5, in Chromium: against the Worker (local sign-in), it watches the
// plan's tenant, application and certificate thumbprint and lists the watch with its state; a
// refused webhook is shown by its code; axe-core finds nothing; EN/FR/NL texts. Served as static
// files, it says it needs the Worker and sends nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { ACCOUNT_CODE, STORAGE_KEY, TENANT_ID, axe, makeCertificate, serveStatic, tables } from './support/helper.mjs';
import { root, startWorker } from './support/worker.mjs';

const APP_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('the watch panel after step 5', () => {
  let worker;
  let server;
  let browser;
  let cert;

  before(async () => {
    cert = makeCertificate();
    worker = await startWorker({ vars: { LOCAL_DEV_AUTH: 'loopback' } });
    server = await serveStatic(join(root, 'www'));
    browser = await launchBrowser({ locale: 'en-US' });
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    server?.stop();
    cert?.cleanup();
  });

  /** `url` with the work of steps 1-5 kept (as the page keeps it), the panel live. */
  async function opened(url) {
    const { page, problems } = await openPage(browser.context, url);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    await page.evaluate(([key, work]) => { localStorage.clear(); localStorage.setItem(key, work); }, [STORAGE_KEY,
      JSON.stringify({ region: 'eu', accountCode: ACCOUNT_CODE, tenantId: TENANT_ID, appId: APP_ID, certificate: cert.pem })]);
    await page.reload();
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    await page.locator('[data-value="cert.thumbprint"]').getByText(cert.thumbprint).waitFor();
    const panel = page.locator('[data-step-watch]');
    await panel.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-step-watch][data-watch-state="ready"]', { timeout: 15_000 });
    return { page, problems, panel };
  }

  test('watches the plan\'s application through the Worker and lists it', async () => {
    const { page, problems, panel } = await opened(`${worker.url}/`);
    const listed = [];
    page.on('request', (request) => { if (request.url().includes('/api/v1/watch')) listed.push(request.method()); });
    await page.waitForTimeout(300);
    assert.deepEqual(listed, [], 'nothing is asked of the Worker before the admin acts');
    await panel.locator('button[data-action="watch-refresh"]').click();
    await panel.locator('[data-slot="watch-empty"]').waitFor();
    assert.equal(await panel.locator('[data-slot="watch-needs"]').isVisible(), false);

    await panel.locator('[data-watch-field="label"]').fill('Contoso production');
    await panel.locator('[data-watch-field="notify"]').fill('http://hooks.example/x');
    await panel.locator('button[data-action="watch-add"]').click();
    const status = panel.locator('[data-slot="watch-status"]');
    await page.waitForSelector('[data-slot="watch-status"][data-code="watch.notify_url_invalid"]');
    assert.match(await status.innerText(), /http:\/\//, 'the Worker\'s reason, in English');

    const sent = [];
    page.on('request', (request) => sent.push(request.postData() ?? ''));
    await panel.locator('[data-watch-field="notify"]').fill('https://contoso.webhook.office.com/workflows/abc?sig=secret');
    await panel.locator('button[data-action="watch-add"]').click();
    await status.getByText('Watching "Contoso production"').waitFor();
    const item = panel.locator('[data-slot="watch-list"] li');
    await item.first().waitFor();
    assert.equal(await item.count(), 1);
    const line = await item.first().innerText();
    assert.match(line, /Contoso production/);
    assert.match(line, new RegExp(cert.thumbprint));
    assert.match(line, new RegExp(tables.en['ui.watch.health.unknown']));
    const body = JSON.parse(sent.find((s) => s.includes('tenantId')));
    assert.deepEqual(
      [body.tenantId, body.appId, body.thumbprint, body.label],
      [TENANT_ID, APP_ID, cert.thumbprint, 'Contoso production'],
      'the values the page shows',
    );
    const kept = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!kept.includes('sig=secret'), 'the webhook URL is not kept in the browser');

    assert.deepEqual(await axe(page, '[data-step-watch]'), []);
    await panel.screenshot({ path: join(screenshots, 'watch-panel.png') });

    await page.locator('[data-action="language"]').selectOption('fr');
    await panel.getByText(tables.fr['ui.watch.title']).waitFor();
    await panel.getByText(tables.fr['ui.watch.health.unknown']).waitFor();
    // The refused webhook's 400 is the browser's own console line; nothing else went wrong.
    assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  });

  test('a notification\'s link fills step 5\'s App Federation Metadata Url', async () => {
    const metadataUrl = `https://login.microsoftonline.com/${TENANT_ID}/federationmetadata/2007-06/federationmetadata.xml?appid=${APP_ID}`;
    const { page, problems } = await openPage(browser.context, `${worker.url}/#metadata=${encodeURIComponent(metadataUrl)}`);
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    assert.equal(await page.locator('[data-field="metadataUrl"]').inputValue(), metadataUrl);
    const { page: other } = await openPage(browser.context, `${worker.url}/#metadata=${encodeURIComponent('https://evil.example/x')}`);
    await other.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    assert.equal(await other.locator('[data-field="metadataUrl"]').inputValue(), '', 'only Entra\'s host is filled in');
    assert.deepEqual(problems, []);
  });

  test('served as static files, the panel says it needs the Worker and sends nothing', async () => {
    const { page, problems, panel } = await opened(`${server.url}/`);
    await page.waitForSelector('[data-step-watch] [data-slot="watch-needs"]:not([hidden])', { timeout: 15_000 });
    const sent = [];
    page.on('request', (request) => { if (request.url().includes('/api/v1/watch')) sent.push(request.url()); });
    await panel.locator('[data-watch-field="notify"]').fill('https://hooks.example/x');
    await panel.locator('button[data-action="watch-add"]').click();
    await page.waitForSelector('[data-slot="watch-status"][data-code="ui.watch.needs_worker"]');
    assert.deepEqual(sent, []);
    assert.deepEqual(await axe(page, '[data-step-watch]'), []);
    // Static hosting has no /api/v1/health (404, the page's own check): nothing else went wrong.
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
  });
});
