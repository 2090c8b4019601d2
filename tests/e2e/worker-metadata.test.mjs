// GET /api/v1/entra/metadata against a local stand-in for login.microsoftonline.com, reached only
// through the loopback-only ENTRA_METADATA_BASE_URL: one and two certificates, tenant-wide
// metadata, the 5-minute cache, a slow and an oversized upstream, bad GUIDs, the per-address rate
// limit, and the override refused for a request that is not loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  makeSigningCertificate, metadataDocument, metadataPath, startEntraStandIn,
} from './support/entra.mjs';
import { startWorker } from './support/worker.mjs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP_ONE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const APP_TWO = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const APP_SLOW = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const APP_BIG = '3d4e5f6a-7b8c-4d9e-8f1a-2b3c4d5e6f7a';
const APP_CHUNKED = '4e5f6a7b-8c9d-4e0f-9a2b-3c4d5e6f7a8b';
const APP_FAILING = '5f6a7b8c-9d0e-4f1a-8b3c-4d5e6f7a8b9c';
const APP_FOREIGN = '6b7c8d9e-0f1a-4b2c-8d3e-5f6a7b8c9d0e';
const APP_HTML = '7c8d9e0f-1a2b-4c3d-9e4f-6a7b8c9d0e1f';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

describe('worker: Entra federation metadata route', () => {
  let entra;
  let worker;
  let current;
  let next;
  let ip = 1;

  before(async () => {
    current = makeSigningCertificate(1095);
    next = makeSigningCertificate(1200);
    entra = await startEntraStandIn();
    entra.serve(metadataPath(TENANT, APP_ONE), { body: metadataDocument(TENANT, [current.body]) });
    entra.serve(metadataPath(TENANT, APP_TWO), { body: metadataDocument(TENANT, [current.body, next.body]) });
    entra.serve(metadataPath(TENANT), { body: metadataDocument(TENANT, [next.body]) });
    entra.serve(metadataPath(TENANT, APP_SLOW), { body: metadataDocument(TENANT, [current.body]), delayMs: 8_000 });
    const big = metadataDocument(TENANT, [current.body]).replace('</EntityDescriptor>', `<!--${'x'.repeat(2 * 1024 * 1024)}--></EntityDescriptor>`);
    entra.serve(metadataPath(TENANT, APP_BIG), { body: big });
    entra.serve(metadataPath(TENANT, APP_CHUNKED), { body: big, declareLength: false });
    entra.serve(metadataPath(TENANT, APP_FAILING), { body: 'unavailable', status: 503 });
    entra.serve(metadataPath(TENANT, APP_FOREIGN), { body: metadataDocument(OTHER_TENANT, [current.body]) });
    entra.serve(metadataPath(TENANT, APP_HTML), {
      body: '<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><p>AADSTS90002<br></p></body></html>',
    });
    worker = await startWorker({ vars: { ENTRA_METADATA_BASE_URL: entra.url } });
  });

  after(async () => {
    await worker?.stop();
    await entra?.stop();
  });

  // Each test calls from its own loopback address, so each has its own rate-limit budget.
  const get = (query, headers = {}) => fetch(`${worker.url}/api/v1/entra/metadata?${query}`, {
    headers: { 'cf-connecting-ip': `127.0.0.${ip}`, ...headers },
  });
  const nextAddress = () => { ip += 1; };

  test('app metadata with one certificate: every Mimecast value and the certificate', async () => {
    nextAddress();
    const response = await get(`tenant=${TENANT}&appid=${APP_ONE}`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.entityId, `https://sts.windows.net/${TENANT}/`);
    assert.equal(body.tenantId, TENANT);
    assert.equal(body.scope, 'application');
    assert.equal(body.loginUrl, `https://login.microsoftonline.com/${TENANT}/saml2`);
    assert.equal(body.logoutUrl, `https://login.microsoftonline.com/${TENANT}/saml2`);
    assert.equal(body.certificates.length, 1, 'the WS-Fed copy is not counted twice');
    assert.equal(body.certificates[0].thumbprintSha1, current.thumbprint);
    assert.equal(body.certificates[0].mimecastBody, current.body);
    assert.equal(body.chosenIndex, 0);
    assert.deepEqual(body.findings, []);
  });

  test('two valid certificates: the choice is left to the admin, the newest is named, with the rollover finding', async () => {
    nextAddress();
    const body = await (await get(`tenant=${TENANT.toUpperCase()}&appid=${APP_TWO}`)).json();
    assert.equal(body.certificates.length, 2);
    assert.equal(body.chosenIndex, undefined, 'which one is Active in Entra is not in the metadata');
    assert.equal(body.choiceNeeded, true);
    assert.deepEqual(body.validIndices, [0, 1]);
    assert.equal(body.certificates[body.newestIndex].thumbprintSha1, next.thumbprint);
    assert.ok(body.findings.some((f) => f.code === 'metadata.rollover'));
    assert.match(body.advice, new RegExp(next.thumbprint));
    assert.match(body.advice, new RegExp(current.thumbprint));
  });

  test('without appid the tenant-wide metadata is fetched and flagged', async () => {
    nextAddress();
    const body = await (await get(`tenant=${TENANT}`)).json();
    assert.equal(body.scope, 'tenantWide');
    assert.ok(body.findings.some((f) => f.code === 'metadata.tenant_wide'));
  });

  test('a second call within five minutes is answered from the cache', async () => {
    nextAddress();
    const path = metadataPath(TENANT, APP_ONE);
    const before = entra.count(path);
    for (let i = 0; i < 3; i += 1) {
      const response = await get(`tenant=${TENANT}&appid=${APP_ONE}`);
      assert.equal(response.status, 200);
      assert.equal((await response.json()).certificates[0].thumbprintSha1, current.thumbprint);
    }
    assert.equal(entra.count(path), before, 'the stand-in was not asked again');
    assert.ok(before >= 1);
  });

  test('a slow upstream gives metadata.upstream_timeout (504, retryable)', async () => {
    nextAddress();
    const started = Date.now();
    const response = await get(`tenant=${TENANT}&appid=${APP_SLOW}`);
    assert.equal(response.status, 504);
    const { error } = await response.json();
    assert.equal(error.code, 'metadata.upstream_timeout');
    assert.equal(error.retryable, true);
    const took = Date.now() - started;
    assert.ok(took >= 4_500 && took < 7_900, `answered after ${took} ms, before the stand-in`);
  });

  test('an oversized upstream gives metadata.upstream_too_large, declared or streamed', async () => {
    nextAddress();
    for (const app of [APP_BIG, APP_CHUNKED]) {
      const response = await get(`tenant=${TENANT}&appid=${app}`);
      assert.equal(response.status, 502, app);
      assert.equal((await response.json()).error.code, 'metadata.upstream_too_large', app);
    }
  });

  test('Entra refusing or failing each has its own code', async () => {
    nextAddress();
    const unknown = await get(`tenant=${TENANT}&appid=6a7b8c9d-0e1f-4a2b-9c4d-5e6f7a8b9c0d`);
    assert.equal(unknown.status, 502);
    assert.equal((await unknown.json()).error.code, 'metadata.upstream_rejected');
    const failing = await get(`tenant=${TENANT}&appid=${APP_FAILING}`);
    assert.equal(failing.status, 502);
    const { error } = await failing.json();
    assert.equal(error.code, 'metadata.upstream_failed');
    assert.equal(error.retryable, true);
  });

  test('a document of another tenant than the one asked for is refused (502), never cached', async () => {
    nextAddress();
    const path = metadataPath(TENANT, APP_FOREIGN);
    for (let i = 0; i < 2; i += 1) {
      const response = await get(`tenant=${TENANT}&appid=${APP_FOREIGN}`);
      assert.equal(response.status, 502);
      const { error } = await response.json();
      assert.equal(error.code, 'metadata.upstream_tenant_mismatch');
      assert.match(error.message, new RegExp(OTHER_TENANT));
    }
    assert.equal(entra.count(path), 2, 'the foreign document was not kept in the cache');
  });

  test('an upstream answer that is not metadata (an HTML page) is Entra failing (502), not the caller', async () => {
    nextAddress();
    const response = await get(`tenant=${TENANT}&appid=${APP_HTML}`);
    assert.equal(response.status, 502);
    const { error } = await response.json();
    assert.equal(error.code, 'metadata.upstream_invalid');
    assert.match(error.message, /metadata\.(doctype|invalid_xml)/, 'the inner reason is kept');
  });

  test('bad GUIDs are refused before any fetch, each with its own code', async () => {
    nextAddress();
    const before = entra.paths().length;
    for (const [query, code, field] of [
      ['', 'tenant.empty', 'tenant'],
      ['tenant=contoso.onmicrosoft.com', 'tenant.domain_name', 'tenant'],
      ['tenant=72f988bf-86f1-41af-91ab', 'tenant.invalid', 'tenant'],
      [`tenant=${TENANT}&appid=not-a-guid`, 'app_id.invalid', 'appid'],
      [`tenant=${TENANT}&appid=${APP_ONE}&host=evil.example.com`, 'metadata.query_invalid', undefined],
    ]) {
      const response = await get(query);
      assert.equal(response.status, 400, query);
      const { error } = await response.json();
      assert.equal(error.code, code, query);
      assert.equal(error.field, field, query);
    }
    assert.equal(entra.paths().length, before, 'nothing reached the stand-in');
  });

  test('without a CF-Connecting-IP header of its own, a local call is still loopback: wrangler dev sets the header', async () => {
    // Loopback detection fails closed without CF-Connecting-IP; Miniflare sets it from the peer.
    const response = await fetch(`${worker.url}/api/v1/entra/metadata?tenant=${TENANT}&appid=${APP_ONE}`);
    assert.equal(response.status, 200);
    assert.equal((await response.json()).tenantId, TENANT);
  });

  test('the stand-in override is refused for a request that is not loopback', async () => {
    const before = entra.paths().length;
    const response = await get(`tenant=${TENANT}&appid=${APP_ONE}`, { 'cf-connecting-ip': '203.0.113.7' });
    assert.equal(response.status, 503);
    assert.equal((await response.json()).error.code, 'metadata.base_url_refused');
    assert.equal(entra.paths().length, before);
  });

  test('over 30 requests a minute from one address gives 429 with a code and Retry-After', async () => {
    nextAddress();
    let refused;
    for (let i = 0; i < 45 && !refused; i += 1) {
      const response = await get(`tenant=${TENANT}&appid=${APP_ONE}`);
      if (response.status === 429) refused = response;
      else assert.equal(response.status, 200);
    }
    assert.ok(refused, 'the limit was reached');
    assert.equal(refused.headers.get('retry-after'), '60');
    const { error } = await refused.json();
    assert.equal(error.code, 'metadata.rate_limited');
    assert.equal(error.retryable, true);
    nextAddress();
    assert.equal((await get(`tenant=${TENANT}&appid=${APP_ONE}`)).status, 200, 'another address is not limited');
  });

  test('POST /api/v1/plan takes the metadata XML instead of tenant ID and certificate', async () => {
    const response = await fetch(`${worker.url}/api/v1/plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'eu', accountCode: 'CUK1A234', federationMetadata: metadataDocument(TENANT, [current.body, next.body]),
      }),
    });
    assert.equal(response.status, 200);
    const plan = await response.json();
    assert.equal(plan.ready, false, 'two valid certificates: the admin must choose the Active one');
    assert.equal(plan.tenantId, TENANT);
    assert.equal(plan.authenticationProfile.issuerUrl, `https://sts.windows.net/${TENANT}/`);
    assert.equal(plan.authenticationProfile.identityProviderCertificate ?? null, null);
    assert.ok(plan.findings.some((f) => f.code === 'metadata.rollover' && f.field === 'certificate'));
    assert.ok(plan.findings.some((f) => f.code === 'metadata.certificate_choice_needed' && f.field === 'certificate'));
  });

  test('the stand-in only ever saw metadata paths built from the GUIDs', () => {
    for (const path of entra.paths()) {
      assert.match(path, /^\/[0-9a-f-]{36}\/federationmetadata\/2007-06\/federationmetadata\.xml(\?appid=[0-9a-f-]{36})?$/);
    }
  });
});

describe('worker: metadata stand-in override that is not a loopback origin', () => {
  test('is refused with 503, never fetched', async () => {
    const worker = await startWorker({ vars: { ENTRA_METADATA_BASE_URL: 'https://evil.example.com' } });
    try {
      const response = await fetch(`${worker.url}/api/v1/entra/metadata?tenant=${TENANT}&appid=${APP_ONE}`);
      assert.equal(response.status, 503);
      assert.equal((await response.json()).error.code, 'metadata.base_url_refused');
    } finally {
      await worker.stop();
    }
  });
});
