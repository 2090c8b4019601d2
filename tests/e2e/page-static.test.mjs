// Static hosting: the built www/ served by `python3 -m http.server`, with no Worker behind it.
// Everything on the page works; what needs the Worker says so instead of failing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import {
  STORAGE_KEY, assertValuesShown, axe, dropFile, expected, fillAccount, helper, makeCertificate,
  serveStatic, tables,
} from './support/helper.mjs';
import { root } from './support/worker.mjs';

describe('static hosting (python3 -m http.server)', () => {
  let server;
  let browser;
  let cert;

  before(async () => {
    cert = makeCertificate();
    server = await serveStatic(join(root, 'www'));
    browser = await launchBrowser({ locale: 'en-US' });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    cert?.cleanup();
  });

  test('the main flow works without the Worker', async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    const h = helper(page);
    await fillAccount(h);
    await dropFile(page, h.drop, 'Mimecast.cer', readFileSync(cert.derPath));
    await h.value('cert.thumbprint').waitFor();
    await assertValuesShown(h, cert);

    const [download] = await Promise.all([page.waitForEvent('download'), h.button('download').click()]);
    const plan = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(plan.entra.identifier, expected.identifier);
    assert.equal(plan.authenticationProfile.identityProviderCertificate, cert.body);

    // Without the Worker, user provisioning says it is unavailable here.
    const note = page.locator('.mss-server[data-server]');
    await page.waitForSelector('[data-server="unavailable"]');
    assert.match(await note.innerText(), new RegExp(tables.en['ui.server.title']));

    await h.certificate.fill(cert.key);
    await h.notice.locator('[data-code="cert.private_key"]').waitFor();
    const stored = await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
    assert.doesNotMatch(stored ?? '', /PRIVATE KEY/);

    await h.language.selectOption('fr');
    await page.waitForSelector('html[lang="fr"]');
    assert.equal(await page.locator('label[for$="-tenant"]').innerText(), tables.fr['ui.tenant']);
    assert.deepEqual(await axe(page), []);
    await page.screenshot({ path: join(screenshots, 'page-static-fr.png'), fullPage: true });
    // The only failed request is the Worker's health route, which is absent here by design.
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
    assert.ok(problems.length <= 1);
    await page.close();
  });
});
