// The Mimecast proxy against the simulator: every allow-listed operation over API 2.0, the token
// cache and its refresh, each injected fault, the open-relay attempts, and no secret anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSimulator } from './support/simulator.mjs';
import {
  E2E_CONFIG, PROXY_TOKEN, USER_PASSWORD, assertNoSecrets, bodyRecorder, workerSecrets,
} from './support/secrets.mjs';
import { startWorker } from './support/worker.mjs';

const ALLOWED_PATHS = new Set([
  '/api/account/get-account', '/api/domain/get-internal-domain', '/api/domain/create-domain',
  '/api/domain/get-pending-domain',
  '/api/user/get-internal-users', '/api/user/create-user', '/api/user/update-user',
  '/api/login/discover-authentication',
]);

describe('worker: Mimecast proxy (API 2.0)', () => {
  let sim;
  let worker;
  const recorder = bodyRecorder();

  before(async () => {
    sim = await startSimulator();
    await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(E2E_CONFIG) });
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, MIMECAST_TIMEOUT_MS: '1500', MIMECAST_REGION: 'eu' },
      secrets: workerSecrets(2),
    });
  });

  after(async () => {
    await worker?.stop();
    await sim?.stop();
  });

  const call = (operation, body, headers = {}) => fetch(`${worker.url}/api/v1/mimecast/${operation}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PROXY_TOKEN}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  test('get-account answers the account through the proxy', async () => {
    const response = await call('get-account', {});
    assert.equal(response.status, 200);
    const body = await recorder.read(response);
    assert.equal(body.data[0].accountCode, 'CUKA00000');
  });

  test('create-domain sends the required inboundType and answers the TXT token; the domain is pending until verified', async () => {
    const created = await recorder.read(await call('create-domain', { domain: 'Contoso.example' }));
    const domain = created.data[0];
    assert.equal(domain.domain, 'contoso.example');
    assert.match(domain.token, /^mc-verify-/);
    assert.match(domain.expiry, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/, 'Mimecast\'s date format');
    assert.equal(domain.verificationCode, undefined, 'Mimecast has no such field');
    const pending = await recorder.read(await call('get-pending-domains', {}));
    assert.deepEqual(pending.data.map((d) => [d.domain, d.token]), [['contoso.example', domain.token]]);
    let list = await recorder.read(await call('get-internal-domains'));
    assert.ok(!list.data.some((d) => d.domain === 'contoso.example'), 'not registered before its record is seen');
    await fetch(`${sim.url}/__sim/verify-domain`, { method: 'POST', body: JSON.stringify({ domain: 'contoso.example' }) });
    list = await recorder.read(await call('get-internal-domains'));
    const registered = list.data.find((d) => d.domain === 'contoso.example');
    assert.deepEqual(Object.keys(registered).sort(), ['domain', 'id', 'inboundType', 'local', 'sendOnly']);
    assert.equal((await recorder.read(await call('get-pending-domains', {}))).data.length, 0);
    const refused = await call('create-domain', { domain: 'other-account.example', inboundType: 'smtp' });
    assert.equal(refused.status, 422, 'managed by another account');
    await recorder.read(refused);
    const badInbound = await call('create-domain', { domain: 'x.example', inboundType: 'everything' });
    assert.equal(badInbound.status, 400);
    assert.equal((await recorder.read(badInbound)).error.code, 'mimecast.inbound_type_invalid');
    assert.deepEqual((await sim.stats()).referenceRefusals, [], 'every request fit Mimecast\'s reference');
  });

  test('get-internal-users pages with meta.pagination until next is absent', async () => {
    for (const name of ['pa', 'pb', 'pc']) {
      await recorder.read(await call('create-user', { emailAddress: `${name}@contoso.example`, name, password: USER_PASSWORD }));
    }
    const first = await recorder.read(await call('get-internal-users', { domain: 'contoso.example', pageSize: 2 }));
    assert.equal(first.data[0].users.length, 2);
    assert.equal(first.data[0].userCount, 3);
    const next = first.meta.pagination.next;
    assert.ok(next, 'a next page');
    const second = await recorder.read(await call('get-internal-users', { domain: 'contoso.example', pageSize: 2, pageToken: next }));
    assert.equal(second.data[0].users.length, 1);
    assert.equal(second.meta.pagination.next, undefined, 'the last page');
    const bad = await call('get-internal-users', { domain: 'contoso.example', pageSize: 0 });
    assert.equal(bad.status, 400);
    assert.equal((await recorder.read(bad)).error.code, 'mimecast.page_invalid');
  });

  test('HTTP 418 Binding Expired has its own code and says how to renew the keys', async () => {
    await sim.faults([{ kind: 'binding_expired' }]);
    const response = await call('get-account', {});
    assert.equal(response.status, 503);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'upstream.binding_expired');
    assert.equal(body.error.retryable, false);
    assert.match(body.error.message, /Never Expire/);
  });

  test('create-user, get-internal-users, update-user and discover-authentication', async () => {
    const user = { emailAddress: 'ann@contoso.example', name: 'Ann Lee', password: USER_PASSWORD };
    const created = await call('create-user', user);
    assert.equal(created.status, 200);
    await recorder.read(created);
    const users = await recorder.read(await call('get-internal-users', { domain: 'contoso.example' }));
    assert.ok(users.data[0].users.some((u) => u.emailAddress === 'ann@contoso.example'));
    const updated = await recorder.read(await call('update-user', { emailAddress: 'ann@contoso.example', name: 'Ann B. Lee' }));
    assert.equal(updated.data[0].name, 'Ann B. Lee');
    const discovered = await recorder.read(await call('discover-authentication', { emailAddress: 'ann@contoso.example' }));
    assert.ok(discovered.data[0].authenticate.includes('saml'));
  });

  test('creating an existing user maps Mimecast\'s fail[] to a 422 with its code', async () => {
    const response = await call('create-user', { emailAddress: 'ann@contoso.example', name: 'Ann', password: USER_PASSWORD });
    assert.equal(response.status, 422);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'err_user_already_exists');
    assert.equal(body.error.retryable, false);
    assert.equal(body.error.details[0].code, 'err_user_already_exists');
  });

  test('an invalid body is refused by the core before anything is sent', async () => {
    const before = (await sim.stats()).requests;
    const response = await call('create-user', { emailAddress: 'not-an-address', name: 'A', password: USER_PASSWORD });
    assert.equal(response.status, 400);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'mimecast.email_invalid');
    assert.equal(body.error.field, 'emailAddress');
    assert.equal((await sim.stats()).requests, before);
  });

  test('one token call serves many requests', async () => {
    const before = await sim.stats();
    for (let i = 0; i < 5; i += 1) assert.equal((await call('get-account', {})).status, 200);
    const after = await sim.stats();
    assert.equal(after.requests - before.requests, 5);
    assert.ok(after.tokenCalls <= 1, `token calls so far: ${after.tokenCalls}`);
  });

  test('an expired token is refreshed once and the call succeeds', async () => {
    const before = await sim.stats();
    await sim.faults([{ kind: 'expire_token' }]);
    const response = await call('get-account', {});
    assert.equal(response.status, 200);
    await recorder.read(response);
    const after = await sim.stats();
    assert.equal(after.tokenCalls - before.tokenCalls, 1);
    assert.equal(after.requests - before.requests, 2);
  });

  test('a connection closed without an answer is resent once for a read-only call, never for a create', async () => {
    let before = (await sim.stats()).requests;
    await sim.faults([{ kind: 'drop' }]);
    const read = await call('get-account', {});
    assert.equal(read.status, 200, 'get-account resent once and answered');
    await recorder.read(read);
    assert.equal((await sim.stats()).requests - before, 2);

    before = (await sim.stats()).requests;
    await sim.faults([{ kind: 'drop' }, { kind: 'drop' }]);
    const twice = await call('get-account', {});
    assert.equal(twice.status, 502, 'resent once only');
    assert.equal((await recorder.read(twice)).error.code, 'upstream.failed');
    assert.equal((await sim.stats()).requests - before, 2);

    before = (await sim.stats()).requests;
    await sim.faults([{ kind: 'drop_after' }]);
    const created = await call('create-user', { emailAddress: 'dropped@contoso.example', name: 'Dropped', password: USER_PASSWORD });
    assert.equal(created.status, 502, 'a create whose fate is unknown goes back to the caller');
    const body = await recorder.read(created);
    assert.equal(body.error.code, 'upstream.failed');
    assert.equal(body.error.retryable, true);
    const stats = await sim.stats();
    assert.equal(stats.requests - before, 1, 'never resent: the user may exist');
    assert.ok(stats.maxCreatesPerAddress <= 1, 'no address created twice');
  });

  test('a 429 is retried after X-RateLimit-Reset and then succeeds', async () => {
    await sim.faults([{ kind: 'rate_limit', resetMs: 300 }]);
    const started = Date.now();
    const response = await call('get-account', {});
    assert.equal(response.status, 200);
    await recorder.read(response);
    assert.ok(Date.now() - started >= 300, 'waited for the reset');
  });

  test('a lasting 429 goes back to the caller with Retry-After after a bounded retry', async () => {
    const before = (await sim.stats()).requests;
    await sim.faults([{ kind: 'rate_limit', resetMs: 100 }], 3);
    const response = await call('get-account', {});
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '1');
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'upstream.rate_limited');
    assert.equal(body.error.retryable, true);
    assert.equal((await sim.stats()).requests - before, 3, 'first try and two retries');
  });

  test('a long X-RateLimit-Reset is passed on at once as Retry-After', async () => {
    await sim.faults([{ kind: 'rate_limit', resetMs: 45_000 }]);
    const started = Date.now();
    const response = await call('get-account', {});
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '45');
    assert.ok(Date.now() - started < 2_000);
    await recorder.read(response);
  });

  test('an upstream 500 is a retryable 502', async () => {
    await sim.faults([{ kind: 'server_error' }]);
    const response = await call('get-account', {});
    assert.equal(response.status, 502);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'upstream.failed');
    assert.equal(body.error.retryable, true);
  });

  test('an injected fail[] entry is passed through with Mimecast\'s code', async () => {
    await sim.faults([{ kind: 'fail', code: 'err_validation_blank', message: 'Field is blank', retryable: false }]);
    const response = await call('get-account', {});
    assert.equal(response.status, 422);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'err_validation_blank');
    assert.equal(body.error.message, 'Field is blank');
  });

  test('a slow upstream times out with 504 instead of hanging', async () => {
    await sim.faults([{ kind: 'slow', ms: 4_000 }]);
    const started = Date.now();
    const response = await call('get-account', {});
    const elapsed = Date.now() - started;
    assert.equal(response.status, 504);
    const body = await recorder.read(response);
    assert.equal(body.error.code, 'upstream.timeout');
    assert.ok(elapsed < 3_500, `answered after ${elapsed} ms with MIMECAST_TIMEOUT_MS=1500`);
  });

  test('open-relay attempts are refused: other paths, dot segments, encoded slashes', async () => {
    for (const path of [
      '/api/v1/mimecast/../../api/user/delete-user',
      '/api/v1/mimecast/%2e%2e/health',
      '/api/v1/mimecast/create-user%2F..%2Fdelete',
      '/api/v1/mimecast/api/user/create-user',
      '/api/v1/mimecast/https:%2F%2Fevil.example.com%2Fx',
      '/api/v1/mimecast/',
    ]) {
      const response = await fetch(`${worker.url}${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${PROXY_TOKEN}`, 'content-type': 'application/json' }, body: '{}',
      });
      assert.ok([404, 405].includes(response.status), `${path} → ${response.status}`);
      await recorder.read(response);
    }
  });

  test('open-relay attempts are refused: absolute URLs and hosts in fields', async () => {
    const attempts = [
      ['get-account', { url: 'https://evil.example.com/api/account/get-account' }, 'mimecast.body_invalid'],
      ['get-account', { region: 'evil.example.com' }, 'region.unknown'],
      ['get-account', { baseUrl: 'http://127.0.0.1:1' }, 'mimecast.body_invalid'],
      ['create-domain', { domain: 'https://evil.example.com/x' }, 'mimecast.domain_invalid'],
      ['create-domain', { domain: '../../etc' }, 'mimecast.domain_invalid'],
      ['discover-authentication', { emailAddress: 'a@evil.example.com/../x' }, 'mimecast.email_invalid'],
    ];
    for (const [operation, body, code] of attempts) {
      const response = await call(operation, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal((await recorder.read(response)).error.code, code, JSON.stringify(body));
    }
  });

  test('the simulator only ever saw allow-listed paths on its own loopback host', async () => {
    const stats = await sim.stats();
    for (const path of stats.paths) assert.ok(ALLOWED_PATHS.has(path), path);
    const host = new URL(sim.url).host;
    for (const seen of stats.hosts) assert.equal(seen, host);
  });

  test('no secret, token or password in any response body or log line', async () => {
    await new Promise((r) => setTimeout(r, 300));
    assertNoSecrets(recorder.bodies, 'response bodies');
    assertNoSecrets([worker.logs()], 'wrangler output');
    const lines = worker.logs().split('\n').filter((l) => l.includes('"route":"POST /api/v1/mimecast/'));
    assert.ok(lines.length >= 10, 'proxy requests were logged');
    for (const line of lines) {
      const entry = JSON.parse(line.slice(line.indexOf('{')));
      assert.deepEqual(Object.keys(entry).filter((k) => !['route', 'status', 'durationMs', 'requestId', 'code', 'auth', 'upstreamAttempts', 'bodyBytes'].includes(k)), []);
    }
  });
});
