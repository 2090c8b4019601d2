// A local stand-in for login.microsoftonline.com's federation metadata, for the Worker's
// GET /api/v1/entra/metadata route (reached only through the loopback-only ENTRA_METADATA_BASE_URL),
// and metadata documents in the shape Entra publishes, with signing certificates made by openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed signing certificate like Entra's, valid `days` days, made by openssl. */
export function makeSigningCertificate(days = 1095) {
  const dir = mkdtempSync(join(tmpdir(), 'mimecast-sso-metadata-'));
  const pemPath = join(dir, 'signing.pem');
  const openssl = (...args) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', String(days),
    '-subj', '/CN=Microsoft Azure Federated SSO Certificate', '-keyout', join(dir, 'signing.key'),
    '-out', pemPath);
  const der = execFileSync('openssl', ['x509', '-in', pemPath, '-outform', 'DER'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const fingerprint = openssl('x509', '-in', pemPath, '-noout', '-fingerprint', '-sha1');
  const endDate = openssl('x509', '-in', pemPath, '-noout', '-enddate').trim().replace(/^notAfter=/, '');
  rmSync(dir, { recursive: true, force: true });
  return {
    body: der.toString('base64'),
    thumbprint: fingerprint.trim().split('=')[1].replaceAll(':', '').toUpperCase(),
    notAfter: new Date(endDate).toISOString().slice(0, 10),
  };
}

const keyDescriptor = (body) => '<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'
  + `<X509Data><X509Certificate>${body}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`;

/**
 * Federation metadata in Entra's shape: a signature, the WS-Fed RoleDescriptor holding copies of
 * the certificates, then the SAML 2.0 IDPSSODescriptor with its services, for `tenant`.
 */
export function metadataDocument(tenant, bodies) {
  const keys = bodies.map(keyDescriptor).join('');
  const saml2 = `https://login.microsoftonline.com/${tenant}/saml2`;
  return `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_0f3c6a2e-5d1b-4e7a-9c8d-2b1a0f9e8d7c" entityID="https://sts.windows.net/${tenant}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" /><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" /></SignedInfo><SignatureValue>AAAA</SignatureValue><KeyInfo><X509Data><X509Certificate>${bodies[0]}</X509Certificate></X509Data></KeyInfo></Signature>
<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">${keys}<fed:PassiveRequestorEndpoint><EndpointReference xmlns="http://www.w3.org/2005/08/addressing"><Address>https://login.microsoftonline.com/${tenant}/wsfed</Address></EndpointReference></fed:PassiveRequestorEndpoint></RoleDescriptor>
<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${saml2}" />
<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${saml2}" />
<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${saml2}" />
</IDPSSODescriptor>
</EntityDescriptor>
`;
}

/** The path (and query) Entra serves a tenant's or an application's metadata at. */
export function metadataPath(tenant, appId) {
  const path = `/${tenant}/federationmetadata/2007-06/federationmetadata.xml`;
  return appId ? `${path}?appid=${appId}` : path;
}

/**
 * Starts the stand-in on a free loopback port. `serve(path, answer)` sets what a path answers:
 * `{ body, status = 200, delayMs = 0, declareLength = true }`; unknown paths answer 400 as Entra
 * does for an unknown application. `count(path)` is how many requests reached a path; `paths()`
 * every path requested, in order.
 */
export async function startEntraStandIn() {
  const answers = new Map();
  const requested = [];
  const server = createServer((request, response) => {
    requested.push(request.url);
    const answer = answers.get(request.url);
    if (!answer) {
      response.writeHead(400, { 'content-type': 'text/html' });
      response.end('AADSTS700016: Application not found in the directory.');
      return;
    }
    const send = () => {
      const body = Buffer.from(answer.body ?? '');
      const headers = { 'content-type': 'application/samlmetadata+xml' };
      if (answer.declareLength === false) {
        response.writeHead(answer.status ?? 200, headers);
        // Chunked, no Content-Length: the Worker must stop reading by itself.
        for (let i = 0; i < body.length; i += 65_536) response.write(body.subarray(i, i + 65_536));
        response.end();
      } else {
        response.writeHead(answer.status ?? 200, { ...headers, 'content-length': body.length });
        response.end(body);
      }
    };
    if (answer.delayMs) {
      const timer = setTimeout(send, answer.delayMs);
      response.on('close', () => clearTimeout(timer));
    } else {
      send();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    serve: (path, answer) => answers.set(path, answer),
    count: (path) => requested.filter((p) => p === path).length,
    paths: () => [...requested],
    stop: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
