// The hostile-input table (tests/hostile/): every row of tests/hostile/inputs.mjs given where it
// says (the page in Chromium, the wasm API in Node, the Worker's JSON API under wrangler dev with
// the Mimecast simulator behind it, the CLI), each checked for its stable code, no panic, no
// private key echoed anywhere, and the time budget; then tests/hostile/TABLE.md written. The test
// fails on a row, never on a difference from the committed TABLE.md (times change every run).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from './support/browser.mjs';
import { SIM_CREDENTIALS, startSimulator } from './support/simulator.mjs';
import { root, startWorker } from './support/worker.mjs';
import { makeFixtures } from '../hostile/fixtures.mjs';
import { rows } from '../hostile/inputs.mjs';
import { PANIC, apiPlace, cliPlace, pagePlace, wasmPlace } from '../hostile/places.mjs';
import { table } from '../hostile/table.mjs';

/** The most one input may take, in milliseconds. */
const BUDGET_MS = 250;

/** The Worker's bearer token (local-dev auth still admits loopback calls without one). */
const PROXY_TOKEN = 'hostile-proxy-token-3c9e';

/**
 * Where `secret` (base64) shows in `texts`: any 40-character run of it past its first 64
 * characters (which every RSA key shares), whitespace and JSON's `\n` ignored.
 */
function leaked(secret, texts) {
  const haystack = texts.join('\n').replace(/\\[nr]|\s+/g, '');
  for (let i = 64; i + 40 <= secret.length; i += 40) {
    if (haystack.includes(secret.slice(i, i + 40))) return secret.slice(i, i + 12);
  }
  return undefined;
}

/** What is wrong with `result` for `row` (an empty list when nothing is). */
function problems(row, result, fx) {
  const found = [];
  const one = (expected, observed) => [expected].flat().includes(observed);
  if (!one(row.expect, result.code)) found.push(`expected ${row.expect}, observed ${result.code}`);
  if (row.status !== undefined && !one(row.status, result.status)) found.push(`HTTP ${result.status}, expected ${row.status}`);
  if (row.exit !== undefined && result.run?.code !== row.exit) found.push(`exit ${result.run?.code}, expected ${row.exit}`);
  if (result.panic) found.push(`panic: ${result.panic}`);
  if (!(result.ms <= BUDGET_MS)) found.push(`${Math.round(result.ms)} ms, over ${BUDGET_MS} ms`);
  if (row.secret) {
    const shown = leaked(row.secret(fx), result.texts);
    if (shown) found.push(`the key's base64 is shown (${shown}…)`);
  }
  const more = row.check?.(result, fx);
  if (more) found.push(more);
  return found;
}

describe('hostile inputs: page, wasm, JSON API, CLI', () => {
  let fx;
  let sim;
  let worker;
  let browser;
  const places = {};
  const results = new Map();
  const started = performance.now();

  before(async () => {
    fx = makeFixtures();
    sim = await startSimulator();
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, LOCAL_DEV_AUTH: 'loopback' },
      secrets: { ...SIM_CREDENTIALS, PROXY_TOKEN },
    });
    fx.workerUrl = worker.url;
    browser = await launchBrowser();
    [places.page, places.wasm] = await Promise.all([pagePlace(browser.context, worker.url), wasmPlace()]);
    places.api = apiPlace(worker);
    places.cli = cliPlace(fx.dir);
    // Warm-up: the first call of each place pays for loading (modules compiled, caches filled,
    // the debug binary paged in), which is no input's cost.
    await places.wasm.run({ via: 'inspectCertificate', make: () => [fx.certificate.pem] }, fx);
    await places.wasm.run({ via: 'inspectSamlResponse', make: () => [fx.saml.response] }, fx);
    await places.api.run({ make: () => ({ method: 'POST', path: '/api/v1/certificate/inspect', headers: { 'content-type': 'text/plain' }, body: fx.certificate.pem }) }, fx);
    await places.cli.run({ make: () => ({ args: ['cert', 'inspect', '-'], stdin: fx.certificate.pem }) }, fx);
    await places.page.run({ via: 'paste', make: () => fx.certificate.pem }, fx);
    await places.page.run({ via: 'saml', make: () => fx.saml.response }, fx);
  });

  after(async () => {
    const markdown = table(rows, results, { budgetMs: BUDGET_MS, seconds: (performance.now() - started) / 1000 });
    writeFileSync(join(root, 'tests/hostile/TABLE.md'), markdown);
    await browser?.close();
    await worker?.stop();
    await sim?.stop();
    fx?.remove();
  });

  for (const row of rows) {
    const todo = row.inFlux ?? (row.known && `known: ${row.known}`);
    test(`${row.id} (${row.where}): ${row.input}`, { todo }, async () => {
      const place = places[row.where];
      let result = await place.run(row, fx);
      // The machine is shared: an input over the budget is given once more before it counts.
      if (!(result.ms <= BUDGET_MS)) {
        const again = await place.run(row, fx);
        result = { ...again, firstMs: result.ms };
      }
      result.problems = problems(row, result, fx);
      results.set(row.id, result);
      assert.deepEqual(result.problems, [], `${row.id}: ${result.code} ${result.detail ?? ''}`);
    });
  }

  test('the search for a key finds one that is shown, in any line width or JSON', () => {
    const key = fx.keys.pkcs8;
    assert.ok(leaked(key.secret, [key.text]));
    assert.ok(leaked(key.secret, [JSON.stringify({ pem: key.text })]));
    assert.ok(leaked(key.secret, [key.secret.replace(/.{76}/g, '$&\r\n')]));
    assert.equal(leaked(key.secret, [fx.keys.ec.text]), undefined);
  });

  test('nothing panicked and no key was printed in the Worker\'s log or the page\'s console', () => {
    const logs = worker.logs();
    assert.doesNotMatch(logs, PANIC);
    assert.deepEqual(places.page.consoleLines.filter((line) => PANIC.test(line)), []);
    for (const row of rows.filter((r) => r.secret)) {
      assert.equal(leaked(row.secret(fx), [logs, ...places.page.consoleLines]), undefined, row.id);
    }
  });
});
