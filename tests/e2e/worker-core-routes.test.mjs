// The Worker's public JSON routes over the core (health, regions, plan, certificate inspection),
// the one error shape, the limits (404, 405, 413, 415) and the security headers on every response.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeSigningCertificate } from './support/entra.mjs';
import { root, startWorker } from './support/worker.mjs';

const data = (name) => readFileSync(join(root, 'crates/core/tests/data', name));
const expected = JSON.parse(data('expected.json'));

function assertErrorShape(body, code) {
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.retryable, 'boolean');
}

describe('worker: core routes', () => {
  let worker;
  before(async () => { worker = await startWorker(); });
  after(async () => { await worker?.stop(); });

  const post = (path, body, type = 'application/json') => fetch(`${worker.url}${path}`, {
    method: 'POST', headers: { 'content-type': type }, body,
  });

  test('GET /api/v1/regions lists the nine regions with their SAML and API hosts', async () => {
    const response = await fetch(`${worker.url}/api/v1/regions`);
    assert.equal(response.status, 200);
    const regions = await response.json();
    assert.deepEqual(regions.map((r) => r.code), ['eu', 'de', 'us', 'usb', 'ca', 'za', 'au', 'jer', 'uspcom']);
    const jer = regions.find((r) => r.code === 'jer');
    assert.equal(jer.samlHost, 'jer-api.mimecast.com');
    assert.equal(jer.apiHost, 'je-api.mimecast.com');
    assert.equal(jer.signOnUrl, 'https://jer-api.mimecast.com/login/saml');
  });

  test('POST /api/v1/plan builds the plan with findings for missing fields', async () => {
    const response = await post('/api/v1/plan', JSON.stringify({
      region: 'eu', accountCode: 'cuk1a234', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    }));
    assert.equal(response.status, 200);
    const plan = await response.json();
    assert.equal(typeof plan, 'object');
    assert.match(JSON.stringify(plan), /https:\/\/eu-api\.mimecast\.com\/sso\/CUK1A234/);
    assert.match(JSON.stringify(plan), /https:\/\/sts\.windows\.net\/72f988bf-86f1-41af-91ab-2d7cd011db47\//);
  });

  test('POST /api/v1/plan with broken JSON answers 400 in the error shape', async () => {
    const response = await post('/api/v1/plan', '{"region":');
    assert.equal(response.status, 400);
    assertErrorShape(await response.json(), 'plan.invalid_json');
  });

  test('POST /api/v1/certificate/inspect reads PEM text and gives the thumbprint', async () => {
    const response = await post('/api/v1/certificate/inspect', data('entra.pem'), 'application/x-pem-file');
    assert.equal(response.status, 200);
    const report = await response.json();
    assert.equal(report.thumbprintSha1, expected.entra.sha1);
    assert.match(report.subject, /Microsoft Azure Federated SSO Certificate/);
  });

  test('POST /api/v1/certificate/inspect reads DER bytes and JSON alike', async () => {
    const der = await (await post('/api/v1/certificate/inspect', data('entra.der'), 'application/pkix-cert')).json();
    const json = await (await post('/api/v1/certificate/inspect', JSON.stringify({ certificate: data('entra.pem').toString() }))).json();
    assert.equal(der.thumbprintSha1, json.thumbprintSha1);
    assert.match(der.thumbprintSha1, /^[0-9A-F]{40}$/);
  });

  test('POST /api/v1/certificate/inspect answers the expiry band and severity, and the band\'s finding alike', async () => {
    // openssl's -days N ends the certificate N days from now, to the second: N whole days are
    // left within that second, N - 1 after it. Both are in the same band.
    const bands = [
      [400, 'valid', null, []],
      [45, 'within_60_days', 'warning', ['cert.expires_within_60_days']],
      [20, 'within_30_days', 'warning', ['cert.expires_within_30_days']],
      [5, 'within_7_days', 'warning', ['cert.expires_within_7_days']],
    ];
    for (const [days, band, severity, codes] of bands) {
      const response = await post('/api/v1/certificate/inspect', makeSigningCertificate(days).body, 'text/plain');
      assert.equal(response.status, 200);
      const report = await response.json();
      assert.ok([days, days - 1].includes(report.daysRemaining), `${days} days: ${report.daysRemaining}`);
      assert.deepEqual(report.expiry, { band, severity }, `${days} days`);
      const expiry = report.findings.filter((f) => f.code === 'cert.expired' || f.code.startsWith('cert.expires_within_'));
      assert.deepEqual(expiry.map((f) => f.code), codes, `${days} days`);
      for (const finding of expiry) assert.equal(finding.severity, severity);
    }
  });

  test('a pasted private key is refused with its code and not echoed', async () => {
    const pem = data('key_pkcs8.pem').toString();
    const response = await post('/api/v1/certificate/inspect', pem, 'text/plain');
    assert.equal(response.status, 400);
    const text = await response.text();
    assertErrorShape(JSON.parse(text), 'cert.private_key');
    const body = pem.split('\n')[1];
    assert.ok(!text.includes(body), 'key material is not echoed');
  });

  test('unknown API route is a 404 in the error shape', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/health', '/api/v1/mimecast/delete-user', '/api/v1/mimecast/..%2Fhealth']) {
      const response = await fetch(`${worker.url}${path}`, { method: 'POST' });
      assert.equal(response.status, 404, path);
      assertErrorShape(await response.json(), 'route.not_found');
    }
  });

  test('a known route with the wrong method is a 405', async () => {
    const response = await fetch(`${worker.url}/api/v1/health`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assertErrorShape(await response.json(), 'method.not_allowed');
    const get = await fetch(`${worker.url}/api/v1/plan`);
    assert.equal(get.status, 405);
  });

  test('a wrong content type is a 415', async () => {
    const response = await post('/api/v1/plan', '{}', 'text/plain');
    assert.equal(response.status, 415);
    assertErrorShape(await response.json(), 'request.unsupported_media_type');
  });

  test('a body over 1 MiB is a 413', async () => {
    const big = JSON.stringify({ description: 'x'.repeat(1024 * 1024 + 10) });
    const response = await post('/api/v1/plan', big);
    assert.equal(response.status, 413);
    assertErrorShape(await response.json(), 'request.too_large');
    const cert = await post('/api/v1/certificate/inspect', Buffer.alloc(1024 * 1024 + 1, 65), 'application/octet-stream');
    assert.equal(cert.status, 413);
  });

  test('API answers carry the security headers, a request id and no-store', async () => {
    const response = await fetch(`${worker.url}/api/v1/nope`);
    for (const name of ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'referrer-policy', 'permissions-policy']) {
      assert.ok(response.headers.get(name), name);
    }
    assert.match(response.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });

  test('static files carry CSP, HSTS, nosniff, Referrer-Policy and Permissions-Policy', async () => {
    const response = await fetch(`${worker.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.match(response.headers.get('strict-transport-security'), /max-age=\d+/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.ok(response.headers.get('permissions-policy'));
  });

  test('every request leaves one JSON log line with route, status, duration and request id', async () => {
    const response = await fetch(`${worker.url}/api/v1/regions`);
    const id = response.headers.get('x-request-id');
    await new Promise((r) => setTimeout(r, 300));
    const line = worker.logs().split('\n').find((l) => l.includes(id));
    assert.ok(line, `a log line names ${id}`);
    const entry = JSON.parse(line.slice(line.indexOf('{')));
    assert.deepEqual(
      { route: entry.route, status: entry.status, requestId: entry.requestId },
      { route: 'GET /api/v1/regions', status: 200, requestId: id },
    );
    assert.equal(typeof entry.durationMs, 'number');
  });
});
