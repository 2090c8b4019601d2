// What the hostile rows are made from: the core's fixtures (crates/core/tests/data) and secrets
// made fresh by openssl and ssh-keygen for this run (private keys of every kind, a .pfx, a CSR, a
// public key), a SAML response signed by xmlsec1 (tests/e2e/support/saml.mjs), and the byte
// encodings admins' tools produce (UTF-16 with and without BOM, Latin-1).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSigner, signed } from '../e2e/support/saml.mjs';
import { root } from '../e2e/support/worker.mjs';

const data = (name) => readFileSync(join(root, 'crates/core/tests/data', name));

/** `text` as UTF-16 little-endian (what Windows PowerShell 5.1's `Out-File` writes), `bom` first. */
export function utf16le(text, bom = true) {
  return Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
}

/** `text` as UTF-16 big-endian, `bom` first. */
export function utf16be(text, bom = true) {
  const bytes = Buffer.from(text, 'utf16le');
  bytes.swap16();
  return Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), bytes]);
}

/** `text` with the UTF-8 byte order mark Windows editors write. */
export const utf8Bom = (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);

/** The base64 body of PEM text (every line between the BEGIN and END lines, without headers). */
function pemBody(pem) {
  return pem.split(/\r?\n/).filter((line) => line && !line.startsWith('-----') && !line.includes(':')).join('');
}

/**
 * Makes every fixture in a private directory: `{ dir, certificate, keys, csr, publicKey,
 * rsaPublicKey, garbage, saml, remove }`. `keys.*` are `{ text | bytes, secret }`: `secret` is the
 * base64 that must never be echoed.
 */
export function makeFixtures() {
  const dir = mkdtempSync(join(tmpdir(), 'mimecast-sso-hostile-'));
  const at = (name) => join(dir, name);
  const run = (command, ...args) => execFileSync(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const openssl = (...args) => run('openssl', ...args);
  const text = (name) => readFileSync(at(name), 'utf8');

  openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'pkcs8.pem');
  openssl('rsa', '-in', 'pkcs8.pem', '-traditional', '-out', 'pkcs1.pem');
  openssl('rsa', '-in', 'pkcs8.pem', '-traditional', '-outform', 'DER', '-out', 'pkcs1.der');
  openssl('pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-passout', 'pass:hostile', '-in', 'pkcs8.pem', '-out', 'encrypted.pem');
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem');
  run('ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'hostile', '-f', at('id_ed25519'));
  openssl('req', '-new', '-key', 'pkcs8.pem', '-subj', '/CN=Contoso CSR', '-out', 'csr.pem');
  openssl('pkey', '-in', 'pkcs8.pem', '-pubout', '-out', 'public.pem');
  openssl('req', '-x509', '-key', 'pkcs8.pem', '-sha256', '-days', '365', '-subj', '/CN=Hostile PFX', '-out', 'pfx-cert.pem');
  openssl('pkcs12', '-export', '-in', 'pfx-cert.pem', '-inkey', 'pkcs8.pem', '-passout', 'pass:hostile', '-out', 'bundle.pfx');

  const pemKey = (name) => {
    const pem = text(name);
    return { text: pem, secret: pemBody(pem) };
  };
  const pfx = readFileSync(at('bundle.pfx'));
  const pkcs1Der = readFileSync(at('pkcs1.der'));
  const keys = {
    pkcs1: pemKey('pkcs1.pem'),
    pkcs1Der: { bytes: pkcs1Der, secret: pkcs1Der.toString('base64') },
    pkcs8: pemKey('pkcs8.pem'),
    encrypted: pemKey('encrypted.pem'),
    ec: pemKey('ec.pem'),
    openssh: pemKey('id_ed25519'),
    pfx: { bytes: pfx, secret: pfx.toString('base64') },
    pfxBase64: { text: pfx.toString('base64').replace(/.{64}/g, '$&\n'), secret: pfx.toString('base64') },
  };

  // The signing certificate of the SAML responses, and responses in Entra's shape signed by it,
  // issued a minute ago and valid for an hour (the page checks them at its own clock).
  const signer = makeSigner('hostile');
  const minutesFromNow = (minutes) => new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const fresh = { notBefore: minutesFromNow(-5), notOnOrAfter: minutesFromNow(60) };
  const response = signed(signer, fresh);
  // Signed for a look-alike address, then a comment put inside its NameID: exclusive C14N drops
  // comments, so the signature still verifies (the 2018 SAML comment-injection attack, where a
  // reader that takes the first text node sees `alice@contoso.example`).
  const lookalike = 'alice@contoso.example.evil.example';
  const commented = signed(signer, { ...fresh, nameId: lookalike })
    .replace(`>${lookalike}</NameID>`, '>alice@contoso.example<!---->.evil.example</NameID>');

  return {
    dir,
    certificate: {
      pem: data('entra.pem').toString(),
      der: data('entra.der'),
      body: data('entra_body.txt').toString().trim(),
      withEntities: data('entra_crlf_bom_entities.txt'),
      emptyPkcs7: data('empty.p7b'),
    },
    keys,
    csr: text('csr.pem'),
    publicKey: text('public.pem'),
    rsaPublicKey: data('pubkey_pkcs1.pem').toString(),
    garbage: data('garbage.bin'),
    saml: { signer, response, commented, lookalike },
    remove() {
      signer.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
