// Step 8, test sign-on, in Chromium against `wrangler dev`: the plan filled in (region, account,
// tenant, the signing certificate), then SAML responses signed by xmlsec1 (tests/e2e/support/
// saml.mjs) pasted as a browser's network panel shows them: the good one verifies, one signed by
// another certificate says which certificate Mimecast holds and which Entra used; an Entra error
// is explained with the plan's Reply URL. Nothing pasted leaves the page (every request is
// watched), in English and French; axe-core finds nothing. Screenshots in target/e2e/.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { axe, fillAccount, helper, tables } from './support/helper.mjs';
import { REPLY_URL, USER, makeSigner, signed } from './support/saml.mjs';
import { startWorker } from './support/worker.mjs';

/** The conditions of a response captured a minute ago, valid for an hour. */
function fresh() {
  const at = (minutes) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return { notBefore: at(-5), notOnOrAfter: at(60) };
}

describe('step 8: test sign-on', () => {
  let worker;
  let browser;
  let entra;
  let other;

  before(async () => {
    entra = makeSigner('entra');
    other = makeSigner('other');
    worker = await startWorker();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    entra?.remove();
    other?.remove();
  });

  /** The hosted page with the plan filled in, step 8 live; every request after that is recorded. */
  async function planned() {
    const { page, problems } = await openPage(browser.context, `${worker.url}/`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
    const h = helper(page);
    await fillAccount(h);
    await h.certificate.fill(entra.body);
    await h.value('profile.identityProviderCertificate').getByText(entra.body).waitFor();
    const step = page.locator('[data-step-signon]');
    await step.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-step-signon][data-signon-state="ready"]', { timeout: 15_000 });
    const sent = [];
    page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
    return { page, problems, step, sent };
  }

  /** Pastes `text` as the response and checks it; resolves with the findings' codes. */
  async function check(page, step, text) {
    await step.locator('[data-signon-field="response"]').fill(text);
    await step.locator('button[data-action="signon-inspect"]').click();
    await step.locator('[data-slot="signon-result"]').waitFor();
    return step.locator('[data-slot="signon-findings"] [data-code]').evaluateAll((nodes) => nodes.map((n) => n.dataset.code));
  }

  test('a response signed with the plan\'s certificate verifies; another certificate is named; nothing leaves the page', async () => {
    const { page, problems, step, sent } = await planned();
    const xml = signed(entra, fresh());
    const captured = encodeURIComponent(Buffer.from(xml).toString('base64'));
    const codes = await check(page, step, captured);
    assert.deepEqual(codes, ['saml.verified']);
    assert.equal(await step.locator('[data-slot="signon-verdict"]').innerText(), tables.en['ui.signon.verified']);
    const facts = await step.locator('[data-slot="signon-facts"]').innerText();
    for (const value of [USER, REPLY_URL, entra.thumbprint]) assert.ok(facts.includes(value), `${value} in ${facts}`);
    assert.ok((await step.locator('[data-slot="signon-signatures"]').innerText()).includes('RSA-SHA256'));
    await step.locator('[data-slot="signon-result"]').screenshot({ path: join(screenshots, 'signon-verified.png') });
    assert.deepEqual(await axe(page, '[data-step-signon]'), []);

    const wrong = await check(page, step, Buffer.from(signed(other, fresh())).toString('base64'));
    assert.ok(wrong.includes('saml.signer_not_in_plan'), wrong.join());
    const finding = await step.locator('[data-code="saml.signer_not_in_plan"]').innerText();
    assert.ok(finding.includes(entra.thumbprint) && finding.includes(other.thumbprint), finding);
    assert.equal(await step.locator('[data-slot="signon-verdict"]').innerText(), tables.en['ui.signon.not_verified']);
    await step.screenshot({ path: join(screenshots, 'signon-other-certificate.png') });

    const leaked = sent.filter((line) => line.includes(USER) || line.includes(captured.slice(40, 120)));
    assert.deepEqual(leaked, [], 'no request carries the response or a value of it');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an Entra error is explained with the plan\'s Reply URL; in French the step speaks French', async () => {
    const { page, problems, step, sent } = await planned();
    const pasted = 'AADSTS50011: The redirect URI \'https://eu-api.mimecast.com/login/saml/\' specified in the request does not match the redirect URIs configured for the application.\n'
      + 'Request Id: 3b5c8f1e-2d4a-4c6b-9e8f-1a2b3c4d5e6f\nCorrelation Id: 0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a\nTimestamp: 2026-12-03T12:00:05Z';
    await step.locator('[data-signon-field="error"]').fill(pasted);
    await step.locator('button[data-action="signon-explain"]').click();
    const explanation = step.locator('[data-slot="signon-explanation"]');
    await explanation.waitFor();
    assert.ok((await step.locator('[data-slot="signon-explain-title"]').innerText()).startsWith('AADSTS50011'));
    assert.ok((await step.locator('[data-slot="signon-explain-values"]').innerText()).includes(REPLY_URL));
    assert.ok((await step.locator('[data-slot="signon-explain-ids"]').innerText()).includes('0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a'));
    assert.ok((await step.locator('[data-slot="signon-explain-fix"] li').count()) > 0);
    await explanation.screenshot({ path: join(screenshots, 'signon-explained.png') });

    await helper(page).language.selectOption('fr');
    await page.waitForSelector('.mss[data-lang="fr"]');
    const codes = await check(page, step, signed(entra, { ...fresh(), nameId: 'alice' }));
    assert.ok(codes.includes('saml.name_id_not_email'), codes.join());
    assert.equal(await step.locator('[data-code="saml.name_id_not_email"]').innerText(), tables.fr['saml.name_id_not_email']);
    assert.equal(await step.locator('[data-slot="signon-verdict"]').innerText(), tables.fr['ui.signon.signature_only']);
    assert.deepEqual(await axe(page, '[data-step-signon]'), []);
    assert.deepEqual(sent.filter((line) => line.includes('AADSTS') || line.includes('alice')), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a NameID the users step did not create or find in Mimecast is flagged; one it did is not', async () => {
    const { page, problems, step } = await planned();
    const session = (email) => JSON.stringify([{
      key: '00', file: 'users.csv', delimiter: ',', updatedMs: 1,
      results: [{ line: 2, emailAddress: email, outcome: 'created' }],
    }]);
    await page.evaluate((text) => localStorage.setItem('mimecast-sso-users:v1', text), session('bob@contoso.example'));
    const unknown = await check(page, step, signed(entra, fresh()));
    assert.ok(unknown.includes('saml.name_id_unknown_user'), unknown.join());
    await page.evaluate((text) => localStorage.setItem('mimecast-sso-users:v1', text), session(USER.toUpperCase()));
    assert.deepEqual(await check(page, step, signed(entra, fresh())), ['saml.verified']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('what is not a response is refused with its code and message', async () => {
    const { page, problems, step } = await planned();
    const codes = await check(page, step, 'not a response at all');
    assert.deepEqual(codes, ['saml.not_base64']);
    assert.ok(await step.locator('[data-slot="signon-verdict"]').isHidden());
    await step.locator('[data-signon-field="error"]').fill('   ');
    await step.locator('button[data-action="signon-explain"]').click();
    await step.locator('[data-slot="signon-explanation"]').waitFor();
    assert.ok(await step.locator('[data-slot="signon-explain-fix"]').isHidden());
    assert.deepEqual(problems, []);
    await page.close();
  });
});
