// The Users step in Chromium against `wrangler dev` and the Mimecast API simulator (built from
// Mimecast's endpoint reference): the account's domains (registered, pending with the DNS TXT
// record from Mimecast's token, a subdomain registered at once, a refusal), add one user, import a 300-line CSV file with bad lines
// (preview before anything is sent), run it under the simulator's rate limit with pause and resume,
// download the report; then a reload in the middle of a run keeps the report so far and running
// the same file again creates no duplicates. localStorage never holds a password; axe-core finds
// nothing. Screenshots in target/e2e/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { axe, serveStatic, tables } from './support/helper.mjs';
import { SIM_CREDENTIALS, startSimulator } from './support/simulator.mjs';
import { root, startWorker } from './support/worker.mjs';

const SAVED_KEY = 'mimecast-sso-users:v1';
const en = tables.en;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A users' file of `count` data rows (lines 2..count+1) on `domains`, addresses `{prefix}{n}@…`.
 * Every 25th line is bad, in turn: an invalid address, no name, a weak password, a repeated
 * address. Every 7th good row carries its own password; the others get a generated one.
 */
function usersCsv(count, prefix, domains) {
  const lines = ['email,name,password,force_change'];
  const bad = new Map();
  const given = new Map();
  for (let i = 1; i <= count; i += 1) {
    const line = i + 1;
    const domain = domains[i % domains.length];
    let email = `${prefix}${i}@${domain}`;
    let name = `User ${prefix}${i}`;
    let password = '';
    if (line % 25 === 0) {
      const kind = (line / 25) % 4;
      if (kind === 0) email = `${prefix}${i}-at-${domain}`;
      if (kind === 1) name = '';
      if (kind === 2) password = 'short';
      if (kind === 3) email = `${prefix}1@${domains[1 % domains.length]}`;
      bad.set(line, email);
    } else if (i % 7 === 0) {
      password = `Given-${prefix}${i}-Pw9`;
      given.set(line, password);
    }
    lines.push([email, name, password, i % 2 === 0 ? 'no' : ''].join(','));
  }
  return { text: `${lines.join('\r\n')}\r\n`, bad, given, good: count - bad.size };
}

/** The report CSV: rows of cells (BOM and CRLF handled; the report quotes no cell here). */
function parseReport(text) {
  assert.ok(text.startsWith('\ufeff'), 'UTF-8 byte-order mark for Excel');
  const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
  assert.equal(header, 'line,email,outcome,error_code,message,generated_password');
  return rows.map((row) => {
    const cells = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < row.length; i += 1) {
      const c = row[i];
      if (quoted) {
        if (c === '"' && row[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { cells.push(cell); cell = ''; } else cell += c;
    }
    cells.push(cell);
    const [line, email, outcome, code, message, password] = cells;
    return { line: Number(line), email, outcome, code, message, password };
  });
}

async function download(page, action) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`button[data-action="${action}"]`).first().click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

const progressNow = async (page) => Number(await page.locator('[data-users-progress]').getAttribute('aria-valuenow'));
const runState = (page) => page.locator('[data-run-state]').getAttribute('data-run-state');

async function chooseFile(page, name, text) {
  await page.locator('[data-users-file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('[data-users-preview] .mss-preview-summary');
}

describe('the Users step against the Worker and the Mimecast simulator', () => {
  let sim;
  let worker;
  let browser;
  const control = (path, body) => fetch(`${sim.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  }).then((r) => r.json());

  before(async () => {
    sim = await startSimulator();
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, LOCAL_DEV_AUTH: 'loopback' },
      secrets: SIM_CREDENTIALS,
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await sim?.stop();
  });

  async function open() {
    const opened = await openPage(browser.context, `${worker.url}/`);
    await opened.page.waitForSelector('[data-users-server="available"]', { timeout: 15_000 });
    return opened;
  }

  test('domains as Mimecast lists them: registered, pending with the TXT record from its token, at once for a subdomain, refused when managed elsewhere', async () => {
    const { page, problems } = await open();
    assert.equal(await page.locator('[data-domains] li').count(), 0, 'nothing asked of Mimecast on load');
    await page.locator('button[data-action="users-domains-refresh"]').click();
    await page.waitForSelector('[data-domains] [data-domain="example.com"]');
    assert.equal(await page.locator('[data-domain="example.com"]').getAttribute('data-status'), 'registered');
    assert.equal(await page.locator('[data-domain="example.com"] .mss-badge').innerText(), en['ui.users.domains.registered_badge']);
    assert.equal(await page.locator('[data-domains] .mss-badge.is-warn').count(), 0, 'no false "not verified" warning');
    assert.equal(await page.locator('input[data-inbound="any"]').isChecked(), true, 'Accept Any Address by default');
    assert.equal(await page.locator('input[data-inbound]').count(), 4);

    await page.locator('input[id$="-users-domain"]').fill('Acme.Test');
    await page.locator('button[data-action="users-domain-register"]').click();
    const record = page.locator('[data-dns-record="acme.test"]');
    await record.waitFor();
    const value = async (key) => (await record.locator(`[data-value="${key}"]`).innerText()).trim();
    assert.equal(await value('dns.type'), 'TXT');
    assert.equal(await value('dns.host'), '@');
    assert.equal(await value('dns.name'), 'acme.test');
    const token = await value('dns.value');
    assert.match(token, /^mc-verify-/, 'the value is Mimecast\'s token itself');
    assert.equal(await value('dns.zone'), `acme.test. 3600 IN TXT "${token}"`);
    const pending = page.locator('[data-domains] [data-domain="acme.test"]');
    await pending.waitFor();
    assert.equal(await pending.getAttribute('data-status'), 'pending');
    assert.equal(await pending.locator('[data-token]').innerText(), token, 'the pending list shows its record again');
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-domain.png') });

    // Asked again: the core says it is pending, nothing is sent, the same record is shown.
    const before = (await (await fetch(`${sim.url}/__sim/stats`)).json()).requests;
    await page.locator('button[data-action="users-domain-register"]').click();
    await record.waitFor();
    assert.equal(await value('dns.value'), token);
    assert.equal((await (await fetch(`${sim.url}/__sim/stats`)).json()).requests, before);

    // A subdomain of a registered domain: registered at once, no record.
    await page.locator('input[id$="-users-domain"]').fill('mail.example.com');
    await page.locator('button[data-action="users-domain-register"]').click();
    await page.waitForSelector('[data-domain-result] [data-registered="mail.example.com"]');
    await page.waitForSelector('[data-domains] [data-domain="mail.example.com"][data-status="registered"]');

    // Another account's domain: refused, and said so.
    await page.locator('input[id$="-users-domain"]').fill('other-account.example');
    await page.locator('button[data-action="users-domain-register"]').click();
    await page.waitForSelector('[data-domain-result] [data-code="provisioning.domain_refused"]');
    assert.match(await page.locator('[data-domain-result]').innerText(), /other-account\.example/);
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-domain-refused.png') });
    assert.deepEqual((await (await fetch(`${sim.url}/__sim/stats`)).json()).referenceRefusals, []);
    // Chromium logs the refusal's HTTP 422 itself; nothing else may go wrong.
    assert.deepEqual(problems, ['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await page.close();
  });

  test('one user: the core\'s findings before anything is sent, a generated password, created then exists', async () => {
    const { page, problems } = await open();
    const before = await (await fetch(`${sim.url}/__sim/stats`)).json();
    await page.locator('input[id$="-users-email"]').fill('ann@');
    await page.locator('input[id$="-users-password"]').fill('Str0ng!Passw0rd');
    await page.locator('input[id$="-users-confirm"]').fill('Str0ng!Passw0rd?');
    await page.locator('button[data-action="users-create"]').click();
    await page.waitForSelector('[data-code="user.password_mismatch"]');
    assert.equal(await page.locator('input[id$="-users-email"]').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('[data-code="user.name_required"]').count() === 1);
    assert.equal(await page.evaluate(() => document.activeElement.id.endsWith('-users-email')), true, 'focus on the first bad field');
    await page.locator('input[id$="-users-email"]').fill('Ann.Lee@Example.com');
    await page.locator('input[id$="-users-name"]').fill('Ann Lee');
    await page.locator('button[data-action="users-generate"]').click();
    const generated = await page.locator('input[id$="-users-password"]').inputValue();
    assert.equal(generated.length, 16);
    assert.equal(await page.locator('input[id$="-users-confirm"]').inputValue(), generated);
    assert.equal(await page.locator('input[id$="-users-force"]').isChecked(), true, 'force change on by default');
    await page.locator('button[data-action="users-create"]').click();
    await page.waitForSelector('[data-single-result] [data-outcome="created"]');
    assert.equal(await page.locator('input[id$="-users-password"]').inputValue(), '', 'password gone once created');
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-single.png') });
    await page.locator('button[data-action="users-generate"]').click();
    await page.locator('button[data-action="users-create"]').click();
    await page.waitForSelector('[data-single-result] [data-outcome="exists"]');
    const afterStats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    assert.equal(afterStats.usersCreated - before.usersCreated, 1);
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes(generated));
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a 300-line file: preview with the bad lines, run with pause and resume, report', async () => {
    const file = usersCsv(300, 'bulk', ['example.com', 'acme.test']);
    const { page, problems } = await open();
    await page.evaluate((key) => localStorage.removeItem(key), SAVED_KEY);
    const start = await (await fetch(`${sim.url}/__sim/stats`)).json();
    await chooseFile(page, 'users.csv', file.text);
    const summary = page.locator('[data-users-preview] .mss-preview-summary');
    assert.equal(await summary.getAttribute('data-bad'), String(file.bad.size));
    assert.equal(await summary.getAttribute('data-ready'), String(file.good));
    const badLines = await page.locator('[data-users-preview] tr[data-bad]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.line)));
    assert.deepEqual(badLines, [...file.bad.keys()]);
    assert.equal(await page.locator('[data-users-preview] tr[data-line]').count(), 300, 'every line listed');
    assert.equal(await page.locator('tr[data-line="25"] [data-code="user.name_required"]').count(), 1);
    assert.ok(await page.locator('tr[data-line="50"] [data-code="user.password_too_short"], tr[data-line="50"] [data-code="user.password_weak"]').count() >= 1);
    assert.equal(await page.locator('tr[data-line="75"] [data-code="user.duplicate"]').count(), 1);
    assert.ok(await page.locator('tr[data-line="100"] [data-code="user.email_invalid"], tr[data-line="100"] [data-code="user.domain_missing"]').count() >= 1);
    await page.waitForSelector('[data-needed="example.com"][data-status="registered"]');
    assert.equal(await page.locator('[data-needed="acme.test"]').getAttribute('data-status'), 'pending');
    assert.match(await page.locator('[data-needed="acme.test"]').innerText(), /mc-verify-/, 'its record, to publish');
    // Mimecast sees the TXT record (the simulator's hook); listed again, the domain is registered.
    await control('/__sim/verify-domain', { domain: 'acme.test' });
    await page.locator('button[data-action="users-domains-refresh"]').click();
    await page.waitForSelector('[data-needed="acme.test"][data-status="registered"]');
    await page.waitForSelector('[data-users-needed] [data-existing="0"]');
    const unchanged = await (await fetch(`${sim.url}/__sim/stats`)).json();
    assert.equal(unchanged.usersCreated, start.usersCreated, 'nothing sent by the preview');
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-preview.png') });
    assert.deepEqual(await axe(page, '[data-step-users]'), []);

    // Mimecast's per-second limit: the run slows down (429s) instead of failing.
    await control('/__sim/rate-limit', { perSecond: 40 });
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-users-progress]')?.getAttribute('aria-valuenow')) > 30);
    assert.equal(await page.locator('[data-users-progress]').getAttribute('role'), 'progressbar');
    assert.equal(await page.locator('[data-users-progress]').getAttribute('aria-valuemax'), '300');
    // Bad lines are never sent: their own count and bar segment, not "failed".
    assert.equal(await page.locator('[data-count="invalid"]').innerText(), String(file.bad.size));
    assert.equal(await page.locator('[data-count="failed"]').innerText(), '0');
    assert.equal(await page.locator('.mss-progress-failed').evaluate((e) => parseFloat(e.style.width)), 0);
    assert.ok(await page.locator('.mss-progress-invalid').evaluate((e) => parseFloat(e.style.width)) > 0);
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-running.png') });
    await page.locator('button[data-action="users-pause"]').click();
    assert.equal(await runState(page), 'paused');
    // The batches in flight still come back; then nothing moves.
    await page.waitForSelector('[data-users-progress][data-in-flight="0"]', { timeout: 30_000 });
    const paused = await progressNow(page);
    const pausedCreated = (await (await fetch(`${sim.url}/__sim/stats`)).json()).usersCreated;
    await sleep(2_000);
    assert.equal(await progressNow(page), paused, 'nothing moves while paused');
    assert.equal((await (await fetch(`${sim.url}/__sim/stats`)).json()).usersCreated, pausedCreated);
    assert.ok(paused < 300, `paused before the end (${paused})`);
    assert.equal(await page.locator('button[data-action="users-resume"]').count(), 1);
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-paused.png') });
    await page.locator('button[data-action="users-resume"]').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-users-progress]').getAttribute('aria-valuenow')) > n, paused);
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 90_000 });
    await control('/__sim/rate-limit', { perSecond: 0 });
    assert.equal(await page.locator('[data-count="created"]').innerText(), String(file.good));
    assert.equal(await page.locator('[data-count="remaining"]').innerText(), '0');
    assert.equal(await progressNow(page), 300);
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-finished.png') });

    const report = await download(page, 'users-report');
    assert.equal(report.name, 'users-mimecast-report.csv');
    const rows = parseReport(report.text);
    assert.deepEqual(rows.map((r) => r.line), Array.from({ length: 300 }, (_, i) => i + 2), 'one row per input line');
    for (const row of rows) {
      if (file.bad.has(row.line)) {
        assert.equal(row.outcome, 'invalid', `line ${row.line}`);
        assert.ok(row.code.startsWith('user.'), `line ${row.line}: ${row.code}`);
        assert.equal(row.password, '');
      } else {
        assert.equal(row.outcome, 'created', `line ${row.line}: ${row.message}`);
        if (file.given.has(row.line)) assert.equal(row.password, '', `line ${row.line}: a given password is not repeated`);
        else assert.equal(row.password.length, 16, `line ${row.line}: its generated password`);
      }
    }
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    assert.equal(stats.usersCreated - start.usersCreated, file.good);
    assert.equal(stats.maxCreatesPerAddress, 1, 'no address created twice');
    assert.ok(stats.rateLimited > 0, 'the rate limit was hit and the run slowed down');
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    for (const row of rows.filter((r) => r.password)) assert.ok(!stored.includes(row.password), 'no generated password kept');
    for (const password of file.given.values()) assert.ok(!stored.includes(password), 'no given password kept');
    assert.ok(!stored.includes('"password'), 'no password field kept');
    assert.deepEqual(await axe(page, '[data-step-users]'), []);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a broken random source starts no run; an expired sign-in pauses the run instead of failing users', async () => {
    const file = usersCsv(30, 'signin', ['example.com']);
    const { page, problems } = await open();
    await page.evaluate((key) => localStorage.removeItem(key), SAVED_KEY);
    await chooseFile(page, 'signin.csv', file.text);
    await page.evaluate(() => {
      window.realRandom = crypto.getRandomValues;
      crypto.getRandomValues = () => { throw new Error('no entropy'); };
    });
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-users-run] [data-code="provisioning.random_unavailable"]');
    assert.equal(await page.locator('[data-users-progress]').count(), 0, 'no run with guessable passwords');
    await page.evaluate(() => { crypto.getRandomValues = window.realRandom; });

    // Cloudflare Access answers an expired session with a redirect to its sign-in page.
    const batches = '**/api/v1/mimecast/users:batch';
    await page.route(batches, (route) => route.fulfill({
      status: 302, headers: { location: 'https://team.cloudflareaccess.com/cdn-cgi/access/login/x' },
    }));
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-run-state="halted"]');
    assert.ok((await page.locator('[data-run-state]').innerText()).includes(en['provisioning.sign_in_required']));
    assert.equal(await page.locator('[data-count="failed"]').innerText(), '0', 'no user failed');
    await page.unroute(batches);
    await page.locator('button[data-action="users-resume"]').click();
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 30_000 });
    assert.equal(await page.locator('[data-count="created"]').innerText(), String(file.good));
    // Chromium reports the redirected (not followed) calls as failed requests; nothing else may fail.
    assert.deepEqual(problems.filter((p) => p !== `request failed: ${worker.url}/api/v1/mimecast/users:batch`), []);
    await page.close();
  });

  test('a full storage drops the oldest kept sessions, then says to download the report', async () => {
    const { page, problems } = await open();
    const session = (key, updatedMs) => ({ key, file: `${key}.csv`, delimiter: ',', updatedMs, results: [] });
    await page.evaluate(([key, sessions]) => {
      localStorage.setItem(key, JSON.stringify(sessions));
      window.realSetItem = Storage.prototype.setItem;
      // A quota that only fits the outcomes without the oldest session.
      Storage.prototype.setItem = function quota(k, v) {
        if (k === key && v.includes('"kept-oldest"')) throw new DOMException('full', 'QuotaExceededError');
        return window.realSetItem.call(this, k, v);
      };
    }, [SAVED_KEY, [session('kept-newer', 2), session('kept-oldest', 1)]]);
    const first = usersCsv(10, 'quota', ['example.com']);
    await chooseFile(page, 'quota.csv', first.text);
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 30_000 });
    const kept = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).map((s) => s.file), SAVED_KEY);
    assert.deepEqual(kept, ['quota.csv', 'kept-newer.csv'], 'the oldest session made room');
    assert.equal(await page.locator('[data-users-not-saved]').isHidden(), true);

    await page.evaluate((key) => {
      Storage.prototype.setItem = function full(k, v) {
        if (k === key) throw new DOMException('full', 'QuotaExceededError');
        return window.realSetItem.call(this, k, v);
      };
    }, SAVED_KEY);
    await chooseFile(page, 'quota2.csv', usersCsv(10, 'quotb', ['example.com']).text);
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-users-not-saved]:not([hidden])');
    assert.equal(await page.locator('[data-users-not-saved]').innerText(), en['ui.users.run.not_saved']);
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 30_000 });
    await page.evaluate(() => { Storage.prototype.setItem = window.realSetItem; });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a reload in the middle of a run keeps the report so far; running the file again creates no duplicates', async () => {
    const file = usersCsv(200, 'reload', ['example.com']);
    const { page, problems } = await open();
    await control('/__sim/rate-limit', { perSecond: 25 });
    const start = await (await fetch(`${sim.url}/__sim/stats`)).json();
    await chooseFile(page, 'reload.csv', file.text);
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-users-progress]')?.getAttribute('aria-valuenow')) > 60);
    // The run holds generated passwords not downloaded: the page asks before it goes.
    const dialogs = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.type()); dialog.accept(); });
    await page.reload();
    assert.deepEqual(dialogs, ['beforeunload']);
    await page.waitForSelector('[data-users-server="available"]');
    await control('/__sim/rate-limit', { perSecond: 0 });
    const saved = page.locator('[data-users-saved] li').first();
    await saved.waitFor();
    assert.match(await saved.innerText(), /reload\.csv/);
    await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-after-reload.png') });
    const soFar = parseReport((await download(page, 'users-saved-report')).text);
    assert.equal(soFar.length, 200, 'the report so far has every line');
    const doneBefore = soFar.filter((r) => r.outcome === 'created').length;
    assert.ok(doneBefore > 0, 'some lines were done before the reload');
    assert.ok(soFar.every((r) => r.password === ''), 'no password after a reload');
    const unclear = soFar.filter((r) => r.outcome === 'pending' && r.code === 'provisioning.sent_unclear');
    assert.ok(unclear.length > 0, 'the lines in flight at the reload are marked sent without an answer');
    await sleep(2_000); // the Worker finishes the calls that were in flight
    const middle = await (await fetch(`${sim.url}/__sim/stats`)).json();

    await chooseFile(page, 'reload.csv', file.text);
    assert.equal(await page.locator('[data-earlier]').getAttribute('data-earlier'), String(doneBefore));
    // Who already exists is listed (get-internal-users, every page) before the run starts.
    await page.waitForSelector('[data-users-needed] [data-existing]:not([data-existing="checking"])');
    const listed = Number(await page.locator('[data-existing]').getAttribute('data-existing'));
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 60_000 });
    const rows = parseReport((await download(page, 'users-report')).text);
    assert.equal(rows.length, 200);
    for (const row of rows) {
      if (file.bad.has(row.line)) assert.equal(row.outcome, 'invalid');
      else assert.ok(['created', 'exists'].includes(row.outcome), `line ${row.line}: ${row.outcome} ${row.message}`);
      if (row.outcome === 'exists') {
        // Only a line in flight at the reload can exist now; its password went with that tab.
        assert.equal(row.code, 'provisioning.password_unknown', `line ${row.line}`);
        assert.equal(row.password, '', `line ${row.line}`);
      }
    }
    const createdEarlier = rows.filter((r) => r.code === 'provisioning.password_unknown').length;
    assert.ok(createdEarlier > 0 && createdEarlier <= unclear.length, `${createdEarlier} of ${unclear.length}`);
    const stats = await (await fetch(`${sim.url}/__sim/stats`)).json();
    assert.equal(stats.maxCreatesPerAddress, 1, 'no duplicates');
    assert.equal(stats.usersCreated - start.usersCreated, file.good, 'every good line created exactly once');
    assert.equal(listed, doneBefore + createdEarlier, 'the listing found every user of the file already in Mimecast');
    const resent = (stats.usersCreated + stats.usersAlreadyExisting) - (middle.usersCreated + middle.usersAlreadyExisting);
    assert.equal(resent, file.good - listed, 'lines done before the reload or listed in Mimecast were not sent again');
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes('Given-reload'));
    // The reload aborts the batch calls in flight; nothing else may fail.
    assert.deepEqual(problems.filter((p) => !p.startsWith('request failed:') || !p.endsWith('/api/v1/mimecast/users:batch')), []);
    await page.close();
  });
});

describe('the Users step on static hosting', () => {
  test('says it needs the Worker; the preview still works', async () => {
    const server = await serveStatic(join(root, 'www'));
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser.context, `${server.url}/`);
      await page.waitForSelector('[data-users-server="unavailable"]', { timeout: 15_000 });
      assert.equal(await page.locator('[data-users-server]').innerText(), en['ui.users.server.unavailable']);
      await chooseFile(page, 'users.csv', usersCsv(30, 'static', ['example.com']).text);
      assert.equal(await page.locator('[data-users-preview] tr[data-bad]').count(), 1);
      assert.equal(await page.locator('button[data-action="users-start"]').isDisabled(), true);
      assert.equal(await page.locator('button[data-action="users-create"]').isDisabled(), true);
      await page.locator('[data-step-users]').screenshot({ path: join(screenshots, 'page-users-static.png') });
      assert.deepEqual(await axe(page, '[data-step-users]'), []);

      // A file over the core's byte limit is refused from its size, without being read.
      await page.evaluate(() => {
        window.filesRead = 0;
        const read = File.prototype.arrayBuffer;
        File.prototype.arrayBuffer = function counted() { window.filesRead += 1; return read.call(this); };
      });
      const huge = Buffer.alloc(3 * 1024 * 1024, 'a@example.com,A\n');
      await page.locator('[data-users-file]').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: huge });
      await page.waitForSelector('[data-users-preview] [data-code="provisioning.csv_too_large"]');
      assert.equal(await page.evaluate(() => window.filesRead), 0, 'never read');
      assert.equal(await page.locator('[data-users-preview] tr[data-line]').count(), 0, 'the earlier preview is gone');
    } finally {
      await browser.close();
      server.stop();
    }
  });
});
