// SAML responses in Entra's shape, signed by Debian's `xmlsec1` with keys made by `openssl`, and
// `xmlsec1 --verify` as the independent verifier: nothing of this project makes or judges a test
// document. The JavaScript twin of crates/core/tests/support/saml.rs, kept independent of the Rust
// code.
//
// The shape follows what Entra posts to Mimecast (Microsoft's "SAML token reference" and "Single
// sign-on SAML protocol" pages): `samlp:Response` with an unprefixed `Issuer` in the assertion
// namespace, the `Assertion` declaring its namespace as the default, and Entra's `Signature`
// declaring the XML-Signature namespace as the default in turn. The assertion is signed (Entra's
// default signing option, "Sign SAML assertion").
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const ISSUER = `https://sts.windows.net/${TENANT}/`;
export const REPLY_URL = 'https://eu-api.mimecast.com/login/saml';
export const IDENTIFIER = 'https://eu-api.mimecast.com/sso/CUK1A234';
export const USER = 'alice@contoso.example';
export const DISPLAY_NAME = 'Alice & Co';
export const ASSERTION_ID = '_a7c1f0e2-0001';
/** The response was issued at 2026-12-03T12:00:00Z; tests inspect it a minute later. */
export const ISSUED = '2026-12-03T12:00:00Z';
export const NOW = '2026-12-03T12:01:00Z';

const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const XMLSEC1 = '/usr/bin/xmlsec1';

/** A fresh private directory; removed by the caller. */
const scratch = (name) => mkdtempSync(join(tmpdir(), `mimecast-sso-saml-${name}-`));

const escapeXml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/**
 * A new 2048-bit RSA key and a self-signed certificate named like Entra's, valid three years:
 * `{ dir, key, cert, body, thumbprint, remove() }` (`body`: the certificate's base64, as Mimecast
 * holds it; `thumbprint`: its SHA-1, upper-case hex, as Entra shows it).
 */
export function makeSigner(name = 'entra') {
  const dir = scratch(name);
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1095',
    '-subj', '/CN=Microsoft Azure Federated SSO Certificate', '-keyout', key, '-out', cert],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  const body = readFileSync(cert, 'utf8').split('\n').filter((l) => l && !l.startsWith('-----')).join('');
  const fingerprint = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
  return {
    dir,
    key,
    cert,
    body,
    thumbprint: fingerprint.trim().split('=')[1].replaceAll(':', '').toUpperCase(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a test response holds; every field may be overridden. */
export const DEFAULT_SHAPE = Object.freeze({
  signResponse: false,
  signAssertion: true,
  nameId: USER,
  audience: IDENTIFIER,
  destination: REPLY_URL,
  issuer: ISSUER,
  notBefore: '2026-12-03T11:55:00Z',
  notOnOrAfter: '2026-12-03T13:00:00Z',
});

/** An unsigned `Signature` template referencing `#id`, in Entra's form (RSA-SHA256, exclusive c14n). */
function signatureTemplate(id) {
  return '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
    + '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    + '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    + `<Reference URI="#${id}"><Transforms>`
    + '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
    + '<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms>'
    + '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue></DigestValue></Reference>'
    + '</SignedInfo><SignatureValue></SignatureValue>'
    + '<KeyInfo><X509Data><X509Certificate></X509Certificate></X509Data></KeyInfo></Signature>';
}

/** The Assertion of `shape` (with a signature template when the assertion is to be signed). */
function assertion(shape) {
  const id = ASSERTION_ID;
  const signature = shape.signAssertion ? signatureTemplate(id) : '';
  return `<Assertion ID="${id}" IssueInstant="${ISSUED}" Version="2.0" xmlns="${ASSERTION_NS}">`
    + `<Issuer>${shape.issuer}</Issuer>${signature}`
    + `<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${shape.nameId}</NameID>`
    + '<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
    + `<SubjectConfirmationData InResponseTo="_req-42" NotOnOrAfter="${shape.notOnOrAfter}" Recipient="${shape.destination}"/>`
    + '</SubjectConfirmation></Subject>'
    + `<Conditions NotBefore="${shape.notBefore}" NotOnOrAfter="${shape.notOnOrAfter}">`
    + `<AudienceRestriction><Audience>${shape.audience}</Audience></AudienceRestriction></Conditions>`
    + '<AttributeStatement>'
    + `<Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><AttributeValue>${shape.nameId}</AttributeValue></Attribute>`
    + `<Attribute Name="http://schemas.microsoft.com/identity/claims/displayname"><AttributeValue>${escapeXml(DISPLAY_NAME)}</AttributeValue></Attribute>`
    + '</AttributeStatement>'
    + `<AuthnStatement AuthnInstant="2026-12-03T11:59:58Z" SessionIndex="${id}"><AuthnContext>`
    + '<AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef>'
    + '</AuthnContext></AuthnStatement></Assertion>';
}

/** The response of `shape`, unsigned (with signature templates where it is to be signed). */
export function template(overrides = {}) {
  const shape = { ...DEFAULT_SHAPE, ...overrides };
  const responseSignature = shape.signResponse ? signatureTemplate('_r9b2d4e6-0001') : '';
  return `<samlp:Response ID="_r9b2d4e6-0001" Version="2.0" IssueInstant="${ISSUED}" Destination="${shape.destination}" InResponseTo="_req-42" xmlns:samlp="${PROTOCOL_NS}">`
    + `<Issuer xmlns="${ASSERTION_NS}">${shape.issuer}</Issuer>${responseSignature}`
    + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
    + `${assertion(shape)}</samlp:Response>`;
}

/** The `Signature` template that is a direct child of the `parent` element signed by xmlsec1. */
function xmlsecSign(xml, signer, parent) {
  const dir = scratch('sign');
  try {
    const input = join(dir, 'in.xml');
    const output = join(dir, 'out.xml');
    writeFileSync(input, xml);
    execFileSync(XMLSEC1, ['--sign', '--privkey-pem', `${signer.key},${signer.cert}`,
      '--id-attr:ID', `${ASSERTION_NS}:Assertion`, '--id-attr:ID', `${PROTOCOL_NS}:Response`,
      '--node-xpath', `//*[local-name()='${parent}']/*[local-name()='Signature']`,
      '--output', output, input], { stdio: ['ignore', 'pipe', 'pipe'] });
    return readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The response of `shape` signed by `signer` with xmlsec1: the assertion first, then the response. */
export function signed(signer, overrides = {}) {
  const shape = { ...DEFAULT_SHAPE, ...overrides };
  let xml = template(shape);
  if (shape.signAssertion) xml = xmlsecSign(xml, signer, 'Assertion');
  if (shape.signResponse) xml = xmlsecSign(xml, signer, 'Response');
  return xml;
}

/**
 * Whether `xmlsec1 --verify` accepts the Assertion's signature with only `signer`'s certificate
 * (the signature's KeyInfo removed from its copy, so xmlsec1 cannot use the key it carries; KeyInfo
 * is outside SignedInfo, so removing it changes no digest and no signature).
 */
export function xmlsecVerifies(xml, signer) {
  const dir = scratch('verify');
  try {
    const input = join(dir, 'in.xml');
    writeFileSync(input, xml.replace(/<KeyInfo>[\s\S]*?<\/KeyInfo>/, ''));
    execFileSync(XMLSEC1, ['--verify', '--pubkey-cert-pem', signer.cert,
      '--id-attr:ID', `${ASSERTION_NS}:Assertion`, '--id-attr:ID', `${PROTOCOL_NS}:Response`,
      '--node-xpath', "//*[local-name()='Assertion']/*[local-name()='Signature']", input],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text between `<name>` and `</name>` in `xml` (the first), or undefined. */
export function elementText(xml, name) {
  return xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
}
