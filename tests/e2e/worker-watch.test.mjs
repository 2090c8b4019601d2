// Rollover watch end to end in local workerd: the scheduled handler (`wrangler dev
// --test-scheduled`, `/__scheduled`; WATCH_DUE_AFTER_SECS=0 so that every run checks every watch,
// as the daily runs would) run again and again against a local Entra stand-in whose
// metadata changes between runs (same certificate, a new one added, the old one removed, the
// fetch failing twice), a local webhook receiver getting exactly the expected notifications in
// order, each once, and the KV state surviving a restart of `wrangler dev` on the same state
// directory. Then the watch routes: auth, limits and bad input, nothing half-written.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeSigningCertificate, metadataDocument, metadataPath, startEntraStandIn } from './support/entra.mjs';
import { startWorker } from './support/worker.mjs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const TOKEN = 'watch-test-token-0123456789abcdef';

/** A webhook receiver on loopback: records every POST; `failNext(n)` answers 500 to the next n. */
async function startReceiver() {
  const received = [];
  let failures = 0;
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        received.push({ path: request.url, failed: true });
        response.writeHead(500).end('try later');
        return;
      }
      received.push({ path: request.url, json: JSON.parse(body), contentType: request.headers['content-type'] });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('1');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/workflows/abc?sig=receiver-secret`,
    received,
    failNext: (n) => { failures = n; },
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

describe('worker: rollover watch', () => {
  let entra;
  let receiver;
  let worker;
  let state;
  let current;
  let next;
  const auth = { authorization: `Bearer ${TOKEN}` };

  const boot = () => startWorker({
    vars: { ENTRA_METADATA_BASE_URL: entra.url, WATCH_LOOPBACK_NOTIFY: 'true', HELPER_URL: 'https://sso-helper.example', WATCH_DUE_AFTER_SECS: '0' },
    secrets: { PROXY_TOKEN: TOKEN },
    persistTo: state,
    testScheduled: true,
  });
  const call = (method, path, body, headers = auth) => fetch(`${worker.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const serve = (bodies, status = 200) => entra.serve(metadataPath(TENANT, APP), { body: bodies ? metadataDocument(TENANT, bodies) : 'unavailable', status });
  /** Runs the scheduled handler (the `day`th daily run); the notifications it sent. */
  const runDay = async (day) => {
    assert.ok(day >= 0);
    const before = receiver.received.length;
    const answer = await fetch(`${worker.url}/__scheduled?cron=17+*+*+*+*`);
    assert.equal(answer.status, 200, await answer.text());
    return receiver.received.slice(before).filter((r) => !r.failed).map((r) => r.json);
  };
  const codeOf = (message) => message.attachments[0].content.body[0].text && message.text.split('\n')[0];

  before(async () => {
    current = makeSigningCertificate(1095);
    next = makeSigningCertificate(1200);
    entra = await startEntraStandIn();
    receiver = await startReceiver();
    state = mkdtempSync(join(tmpdir(), 'mimecast-sso-watch-state-'));
    worker = await boot();
  });

  after(async () => {
    await worker?.stop();
    await entra?.stop();
    await receiver?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  test('daily runs: each change notified once, in order, and the state outlives a restart', async () => {
    serve([current.body]);
    const made = await call('POST', '/api/v1/watch', { tenantId: TENANT, appId: APP, label: 'Contoso production', thumbprint: current.thumbprint, notifyUrl: receiver.url });
    assert.equal(made.status, 200);
    const watch = await made.json();
    assert.match(watch.id, /^[0-9a-f]{16}$/);
    assert.equal(watch.state.health, 'unknown');
    assert.equal(watch.notify, 'http://127.0.0.1:' + new URL(receiver.url).port + '/…', 'the webhook path (its secret) is never shown');

    assert.deepEqual(await runDay(0), [], 'same certificate: nothing to say');
    assert.equal((await (await call('GET', `/api/v1/watch/${watch.id}`)).json()).state.health, 'healthy');

    serve([current.body, next.body]);
    receiver.failNext(1);
    const rollover = await runDay(1);
    assert.equal(rollover.length, 1, JSON.stringify(rollover));
    const [message] = rollover;
    assert.equal(message.type, 'message');
    assert.equal(message.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    const card = message.attachments[0].content;
    assert.equal(card.type, 'AdaptiveCard');
    assert.match(card.body[0].text, /Contoso production: Entra has a newer signing certificate/);
    const facts = Object.fromEntries(card.body.find((b) => b.type === 'FactSet').facts.map((f) => [f.title, f.value]));
    assert.equal(facts['Thumbprint in Mimecast'], current.thumbprint);
    assert.equal(facts['Newer thumbprint'], next.thumbprint);
    assert.ok(card.body.some((b) => b.text === next.body), 'the body to paste into Mimecast');
    assert.match(card.actions[0].url, /^https:\/\/sso-helper\.example#metadata=https%3A%2F%2Flogin\.microsoftonline\.com%2F/);
    assert.match(message.text, new RegExp(next.thumbprint));
    assert.ok(!JSON.stringify(message).includes('receiver-secret') && !JSON.stringify(message).includes(TOKEN), 'no secret in the message');
    const afterRetry = (await (await call('GET', `/api/v1/watch/${watch.id}`)).json()).state.deliveries.at(-1);
    assert.deepEqual([afterRetry.code, afterRetry.attempts, afterRetry.status, afterRetry.delivered], ['watch.rollover', 2, 200, true], 'a 500 is retried once');

    assert.deepEqual(await runDay(2), [], 'the same rollover is not notified again');

    serve([next.body]);
    const missing = await runDay(3);
    assert.deepEqual(missing.map(codeOf), ['*Contoso production: the certificate in Mimecast is no longer in Entra*']);

    serve(null, 503);
    assert.deepEqual(await runDay(4), [], 'one failed fetch is a blip');
    const unreachable = await runDay(5);
    assert.deepEqual(unreachable.map(codeOf), ['*Contoso production: Entra\'s metadata could not be checked*']);

    await worker.stop();
    worker = await boot();
    const listed = await (await call('GET', '/api/v1/watch')).json();
    assert.equal(listed.watches.length, 1);
    const kept = listed.watches[0];
    assert.equal(kept.state.history.length, 6, 'every check kept across the restart');
    assert.deepEqual(kept.state.deliveries.map((d) => d.code), ['watch.rollover', 'watch.certificate_missing', 'watch.metadata_unreachable']);
    assert.equal(kept.state.health, 'broken');

    // The admin pastes the new certificate into Mimecast and says so.
    serve([next.body]);
    const changed = await call('PUT', `/api/v1/watch/${watch.id}`, { tenantId: TENANT, appId: APP, label: 'Contoso production', thumbprint: next.thumbprint });
    assert.equal(changed.status, 200);
    assert.equal((await changed.json()).notify, kept.notify, 'the stored notification URL is kept');
    const recovered = await runDay(6);
    assert.deepEqual(recovered.map(codeOf), ['*Contoso production: back to healthy*']);
    assert.deepEqual(await runDay(7), []);

    const checked = await (await call('POST', `/api/v1/watch/${watch.id}/check`)).json();
    assert.equal(checked.watch.state.health, 'healthy');
    assert.deepEqual(checked.notifications, []);
    assert.ok(!worker.logs().includes('receiver-secret') && !worker.logs().includes(TOKEN), 'no secret in the logs');
    assert.match(worker.logs(), /"event":"watch\.check"/);
  });

  test('auth, bad input and limits: clear errors, nothing half-written', async () => {
    const count = async () => (await (await call('GET', '/api/v1/watch')).json()).watches.length;
    const before = await count();
    const good = { tenantId: TENANT, appId: APP, label: 'Fabrikam', thumbprint: current.thumbprint, notifyUrl: 'https://hooks.example/services/x' };
    const refused = async (response, status, code) => {
      assert.equal(response.status, status);
      assert.equal((await response.json()).error.code, code);
    };
    await refused(await call('GET', '/api/v1/watch', undefined, {}), 401, 'auth.required');
    await refused(await call('POST', '/api/v1/watch', good, { authorization: 'Bearer wrong' }), 403, 'auth.invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, tenantId: 'not-a-guid' }), 400, 'tenant.invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, appId: '{0a1b2c3d-4e5f-4a6b-8c7d}' }), 400, 'app_id.invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, notifyUrl: 'http://hooks.example/x' }), 400, 'watch.notify_url_invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, label: 'x'.repeat(101) }), 400, 'watch.label_invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, thumbprint: 'ab'.repeat(32) }), 400, 'watch.thumbprint_invalid');
    await refused(await call('POST', '/api/v1/watch', { ...good, extra: 1 }), 400, 'watch.invalid_input');
    await refused(await call('POST', '/api/v1/watch', '[1,2]'), 400, 'request.invalid_json');
    await refused(await call('POST', '/api/v1/watch', `{"label":"${'x'.repeat(2 * 1024 * 1024)}"}`), 413, 'request.too_large');
    await refused(await call('GET', '/api/v1/watch/..%2F..%2Fetc'), 404, 'watch.not_found');
    await refused(await call('GET', '/api/v1/watch/0123456789abcdef'), 404, 'watch.not_found');
    await refused(await call('PATCH', '/api/v1/watch/0123456789abcdef', {}), 405, 'method.not_allowed');
    assert.equal(await count(), before, 'nothing written by a refused request');

    let made = 0;
    let tooMany = 0;
    for (let i = 0; i < 1_000; i += 1) {
      const response = await call('POST', '/api/v1/watch', { ...good, label: `Watch ${i}` });
      if (response.status === 200) made += 1;
      else {
        assert.equal(response.status, 409);
        assert.equal((await response.json()).error.code, 'watch.too_many');
        tooMany += 1;
      }
    }
    assert.equal(before + made, 100, 'a Worker watches at most 100 applications');
    assert.equal(tooMany, 1_000 - made);
    assert.equal(await count(), 100);
    const one = (await (await call('GET', '/api/v1/watch')).json()).watches.find((w) => w.label === 'Watch 0');
    const gone = await call('DELETE', `/api/v1/watch/${one.id}`);
    assert.deepEqual(await gone.json(), { deleted: one.id });
    assert.equal(await count(), 99);
  });
});
