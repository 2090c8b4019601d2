// Static files through the Worker (real workerd under `wrangler dev`): compressed (gzip or Brotli)
// exactly when the client's Accept-Encoding allows it, byte for byte the file once decoded, with
// `Vary: Accept-Encoding`; content-hashed names cached for a year, everything else revalidated with
// its ETag (304); the security headers on every answer. The Worker serves a temporary copy of www/
// holding one content-hashed file, so the checkout is never touched.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { root, startWorker } from './support/worker.mjs';

/** The page's module under the content-hashed name the build gave it (`pkg/page.<16 hex>.wasm`). */
const HASHED = `pkg/${readdirSync(join(root, 'www/pkg')).find((name) => /^page\.[0-9a-f]{16}\.wasm$/.test(name))}`;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** URL path → file under the served directory, one per compressible kind. */
const FILES = [
  ['/', 'index.html'],
  ['/embed.js', 'embed.js'],
  ['/style.css', 'style.css'],
  ['/i18n/en.json', 'i18n/en.json'],
  ['/pkg/mimecast_sso_web_bg.wasm', 'pkg/mimecast_sso_web_bg.wasm'],
  ['/favicon.svg', 'favicon.svg'],
];

/** GET (or `method`) with exactly `headers`, the body as sent (node's fetch would decode it). */
function get(url, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function assertSecurityHeaders(res, what) {
  assert.match(res.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.ok(res.headers['strict-transport-security'], what);
}

const varies = (res) => (res.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).includes('accept-encoding');

describe('static files through the Worker', () => {
  let site;
  let worker;

  before(async () => {
    site = mkdtempSync(join(tmpdir(), 'mimecast-sso-www-'));
    cpSync(join(root, 'www'), site, { recursive: true });
    worker = await startWorker({ assets: site });
  });

  after(async () => {
    await worker?.stop();
    if (site) rmSync(site, { recursive: true, force: true });
  });

  test('with Accept-Encoding: gzip, every text and wasm file comes gzip-compressed and gunzips to the file', async () => {
    for (const [path, file] of FILES) {
      const res = await get(`${worker.url}${path}`, { 'Accept-Encoding': 'gzip' });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-encoding'], 'gzip', path);
      assert.ok(varies(res), `${path}: Vary: Accept-Encoding`);
      assert.match(res.headers.etag ?? '', /^W\//, `${path}: a compressed body has a weak ETag`);
      const onDisk = readFileSync(join(site, file));
      assert.ok(res.body.length < onDisk.length, `${path}: ${res.body.length} bytes sent for ${onDisk.length}`);
      assert.ok(gunzipSync(res.body).equals(onDisk), `${path}: gunzips to the file`);
      assertSecurityHeaders(res, path);
    }
  });

  test('with Accept-Encoding: br, they come Brotli-compressed and decode to the file', async () => {
    for (const [path, file] of FILES) {
      const res = await get(`${worker.url}${path}`, { 'Accept-Encoding': 'br' });
      assert.equal(res.headers['content-encoding'], 'br', path);
      assert.ok(brotliDecompressSync(res.body).equals(readFileSync(join(site, file))), path);
    }
  });

  test("with a browser's Accept-Encoding, they come compressed one way or the other and decode to the file", async () => {
    // The Worker picks br on this tie; `wrangler dev`'s stand-in for Cloudflare's edge re-picks the
    // first listed (gzip). Either is right; the bytes must decode.
    const decode = { gzip: gunzipSync, br: brotliDecompressSync };
    for (const [path, file] of FILES) {
      const res = await get(`${worker.url}${path}`, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
      const coding = res.headers['content-encoding'];
      assert.ok(coding in decode, `${path}: Content-Encoding ${coding}`);
      assert.ok(decode[coding](res.body).equals(readFileSync(join(site, file))), path);
    }
  });

  test('without Accept-Encoding, or refusing both codings, they come as they are', async () => {
    for (const accept of [undefined, 'identity', 'gzip;q=0, br;q=0', 'deflate']) {
      for (const [path, file] of FILES) {
        const res = await get(`${worker.url}${path}`, accept === undefined ? {} : { 'Accept-Encoding': accept });
        const what = `${path} (Accept-Encoding: ${accept ?? 'none'})`;
        assert.equal(res.status, 200, what);
        assert.equal(res.headers['content-encoding'], undefined, what);
        assert.ok(varies(res), `${what}: Vary: Accept-Encoding`);
        assert.ok(res.body.equals(readFileSync(join(site, file))), what);
        assert.match(res.headers.etag ?? '', /^"/, `${what}: the strong ETag of the file`);
      }
    }
  });

  test('a content-hashed file is cached for a year, index.html and unhashed files are revalidated', async () => {
    const hashed = await get(`${worker.url}/${HASHED}`, { 'Accept-Encoding': 'gzip' });
    assert.equal(hashed.status, 200);
    assert.equal(hashed.headers['cache-control'], IMMUTABLE);
    assert.ok(gunzipSync(hashed.body).equals(readFileSync(join(site, HASHED))));
    for (const path of ['/', '/main.js', '/pkg/mimecast_sso_web_bg.wasm', '/i18n/en.json']) {
      const res = await get(`${worker.url}${path}`);
      assert.equal(res.headers['cache-control'], 'no-cache', path);
    }
    const missing = await get(`${worker.url}/pkg/page.fedcba9876543210.wasm`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['cache-control'], 'no-cache', 'a missing hashed name is not cached for a year');
    assertSecurityHeaders(missing, 'the 404');
  });

  test('If-None-Match with the ETag answers 304, compressed or not, with the same caching headers', async () => {
    for (const [path, accept, cacheControl] of [
      ['/', 'gzip', 'no-cache'],
      ['/', undefined, 'no-cache'],
      [`/${HASHED}`, 'gzip', IMMUTABLE],
    ]) {
      const headers = accept ? { 'Accept-Encoding': accept } : {};
      const first = await get(`${worker.url}${path}`, headers);
      const etag = first.headers.etag;
      assert.ok(etag, `${path}: an ETag`);
      const again = await get(`${worker.url}${path}`, { ...headers, 'If-None-Match': etag });
      const what = `${path} (If-None-Match: ${etag})`;
      assert.equal(again.status, 304, what);
      assert.equal(again.body.length, 0, what);
      assert.equal(again.headers['cache-control'], cacheControl, what);
      assert.equal(again.headers.etag, etag, what);
      assert.ok(varies(again), `${what}: Vary: Accept-Encoding`);
      assertSecurityHeaders(again, what);
    }
  });

  test('HEAD answers the headers a GET would, with no body', async () => {
    const res = await get(`${worker.url}/embed.js`, { 'Accept-Encoding': 'gzip' }, 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.ok(varies(res));
    assert.equal(res.body.length, 0);
  });

  test('API answers keep their own caching and are not touched by the static rules', async () => {
    const res = await get(`${worker.url}/api/v1/health`, { 'Accept-Encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assertSecurityHeaders(res, '/api/v1/health');
  });
});
