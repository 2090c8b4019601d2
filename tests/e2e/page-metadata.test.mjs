// "Import from Entra" on the helper page: the App Federation Metadata Url, fetched through the
// Worker from a loopback stand-in for login.microsoftonline.com, and the Federation Metadata XML
// file, read in the browser, both fill the tenant, Issuer, Login and Logout URLs and the
// certificate; with two valid certificates the admin chooses the one Entra shows as Active;
// without the Worker the page says so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import {
  makeSigningCertificate, metadataDocument, metadataPath, startEntraStandIn,
} from './support/entra.mjs';
import { ACCOUNT_CODE, axe, helper, serveStatic, tables } from './support/helper.mjs';
import { root, startWorker } from './support/worker.mjs';

const TENANT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const APP = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const SAML2 = `https://login.microsoftonline.com/${TENANT}/saml2`;
const appUrl = `https://login.microsoftonline.com/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=${APP}`;

describe('page: import from Entra', () => {
  let entra;
  let worker;
  let browser;
  let current;
  let next;
  let dir;
  let xmlPath;

  before(async () => {
    current = makeSigningCertificate(1095);
    next = makeSigningCertificate(1200);
    entra = await startEntraStandIn();
    entra.serve(metadataPath(TENANT, APP), { body: metadataDocument(TENANT, [current.body, next.body]) });
    dir = mkdtempSync(join(tmpdir(), 'mimecast-sso-metadata-page-'));
    xmlPath = join(dir, 'Mimecast.xml');
    writeFileSync(xmlPath, metadataDocument(TENANT, [current.body]));
    worker = await startWorker({ vars: { ENTRA_METADATA_BASE_URL: entra.url } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await entra?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function freshPage(url) {
    const opened = await openPage(browser.context, `${url}/`);
    await opened.page.setViewportSize({ width: 1280, height: 900 });
    await opened.page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    await opened.page.evaluate(() => localStorage.clear());
    await opened.page.reload();
    // The reload aborts what the first load was still fetching (the users module, which loads
    // when the browser is idle): not a problem of the page under test.
    opened.problems.splice(0);
    await opened.page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    return opened;
  }

  const shown = async (h, key) => (await h.value(key).innerText()).trim();

  test('the App Federation Metadata Url, through the Worker, fills the page; during a rollover the admin chooses the Active certificate', async () => {
    const { page, problems } = await freshPage(worker.url);
    const h = helper(page);
    await page.waitForSelector('[data-server="available"]', { timeout: 15_000 });
    await h.account.fill(ACCOUNT_CODE);
    const url = page.locator('input[id$="-metadata-url"]');
    await url.fill(appUrl);
    await url.press('Enter');
    await page.waitForSelector('[data-import-status] [data-state="done"]', { timeout: 15_000 });
    assert.equal(entra.count(metadataPath(TENANT, APP)), 1, 'fetched once, through the Worker');
    assert.equal(await h.tenant.inputValue(), TENANT);
    assert.equal(await shown(h, 'profile.issuerUrl'), `https://sts.windows.net/${TENANT}/`);
    assert.equal(await shown(h, 'profile.loginUrl'), SAML2);
    assert.equal(await shown(h, 'profile.logoutUrl'), SAML2);

    // Two valid certificates: the metadata does not say which one Entra shows as Active, so
    // nothing is filled in and nothing is badged "paste into Mimecast".
    assert.equal(await h.certificate.inputValue(), '', 'no certificate filled in silently');
    assert.notEqual(await shown(h, 'profile.identityProviderCertificate'), next.body);
    assert.notEqual(await shown(h, 'profile.identityProviderCertificate'), current.body);
    const items = page.locator('[data-import-result] li');
    assert.equal(await items.count(), 2);
    assert.equal(await page.locator('[data-import-result] li[data-state="chosen"]').count(), 0);
    const newest = page.locator('[data-import-result] li[data-state="newest"]');
    assert.equal(await newest.getAttribute('data-thumbprint'), next.thumbprint);
    assert.equal(await newest.locator('.mss-cert-badge').innerText(), tables.en['ui.import.cert.newest'].toUpperCase());
    const use = page.locator('[data-import-result] button[data-action="use-certificate"]');
    assert.equal(await use.count(), 2, 'a button on each valid certificate');
    assert.equal((await use.first().innerText()).trim(), tables.en['ui.import.cert.use']);
    const advice = await page.locator('[data-advice="rollover"]').innerText();
    assert.ok(advice.includes(next.thumbprint), advice);
    assert.doesNotMatch(await page.locator('.mss-summary').innerText(), /ready/i);
    assert.equal(await page.locator('li[data-code="metadata.certificate_choice_needed"]').count(), 1, 'the pending choice is a finding on the certificate');
    await page.locator('[data-import]').scrollIntoViewIfNeeded();
    await page.locator('section[id$="-s2"]').screenshot({ path: join(screenshots, 'page-metadata-rollover-choice.png') });
    assert.deepEqual(await axe(page), []);

    // Entra shows the older one as Active: the admin uses it, and the profile sheet shows it.
    await page.locator(`[data-import-result] li[data-thumbprint="${current.thumbprint}"] button[data-action="use-certificate"]`).click();
    await page.waitForSelector(`[data-import-result] li[data-state="chosen"][data-thumbprint="${current.thumbprint}"]`);
    assert.equal(await shown(h, 'profile.identityProviderCertificate'), current.body);
    assert.equal(await shown(h, 'cert.thumbprint'), current.thumbprint);
    assert.equal(
      await page.locator('[data-import-result] li[data-state="newest"]').getAttribute('data-thumbprint'),
      next.thumbprint,
      'the newest is still the one to switch to',
    );
    assert.equal(await use.count(), 1, 'the admin can still change the choice');
    assert.equal(await page.locator('li[data-code="metadata.certificate_choice_needed"]').count(), 0);
    assert.match(await page.locator('.mss-summary').innerText(), /ready/i);
    assert.equal(await page.locator('[data-import-status]').getAttribute('role'), 'status', 'announced');
    assert.match(await page.locator('[data-import-status]').innerText(), /Imported from Entra: tenant/);
    assert.match(await page.locator('.mss-summary').innerText(), /ready/i);
    await page.locator('[data-import]').scrollIntoViewIfNeeded();
    await page.locator('section[id$="-s2"]').screenshot({ path: join(screenshots, 'page-metadata-import.png') });
    await page.screenshot({ path: join(screenshots, 'page-metadata-full.png'), fullPage: true });
    assert.deepEqual(await axe(page), []);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-import]').screenshot({ path: join(screenshots, 'page-metadata-mobile.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    await h.tenant.fill('11111111-2222-4333-8444-555555555555');
    const differs = page.locator('[id$="-tenant-note"] .sev-error');
    await differs.waitFor();
    assert.match(await differs.innerText(), new RegExp(TENANT));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the Federation Metadata XML file is read in the browser and fills the page', async () => {
    const { page, problems } = await freshPage(worker.url);
    const h = helper(page);
    await h.account.fill(ACCOUNT_CODE);
    const seen = entra.paths().length;
    await page.locator('input[type=file][id$="-metadata-file"]').setInputFiles(xmlPath);
    await page.waitForSelector('[data-import-status] [data-state="done"]', { timeout: 15_000 });
    assert.equal(entra.paths().length, seen, 'nothing was fetched');
    assert.equal(await h.tenant.inputValue(), TENANT);
    assert.equal(await shown(h, 'profile.issuerUrl'), `https://sts.windows.net/${TENANT}/`);
    assert.equal(await shown(h, 'profile.loginUrl'), SAML2);
    assert.equal(await shown(h, 'profile.identityProviderCertificate'), current.body);
    assert.equal(await page.locator('[data-advice="rollover"]').count(), 0, 'one certificate: no rollover');
    assert.equal(await page.locator('[data-import-result] li').count(), 1);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a hostile file is refused with its code, in the page language', async () => {
    const { page } = await freshPage(worker.url);
    const hostile = join(dir, 'laughs.xml');
    writeFileSync(hostile, '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>');
    await page.locator('select[data-action=language]').selectOption('fr');
    await page.waitForSelector('html[lang="fr"]');
    await page.locator('input[type=file][id$="-metadata-file"]').setInputFiles(hostile);
    const failed = page.locator('[data-import-status] [data-state="failed"]');
    await failed.waitFor();
    assert.equal(await failed.getAttribute('data-code'), 'metadata.doctype');
    assert.equal(await failed.innerText(), tables.fr['metadata.doctype']);
    assert.equal(await helper(page).tenant.inputValue(), '');
    await page.close();
  });

  test('a file over 1 MiB is refused by its size, before any of it is read', async () => {
    const { page, problems } = await freshPage(worker.url);
    await page.evaluate(() => {
      window.metadataReads = 0;
      const read = Blob.prototype.arrayBuffer;
      Blob.prototype.arrayBuffer = function counted(...args) {
        window.metadataReads += 1;
        return read.apply(this, args);
      };
    });
    const size = 1024 * 1024 + 1;
    const body = Buffer.alloc(size, ' ');
    await page.locator('input[type=file][id$="-metadata-file"]').setInputFiles({
      name: 'huge.xml', mimeType: 'application/xml', buffer: body,
    });
    const failed = page.locator('[data-import-status] [data-state="failed"]');
    await failed.waitFor();
    assert.equal(await failed.getAttribute('data-code'), 'metadata.too_large');
    assert.match(await failed.innerText(), new RegExp(`${size} bytes`), 'the core\'s message, with the size');
    assert.equal(await page.evaluate(() => window.metadataReads), 0, 'the file was not read');
    assert.equal(await helper(page).tenant.inputValue(), '');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('on static hosting the URL import says it needs the server; the file import still works', async () => {
    const server = await serveStatic(join(root, 'www'));
    try {
      const { page } = await freshPage(server.url);
      await page.waitForSelector('[data-server="unavailable"]', { timeout: 15_000 });
      assert.equal(await page.locator('[id$="-metadata-url-worker"]').innerText(), tables.en['ui.import.needs_worker']);
      const url = page.locator('input[id$="-metadata-url"]');
      await url.fill(appUrl);
      await page.locator('button[data-action="import-url"]').click();
      const failed = page.locator('[data-import-status] [data-state="failed"]');
      await failed.waitFor();
      assert.equal(await failed.getAttribute('data-code'), 'ui.import.needs_worker');
      await page.locator('input[type=file][id$="-metadata-file"]').setInputFiles(xmlPath);
      await page.waitForSelector('[data-import-status] [data-state="done"]', { timeout: 15_000 });
      assert.equal(await helper(page).tenant.inputValue(), TENANT);
      await page.close();
    } finally {
      server.stop();
    }
  });
});
