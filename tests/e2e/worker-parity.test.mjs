// The JSON API and the page's WebAssembly API run the same core, so they must give the same
// answers: regions, plan and certificate report compared in Chromium against the Worker.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from './support/browser.mjs';
import { makeSigningCertificate } from './support/entra.mjs';
import { root, startWorker } from './support/worker.mjs';

const pem = readFileSync(join(root, 'crates/core/tests/data/entra.pem'), 'utf8');
/** Certificates in the 60, 30 and 7 day bands, so the expiry is compared where it matters. */
const expiring = [45, 20, 5].map((days) => makeSigningCertificate(days).body);
const input = {
  region: 'jer', accountCode: 'cuk1a234', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', certificate: pem,
};

describe('worker: same answers as the page\'s wasm API', () => {
  let worker;
  let browser;
  let wasm;

  before(async () => {
    worker = await startWorker();
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${worker.url}/api/v1/health`);
    wasm = await page.evaluate(async ({ input, pem, expiring }) => {
      const module = await import('/pkg/mimecast_sso_web.js');
      await module.default();
      const nowMs = Date.now();
      return {
        regions: module.regions(),
        plan: module.buildPlan(input, nowMs),
        certificate: module.inspectCertificate(pem, nowMs),
        expiring: expiring.map((body) => module.inspectCertificate(body, nowMs)),
      };
    }, { input, pem, expiring });
    await page.close();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  const post = async (path, body, type) => {
    const response = await fetch(`${worker.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    assert.equal(response.status, 200);
    return response.json();
  };

  test('GET /api/v1/regions equals regions()', async () => {
    const api = await (await fetch(`${worker.url}/api/v1/regions`)).json();
    assert.deepEqual(api, wasm.regions);
  });

  test('POST /api/v1/plan equals buildPlan()', async () => {
    assert.deepEqual(await post('/api/v1/plan', JSON.stringify(input), 'application/json'), wasm.plan);
  });

  test('POST /api/v1/certificate/inspect equals inspectCertificate()', async () => {
    assert.deepEqual(await post('/api/v1/certificate/inspect', pem, 'text/plain'), wasm.certificate);
  });

  test('the expiry band and severity of POST /api/v1/certificate/inspect equal inspectCertificate()\'s', async () => {
    for (const [i, body] of expiring.entries()) {
      const api = await post('/api/v1/certificate/inspect', body, 'text/plain');
      assert.notEqual(api.expiry.band, 'valid');
      assert.deepEqual(api.expiry, wasm.expiring[i].expiry);
      assert.deepEqual(api, wasm.expiring[i]);
    }
  });
});
