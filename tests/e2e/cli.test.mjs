// The `mimecast-sso` command-line tool against the Worker (wrangler dev) and the Mimecast simulator:
// 1,000 users through a TLS front (a throwaway CA and server certificate made by openssl, trusted
// with --ca-cert) and over plain http, every good line created once; a second run that lists who
// exists and sends nothing; the token only from PROXY_TOKEN or --token-file (never --token); a
// wrong token and an untrusted certificate each with their exit code; and `plan` / `cert inspect`
// printing what the Worker's routes answer for the same input. No password and no token in the
// CLI's output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeSigningCertificate, metadataDocument } from './support/entra.mjs';
import { provision, runCli } from './support/provision.mjs';
import { startSimulator } from './support/simulator.mjs';
import { E2E_CONFIG, PROXY_TOKEN, workerSecrets } from './support/secrets.mjs';
import { root, startWorker } from './support/worker.mjs';
import { reportRows } from './support/report.mjs';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const data = (name) => readFileSync(join(root, 'crates/core/tests/data', name));

/** A CA and a server certificate for 127.0.0.1 and localhost, made by openssl in `dir`. */
function makeTlsFiles(dir) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', '/CN=mimecast-sso e2e throwaway CA', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=localhost',
    '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'server.ext'), [
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
  ].join('\n'));
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-sha256', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  return {
    ca: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key')),
    cert: readFileSync(join(dir, 'server.pem')),
  };
}

/** An https server on 127.0.0.1 that forwards every request to `target` (http), bodies streamed. */
async function startTlsFront({ key, cert }, target) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const paths = [];
  const server = createServer({ key, cert }, (req, res) => {
    paths.push(`${req.method} ${req.url.split('?')[0]}`);
    const forward = httpRequest({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
      agent,
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    count: (path) => paths.filter((p) => p === path).length,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
      agent.destroy();
    }),
  };
}

/** `count` rows on example.com (the simulator's registered domain): every 50th without a domain,
 * every 10th with its own password. */
function usersCsv(prefix, count = 1000) {
  const rows = ['email,name,password'];
  const good = [];
  const given = [];
  let invalid = 0;
  for (let i = 0; i < count; i += 1) {
    if (i % 50 === 49) {
      rows.push(`${prefix}${i}.example.com,No Domain ${i},`);
      invalid += 1;
    } else {
      const password = i % 10 === 3 ? `Cli-Given-Passw0rd-${prefix}${i}` : '';
      if (password) given.push(password);
      rows.push(`${prefix}${i}@example.com,User ${i},${password}`);
      good.push(`${prefix}${i}@example.com`);
    }
  }
  return { text: `${rows.join('\n')}\n`, good, given, invalid };
}


/** Fails if `output` holds the token or any of `passwords`. */
function assertNothingSecret(output, passwords) {
  assert.ok(!output.includes(PROXY_TOKEN), 'the output holds the token');
  assert.doesNotMatch(output, /Bearer /, 'the output holds an Authorization value');
  for (const password of passwords) {
    assert.ok(!output.includes(password), `the output holds a password (${password.slice(0, 4)}…)`);
  }
}

/** The same value without the days left (they depend on the second each side read the clock). */
function withoutDaysRemaining(value) {
  return JSON.parse(JSON.stringify(value), (k, v) => (k === 'daysRemaining' ? undefined : v));
}

describe('cli: mimecast-sso against the Worker', () => {
  let sim;
  let worker;
  let front;
  let dir;
  let tls;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mimecast-sso-cli-'));
    tls = makeTlsFiles(dir);
    sim = await startSimulator();
    await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify(E2E_CONFIG) });
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, MIMECAST_TIMEOUT_MS: '3000', MIMECAST_REGION: 'eu' },
      secrets: workerSecrets(2),
    });
    front = await startTlsFront(tls, worker.url);
  });

  after(async () => {
    await front?.stop();
    await worker?.stop();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const createdSince = async (before) => (await sim.stats()).usersCreated - before.usersCreated;

  test('1,000 users over https through a TLS front trusted with --ca-cert: every good line created once, the report 0600, no secret printed', async (t) => {
    const { text, good, given, invalid } = usersCsv('tls.user');
    const csv = join(dir, 'tls.csv');
    writeFileSync(csv, text);
    const reportPath = join(dir, 'tls-report.csv');
    const before = await sim.stats();
    const run = await runCli(['users', 'create', '--worker', front.url, '--ca-cert', tls.ca,
      '--csv', csv, '--report', reportPath], { token: PROXY_TOKEN });
    t.diagnostic(`https: ${good.length} users in ${(run.ms / 1000).toFixed(1)} s (wall time of the CLI)`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`1000 lines: ${good.length} created, 0 already in Mimecast, 0 failed, ${invalid} invalid`));

    const after = await sim.stats();
    assert.equal(after.maxCreatesPerAddress, 1, 'no address was created twice');
    assert.equal(after.usersCreated - before.usersCreated, good.length);
    const { users } = await (await fetch(`${sim.url}/__sim/users`)).json();
    assert.deepEqual(users.filter((u) => u.startsWith('tls.user')).sort(), [...good].sort());
    assert.ok(front.count('POST /api/v1/mimecast/users:batch') >= 10, 'the batches went through the TLS front');
    assert.ok(front.count('POST /api/v1/mimecast/get-internal-users') >= 1, 'the listing went through the TLS front');

    const report = readFileSync(reportPath, 'utf8');
    assert.equal(statSync(reportPath).mode & 0o777, 0o600, 'the report is readable by its owner only');
    const rows = reportRows(report);
    assert.equal(rows.length, 1000);
    const generated = rows.map((r) => r.generated_password).filter(Boolean);
    assert.equal(generated.length, good.length - given.length, 'a generated password for each created user without one');
    for (const row of rows) {
      if (row.outcome === 'created') continue;
      assert.equal(row.outcome, 'invalid', `line ${row.line}`);
      assert.equal(row.error_code, 'user.domain_missing');
    }
    assertNothingSecret(run.stdout + run.stderr, [...generated, ...given]);
  });

  test('1,000 users over plain http; a second run of the same file lists them and sends nothing', async (t) => {
    const { text, good, given, invalid } = usersCsv('http.user');
    const csv = join(dir, 'http.csv');
    writeFileSync(csv, text);
    const before = await sim.stats();
    const first = await provision({ workerUrl: worker.url, csv, report: join(dir, 'http-1.csv'), token: PROXY_TOKEN });
    t.diagnostic(`http: ${good.length} users in ${(first.ms / 1000).toFixed(1)} s (wall time of the CLI)`);
    assert.equal(first.code, 0, first.stderr);
    const { progress } = first.summary;
    assert.deepEqual(
      [progress.total, progress.created, progress.skipped, progress.failed, progress.invalid, progress.remaining],
      [1000, good.length, 0, 0, invalid, 0],
    );
    assert.ok(first.summary.elapsedMs > 0 && first.summary.statuses['200'] >= 10);
    assert.equal(first.summary.restored, 0);
    assert.equal(await createdSince(before), good.length);
    assert.equal((await sim.stats()).maxCreatesPerAddress, 1);
    const generated = reportRows(first.report).map((r) => r.generated_password).filter(Boolean);
    assert.equal(generated.length, good.length - given.length);
    assertNothingSecret(first.stdout + first.stderr, [...generated, ...given]);

    const middle = await sim.stats();
    const second = await provision({ workerUrl: worker.url, csv, report: join(dir, 'http-2.csv'), token: PROXY_TOKEN });
    t.diagnostic(`http, second run: ${(second.ms / 1000).toFixed(1)} s`);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.summary.progress.created, 0, 'a second run creates nothing');
    assert.equal(second.summary.progress.skipped, good.length);
    assert.deepEqual(second.summary.statuses, {}, 'no batch call at all: every user was listed first');
    assert.ok(second.summary.results.filter((r) => r.outcome === 'exists')
      .every((r) => r.code === 'provisioning.already_in_mimecast'));
    assert.equal(await createdSince(middle), 0);
    assert.ok(!reportRows(second.report).some((r) => r.generated_password), 'no password for users not created');
    assert.match(second.stderr, /example\.com: \d+ users already in Mimecast/);
  });

  test('the token: --token is refused (exit 2), a wrong one is exit 3, --token-file works', async () => {
    const { text, good } = usersCsv('token.user', 20);
    const csv = join(dir, 'token.csv');
    writeFileSync(csv, text);
    const before = await sim.stats();

    const onLine = await runCli(['users', 'create', '--worker', worker.url, '--csv', csv, '--token', PROXY_TOKEN]);
    assert.equal(onLine.code, 2);
    assert.match(onLine.stderr, /--token is refused.*PROXY_TOKEN.*--token-file/s);
    assert.ok(!(onLine.stdout + onLine.stderr).includes(PROXY_TOKEN), 'the refusal does not repeat the token');
    const onLineEquals = await runCli(['users', 'create', `--token=${PROXY_TOKEN}`]);
    assert.equal(onLineEquals.code, 2);
    assert.ok(!onLineEquals.stderr.includes(PROXY_TOKEN));

    const wrong = await runCli(['users', 'create', '--worker', worker.url, '--csv', csv], { token: 'not-the-token-0000' });
    assert.equal(wrong.code, 3, wrong.stderr);
    assert.match(wrong.stderr, /refused the credential: HTTP 403.*auth\.invalid/);
    assert.ok(!wrong.stderr.includes('not-the-token-0000'));
    const none = await provision({
      workerUrl: worker.url, csv, report: join(dir, 'none.csv'), extra: ['--no-list-existing'],
    });
    assert.equal(none.code, 3, none.stderr);
    assert.equal(none.summary.progress.lastError.code, 'auth.required');
    assert.equal(await createdSince(before), 0, 'nothing was created with a wrong or missing token');

    const tokenFile = join(dir, 'token.txt');
    writeFileSync(tokenFile, `${PROXY_TOKEN}\n`, { mode: 0o600 });
    const fromFile = await provision({
      workerUrl: worker.url, csv, report: join(dir, 'token-report.csv'), extra: ['--token-file', tokenFile],
    });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal(fromFile.summary.progress.created, good.length);
    assertNothingSecret(fromFile.stdout + fromFile.stderr, []);
  });

  test('an https Worker whose CA is not trusted fails with a TLS error and exit 3; an existing report is not overwritten', async () => {
    const { text } = usersCsv('untrusted.user', 10);
    const csv = join(dir, 'untrusted.csv');
    writeFileSync(csv, text);
    const before = await sim.stats();
    const run = await runCli(['users', 'create', '--worker', front.url, '--csv', csv], { token: PROXY_TOKEN });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /TLS failed: .*(UnknownIssuer|unknown issuer|certificate)/i);
    assert.match(run.stderr, /--ca-cert FILE/);
    assert.equal(await createdSince(before), 0);

    const existing = join(dir, 'earlier-report.csv');
    writeFileSync(existing, 'earlier passwords');
    const kept = await runCli(['users', 'create', '--worker', worker.url, '--csv', csv, '--report', existing], { token: PROXY_TOKEN });
    assert.equal(kept.code, 4, kept.stderr);
    assert.match(kept.stderr, /exists already/);
    assert.equal(readFileSync(existing, 'utf8'), 'earlier passwords');
    assert.equal(await createdSince(before), 0);
  });

  test('cert inspect prints what POST /api/v1/certificate/inspect answers: PEM, DER, a refused private key', async () => {
    const signing = makeSigningCertificate(1095);
    const pem = `-----BEGIN CERTIFICATE-----\n${signing.body.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;
    const cases = [
      { name: 'signing.pem', body: Buffer.from(pem), type: 'text/plain' },
      { name: 'signing.cer', body: Buffer.from(signing.body, 'base64'), type: 'application/pkix-cert' },
      { name: 'two_certs.pem', body: data('two_certs.pem'), type: 'application/x-pem-file' },
      { name: 'key_pkcs8.pem', body: data('key_pkcs8.pem'), type: 'text/plain' },
      { name: 'csr.der', body: data('csr.der'), type: 'application/octet-stream' },
    ];
    for (const { name, body, type } of cases) {
      const file = join(dir, name);
      writeFileSync(file, body);
      const cli = await runCli(['cert', 'inspect', file]);
      const response = await fetch(`${worker.url}/api/v1/certificate/inspect`, {
        method: 'POST', headers: { 'content-type': type }, body,
      });
      const api = await response.json();
      assert.equal(cli.code, response.status === 200 ? 0 : 1, `${name}: ${cli.stderr}`);
      const printed = JSON.parse(cli.stdout);
      assert.deepEqual(withoutDaysRemaining(printed), withoutDaysRemaining(api), name);
      if (api.daysRemaining !== undefined) assert.ok(Math.abs(printed.daysRemaining - api.daysRemaining) <= 1, name);
    }
    const key = data('key_pkcs8.pem').toString();
    const refused = await runCli(['cert', 'inspect', join(dir, 'key_pkcs8.pem')]);
    assert.equal(JSON.parse(refused.stdout).error.code, 'cert.private_key');
    assert.match(refused.stderr, /private key/);
    assert.ok(!(refused.stdout + refused.stderr).includes(key.split('\n')[1]), 'key material is not echoed');
    const fromStdin = await runCli(['cert', 'inspect', '-'], { input: pem });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.equal(JSON.parse(fromStdin.stdout).thumbprintSha1, signing.thumbprint);
  });

  test('plan prints what POST /api/v1/plan answers: from --input, from flags and files, from metadata; exit 1 with error findings', async () => {
    const signing = makeSigningCertificate(1095);
    const der = join(dir, 'plan-signing.cer');
    writeFileSync(der, Buffer.from(signing.body, 'base64'));
    const metadataFile = join(dir, 'metadata.xml');
    const xml = metadataDocument(TENANT, [signing.body]);
    writeFileSync(metadataFile, xml);
    const inputFile = join(dir, 'plan.json');
    const full = {
      region: 'eu', accountCode: 'CUK1A234', tenantId: TENANT, certificate: signing.body, description: 'SSO',
    };
    writeFileSync(inputFile, JSON.stringify(full));
    const cases = [
      { label: '--input', args: ['--input', inputFile], body: full },
      {
        label: 'flags and a DER file',
        args: ['--region', 'eu', '--account-code', 'cuk1a234', '--tenant-id', TENANT, '--certificate', der,
          '--app-id', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
        body: {
          region: 'eu', accountCode: 'cuk1a234', tenantId: TENANT, certificate: signing.body,
          appId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        },
      },
      {
        label: 'metadata',
        args: ['--region', 'de', '--account-code', 'CDE1A234', '--metadata', metadataFile],
        body: { region: 'de', accountCode: 'CDE1A234', federationMetadata: xml },
      },
      { label: 'an --input flag overridden', args: ['--input', inputFile, '--region', 'us'], body: { ...full, region: 'us' } },
      { label: 'errors', args: ['--region', 'mars', '--account-code', 'CUK1A234'], body: { region: 'mars', accountCode: 'CUK1A234' } },
      {
        label: 'IdP-initiated to the Personal Portal',
        args: ['--region', 'eu', '--account-code', 'CUK1A234', '--sign-on-mode', 'idpPersonalPortal'],
        body: { region: 'eu', accountCode: 'CUK1A234', signOnMode: 'idpPersonalPortal' },
      },
    ];
    for (const { label, args, body } of cases) {
      const cli = await runCli(['plan', ...args]);
      const api = await (await fetch(`${worker.url}/api/v1/plan`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
      })).json();
      const printed = JSON.parse(cli.stdout);
      assert.deepEqual(withoutDaysRemaining(printed), withoutDaysRemaining(api), label);
      const errors = api.findings.some((f) => f.severity === 'error');
      assert.equal(cli.code, errors ? 1 : 0, `${label}: ${cli.stderr}`);
    }
    const bad = await runCli(['plan', '--input', '-'], { input: '["not", "an object"]' });
    const api = await fetch(`${worker.url}/api/v1/plan`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '["not", "an object"]',
    });
    assert.equal(api.status, 400);
    assert.deepEqual(JSON.parse(bad.stdout), await api.json());
    assert.equal(bad.code, 1);
  });
});
