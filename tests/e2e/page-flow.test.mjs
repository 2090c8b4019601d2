// The helper page end to end, served by the Worker: an admin types the account code and tenant,
// gives Entra's certificate (file picker, drag and drop), copies values, downloads the plan,
// reloads, clears; a pasted private key is refused and never stored.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import {
  STORAGE_KEY, TENANT_ID, assertValuesShown, axe, dropFile, expected, fillAccount, helper,
  makeCertificate,
} from './support/helper.mjs';
import { startWorker } from './support/worker.mjs';

describe('helper page', () => {
  let worker;
  let browser;
  let cert;

  before(async () => {
    cert = makeCertificate();
    worker = await startWorker();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    cert?.cleanup();
  });

  async function freshPage() {
    const opened = await openPage(browser.context, `${worker.url}/`);
    await opened.page.setViewportSize({ width: 1280, height: 900 });
    await opened.page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    await opened.page.evaluate(() => localStorage.clear());
    await opened.page.reload();
    await opened.page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    return opened;
  }

  test('generates every value from account code, tenant and a DER certificate file', async () => {
    const { page, problems } = await freshPage();
    const h = helper(page);
    await page.screenshot({ path: join(screenshots, 'page-empty.png'), fullPage: true });
    await fillAccount(h);
    await h.file.setInputFiles(cert.derPath);
    await h.value('cert.thumbprint').waitFor();
    await assertValuesShown(h, cert);
    assert.equal(await h.account.inputValue(), 'cuk1a234', 'the input keeps what was typed');
    assert.equal(await h.certificate.inputValue(), cert.pem.replace(/\r/g, ''), 'the DER file is shown as PEM');
    assert.match(await page.locator('.mss-summary').innerText(), /ready/i);
    assert.equal(await page.locator('[data-step="entra.download_certificate"]').getAttribute('data-status'), 'done');
    assert.equal(await page.locator('.mss-server[data-server]').getAttribute('data-server'), 'available');
    await page.screenshot({ path: join(screenshots, 'page-filled.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, 'page-mobile.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(screenshots, 'page-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', path: join(screenshots, 'page-print.pdf') });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.equal(pages, 1, 'the printed checklist fits on one page');
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a dropped PEM file works like a chosen one, and values update as the admin types', async () => {
    const { page, problems } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    await dropFile(page, h.drop, 'Mimecast.cer', readFileSync(cert.pemPath));
    await h.value('cert.thumbprint').waitFor();
    await assertValuesShown(h, cert);
    await h.account.fill('CUSA9Z99');
    assert.equal(await h.value('entra.identifier').innerText(), 'https://eu-api.mimecast.com/sso/CUSA9Z99');
    const warning = page.locator('[id$="-region-note"] .sev-warning');
    await warning.waitFor();
    await page.locator('[data-action=use-region]').click();
    assert.equal(await h.region.inputValue(), 'us');
    assert.equal(await h.value('entra.identifier').innerText(), 'https://us-api.mimecast.com/sso/CUSA9Z99');
    assert.equal(await warning.count(), 0, 'the mismatch is gone');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('copy buttons copy, say so on the button and in the live region', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: worker.url });
    const { page, problems } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    const button = h.row('entra.identifier').locator('button');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-row="entra.identifier"] button')
      ?.classList.contains('is-copied'));
    assert.match(await button.innerText(), /Copied/);
    assert.match(await page.locator('[data-live]').innerText(), /copied/i);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected.identifier);
    await page.screenshot({ path: join(screenshots, 'page-copied.png'), clip: { x: 0, y: 500, width: 1280, height: 500 } });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the plan downloads as the JSON the core builds', async () => {
    const { page } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    await h.file.setInputFiles(cert.pemPath);
    await h.value('cert.thumbprint').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      h.button('download').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mimecast-sso-plan.json');
    const plan = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(plan.planVersion, 1);
    assert.equal(plan.ready, true);
    assert.equal(plan.region, 'eu');
    assert.equal(plan.accountCode, 'CUK1A234');
    assert.equal(plan.tenantId, TENANT_ID);
    assert.equal(plan.entra.identifier, expected.identifier);
    assert.equal(plan.entra.replyUrl, expected.replyUrl);
    assert.equal(plan.entra.signOnUrl, expected.signOnUrl);
    const profile = plan.authenticationProfile;
    assert.equal(profile.issuerUrl, expected.issuerUrl);
    assert.equal(profile.loginUrl, expected.loginUrl);
    assert.equal(profile.logoutUrl, expected.logoutUrl);
    assert.equal(profile.provider, 'Microsoft Entra ID');
    assert.equal(profile.providerOlder, 'Azure Active Directory');
    assert.equal(profile.identityProviderCertificate, cert.body);
    assert.equal(profile.enforceSamlAuthentication, true);
    assert.equal(profile.allowSingleSignOn, true);
    assert.equal(profile.usePasswordProtectedContext, false);
    assert.equal(profile.useIntegratedAuthenticationContext, false);
    assert.equal(plan.certificate.thumbprintSha1, cert.thumbprint);
    assert.ok(plan.checklist.length >= 6);
    assert.doesNotMatch(JSON.stringify(plan), /PRIVATE KEY/);
    await page.close();
  });

  test('a pasted private key is refused, cleared and never stored', async () => {
    const { page, problems } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    await h.certificate.fill(cert.key);
    await h.notice.locator('[data-code="cert.private_key"]').waitFor();
    assert.ok(await h.notice.isVisible());
    assert.match(await h.notice.innerText(), /private key/i);
    assert.equal(await h.certificate.inputValue(), '', 'the text area is cleared');
    const keyLine = cert.key.split('\n')[1];
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    assert.doesNotMatch(stored, /PRIVATE KEY/);
    assert.ok(!stored.includes(keyLine), 'no line of the key is stored');
    assert.ok(!(await page.content()).includes(keyLine), 'no line of the key is on the page');
    await page.screenshot({ path: join(screenshots, 'page-private-key-refused.png'), fullPage: false, clip: { x: 0, y: 700, width: 1280, height: 700 } });
    // The key as a file is refused the same way.
    await h.file.setInputFiles(cert.keyPath);
    await h.notice.locator('[data-code="cert.private_key"]').waitFor();
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes(keyLine));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('work in progress survives a reload, and Clear forgets it', async () => {
    const { page } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    await h.description.fill('Contoso SSO');
    await h.file.setInputFiles(cert.pemPath);
    await h.value('cert.thumbprint').waitFor();
    await page.reload();
    await page.waitForSelector('html[data-wasm="ready"]');
    assert.equal(await h.account.inputValue(), 'cuk1a234');
    assert.equal(await h.tenant.inputValue(), TENANT_ID.toUpperCase());
    assert.equal(await h.description.inputValue(), 'Contoso SSO');
    assert.equal(await h.region.inputValue(), 'eu');
    assert.equal(await h.value('profile.identityProviderCertificate').innerText(), cert.body);
    await h.button('clear').click();
    assert.equal(await h.account.inputValue(), '');
    assert.equal(await h.certificate.inputValue(), '');
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), null);
    await page.reload();
    await page.waitForSelector('html[data-wasm="ready"]');
    assert.equal(await h.tenant.inputValue(), '');
    await page.close();
  });

  test('every control is reachable by keyboard, with a visible focus ring', async () => {
    const { page } = await freshPage();
    const reached = new Set();
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return { id: el.id || el.dataset.action || el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
      });
      reached.add(info.id);
      if (info.id !== 'BODY') assert.notEqual(info.outline, 'none', `${info.id} shows focus`);
    }
    for (const id of ['mss1-lang', 'download', 'print', 'clear', 'mss1-region', 'mss1-account', 'mss1-tenant', 'mss1-cert', 'mss1-cert-file', 'mss1-description']) {
      assert.ok(reached.has(id), `${id} is reachable with Tab (reached: ${[...reached].join(', ')})`);
    }
    await page.close();
  });

  test('axe-core finds no accessibility violation in English', async () => {
    const { page } = await freshPage();
    const h = helper(page);
    await fillAccount(h);
    await h.file.setInputFiles(cert.pemPath);
    await h.value('cert.thumbprint').waitFor();
    assert.deepEqual(await axe(page), []);
    await page.close();
  });
});
