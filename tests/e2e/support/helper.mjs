// Shared steps of the helper page's end-to-end tests: a certificate made with openssl, a plain
// static server (python3 -m http.server), axe-core, and filling the helper's inputs.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root } from './worker.mjs';

export const ACCOUNT_CODE = 'CUK1A234';
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const STORAGE_KEY = 'mimecast-sso-helper:v1';

/** The translation tables, as the page fetches them. */
export const tables = Object.fromEntries(['en', 'fr', 'nl'].map((lang) => [
  lang, JSON.parse(readFileSync(join(root, `www/i18n/${lang}.json`), 'utf8')),
]));

/**
 * An Entra-like SAML signing certificate (self-signed RSA 2048, SHA-256, three years) and its
 * private key, made by openssl, with the values the helper must show, computed by openssl too.
 */
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'mimecast-sso-cert-'));
  const keyPath = join(dir, 'entra.key');
  const pemPath = join(dir, 'Mimecast.cer');
  const derPath = join(dir, 'Mimecast-raw.cer');
  const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1095',
    '-subj', '/CN=Microsoft Azure Federated SSO Certificate', '-keyout', keyPath, '-out', pemPath);
  openssl('x509', '-in', pemPath, '-outform', 'DER', '-out', derPath);
  const der = readFileSync(derPath);
  const fingerprint = openssl('x509', '-in', pemPath, '-noout', '-fingerprint', '-sha1');
  const endDate = openssl('x509', '-in', pemPath, '-noout', '-enddate').trim().replace(/^notAfter=/, '');
  const notAfter = new Date(endDate);
  return {
    dir, keyPath, pemPath, derPath,
    pem: readFileSync(pemPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    body: der.toString('base64'),
    thumbprint: fingerprint.trim().split('=')[1].replaceAll(':', '').toUpperCase(),
    notAfter: notAfter.toISOString().slice(0, 10),
    daysLeft: Math.floor((notAfter.getTime() - Date.now()) / 86_400_000),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every value the helper must generate for ACCOUNT_CODE, TENANT_ID in region eu. */
export const expected = {
  identifier: `https://eu-api.mimecast.com/sso/${ACCOUNT_CODE}`,
  replyUrl: 'https://eu-api.mimecast.com/login/saml',
  signOnUrl: 'https://eu-api.mimecast.com/login/saml',
  issuerUrl: `https://sts.windows.net/${TENANT_ID}/`,
  loginUrl: `https://login.microsoftonline.com/${TENANT_ID}/saml2`,
  logoutUrl: `https://login.microsoftonline.com/${TENANT_ID}/saml2`,
};

/** Serves `dir` with `python3 -m http.server` on a free loopback port. */
export async function serveStatic(dir) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], {
    cwd: dir, stdio: 'ignore', detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  };
  process.on('exit', stop);
  for (let i = 0; i < 100; i += 1) {
    try {
      await fetch(`${url}/`);
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  stop();
  throw new Error(`python3 -m http.server did not answer on ${url}`);
}

/** Runs axe-core in `page` (through the devtools protocol, so the page's CSP does not apply). */
export async function axe(page, context = 'body') {
  const source = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async (selector) => {
    const outcome = await window.axe.run(selector, { resultTypes: ['violations'] });
    return outcome.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  }, context);
  return result;
}

/** The helper's elements inside `scope` (a page or a locator), by what they are. */
export function helper(scope) {
  return {
    region: scope.locator('select[id$="-region"]'),
    account: scope.locator('input[id$="-account"]'),
    tenant: scope.locator('input[id$="-tenant"]'),
    description: scope.locator('input[id$="-description"]'),
    certificate: scope.locator('textarea[id$="-cert"]'),
    file: scope.locator('input[type=file][id$="-cert-file"]'),
    drop: scope.locator('[data-drop]'),
    notice: scope.locator('.mss-notice'),
    language: scope.locator('select[data-action=language]'),
    value: (key) => scope.locator(`[data-value="${key}"]`),
    row: (key) => scope.locator(`[data-row="${key}"]`),
    button: (action) => scope.locator(`button[data-action="${action}"]`),
  };
}

/** Types the account code and tenant ID (the region follows from the account code). */
export async function fillAccount(h) {
  await h.account.fill(ACCOUNT_CODE.toLowerCase());
  await h.tenant.fill(TENANT_ID.toUpperCase());
}

/** Drops `bytes` as a file named `name` on the helper's drop zone, as a file manager would. */
export async function dropFile(page, dropZone, name, bytes) {
  const transfer = await page.evaluateHandle(({ name, data }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], name, { type: 'application/x-x509-ca-cert' }));
    return dt;
  }, { name, data: [...bytes] });
  await dropZone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await dropZone.dispatchEvent('dragover', { dataTransfer: transfer });
  await dropZone.dispatchEvent('drop', { dataTransfer: transfer });
}

/** Asserts every generated value on screen for the `expected` inputs and `cert`. */
export async function assertValuesShown(h, cert) {
  const shown = async (key) => (await h.value(key).innerText()).trim();
  assert.equal(await shown('entra.identifier'), expected.identifier);
  assert.equal(await shown('entra.replyUrl'), expected.replyUrl);
  assert.equal(await shown('entra.signOnUrl'), expected.signOnUrl);
  assert.equal(await shown('profile.issuerUrl'), expected.issuerUrl);
  assert.equal(await shown('profile.loginUrl'), expected.loginUrl);
  assert.equal(await shown('profile.logoutUrl'), expected.logoutUrl);
  assert.equal(await shown('profile.provider'), 'Microsoft Entra ID');
  assert.equal(await shown('profile.identityProviderCertificate'), cert.body);
  assert.equal(await shown('cert.thumbprint'), cert.thumbprint);
  assert.equal(await shown('cert.subject'), 'CN=Microsoft Azure Federated SSO Certificate');
  assert.equal(await shown('cert.notAfter'), cert.notAfter);
  assert.match(await shown('cert.daysRemaining'), new RegExp(`\\b(${cert.daysLeft}|${cert.daysLeft - 1})\\b`));
  assert.match(await shown('cert.key'), /RSA.*2048/);
  assert.equal(await h.value('profile.usePasswordProtectedContext').getAttribute('class'), 'mss-check is-off');
  assert.equal(await h.value('profile.useIntegratedAuthenticationContext').getAttribute('class'), 'mss-check is-off');
  assert.equal(await h.value('profile.allowSingleSignOn').getAttribute('class'), 'mss-check is-on');
  assert.equal(await h.region.inputValue(), 'eu');
}
