// HTML first: the form is on screen, styled and usable before the page's module has arrived, in
// English, French and Dutch; what the admin typed meanwhile is kept when the module binds to it.
// The module's request is held back by the test to make "before" last as long as it likes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { ACCOUNT_CODE, TENANT_ID, expected, helper, tables } from './support/helper.mjs';
import { startWorker } from './support/worker.mjs';

describe('first load', () => {
  let worker;

  before(async () => {
    worker = await startWorker();
  });

  after(async () => {
    await worker?.stop();
  });

  /** Opens the page with every page-module request held until `release()`. */
  async function heldBack(browser) {
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    await browser.context.route(/\/pkg\/page\.[0-9a-f]{16}\.(js|wasm)$/, async (route) => {
      await released;
      await route.continue();
    });
    const opened = await openPage(browser.context, `${worker.url}/`);
    return { ...opened, release };
  }

  for (const [lang, locale] of [['en', 'en-GB'], ['fr', 'fr-FR'], ['nl', 'nl-NL']]) {
    test(`${lang}: the form is there and usable before the module, and keeps what was typed`, async () => {
      const browser = await launchBrowser({ locale });
      try {
        const { page, problems, release } = await heldBack(browser);
        await page.setViewportSize({ width: 1280, height: 900 });
        const h = helper(page);
        const t = tables[lang];
        await page.waitForFunction((wanted) => document.querySelector('h1')?.textContent === wanted, t['ui.title']);
        assert.equal(await page.getAttribute('html', 'data-wasm'), null, 'the module has not run');
        assert.equal(await page.locator('label[for$="-account"]').innerText(), t['ui.account']);
        assert.equal(await h.value('entra.identifier').innerText(), t['ui.wait.region_account']);
        assert.equal(await page.locator('#wasm-status .loading').innerText(), t['ui.status.loading']);
        assert.equal(await page.locator('#mss1-region option').count(), 10, 'every region, before the module');
        const background = await page.locator('.mss-card').first().evaluate((e) => getComputedStyle(e).backgroundColor);
        assert.equal(background, 'rgb(255, 255, 255)', 'styled');
        await page.screenshot({ path: join(screenshots, `page-before-module-${lang}.png`), fullPage: false });
        await h.account.fill(ACCOUNT_CODE);
        await h.tenant.fill(TENANT_ID);
        await h.region.selectOption('eu');
        release();
        await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
        await page.waitForFunction((want) => document.querySelector('[data-value="entra.identifier"]')?.textContent === want, expected.identifier);
        assert.equal(await h.account.inputValue(), ACCOUNT_CODE, 'typed before the module, kept');
        assert.equal(await h.value('profile.issuerUrl').innerText(), expected.issuerUrl);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        await page.screenshot({ path: join(screenshots, `page-after-module-${lang}.png`), fullPage: false });
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    });
  }

  test('a certificate file chosen before the module is read once it arrives', async () => {
    const browser = await launchBrowser();
    try {
      const { page, problems, release } = await heldBack(browser);
      const h = helper(page);
      await h.account.waitFor();
      const { makeCertificate } = await import('./support/helper.mjs');
      const cert = makeCertificate();
      try {
        await h.file.setInputFiles(cert.derPath);
        release();
        await h.value('cert.thumbprint').waitFor({ timeout: 15_000 });
        assert.equal((await h.value('cert.thumbprint').innerText()).trim(), cert.thumbprint);
      } finally {
        cert.cleanup();
      }
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});
