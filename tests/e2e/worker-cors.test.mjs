// CORS for intranet pages: only ALLOWED_ORIGINS, exact origin echoed with credentials, correct
// preflight, never a wildcard.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorker } from './support/worker.mjs';

const ALLOWED = 'https://intranet.example.com';

describe('worker: CORS', () => {
  let worker;
  before(async () => {
    worker = await startWorker({ vars: { ALLOWED_ORIGINS: `${ALLOWED} https://other.example.org` } });
  });
  after(async () => { await worker?.stop(); });

  const preflight = (origin, method = 'POST', headers = 'content-type, authorization') => fetch(
    `${worker.url}/api/v1/mimecast/create-user`,
    {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    },
  );

  test('a preflight from an allowed origin gets 204 with that origin, methods and headers', async () => {
    const response = await preflight(ALLOWED);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.match(response.headers.get('access-control-allow-methods'), /POST/);
    assert.match(response.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(response.headers.get('vary'), /Origin/);
  });

  test('a preflight from another origin is refused without CORS headers', async () => {
    const response = await preflight('https://evil.example.com');
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal((await response.json()).error.code, 'cors.origin_not_allowed');
  });

  test('a preflight asking for another method or header is refused', async () => {
    assert.equal((await preflight(ALLOWED, 'PATCH')).status, 403);
    assert.equal((await preflight(ALLOWED, 'DELETE')).status, 204, 'the watch routes take PUT and DELETE');
    assert.equal((await preflight(ALLOWED, 'POST', 'x-forwarded-host')).status, 403);
  });

  test('a request from an allowed origin gets the exact origin back, never *', async () => {
    const response = await fetch(`${worker.url}/api/v1/health`, { headers: { origin: ALLOWED } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED);
    assert.notEqual(response.headers.get('access-control-allow-origin'), '*');
  });

  test('a request from another origin gets no Access-Control-Allow-Origin', async () => {
    for (const origin of ['https://evil.example.com', 'null', 'https://intranet.example.com.evil.com']) {
      const response = await fetch(`${worker.url}/api/v1/health`, { headers: { origin } });
      assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
    }
  });
});
