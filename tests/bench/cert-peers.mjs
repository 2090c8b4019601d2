// Certificate inspection against its JavaScript peers (`cargo xtask bench`), in one Node.js process
// on the same certificates: the core's fixtures (crates/core/tests/data/*.pem holding exactly one
// certificate, plan/ and saml/ signing certificates) and the IdP-like ones of tests/bench/certs/.
// Every peer does the same job per certificate: parse the PEM, SHA-1 thumbprint and SHA-256
// fingerprint of the DER, the self-signature checked when the certificate is self-issued, and the
// body Mimecast takes (the DER in base64 on one line). Before timing, each peer's answers are
// checked against ours, so no peer is timed doing less.
//
// - ours: `inspectCertificate` of the API module (www/pkg/mimecast_sso_web.js), which also writes
//   the whole report (names, dates, findings) and crosses the wasm boundary;
// - node-forge: the steps of `pki.certificateFromPem` (pem.decode, asn1.fromDer,
//   certificateFromAsn1) keeping the DER, `md.sha1`/`md.sha256`, `cert.verify(cert)`, encode64;
// - @peculiar/x509: `new X509Certificate(pem)`, `getThumbprint` (WebCrypto), `verify({
//   signatureOnly: true })`, the raw data in base64;
// - Node.js (OpenSSL): `crypto.X509Certificate`, `fingerprint`/`fingerprint256`,
//   `verify(cert.publicKey)`, `raw.toString('base64')`.
//
// Prints each peer's time per call (median of the timed calls after a warm-up, per certificate,
// averaged over the certificates every peer can read), the ratio of each peer's time to ours, and
// the core natively (criterion's `inspect_certificate` estimate, when `cargo bench` left one);
// writes the same as report.md and report.json. Asserts nothing about the figures.
//
//   node tests/bench/cert-peers.mjs [--runs 200] [--warmup 50] [--pkg www/pkg] [--out target/bench]
import { X509Certificate as NodeX509 } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import forge from 'node-forge';
// @peculiar/x509 needs a Reflect metadata polyfill loaded before it (its README).
import 'reflect-metadata';
import * as peculiar from '@peculiar/x509';

const root = join(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '50' },
    pkg: { type: 'string', default: join(root, 'www/pkg') },
    out: { type: 'string', default: join(root, 'target/bench') },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const pkg = resolve(values.pkg);
const api = await import(join(pkg, 'mimecast_sso_web.js'));
api.initSync({ module: readFileSync(join(pkg, 'mimecast_sso_web_bg.wasm')) });
// A fixed instant, so every run reports the same findings.
const now = Date.parse('2026-12-03T12:00:00Z');

// The certificates: every PEM file of the fixtures holding exactly one certificate.
function certificates() {
  const data = join(root, 'crates/core/tests/data');
  const files = [
    ...readdirSync(data).filter((f) => f.endsWith('.pem')).map((f) => join(data, f)),
    join(data, 'plan/entra-signing.pem'),
    join(data, 'saml/entra-signing.pem'),
    ...readdirSync(join(root, 'tests/bench/certs'))
      .filter((f) => f.endsWith('.pem'))
      .map((f) => join(root, 'tests/bench/certs', f)),
  ];
  return files
    .map((file) => ({ name: relative(root, file), pem: readFileSync(file, 'utf8') }))
    .filter(({ pem }) => (pem.match(/-----BEGIN /g) ?? []).length === 1)
    .filter(({ pem }) => pem.includes('-----BEGIN CERTIFICATE-----'));
}

const upperHex = (bytes) => Buffer.from(bytes).toString('hex').toUpperCase();

// Each peer: a name, a version, and one call doing the whole job (async for WebCrypto).
const peers = [
  {
    name: 'ours (wasm)',
    version: `${relative(root, pkg)}/mimecast_sso_web`,
    inspect(pem) {
      const report = api.inspectCertificate(pem, now);
      return {
        thumbprint: report.thumbprintSha1,
        fingerprint: report.fingerprintSha256,
        selfSignature: report.selfSignatureValid,
        body: report.mimecastBody,
      };
    },
  },
  {
    name: 'node-forge',
    version: packageVersion('node-forge'),
    inspect(pem) {
      const der = forge.pem.decode(pem)[0].body;
      const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
      return {
        thumbprint: forge.md.sha1.create().update(der).digest().toHex().toUpperCase(),
        fingerprint: forge.md.sha256.create().update(der).digest().toHex().toUpperCase(),
        selfSignature: cert.isIssuer(cert) ? cert.verify(cert) : null,
        body: forge.util.encode64(der),
      };
    },
  },
  {
    name: '@peculiar/x509',
    version: packageVersion('@peculiar/x509'),
    async inspect(pem) {
      const cert = new peculiar.X509Certificate(pem);
      const [sha1, sha256, selfSignature] = await Promise.all([
        cert.getThumbprint('SHA-1'),
        cert.getThumbprint('SHA-256'),
        cert.subject === cert.issuer ? cert.verify({ signatureOnly: true }) : null,
      ]);
      return {
        thumbprint: upperHex(sha1),
        fingerprint: upperHex(sha256),
        selfSignature,
        body: Buffer.from(cert.rawData).toString('base64'),
      };
    },
  },
  {
    name: 'Node.js crypto (OpenSSL)',
    version: `Node.js ${process.versions.node}, OpenSSL ${process.versions.openssl}`,
    inspect(pem) {
      const cert = new NodeX509(pem);
      return {
        thumbprint: cert.fingerprint.replaceAll(':', ''),
        fingerprint: cert.fingerprint256.replaceAll(':', ''),
        selfSignature: cert.subject === cert.issuer ? cert.verify(cert.publicKey) : null,
        body: cert.raw.toString('base64'),
      };
    },
  },
];

function packageVersion(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

// The median and the fastest time of one call (µs) of each of `inspects` on `pem`, after `warmup`
// untimed calls: the peers take turns call by call, so a busy machine slows each of them alike
// (and the fastest call is what an idle one would see).
async function time(inspects, pem) {
  const call = async (inspect) => {
    const answer = inspect(pem);
    if (answer instanceof Promise) await answer;
  };
  for (const inspect of inspects) for (let i = 0; i < warmup; i += 1) await call(inspect);
  const times = inspects.map(() => new Float64Array(runs));
  for (let i = 0; i < runs; i += 1) {
    for (const [peer, inspect] of inspects.entries()) {
      const start = performance.now();
      await call(inspect);
      times[peer][i] = performance.now() - start;
    }
  }
  return times.map((each) => {
    each.sort();
    return { median: each[Math.floor(runs / 2)] * 1000, fastest: each[0] * 1000 };
  });
}

// Criterion's estimates (ns) of the core natively on rsa2048.pem, when `cargo bench` left them.
function native() {
  const file = join(root, 'target/criterion/inspect_certificate/mimecast-sso-core/new/estimates.json');
  if (!existsSync(file)) return null;
  const estimates = JSON.parse(readFileSync(file, 'utf8'));
  return { meanUs: estimates.mean.point_estimate / 1000, medianUs: estimates.median.point_estimate / 1000 };
}

const certs = certificates();
const rows = [];
for (const { name, pem } of certs) {
  const expected = await peers[0].inspect(pem);
  const row = { certificate: name, selfSigned: expected.selfSignature, us: {}, fastestUs: {}, unsupported: {} };
  const able = [];
  for (const peer of peers) {
    let answer;
    try {
      answer = await peer.inspect(pem);
    } catch (error) {
      row.unsupported[peer.name] = String(error.message ?? error);
      continue;
    }
    for (const field of Object.keys(expected)) {
      if (answer[field] !== expected[field]) {
        throw new Error(`${peer.name} on ${name}: ${field} is ${answer[field]}, ours ${expected[field]}`);
      }
    }
    able.push(peer);
  }
  const times = await time(able.map((peer) => peer.inspect), pem);
  able.forEach((peer, i) => {
    row.us[peer.name] = times[i].median;
    row.fastestUs[peer.name] = times[i].fastest;
  });
  rows.push(row);
}

// Averaged over the certificates every peer reads, so each peer is timed on the same set.
const common = rows.filter((row) => peers.every((peer) => peer.name in row.us));
const ours = peers[0].name;
const mean = (peer, of = 'us') => common.reduce((sum, row) => sum + row[of][peer], 0) / common.length;
const summary = peers.map((peer) => ({
  peer: peer.name,
  version: peer.version,
  us: mean(peer.name),
  ratio: mean(peer.name) / mean(ours),
  fastestUs: mean(peer.name, 'fastestUs'),
  fastestRatio: mean(peer.name, 'fastestUs') / mean(ours, 'fastestUs'),
}));
const nativeCore = native();
const rsa2048 = rows.find((row) => basename(row.certificate) === 'rsa2048.pem');
// The issue's targets: ours at least 5x faster than node-forge, 3x faster than @peculiar/x509,
// and at least 0.8x Node.js's own speed (Node's time / ours >= 0.8).
const targets = [
  ['node-forge', 5],
  ['@peculiar/x509', 3],
  ['Node.js crypto (OpenSSL)', 0.8],
].map(([peer, target]) => {
  const { ratio, fastestRatio } = summary.find((s) => s.peer === peer);
  return { peer, target, ratio, met: ratio >= target, fastestRatio };
});

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
const lines = [];
lines.push(
  `## Certificate inspection: ours (wasm) and its peers in Node.js ${process.versions.node}`,
  '',
  `Parse + SHA-1 thumbprint + SHA-256 fingerprint + self-signature check + Mimecast body; median of ${runs} calls after ${warmup}, per certificate, averaged over the ${common.length} of ${rows.length} certificates every peer reads.`,
  '',
  '| peer | version | per call (median) | peer / ours | fastest call | peer / ours |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...summary.map(
    (s) =>
      `| ${s.peer} | ${s.version} | ${fmt(s.us)} | ${s.ratio.toFixed(2)}x | ${fmt(s.fastestUs)} | ${s.fastestRatio.toFixed(2)}x |`,
  ),
);
const wasm2048 = rsa2048?.us[ours];
lines.push(
  '',
  nativeCore && wasm2048
    ? `Ours natively (criterion's \`inspect_certificate\`, rsa2048.pem): ${fmt(nativeCore.medianUs)} median, ${fmt(nativeCore.meanUs)} mean; in wasm on the same certificate ${fmt(wasm2048)}, ${(wasm2048 / nativeCore.medianUs).toFixed(2)}x the native time.`
    : 'Ours natively: no criterion estimate (target/criterion/inspect_certificate; `cargo xtask bench` makes it).',
  '',
  '| target (peer / ours) | target | measured (median) | | fastest calls |',
  '| --- | ---: | ---: | --- | ---: |',
  ...targets.map(
    (t) =>
      `| ${t.peer} | ≥ ${t.target}x | ${t.ratio.toFixed(2)}x | ${t.met ? 'met' : `missed: ${((1 - t.ratio / t.target) * 100).toFixed(1)}% short`} | ${t.fastestRatio.toFixed(2)}x |`,
  ),
  '',
  `| certificate | self-signature checked | ${peers.map((p) => p.name).join(' | ')} |`,
  `| --- | --- | ${peers.map(() => '---:').join(' | ')} |`,
  ...rows.map(
    (row) =>
      `| ${row.certificate} | ${row.selfSigned === null ? 'no' : 'yes'} | ${peers
        .map((p) => (p.name in row.us ? fmt(row.us[p.name]) : 'cannot read it'))
        .join(' | ')} |`,
  ),
);
const unsupported = rows.flatMap((row) =>
  Object.entries(row.unsupported).map(([peer, error]) => `- ${peer} cannot read ${row.certificate}: ${error}`),
);
if (unsupported.length) lines.push('', ...unsupported);
const report = lines.join('\n');
console.log(report);

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'report.md'), `${report}\n`);
writeFileSync(
  join(values.out, 'report.json'),
  `${JSON.stringify({ node: process.versions.node, runs, warmup, module: relative(root, pkg), summary, native: nativeCore, targets, certificates: rows }, null, 2)}\n`,
);
console.log(`\nwrote ${relative(root, join(values.out, 'report.md'))} and report.json`);
