// Who may call the proxy: fail closed without configuration, bearer PROXY_TOKEN, Cloudflare Access
// JWTs checked against a JWKS (served by the simulator as a loopback stand-in), the loopback-only
// local-development mode, API 1.0 signing checked by the simulator, and refused settings.
import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startSimulator } from './support/simulator.mjs';
import { E2E_CONFIG, PROXY_TOKEN, assertNoSecrets, bodyRecorder, workerSecrets } from './support/secrets.mjs';
import { startWorker } from './support/worker.mjs';

const TEAM = 'e2e-team.cloudflareaccess.com';
const AUD = 'e2e-aud-tag-2f9c';
const b64 = (value) => Buffer.from(value).toString('base64url');
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const JWKS = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'e2e-key', alg: 'RS256', use: 'sig' }] };

function jwt(claims = {}, key = privateKey) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64(JSON.stringify({ alg: 'RS256', kid: 'e2e-key', typ: 'JWT' }));
  const payload = b64(JSON.stringify({
    aud: [AUD], iss: `https://${TEAM}`, email: 'admin@example.com', iat: now, nbf: now - 5, exp: now + 3600, ...claims,
  }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${b64(signature)}`;
}

describe('worker: proxy authentication', () => {
  let sim;
  const workers = [];
  const recorder = bodyRecorder();
  const start = async (options) => {
    const worker = await startWorker(options);
    workers.push(worker);
    return worker;
  };
  const call = (worker, headers = {}, operation = 'get-account') => fetch(`${worker.url}/api/v1/mimecast/${operation}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}',
  });

  before(async () => {
    sim = await startSimulator();
    await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(E2E_CONFIG) });
    await sim.setJwks(JWKS);
  });

  after(async () => {
    for (const worker of workers) await worker.stop();
    await sim?.stop();
  });

  test('with no caller authentication configured the proxy answers 503 and says how', async () => {
    const worker = await start({ vars: { MIMECAST_BASE_URL: sim.url } });
    const response = await call(worker, { authorization: 'Bearer anything' });
    assert.equal(response.status, 503);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'auth.not_configured');
    assert.match(body.error.message, /wrangler secret put PROXY_TOKEN/);
    assert.match(body.error.message, /ACCESS_AUD/);
  });

  describe('with PROXY_TOKEN and Cloudflare Access configured', () => {
    let worker;
    before(async () => {
      worker = await start({
        vars: { MIMECAST_BASE_URL: sim.url, ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD, ACCESS_CERTS_BASE_URL: sim.url },
        secrets: workerSecrets(2),
      });
    });

    test('no credential is 401 auth.required', async () => {
      const response = await call(worker);
      assert.equal(response.status, 401);
      assert.equal((await recorder.read(response)).error.code, 'auth.required');
    });

    test('a wrong bearer token is 403 auth.invalid', async () => {
      const response = await call(worker, { authorization: `Bearer ${PROXY_TOKEN}x` });
      assert.equal(response.status, 403);
      assert.equal((await recorder.read(response)).error.code, 'auth.invalid');
    });

    test('the right bearer token is let through', async () => {
      const response = await call(worker, { authorization: `Bearer ${PROXY_TOKEN}` });
      assert.equal(response.status, 200);
      await recorder.read(response);
    });

    test('a valid Access JWT is let through', async () => {
      const response = await call(worker, { 'cf-access-jwt-assertion': jwt() });
      assert.equal(response.status, 200);
      await recorder.read(response);
    });

    test('Access JWTs that are expired, for another app, another team or forged are 403', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const [token, code] of [
        [jwt({ exp: now - 3600, nbf: now - 7200 }), 'access.expired'],
        [jwt({ aud: ['other-app'] }), 'access.wrong_audience'],
        [jwt({ iss: 'https://evil.cloudflareaccess.com' }), 'access.wrong_issuer'],
        [jwt({}, other.privateKey), 'access.bad_signature'],
        ['not.a.jwt', 'access.malformed'],
      ]) {
        const response = await call(worker, { 'cf-access-jwt-assertion': token });
        assert.equal(response.status, 403, code);
        assert.equal((await recorder.read(response)).error.code, code);
      }
    });

    test('authentication is checked before the body: no upstream call for a refused caller', async () => {
      const before = (await sim.stats()).requests;
      await recorder.read(await call(worker, { authorization: 'Bearer wrong' }, 'create-user'));
      assert.equal((await sim.stats()).requests, before);
    });
  });

  test('local-development mode admits loopback callers; the proxy then names missing secrets', async () => {
    const worker = await start({ vars: { LOCAL_DEV_AUTH: 'loopback', MIMECAST_BASE_URL: sim.url } });
    const response = await call(worker);
    assert.equal(response.status, 503);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'proxy.not_configured');
    assert.match(body.error.message, /MIMECAST_CLIENT_ID, MIMECAST_CLIENT_SECRET/);
    assert.match(body.error.message, /wrangler secret put/);
  });

  test('a base-URL override that is not loopback is refused with 503', async () => {
    const worker = await start({
      vars: { MIMECAST_BASE_URL: 'https://evil.example.com' },
      secrets: workerSecrets(2),
    });
    const response = await call(worker, { authorization: `Bearer ${PROXY_TOKEN}` });
    assert.equal(response.status, 503);
    assert.equal((await recorder.read(response)).error.code, 'mimecast.base_url_refused');
  });

  describe('API 1.0 (HMAC-SHA1 signatures checked by the simulator)', () => {
    let worker;
    before(async () => {
      worker = await start({
        vars: { MIMECAST_BASE_URL: sim.url, MIMECAST_API_VERSION: '1', MIMECAST_REGION: 'jer' },
        secrets: workerSecrets(1),
      });
    });

    test('signed calls are accepted by the simulator\'s own signature check', async () => {
      const before = await sim.stats();
      const response = await call(worker, { authorization: `Bearer ${PROXY_TOKEN}` });
      assert.equal(response.status, 200);
      assert.equal((await recorder.read(response)).data[0].accountCode, 'CUKA00000');
      const after = await sim.stats();
      assert.equal(after.authFailures, before.authFailures);
      assert.equal(after.tokenCalls, before.tokenCalls, 'API 1.0 needs no token');
    });

    test('a signature made with the wrong secret key is refused like Mimecast does', async () => {
      const rotated = { ...E2E_CONFIG, secretKey: Buffer.from('a-different-secret-key').toString('base64') };
      await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(rotated) });
      try {
        const response = await call(worker, { authorization: `Bearer ${PROXY_TOKEN}` });
        assert.equal(response.status, 502);
        const body = await recorder.read(response);
        assert.equal(body.error.code, 'upstream.auth_failed');
        assert.equal(body.error.details[0].code, 'err_xdk_invalid_signature');
      } finally {
        await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(E2E_CONFIG) });
      }
    });
  });

  test('no secret in any response body or log line', async () => {
    await new Promise((r) => setTimeout(r, 300));
    assertNoSecrets(recorder.bodies, 'response bodies');
    for (const worker of workers) assertNoSecrets([worker.logs()], 'wrangler output');
  });
});
