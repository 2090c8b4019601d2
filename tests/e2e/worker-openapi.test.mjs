// GET /api/v1/openapi.json: the OpenAPI 3.1 document the core generates from its route table and
// types is valid OpenAPI, lists every route the Worker answers, and every route answers as it
// says: each success and each error, by status, has the documented shape (checked with Ajv against
// the document's own schemas).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import { makeSigningCertificate, metadataDocument, metadataPath, startEntraStandIn } from './support/entra.mjs';
import { E2E_CONFIG, PROXY_TOKEN, USER_PASSWORD, workerSecrets } from './support/secrets.mjs';
import { startSimulator } from './support/simulator.mjs';
import { root, startWorker } from './support/worker.mjs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const pem = readFileSync(join(root, 'crates/core/tests/data/entra.pem'), 'utf8');
/** A response in Entra's shape signed by xmlsec1, with the values to compare it with (docs/api.md's example). */
const samlInspect = JSON.parse(readFileSync(join(root, 'docs/examples/saml-inspect.json'), 'utf8'));

/** One call per route that should succeed, and one that should fail, in order. */
const CALLS = [
  { route: 'get /api/v1/health', status: 200 },
  { route: 'get /api/v1/regions', status: 200 },
  { route: 'get /api/v1/openapi.json', status: 200 },
  { route: 'post /api/v1/plan', body: { region: 'eu', accountCode: 'CUK1A234', tenantId: TENANT, certificate: pem }, status: 200 },
  { route: 'post /api/v1/plan', raw: '[1]', status: 400 },
  { route: 'post /api/v1/certificate/inspect', body: { certificate: pem }, status: 200 },
  { route: 'post /api/v1/certificate/inspect', raw: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n', type: 'text/plain', status: 400 },
  { route: 'post /api/v1/saml/inspect', body: samlInspect, status: 200 },
  { route: 'post /api/v1/saml/inspect', body: { ...samlInspect, now: '2026-12-04T12:00:00Z' }, status: 200 },
  { route: 'post /api/v1/saml/inspect', body: { samlResponse: '%%%' }, status: 400 },
  { route: 'post /api/v1/saml/inspect', body: { samlResponse: 'A'.repeat(600 * 1024) }, status: 413 },
  { route: 'post /api/v1/entra/explain', body: { text: 'AADSTS50011' }, status: 200 },
  { route: 'post /api/v1/entra/explain', body: { text: '' }, status: 400 },
  { route: 'get /api/v1/entra/metadata', query: `tenant=${TENANT}&appid=${APP}`, status: 200 },
  { route: 'get /api/v1/entra/metadata', query: 'tenant=contoso.com', status: 400 },
  { route: 'post /api/v1/mimecast/get-account', body: {}, status: 200 },
  { route: 'post /api/v1/mimecast/get-account', body: {}, token: null, status: 401 },
  { route: 'post /api/v1/mimecast/create-domain', body: { domain: 'openapi.example', inboundType: 'any' }, status: 200 },
  { route: 'post /api/v1/mimecast/create-domain', body: { domain: 'openapi.example', inboundType: 'all' }, status: 400 },
  { route: 'post /api/v1/mimecast/get-pending-domains', body: {}, status: 200 },
  { route: 'post /api/v1/mimecast/get-internal-domains', body: {}, status: 200 },
  { route: 'post /api/v1/mimecast/create-user', body: { emailAddress: 'oa@example.com', name: 'O A', password: USER_PASSWORD }, status: 200 },
  { route: 'post /api/v1/mimecast/create-user', body: { emailAddress: 'oa@example.com', name: 'O A', password: USER_PASSWORD }, status: 422 },
  { route: 'post /api/v1/mimecast/get-internal-users', body: { domain: 'example.com', pageSize: 1 }, status: 200 },
  { route: 'post /api/v1/mimecast/update-user', body: { emailAddress: 'oa@example.com', name: 'O B' }, status: 200 },
  { route: 'post /api/v1/mimecast/discover-authentication', body: { emailAddress: 'oa@example.com' }, status: 200 },
  { route: 'post /api/v1/mimecast/users:batch', body: { users: [{ line: 2, emailAddress: 'ob@example.com', name: 'O B', password: USER_PASSWORD }] }, status: 200 },
  { route: 'post /api/v1/mimecast/users:batch', body: { users: [] }, status: 400 },
  { route: 'get /api/v1/watch', status: 200 },
  { route: 'post /api/v1/watch', body: { tenantId: TENANT, appId: APP, label: 'OpenAPI', thumbprint: 'A'.repeat(40), notifyUrl: 'https://hooks.example/x' }, status: 200 },
  { route: 'post /api/v1/watch', body: { tenantId: TENANT, appId: APP, label: 'OpenAPI', thumbprint: 'A'.repeat(64), notifyUrl: 'https://hooks.example/x' }, status: 400 },
  { route: 'get /api/v1/watch', token: null, status: 401 },
  // `{id}` is sent as it is (%7Bid%7D), which no watch has.
  { route: 'get /api/v1/watch/{id}', status: 404 },
  { route: 'put /api/v1/watch/{id}', body: { label: 'x' }, status: 404 },
  { route: 'delete /api/v1/watch/{id}', status: 404 },
  { route: 'post /api/v1/watch/{id}/check', status: 404 },
];

/** Routes behind the proxy's authentication (bearer PROXY_TOKEN or Cloudflare Access). */
const authenticated = (path) => path.startsWith('/api/v1/mimecast/') || path.startsWith('/api/v1/watch');

describe('worker: the OpenAPI document', () => {
  let sim;
  let entra;
  let worker;
  let doc;
  let ajv;

  before(async () => {
    sim = await startSimulator();
    await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(E2E_CONFIG) });
    entra = await startEntraStandIn();
    entra.serve(metadataPath(TENANT, APP), { body: metadataDocument(TENANT, [makeSigningCertificate(1095).body]) });
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, ENTRA_METADATA_BASE_URL: entra.url },
      secrets: workerSecrets(2),
    });
    const response = await fetch(`${worker.url}/api/v1/openapi.json`);
    assert.equal(response.status, 200);
    doc = await response.json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addFormat('uuid', /^[0-9a-f-]{36}$/i);
    ajv.addSchema({ $id: 'doc', components: doc.components });
  });

  after(async () => {
    await worker?.stop();
    await entra?.stop();
    await sim?.stop();
  });

  test('is valid OpenAPI 3.1 and the same as worker/openapi.json', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc);
    assert.deepEqual(result.errors ?? [], [], 'the document validates');
    assert.equal(result.valid, true);
    assert.deepEqual(doc, JSON.parse(readFileSync(join(root, 'worker/openapi.json'), 'utf8')));
  });

  test('lists every route once, the proxy routes behind bearer or Cloudflare Access', () => {
    const routes = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    assert.deepEqual([...new Set(CALLS.map((c) => c.route))].sort(), routes.sort(), 'every documented route is called below');
    for (const [path, item] of Object.entries(doc.paths)) {
      const [operation] = Object.values(item);
      const secured = (operation.security ?? []).map((s) => Object.keys(s)[0]);
      assert.deepEqual(secured, authenticated(path) ? ['bearer', 'cloudflareAccess'] : [], path);
    }
  });

  test('every route answers as it says: status and shape, successes and errors', async () => {
    for (const call of CALLS) {
      const [method, path] = call.route.split(' ');
      const headers = {};
      if (call.body !== undefined || call.raw !== undefined) headers['content-type'] = call.type ?? 'application/json';
      if (authenticated(path) && call.token !== null) headers.authorization = `Bearer ${PROXY_TOKEN}`;
      if (path === '/api/v1/entra/metadata') headers['cf-connecting-ip'] = '127.0.0.9';
      const url = `${worker.url}${path}${call.query ? `?${call.query}` : ''}`;
      const response = await fetch(url, {
        method: method.toUpperCase(),
        headers,
        body: call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
      });
      const label = `${call.route} → ${response.status}`;
      assert.equal(response.status, call.status, label);
      const documented = doc.paths[path][method].responses[String(response.status)];
      assert.ok(documented, `${label} is documented`);
      const body = await response.json();
      const schema = documented.content['application/json'].schema;
      const validate = ajv.compile(rebase(schema));
      assert.ok(validate(body), `${label}: ${JSON.stringify(validate.errors)}`);
      if (response.status >= 400) {
        const listed = body.error.code.startsWith('err_') ? 'err_…' : body.error.code;
        assert.ok(documented.description.includes(listed), `${label}: ${body.error.code} is listed for its status`);
      }
    }
  });
});

/** An inline schema whose `$ref`s point into the document's components. */
function rebase(schema) {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
}
