// The sign-on test routes through the real Worker (wrangler dev): POST /api/v1/saml/inspect on
// responses in Entra's shape signed by xmlsec1 (tests/e2e/support/saml.mjs), compared with the
// plan POST /api/v1/plan built; POST /api/v1/entra/explain; their refusals in the one error shape;
// no credential needed; and no response, NameID or other assertion value in the Worker's log.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ASSERTION_ID, DISPLAY_NAME, IDENTIFIER, ISSUER, NOW, REPLY_URL, TENANT, USER, elementText,
  makeSigner, signed, xmlsecVerifies,
} from './support/saml.mjs';
import { PROXY_TOKEN, assertNoSecrets } from './support/secrets.mjs';
import { root, startWorker } from './support/worker.mjs';

const ORIGIN = 'https://intranet.example.com';
const LOG_KEYS = ['route', 'status', 'durationMs', 'requestId', 'code', 'auth', 'upstreamAttempts', 'bodyBytes'];

function assertErrorShape(body, code, where = code) {
  assert.deepEqual(Object.keys(body), ['error'], where);
  assert.equal(body.error.code, code, where);
  assert.equal(typeof body.error.message, 'string', where);
  assert.equal(typeof body.error.retryable, 'boolean', where);
}

const codes = (report) => report.findings.map((f) => f.code);
const base64 = (xml) => Buffer.from(xml).toString('base64');

describe('worker: sign-on test (saml/inspect, entra/explain)', () => {
  let worker;
  let entra;
  let other;
  let plan;
  let good;
  /** The X-Request-Id of every request to the two routes, by route. */
  const ids = { 'POST /api/v1/saml/inspect': [], 'POST /api/v1/entra/explain': [] };
  /** Every document, NameID and assertion value sent: none may reach the log. */
  const sent = new Set([USER, DISPLAY_NAME, 'Alice &amp; Co', ASSERTION_ID]);
  const remember = (xml) => {
    sent.add(xml);
    sent.add(base64(xml));
    sent.add(encodeURIComponent(base64(xml)));
    for (const name of ['DigestValue', 'SignatureValue']) {
      const value = elementText(xml, name);
      if (value) sent.add(value.split('\n')[0]);
    }
    return xml;
  };

  const post = async (path, body, headers = {}) => {
    const response = await fetch(`${worker.url}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body,
    });
    ids[`POST ${path}`]?.push(response.headers.get('x-request-id'));
    return response;
  };
  /** POST /api/v1/saml/inspect with `body` (as JSON) and the test's `now`; the status and the JSON. */
  const inspect = async (body) => {
    const response = await post('/api/v1/saml/inspect', JSON.stringify({ now: NOW, ...body }));
    return { status: response.status, json: await response.json() };
  };
  const explain = async (body) => {
    const response = await post('/api/v1/entra/explain', JSON.stringify(body));
    return { status: response.status, json: await response.json() };
  };

  before(async () => {
    // A Worker that demands a credential for the proxy, and allows one intranet origin.
    worker = await startWorker({ vars: { ALLOWED_ORIGINS: ORIGIN }, secrets: { PROXY_TOKEN } });
    entra = makeSigner('entra');
    other = makeSigner('other');
    const response = await post('/api/v1/plan', JSON.stringify({
      region: 'eu', accountCode: 'CUK1A234', tenantId: TENANT, certificate: entra.body,
    }));
    assert.equal(response.status, 200);
    plan = await response.json();
    assert.equal(plan.entra.identifier, IDENTIFIER);
    assert.equal(plan.entra.replyUrl, REPLY_URL);
    assert.equal(plan.authenticationProfile.issuerUrl, ISSUER);
    good = remember(signed(entra));
    sent.add(entra.body);
  });

  after(async () => {
    await worker?.stop();
    entra?.remove();
    other?.remove();
  });

  test('a response Entra signed (the assertion), with the plan, is verified and its values read', async () => {
    assert.ok(xmlsecVerifies(good, entra), 'xmlsec1 verifies the test document');
    const { status, json: report } = await inspect({ samlResponse: good, plan });
    assert.equal(status, 200);
    assert.equal(report.verified, true, JSON.stringify(report.findings));
    assert.equal(report.signatureValid, true);
    assert.equal(report.signed, 'assertion');
    assert.deepEqual(codes(report), ['saml.verified']);
    assert.equal(report.expectedThumbprint, entra.thumbprint);
    assert.equal(report.signatures.length, 1);
    const [signature] = report.signatures;
    assert.equal(signature.covers, 'assertion');
    assert.equal(signature.reference, `#${ASSERTION_ID}`);
    assert.equal(signature.enveloped, true);
    assert.equal(signature.signatureAlgorithm, 'RSA-SHA256');
    assert.equal(signature.digestAlgorithm, 'SHA-256');
    assert.equal(signature.digestMatches, true);
    assert.equal(signature.certificateThumbprint, entra.thumbprint);
    assert.equal(signature.verifiedWith, entra.thumbprint);
    assert.equal(signature.verdict, 'valid');
    assert.equal(report.response.destination, REPLY_URL);
    assert.equal(report.response.issuer, ISSUER);
    assert.equal(report.response.statusCode, 'urn:oasis:names:tc:SAML:2.0:status:Success');
    assert.equal(report.assertion.nameId, USER);
    assert.deepEqual(report.assertion.audiences, [IDENTIFIER]);
    assert.equal(report.assertion.recipient, REPLY_URL);
    assert.equal(report.assertion.issuer, ISSUER);
    const displayName = report.assertion.attributes.find((a) => a.name.endsWith('/displayname'));
    assert.deepEqual(displayName.values, [DISPLAY_NAME]);
    assert.equal(report.clockSkewSeconds, 300);
  });

  test('the SAMLResponse value as captured: base64, URL-encoded, the form body and the XML give one report', async () => {
    const { json: fromXml } = await inspect({ samlResponse: good, plan });
    const value = base64(good);
    const forms = {
      base64: value,
      'base64 in 76-character lines': value.match(/.{1,76}/g).join('\r\n'),
      'URL-encoded': encodeURIComponent(value),
      'the whole form body': `SAMLResponse=${encodeURIComponent(value)}&RelayState=%2Fhome`,
    };
    assert.match(forms['URL-encoded'], /%2B|%2F|%3D/, 'the URL-encoded form has escapes');
    for (const [label, samlResponse] of Object.entries(forms)) {
      const { status, json } = await inspect({ samlResponse, plan });
      assert.equal(status, 200, label);
      assert.deepEqual(json, fromXml, label);
    }
  });

  test('a NameID changed after signing breaks the digest: saml.digest_mismatch, not verified', async () => {
    const tampered = remember(good.replace(`>${USER}</NameID>`, '>mallory@contoso.example</NameID>'));
    sent.add('mallory@contoso.example');
    assert.notEqual(tampered, good);
    assert.equal(xmlsecVerifies(tampered, entra), false, 'xmlsec1 refuses it too');
    const { status, json: report } = await inspect({ samlResponse: base64(tampered), plan });
    assert.equal(status, 200);
    assert.equal(report.verified, false);
    assert.equal(report.signatureValid, false);
    assert.equal(report.signed, 'none');
    assert.ok(codes(report).includes('saml.digest_mismatch'), codes(report).join(', '));
    assert.ok(!codes(report).includes('saml.verified'));
    assert.equal(report.signatures[0].digestMatches, false);
    assert.equal(report.signatures[0].verdict, 'invalid');
    assert.equal(report.findings[0].severity, 'error', 'most severe first');
  });

  test('a response signed by another certificate than the plan\'s: saml.signer_not_in_plan, not verified', async () => {
    const foreign = remember(signed(other));
    assert.ok(xmlsecVerifies(foreign, other) && !xmlsecVerifies(foreign, entra));
    const { status, json: report } = await inspect({ samlResponse: foreign, plan });
    assert.equal(status, 200);
    assert.equal(report.verified, false);
    assert.equal(report.signatureValid, false);
    assert.ok(codes(report).includes('saml.signer_not_in_plan'), codes(report).join(', '));
    const [signature] = report.signatures;
    assert.equal(signature.certificateThumbprint, other.thumbprint);
    assert.equal(signature.verifiedWith, entra.thumbprint);
    assert.notEqual(signature.verdict, 'valid');
    assert.equal(signature.verdictWithCarried, 'valid', 'intact, but signed with a key Mimecast does not hold');
  });

  test('`expected` instead of a plan, `now` and `clockSkewSeconds` are the caller\'s', async () => {
    const expected = { identifier: IDENTIFIER, replyUrl: REPLY_URL, issuer: ISSUER, certificate: entra.body };
    const { json: same } = await inspect({ samlResponse: good, expected });
    assert.equal(same.verified, true, JSON.stringify(same.findings));
    const { json: unknown } = await inspect({ samlResponse: good, expected: { ...expected, users: ['bob@contoso.example'] } });
    assert.ok(codes(unknown).includes('saml.name_id_unknown_user'), codes(unknown).join(', '));
    const { json: wrongAudience } = await inspect({ samlResponse: good, plan, expected: { identifier: 'https://eu-api.mimecast.com/sso/CUK9Z999' } });
    assert.ok(codes(wrongAudience).includes('saml.audience_mismatch'), '`expected` wins over the plan');
    assert.equal(wrongAudience.verified, false);
    // The conditions end at 13:00; five minutes of skew are allowed by default.
    const { json: late } = await inspect({ samlResponse: good, plan, now: '2026-12-03T13:04:00Z' });
    assert.equal(late.verified, true, JSON.stringify(late.findings));
    const { json: expired } = await inspect({ samlResponse: good, plan, now: '2026-12-03T13:04:00Z', clockSkewSeconds: 60 });
    assert.equal(expired.verified, false);
    assert.equal(expired.clockSkewSeconds, 60);
    assert.ok(codes(expired).includes('saml.expired'), codes(expired).join(', '));
    const { status, json: badNow } = await inspect({ samlResponse: good, plan, now: 'tomorrow' });
    assert.equal(status, 400);
    assertErrorShape(badNow, 'request.invalid_json');
    assert.equal(badNow.error.field, 'now');
  });

  test('what is not a SAML response is refused in the error shape, without echoing it', async () => {
    const doctype = `<!DOCTYPE r [<!ENTITY who "${USER}">]>${good.replace(/^<\?xml[^>]*>\s*/, '')}`;
    const cases = [
      ['empty', { samlResponse: '' }, 400, 'saml.empty'],
      ['only whitespace', { samlResponse: ' \r\n ' }, 400, 'saml.empty'],
      ['%%%', { samlResponse: '%%%' }, 400, 'saml.not_base64'],
      ['base64 of text', { samlResponse: base64(`hello ${USER}`) }, 400, 'saml.not_base64'],
      ['a DOCTYPE', { samlResponse: doctype }, 400, 'saml.doctype'],
      ['a DOCTYPE, base64', { samlResponse: base64(doctype) }, 400, 'saml.doctype'],
      ['not a Response', { samlResponse: `<Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion"><NameID>${USER}</NameID></Assertion>` }, 400, 'saml.not_response'],
      ['cut short', { samlResponse: good.slice(0, good.length / 2) }, 400, 'saml.invalid_xml'],
      ['over 512 KiB of text', { samlResponse: 'A'.repeat(600 * 1024) }, 413, 'saml.too_large'],
    ];
    for (const [label, body, status, code] of cases) {
      const response = await post('/api/v1/saml/inspect', JSON.stringify({ now: NOW, plan, ...body }));
      assert.equal(response.status, status, label);
      const text = await response.text();
      assertErrorShape(JSON.parse(text), code, label);
      assert.equal(JSON.parse(text).error.field, 'samlResponse', label);
      assert.ok(!text.includes(USER), `${label}: the input is not echoed`);
    }
  });

  test('a body that is not the route\'s JSON is refused: invalid JSON, an unknown field, over 1 MiB, another type', async () => {
    const cases = [
      ['invalid JSON', '{"samlResponse":', 400, 'request.invalid_json'],
      ['not an object', JSON.stringify([good]), 400, 'request.invalid_json'],
      ['no samlResponse', JSON.stringify({ plan }), 400, 'request.invalid_json'],
      ['an unknown field', JSON.stringify({ samlResponse: good, relayState: 'x' }), 400, 'request.invalid_json'],
      ['a plan that is not one', JSON.stringify({ samlResponse: good, plan: { region: 'eu' } }), 400, 'request.invalid_json'],
      ['over 1 MiB', JSON.stringify({ samlResponse: 'A'.repeat(1024 * 1024 + 10) }), 413, 'request.too_large'],
    ];
    for (const [label, body, status, code] of cases) {
      const response = await post('/api/v1/saml/inspect', body);
      assert.equal(response.status, status, label);
      const text = await response.text();
      assertErrorShape(JSON.parse(text), code, label);
      assert.ok(!text.includes(USER), `${label}: the body is not echoed`);
    }
    const plain = await post('/api/v1/saml/inspect', base64(good), { 'content-type': 'text/plain' });
    assert.equal(plain.status, 415);
    assertErrorShape(await plain.json(), 'request.unsupported_media_type');
    const get = await fetch(`${worker.url}/api/v1/saml/inspect`);
    assert.equal(get.status, 405);
    assertErrorShape(await get.json(), 'method.not_allowed');
  });

  test('AADSTS50011 with the plan is explained with the plan\'s Reply URL', async () => {
    const { status, json } = await explain({ text: 'AADSTS50011', plan });
    assert.equal(status, 200);
    assert.equal(json.code, 'AADSTS50011');
    assert.equal(json.number, 50011);
    assert.equal(json.page, 'entra');
    assert.equal(json.known, true);
    assert.equal(json.explanationCode, 'entra_error.aadsts50011');
    assert.ok(json.fix.length > 0);
    assert.match(json.source, /^https:\/\//);
    assert.ok(json.planValues.some((v) => v.value === REPLY_URL), JSON.stringify(json.planValues));
    const { json: withoutPlan } = await explain({ text: 'AADSTS50011' });
    assert.deepEqual(withoutPlan.planValues, []);
    assert.equal(withoutPlan.explanationCode, 'entra_error.aadsts50011');
  });

  test('Entra\'s whole error page is read: code, message and troubleshooting details', async () => {
    const page = readFileSync(join(root, 'crates/core/tests/data/entra-errors/aadsts50011.txt'), 'utf8');
    const { status, json } = await explain({ text: page, plan });
    assert.equal(status, 200);
    assert.equal(json.code, 'AADSTS50011');
    assert.equal(json.requestId, '3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00');
    assert.equal(json.correlationId, '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6');
    assert.equal(json.appId, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    assert.match(json.message, /redirect URI/);
    const { json: unknown } = await explain({ text: 'AADSTS90099' });
    assert.equal(unknown.known, false);
    assert.equal(unknown.explanationCode, 'entra_error.unknown');
    assert.match(unknown.source, /code=90099/);
  });

  test('explain refuses empty text, text without a code and a body that is not its JSON', async () => {
    const cases = [
      ['empty', JSON.stringify({ text: '' }), 400, 'entra_error.empty'],
      ['no code', JSON.stringify({ text: 'Something went wrong.' }), 400, 'entra_error.no_code'],
      ['over 64 KiB', JSON.stringify({ text: `AADSTS50011 ${'x'.repeat(65 * 1024)}` }), 413, 'entra_error.too_large'],
      ['invalid JSON', '{"text"', 400, 'request.invalid_json'],
      ['an unknown field', JSON.stringify({ text: 'AADSTS50011', code: 50011 }), 400, 'request.invalid_json'],
    ];
    for (const [label, body, status, code] of cases) {
      const response = await post('/api/v1/entra/explain', body);
      assert.equal(response.status, status, label);
      assertErrorShape(await response.json(), code, label);
    }
  });

  test('no credential is needed, and an allowed origin may call both routes from a page', async () => {
    const proxy = await fetch(`${worker.url}/api/v1/mimecast/get-account`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    assert.equal(proxy.status, 401, 'the proxy demands a credential on this Worker');
    assertErrorShape(await proxy.json(), 'auth.required');
    for (const path of ['/api/v1/saml/inspect', '/api/v1/entra/explain']) {
      const preflight = await fetch(`${worker.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      assert.equal(preflight.status, 204, path);
      assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN, path);
    }
    const saml = await post('/api/v1/saml/inspect', JSON.stringify({ samlResponse: good, plan, now: NOW }), { origin: ORIGIN });
    assert.equal(saml.status, 200);
    assert.equal(saml.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(saml.headers.get('cache-control'), 'no-store');
    assert.equal((await saml.json()).verified, true);
    const aadsts = await post('/api/v1/entra/explain', JSON.stringify({ text: 'AADSTS50105' }), { origin: ORIGIN });
    assert.equal(aadsts.status, 200);
    assert.equal(aadsts.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal((await aadsts.json()).explanationCode, 'entra_error.aadsts50105');
  });

  test('one log line per request, with the route\'s name only: no response, NameID or assertion value', async () => {
    const all = Object.values(ids).flat();
    assert.ok(all.every(Boolean), 'every answer has an X-Request-Id');
    const linesOf = (id) => worker.logs().split('\n').filter((l) => l.includes(id));
    for (let i = 0; i < 50 && !all.every((id) => linesOf(id).length > 0); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [route, requestIds] of Object.entries(ids)) {
      assert.ok(requestIds.length >= 5, `${route} was called`);
      for (const id of requestIds) {
        const lines = linesOf(id);
        assert.equal(lines.length, 1, `${route}: one log line for ${id}`);
        const entry = JSON.parse(lines[0].slice(lines[0].indexOf('{')));
        assert.equal(entry.route, route);
        assert.equal(entry.requestId, id);
        assert.deepEqual(Object.keys(entry).filter((k) => !LOG_KEYS.includes(k)), [], lines[0]);
        if (entry.status >= 400) assert.match(entry.code, /^[a-z_]+\.[a-z_0-9]+$/, lines[0]);
      }
    }
    const logs = worker.logs();
    for (const value of sent) {
      assert.ok(value.length >= 8, 'a distinctive value');
      assert.ok(!logs.includes(value), `the log holds ${value.slice(0, 40)}…`);
    }
    assert.ok(!logs.includes('mallory'), 'the tampered NameID');
    assert.ok(!logs.includes(base64(good).slice(100, 160)), 'a piece of the base64 response');
    assertNoSecrets([logs], 'wrangler output');
  });
});
