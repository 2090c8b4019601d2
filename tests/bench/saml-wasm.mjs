// The sign-on test's verification in WebAssembly (`cargo xtask bench`): `inspectSamlResponse` of
// the API module (`www/pkg/mimecast_sso_web.js`, the same core the page's step 8 runs) on the
// typical Entra response of crates/core/tests/data/saml/, timed in Node.js's V8 (Chromium's
// engine). Prints the median and the 90th percentile of the runs; asserts nothing.
//
//   node tests/bench/saml-wasm.mjs [--runs 300]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const root = join(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '300' } } });
const runs = Number(values.runs);
const api = await import(join(root, 'www/pkg/mimecast_sso_web.js'));
api.initSync({ module: readFileSync(join(root, 'www/pkg/mimecast_sso_web_bg.wasm')) });
const data = join(root, 'crates/core/tests/data/saml');
const response = readFileSync(join(data, 'entra-response.xml'), 'utf8');
const expected = {
  identifier: 'https://eu-api.mimecast.com/sso/CUK1A234',
  replyUrl: 'https://eu-api.mimecast.com/login/saml',
  issuer: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
  certificate: readFileSync(join(data, 'entra-signing.pem'), 'utf8'),
};
const now = Date.parse('2026-12-03T12:01:00Z');
const first = api.inspectSamlResponse(response, expected, now);
if (!first.verified) throw new Error(`the fixture does not verify: ${JSON.stringify(first.findings)}`);
const times = [];
for (let i = 0; i < runs; i += 1) {
  const start = performance.now();
  api.inspectSamlResponse(response, expected, now);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`inspectSamlResponse (wasm, ${runs} runs, 5.2 KB Entra response, RSA-2048): median ${at(0.5).toFixed(3)} ms, p90 ${at(0.9).toFixed(3)} ms`);
