// The docs cannot drift from the code. Every fenced block of README.md and docs/*.md is run or
// checked by a test (a block of a kind no test handles fails here); every relative link points to
// a file that exists, and an anchor to a heading that exists; every setting and secret the Worker
// reads is in docs/settings.md; and every HTTP example of docs/api.md is sent, in order, to a
// Worker in front of the Mimecast API simulator (and a stand-in for Entra's metadata), its answer
// checked against the documented one: the status, the headers shown, and every key shown with its
// JSON type (for an array, each element shown against the answer's element at the same place);
// the values of `code` and `outcome` keys exactly.
//
// Block kinds: ```rust (doctests of mimecast-sso-core: the page must be included in
// crates/core/src/lib.rs), ```http + ```json (docs/api.md, run here), ```html / ```js / ```ts
// (docs/embedding.md, run by embed-example.test.mjs), ```sh (each command checked: a `cargo xtask`
// command exists, a `wrangler secret put` names a secret the Worker reads, a `mimecast-sso`
// command's flags are in its --help; `curl` must be written as an ```http pair), ```dotenv
// (names the Worker reads) and ```text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  API_DOC, EMBEDDING_ATTRS, EMBEDDING_DOC, anchors, docFiles, fencedBlocks, links, readDoc,
} from './support/docs.mjs';
import { metadataDocument, metadataPath, startEntraStandIn } from './support/entra.mjs';
import { PROXY_TOKEN } from './support/secrets.mjs';
import { SIM_CREDENTIALS, startSimulator } from './support/simulator.mjs';
import { root, startWorker } from './support/worker.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');

/** Every `.rs` file under `dir` (relative to the root). */
function rustFiles(dir) {
  const found = [];
  const walk = (path) => {
    for (const name of readdirSync(join(root, path))) {
      const child = `${path}/${name}`;
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith('.rs')) found.push(child);
    }
  };
  walk(dir);
  return found;
}

/** The settings, secrets and bindings the Worker reads by name (`"EMBED_ORIGINS"`, …). */
const workerNames = (() => {
  const names = new Set();
  for (const file of [...rustFiles('worker/src'), ...rustFiles('crates/core/src')]) {
    const text = read(file).replace(/env!\("[A-Z0-9_]+"\)/g, '');
    for (const match of text.matchAll(/"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"/g)) names.add(match[1]);
  }
  return names;
})();

/** The subcommands `cargo xtask` answers (the arms of its `match`). */
const xtaskCommands = new Set(
  [...read('xtask/src/main.rs').matchAll(/Some\(("[^)]*")\)\s*=>/g)]
    .flatMap((m) => [...m[1].matchAll(/"([^"]+)"/g)].map((n) => n[1])),
);

function cliHelp(words) {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const binary = join(target, 'debug', 'mimecast-sso');
  assert.ok(existsSync(binary), `${binary} is missing: run \`cargo xtask build\` first`);
  return execFileSync(binary, [...words, '--help'], { encoding: 'utf8' });
}

/** Checks one shell command of a ```sh block; returns what was checked. */
function checkCommand(command) {
  const words = command.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--')).map((w) => w.split('=')[0]);
  if (words[0] === 'cargo' && words[1] === 'xtask') {
    assert.ok(xtaskCommands.has(words[2]), `\`cargo xtask ${words[2]}\` is not a command of xtask/src/main.rs`);
    for (const flag of flags) assert.match(read('xtask/src/main.rs'), new RegExp(`${flag}\\b`), `xtask's help has no ${flag}`);
    return 'cargo xtask';
  }
  if (words[0] === 'npx' && words[1] === 'wrangler') {
    assert.ok(existsSync(join(root, 'node_modules/.bin/wrangler')), 'wrangler is installed by npm');
    if (words[2] === 'secret') {
      assert.equal(words[3], 'put', command);
      assert.ok(workerNames.has(words[4]), `the Worker reads no secret ${words[4]}`);
      return 'wrangler secret put';
    }
    assert.ok(['deploy', 'dev'].includes(words[2]), `no check for \`${command}\``);
    return `wrangler ${words[2]}`;
  }
  if (words[0] === 'mimecast-sso') {
    const sub = words.slice(1).filter((w, i, all) => !w.startsWith('-') && all.slice(0, i).every((p) => !p.startsWith('-')));
    const help = cliHelp(sub);
    for (const flag of flags) assert.ok(help.includes(flag), `\`mimecast-sso ${sub.join(' ')} --help\` has no ${flag}`);
    return 'mimecast-sso';
  }
  assert.notEqual(words[0], 'curl', 'write a curl call as an ```http request + ```json answer pair in docs/api.md, which the docs test sends');
  assert.fail(`no test checks the command \`${command}\`; add a check to tests/e2e/docs.test.mjs`);
}

/** The commands of a ```sh block: continuation lines joined, comments and blank lines dropped. */
function commands(body) {
  return body.replace(/\\\n\s*/g, ' ').split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

describe('docs: every fenced block is run or checked by a test', () => {
  const lib = read('crates/core/src/lib.rs');
  for (const file of docFiles()) {
    test(file, (t) => {
      const blocks = fencedBlocks(readDoc(file));
      const counts = {};
      blocks.forEach((block, i) => {
        const where = `${file}:${block.line} (\`\`\`${block.lang})`;
        const count = (kind) => { counts[kind] = (counts[kind] ?? 0) + 1; };
        switch (block.lang) {
          case 'rust': {
            const include = `include_str!("../../../${file}")`;
            const at = lib.indexOf(include);
            assert.ok(at >= 0 && lib.slice(Math.max(0, at - 120), at).includes('#[cfg(doctest)]'),
              `${where}: add \`#[cfg(doctest)] #[doc = ${include}] mod …{}\` to crates/core/src/lib.rs so its Rust blocks run as doctests`);
            count('rust (doctest)');
            break;
          }
          case 'http':
            assert.equal(file, API_DOC, `${where}: HTTP examples belong in ${API_DOC}, whose test sends them`);
            assert.equal(blocks[i + 1]?.lang, 'json', `${where}: an HTTP request is followed by its \`\`\`json answer`);
            count('http (sent)');
            break;
          case 'json':
            assert.equal(blocks[i - 1]?.lang, 'http', `${where}: a JSON block is the answer to the \`\`\`http request before it`);
            break;
          case 'html':
          case 'js':
          case 'ts':
            assert.equal(file, EMBEDDING_DOC, `${where}: page examples belong in ${EMBEDDING_DOC}, whose test runs them`);
            assert.ok(EMBEDDING_ATTRS.some((a) => a in block.attrs),
              `${where}: say how embed-example.test.mjs tests it: ${EMBEDDING_ATTRS.map((a) => `${a}=…`).join(', ')}`);
            count(`${block.lang} (embed-example.test.mjs)`);
            break;
          case 'sh':
            for (const command of commands(block.body)) count(`sh: ${checkCommand(command)}`);
            break;
          case 'dotenv':
            for (const line of block.body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
              const name = line.split('=')[0].trim();
              assert.ok(workerNames.has(name), `${where}: the Worker reads no setting or secret ${name}`);
              count('dotenv name');
            }
            break;
          case 'text':
            count('text');
            break;
          default:
            assert.fail(`${where}: no test runs a \`\`\`${block.lang || '(no language)'} block; use one of rust, http + json, html/js/ts (embedding), sh, dotenv, text`);
        }
      });
      t.diagnostic(`${file}: ${JSON.stringify(counts)}`);
    });
  }
});

describe('docs: links', () => {
  for (const file of docFiles()) {
    test(`${file}: every relative link points to an existing file (and heading)`, () => {
      const text = readDoc(file);
      for (const { target, line } of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#');
        const resolved = path ? resolve(root, dirname(file), decodeURIComponent(path)) : join(root, file);
        assert.ok(resolved.startsWith(root), `${file}:${line}: ${target} leaves the repository`);
        assert.ok(existsSync(resolved), `${file}:${line}: ${target} does not exist`);
        if (anchor && resolved.endsWith('.md')) {
          const headings = anchors(readFileSync(resolved, 'utf8'));
          assert.ok(headings.has(anchor), `${file}:${line}: ${target}: no heading #${anchor} (there are: ${[...headings].join(', ')})`);
        }
      }
    });
  }

  test('docs/settings.md names every setting, secret and binding the Worker reads', () => {
    const settings = readDoc('docs/settings.md');
    const missing = [...workerNames].filter((name) => !settings.includes(`\`${name}\``));
    assert.deepEqual(missing, [], 'document these in docs/settings.md');
  });
});

/** The request of an ```http block: method, path, headers and body (`< file` reads a file). */
function parseRequest(body, file) {
  const [head, ...rest] = body.split(/\n\s*\n/);
  const [requestLine, ...headerLines] = head.split('\n');
  const [method, path] = requestLine.trim().split(/\s+/);
  const headers = Object.fromEntries(headerLines.map((l) => {
    const at = l.indexOf(':');
    return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
  }));
  let text = rest.join('\n\n').trim();
  const include = text.match(/^<\s+(\S+)$/);
  if (include) text = readFileSync(resolve(root, dirname(file), include[1]), 'utf8');
  return { method, path, headers, body: text || undefined };
}

/** The answer of a ```json block: `HTTP/1.1 200 OK`, header lines, a blank line, the JSON. */
function parseAnswer(body) {
  const [head, ...rest] = body.split(/\n\s*\n/);
  const [statusLine, ...headerLines] = head.split('\n');
  const status = statusLine.match(/^HTTP\/1\.1 (\d{3})\b/);
  assert.ok(status, `the answer starts with its status line (HTTP/1.1 200 OK), not \`${statusLine}\``);
  const text = rest.join('\n\n').trim();
  return {
    status: Number(status[1]),
    headers: headerLines.map((l) => l.slice(0, l.indexOf(':')).trim()),
    json: text ? JSON.parse(text) : undefined,
  };
}

const jsonType = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Every key of `documented` is in `actual` with the same JSON type; `code`/`outcome` values equal. */
function assertShape(documented, actual, path = '$') {
  assert.equal(jsonType(actual), jsonType(documented), `${path}: documented as ${jsonType(documented)}, answered ${JSON.stringify(actual)?.slice(0, 200)}`);
  if (Array.isArray(documented)) {
    assert.ok(actual.length >= documented.length, `${path}: documented ${documented.length} element(s), answered ${actual.length}`);
    documented.forEach((item, i) => assertShape(item, actual[i], `${path}[${i}]`));
  } else if (jsonType(documented) === 'object') {
    for (const [key, value] of Object.entries(documented)) {
      assert.ok(Object.hasOwn(actual, key), `${path}.${key} is documented but not in the answer: ${JSON.stringify(actual).slice(0, 300)}`);
      if (key === 'code' || key === 'outcome') assert.equal(actual[key], value, `${path}.${key}`);
      assertShape(value, actual[key], `${path}.${key}`);
    }
  }
}

describe(`${API_DOC}: every HTTP example against the Worker and the Mimecast simulator`, () => {
  const text = readDoc(API_DOC);
  const blocks = fencedBlocks(text);
  const pairs = blocks.flatMap((block, i) => (block.lang === 'http' && blocks[i + 1]?.lang === 'json'
    ? [{ request: parseRequest(block.body, API_DOC), answer: parseAnswer(blocks[i + 1].body), line: block.line }]
    : []));
  let sim;
  let entra;
  let worker;
  let next;

  before(async () => {
    sim = await startSimulator();
    entra = await startEntraStandIn();
    // Entra's metadata for every tenant and application the page asks for, with the signing
    // certificate of the core's test data.
    const pem = read('crates/core/tests/data/entra.pem');
    const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '');
    for (const { request } of pairs) {
      const url = new URL(request.path, 'http://docs.invalid');
      if (url.pathname !== '/api/v1/entra/metadata') continue;
      const tenant = url.searchParams.get('tenant');
      entra.serve(metadataPath(tenant, url.searchParams.get('appid')), { body: metadataDocument(tenant, [body]) });
    }
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, MIMECAST_REGION: 'eu', ENTRA_METADATA_BASE_URL: entra.url },
      secrets: { PROXY_TOKEN, ...SIM_CREDENTIALS },
    });
  });

  after(async () => {
    await worker?.stop();
    await entra?.stop();
    await sim?.stop();
  });

  test('the page has HTTP examples for every route', () => {
    const routes = new Set(pairs.map(({ request }) => `${request.method} ${new URL(request.path, 'http://x').pathname}`));
    for (const operation of ['get-account', 'get-internal-domains', 'get-pending-domains', 'create-domain',
      'get-internal-users', 'create-user', 'update-user', 'discover-authentication', 'users:batch']) {
      assert.ok(routes.has(`POST /api/v1/mimecast/${operation}`), `an example of ${operation}`);
    }
    for (const route of ['GET /api/v1/health', 'GET /api/v1/regions', 'POST /api/v1/plan',
      'POST /api/v1/certificate/inspect', 'GET /api/v1/entra/metadata', 'POST /api/v1/saml/inspect',
      'POST /api/v1/entra/explain']) {
      assert.ok(routes.has(route), `an example of ${route}`);
    }
  });

  for (const { request, answer, line } of pairs) {
    test(`${API_DOC}:${line} ${request.method} ${request.path.split('?')[0]} → ${answer.status}`, async () => {
      const fill = (value) => value?.replaceAll('<PROXY_TOKEN>', PROXY_TOKEN).replaceAll('<next>', next ?? '<next>');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, fill(v)]));
      const response = await fetch(`${worker.url}${request.path}`, {
        method: request.method, headers, body: fill(request.body), redirect: 'manual',
      });
      const raw = await response.text();
      assert.equal(response.status, answer.status, `status; the answer was ${raw.slice(0, 500)}`);
      for (const name of answer.headers) assert.ok(response.headers.has(name), `the ${name} header`);
      const actual = raw ? JSON.parse(raw) : undefined;
      if (answer.json !== undefined) assertShape(answer.json, actual);
      next = actual?.meta?.pagination?.next ?? next;
    });
  }

  test('every documented request fits Mimecast\'s reference (the simulator refused none)', async () => {
    assert.deepEqual((await sim.stats()).referenceRefusals, []);
  });
});
