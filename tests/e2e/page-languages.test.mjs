// The helper in English, French and Dutch: chosen from the browser's languages, switchable, with
// <html lang> following, no English left on the French and Dutch pages, and no accessibility
// violation found by axe-core in any of the three.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { axe, fillAccount, helper, makeCertificate, tables } from './support/helper.mjs';
import { startWorker } from './support/worker.mjs';

/** Every English text of the tables that the other language translates differently. */
/** Mimecast console labels the translations name as the console shows them, in English. */
const CONSOLE_LABELS = new Set(['Import']);

function englishOnly(lang) {
  return Object.entries(tables.en)
    .filter(([key, text]) => tables[lang][key] !== text && !text.includes('{') && text.length >= 4)
    .filter(([, text]) => !CONSOLE_LABELS.has(text))
    .map(([key, text]) => ({ key, text }));
}

/** All text a user meets: visible text, placeholders, labels for assistive technology, titles. */
async function pageTexts(page) {
  return page.evaluate(() => {
    const texts = [document.title];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
          if (el.getAttribute(attr)) texts.push(el.getAttribute(attr));
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
      texts.push(root.body ? root.body.innerText : root.textContent);
    };
    visit(document);
    return texts.join('\n');
  });
}

describe('languages', () => {
  let worker;
  let cert;

  before(async () => {
    cert = makeCertificate();
    worker = await startWorker();
  });

  after(async () => {
    await worker?.stop();
    cert?.cleanup();
  });

  async function filled(browser, lang) {
    const { page, problems } = await openPage(browser.context, `${worker.url}/`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    const h = helper(page);
    if (lang) {
      await h.language.selectOption(lang);
      await page.waitForSelector(`html[lang="${lang}"]`);
    }
    await fillAccount(h);
    await h.file.setInputFiles(cert.pemPath);
    await h.value('cert.thumbprint').waitFor();
    return { page, problems, h };
  }

  test('the browser\'s language is chosen: Dutch for nl-BE', async () => {
    const browser = await launchBrowser({ locale: 'nl-BE' });
    try {
      const { page, problems } = await openPage(browser.context, `${worker.url}/`);
      await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
      assert.equal(await page.getAttribute('html', 'lang'), 'nl');
      assert.equal(await helper(page).language.inputValue(), 'nl');
      assert.match(await page.locator('h1').innerText(), /verbinden/);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });

  for (const lang of ['fr', 'nl']) {
    test(`switching to ${lang} translates every label, keeps the inputs and leaves no English`, async () => {
      const browser = await launchBrowser({ locale: 'en-GB' });
      try {
        const { page, problems, h } = await filled(browser, undefined);
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        await h.language.focus();
        await h.language.selectOption(lang);
        await page.waitForSelector(`html[lang="${lang}"]`);
        assert.equal(await h.account.inputValue(), 'cuk1a234', 'inputs survive the switch');
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.action), 'language', 'focus stays on the menu');
        const t = tables[lang];
        assert.equal(await page.locator('h1').innerText(), t['ui.title']);
        assert.equal(await page.locator('label[for$="-account"]').innerText(), t['ui.account']);
        assert.equal(await page.locator('label[for$="-tenant"]').innerText(), t['ui.tenant']);
        assert.equal(await page.locator('[data-row="entra.identifier"] dt').innerText(), t['ui.entra.identifier']);
        assert.equal(await page.locator('[data-row="entra.identifier"] button').innerText(), t['ui.copy']);
        assert.equal(await page.locator('[data-step="entra.assign_users"] .mss-step-text').innerText(), t['step.entra.assign_users']);
        assert.equal(await page.title(), t['ui.document_title']);
        assert.match(await page.locator('#wasm-status').innerText(), new RegExp(t['ui.status.ready']));
        const texts = await pageTexts(page);
        const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const left = englishOnly(lang)
          .filter(({ text }) => new RegExp(`(?<!\\p{L})${escape(text)}(?!\\p{L})`, 'u').test(texts));
        assert.deepEqual(left, [], `English left on the ${lang} page`);
        await page.screenshot({ path: join(screenshots, `page-${lang}.png`), fullPage: true });
        assert.deepEqual(await axe(page), [], `axe-core on the ${lang} page`);
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    });
  }

  test('a finding is shown in the page\'s language', async () => {
    const browser = await launchBrowser({ locale: 'fr-FR' });
    try {
      const { page } = await openPage(browser.context, `${worker.url}/`);
      await page.waitForSelector('html[lang="fr"][data-wasm="ready"]', { timeout: 15_000 });
      const h = helper(page);
      await h.tenant.fill('contoso.onmicrosoft.com');
      const note = page.locator('[id$="-tenant-note"] .sev-error');
      assert.equal(await note.innerText(), tables.fr['tenant.domain_name']);
      await h.certificate.fill('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n');
      const finding = page.locator('.mss-findings li').first();
      const code = await finding.getAttribute('data-code');
      assert.ok(tables.fr[code], `${code} is translated`);
      assert.match(await finding.innerText(), new RegExp(tables.fr[code].slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    } finally {
      await browser.close();
    }
  });
});
