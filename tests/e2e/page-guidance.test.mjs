// Today's guidance on the page, in English, French and Dutch: the sign-on mode chosen in step 3
// (IdP-initiated leaves Entra's Sign on URL empty and says why), the Mimecast sheet led by Metadata
// URL and Import with the manual fields after it, the console's checkbox names, and a checklist
// with Directory Synchronization, the 15-minute wait and no claim that Mimecast cannot provision.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { TENANT_ID, axe, fillAccount, helper, tables } from './support/helper.mjs';
import { startWorker } from './support/worker.mjs';

describe('today\'s guidance on the page', () => {
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

  for (const lang of ['en', 'fr', 'nl']) {
    test(`${lang}: IdP-initiated to the Administration Console, Metadata URL first, today's checklist`, async () => {
      const table = tables[lang];
      // The JSON API gives the same plan: its English texts are the ones the page shows in English.
      const answer = await fetch(`${worker.url}/api/v1/plan`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ region: 'eu', accountCode: 'CUK1A234', tenantId: TENANT_ID, signOnMode: 'idpAdminConsole' }),
      });
      assert.equal(answer.status, 200);
      const api = await answer.json();
      assert.equal(api.entra.signOnMode, 'idpAdminConsole');
      assert.equal(api.entra.signOnUrl, null);
      assert.equal(api.authenticationProfile.enforceSamlCheckbox, 'Enforce SAML Authentication for Mimecast');
      assert.ok(api.checklist.every((step) => step.sources.length > 0));
      const stepText = (id) => (lang === 'en' ? api.checklist.find((step) => step.id === id)?.text ?? '' : table[`step.${id}`]);
      const codeText = (code) => (lang === 'en' ? api.findings.find((f) => f.code === code)?.message ?? '' : table[code]);
      const { page, problems } = await openPage(browser.context, `${worker.url}/`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
      const h = helper(page);
      await h.language.selectOption(lang);
      await page.waitForSelector(`[data-lang="${lang}"]`);
      await fillAccount(h);
      await h.value('entra.identifier').getByText('https://eu-api.mimecast.com/sso/CUK1A234').waitFor();
      assert.equal((await h.value('entra.signOnUrl').innerText()).trim(), 'https://eu-api.mimecast.com/login/saml');
      const sp = page.locator('[data-step="entra.basic_saml_configuration"]');
      assert.ok(await sp.isVisible());

      await page.locator('select[data-field="signOnMode"]').selectOption('idpAdminConsole');
      await h.value('entra.signOnUrl').getByText(table['ui.entra.leave_empty']).waitFor();
      assert.equal((await h.value('entra.replyUrl').innerText()).trim(), 'https://eu-api.mimecast.com/login/saml');
      assert.equal((await h.value('entra.identifier').innerText()).trim(), 'https://eu-api.mimecast.com/sso/CUK1A234');
      assert.ok(await page.locator('[data-copy="entra.signOnUrl"]').isHidden(), 'nothing to copy');
      const note = await page.locator('[data-note="signOnMode"]').innerText();
      assert.ok(note.includes(codeText('sign_on_mode.idp_admin_console')), note);
      assert.equal(await sp.count(), 0);
      const idp = page.locator('[data-step="entra.basic_saml_configuration_idp_admin_console"]');
      const idpText = await idp.innerText();
      assert.ok(idpText.includes(stepText('entra.basic_saml_configuration_idp_admin_console')), idpText);
      assert.equal(
        (await h.value('profile.enforceSamlCheckboxOlder').innerText()).trim(),
        'Enforce SAML Authentication for Administration Console',
      );

      // Step 5: Metadata URL and Import before the fields to type, the console's names.
      const rows = await page.locator('#mss1-s5 [data-row]').evaluateAll((nodes) => nodes.map((n) => n.dataset.row));
      assert.ok(rows.indexOf('profile.metadataUrl') < rows.indexOf('profile.issuerUrl'), rows.join());
      assert.equal((await h.value('profile.provider').innerText()).trim(), 'Microsoft Entra ID');
      const sheet = await page.locator('#mss1-s5').innerText();
      for (const text of [
        'Enforce SAML Authentication for Mimecast',
        'Azure Active Directory',
        'Metadata URL',
        'Enforce SAML Authentication for End User Applications',
        table['ui.profile.manual'],
        table['ui.profile.import'],
        table['ui.wait.app_id'],
      ]) {
        assert.ok(sheet.includes(text), `${lang}: step 5 shows ${text}`);
      }

      // The checklist as of today.
      const checklist = await page.locator('[data-slot="checklist"]').innerText();
      for (const id of [
        'entra.assignment_required', 'mimecast.keep_password_sign_in', 'mimecast.apply_application_setting',
        'mimecast.directory_sync', 'mimecast.create_users', 'entra.test_sign_on',
      ]) {
        assert.ok(checklist.includes(stepText(id)), `${lang}: ${id}`);
      }
      assert.match(checklist, /15/);
      assert.doesNotMatch(checklist, /does not provision|ne provisionne pas|niet automatisch in/i);

      assert.deepEqual(await axe(page), [], `${lang}: axe-core finds no violation`);
      await page.locator('#mss1-s3').screenshot({ path: join(screenshots, `page-guidance-s3-${lang}.png`) });
      await page.locator('#mss1-s5').screenshot({ path: join(screenshots, `page-guidance-s5-${lang}.png`) });
      await page.locator('#mss1-s6').screenshot({ path: join(screenshots, `page-guidance-s6-${lang}.png`) });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', path: join(screenshots, `page-guidance-print-${lang}.pdf`) });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, `${lang}: the printed checklist fits on one page`);
      await page.emulateMedia({ media: 'screen' });

      // The mode is kept across a reload, and SP-initiated brings the Sign on URL back.
      await page.reload();
      await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
      assert.equal(await page.locator('select[data-field="signOnMode"]').inputValue(), 'idpAdminConsole');
      await page.locator('select[data-field="signOnMode"]').selectOption('');
      await h.value('entra.signOnUrl').getByText('https://eu-api.mimecast.com/login/saml').waitFor();
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});

