// Where a hostile row is given, and how its answer is read back as one code: the page in Chromium
// (`page`), the functions of www/pkg/mimecast_sso_web.js in Node (`wasm`), the Worker's JSON API
// under `wrangler dev` (`api`) and the `mimecast-sso` CLI (`cli`).
//
// Every runner resolves with `{ code, detail, ms, texts, panic }`: `code` is the refusal's stable
// code, else the first error finding's, else `ok`; `detail` what else is worth a column (HTTP
// status, exit code, findings); `ms` the time the input took; `texts` everything the input made
// visible (answers, messages, console, DOM, storage, requests), to search for secrets; `panic` a
// description when the input crashed something (a Rust panic, a 500, exit 101).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fillAccount, helper } from '../e2e/support/helper.mjs';
import { runCli } from '../e2e/support/provision.mjs';
import { root } from '../e2e/support/worker.mjs';

/** What a Rust panic looks like in a message: the panic hook's text or the trap it ends in. */
export const PANIC = /panicked at|RuntimeError|unreachable executed/i;

/** The first error-severity finding's code in `findings`, else `ok`. */
function firstError(findings = []) {
  return findings.find((f) => f.severity === 'error')?.code ?? 'ok';
}

/** The one code of a successful answer of each wasm function (a row's `observe` may say otherwise). */
const primary = {
  inspectCertificate: (r) => firstError(r.findings),
  normalizeCertificate: () => 'ok',
  parseFederationMetadata: (r) => firstError(r.findings),
  readUsersCsv: (r) => r.errors?.[0]?.code ?? 'ok',
  inspectSamlResponse: (r) => firstError(r.findings),
  explainEntraError: (r) => r.explanationCode,
  buildPlan: () => 'ok',
  usersReportCsv: () => 'ok',
};

/** A short detail of a successful answer: its findings' codes but `code`, or its bad lines. */
function detailOf(value, code) {
  if (value && typeof value === 'object') {
    if (Array.isArray(value.findings)) return value.findings.map((f) => f.code).filter((c) => c !== code).join(', ');
    if (Array.isArray(value.errors)) return value.errors.map((e) => `${e.line}:${e.code}`).join(', ');
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// wasm: the API module in Node (initSync), as an embedder calls it.

/** Loads the API module; after a panic (which poisons an instance) it loads a fresh one. */
export async function wasmPlace() {
  const bytes = readFileSync(join(root, 'www/pkg/mimecast_sso_web_bg.wasm'));
  let generation = 0;
  let api;
  const load = async () => {
    generation += 1;
    api = await import(`${join(root, 'www/pkg/mimecast_sso_web.js')}?instance=${generation}`);
    api.initSync({ module: bytes });
  };
  await load();
  return {
    /** Calls `row.via(...args)`; `args` come from `row.make(fx)`. */
    async run(row, fx) {
      const args = row.make(fx);
      const printed = [];
      const saved = {};
      for (const level of ['log', 'warn', 'error']) {
        saved[level] = console[level];
        console[level] = (...parts) => printed.push(parts.join(' '));
      }
      let value;
      let error;
      const started = performance.now();
      try {
        value = api[row.via](...args);
      } catch (caught) {
        error = caught;
      }
      const ms = performance.now() - started;
      Object.assign(console, saved);
      const texts = [...printed];
      let panic = printed.find((line) => PANIC.test(line));
      let code;
      let detail = '';
      if (error) {
        texts.push(String(error?.message), String(error?.stack));
        if (typeof error?.code === 'string') {
          code = error.code;
        } else {
          code = 'uncoded error';
          panic ??= `${error?.name}: ${error?.message}`;
          await load();
        }
      } else {
        texts.push(typeof value === 'string' ? value : JSON.stringify(value));
        code = (row.observe ?? primary[row.via])(value);
        detail = detailOf(value, code);
      }
      return { code, detail, ms, texts, panic, value, error };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// api: HTTP to the Worker.

/**
 * Sends `request` (`{ method, path, headers, body }`) with fetch, or `raw` bytes over a socket
 * for what fetch would normalise first (dot segments, encoded slashes, an absolute-form target).
 */
export function apiPlace(worker) {
  const { port, hostname } = new URL(worker.url);
  return {
    async run(row, fx) {
      const request = row.make(fx);
      const logStart = worker.logs().length;
      const started = performance.now();
      const rawText = typeof request.raw === 'function' ? request.raw(`${hostname}:${port}`) : request.raw;
      const once = () => (rawText === undefined ? send(worker.url, request) : sendRaw(hostname, Number(port), rawText));
      let answer = await once();
      // `wrangler dev` reloads when another build in this checkout rewrites the Worker; a request
      // it cut short says so and is sent once more (it is not the Worker's answer).
      if (answer.status === 503 && /restarted mid-request/.test(answer.text)) answer = await once();
      const ms = performance.now() - started;
      let json;
      try {
        json = JSON.parse(answer.text);
      } catch {
        json = undefined;
      }
      let code;
      if (json === undefined) code = `HTTP ${answer.status}`;
      else if (json?.error?.code) code = json.error.code;
      else code = (row.observe ?? ((value) => firstError(value?.findings)))(json);
      const detail = [String(answer.status), json?.error ? '' : detailOf(json, code)].filter(Boolean).join('; ');
      // The Worker prints its log line as it answers; wrangler passes it on a moment later.
      await new Promise((r) => setTimeout(r, 5));
      const logs = worker.logs().slice(logStart);
      // A 500 or `internal.error` from the Worker, or a panic in its log (a 500 that never reached
      // the Worker, from wrangler's own proxy, is the row's to expect).
      const panic = json?.error?.code === 'internal.error' || (answer.status === 500 && row.status !== 500)
        ? `HTTP ${answer.status} ${json?.error?.code ?? ''}`
        : logs.split('\n').find((line) => PANIC.test(line));
      return { code, detail, ms, texts: [answer.text, JSON.stringify(answer.headers), logs], panic, value: json, status: answer.status, headers: answer.headers };
    },
  };
}

async function send(base, { method = 'GET', path, headers = {}, body }) {
  const response = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

/** One HTTP/1.1 request written as given; resolves with the status, headers and body. */
function sendRaw(host, port, raw) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    const chunks = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => {
        const at = l.indexOf(':');
        return [l.slice(0, at).toLowerCase(), l.slice(at + 1).trim()];
      }));
      let body = rest.join('\r\n\r\n');
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = unchunk(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text: Buffer.from(body, 'latin1').toString('utf8') });
    });
    socket.end(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1'));
  });
}

function unchunk(body) {
  let out = '';
  let rest = body;
  for (;;) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (!size) return out;
    out += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}

// ---------------------------------------------------------------------------------------------
// cli: target/debug/mimecast-sso.

/**
 * Runs `row.make(fx)`: `{ args, stdin, files }`; each `files` entry is written into a fresh
 * directory and `{name}` in `args` becomes its path (a name that is no input file is one the
 * command writes, read back afterwards: `{report.csv}`).
 */
export function cliPlace(dir) {
  let n = 0;
  return {
    async run(row, fx) {
      const { args, stdin, files = {} } = row.make(fx);
      n += 1;
      const here = join(dir, `cli-${n}`);
      mkdirSync(here, { recursive: true });
      const paths = {};
      for (const [name, bytes] of Object.entries(files)) {
        paths[name] = join(here, name);
        writeFileSync(paths[name], bytes);
      }
      const argv = args.map((a) => a.replace(/\{([^}]+)\}/g, (_, name) => paths[name] ?? join(here, name)));
      const started = performance.now();
      const run = await runCli(argv, { input: stdin, timeoutMs: 20_000 });
      const ms = performance.now() - started;
      const out = `${run.stdout}\n${run.stderr}`;
      let json;
      try {
        json = JSON.parse(run.stdout.trim().split('\n').pop());
      } catch {
        json = undefined;
      }
      let code;
      if (json?.error?.code) code = json.error.code;
      else if (/\(([a-z_]+\.[a-z0-9_.]+)\)\s*$/.test(run.stderr)) code = run.stderr.match(/\(([a-z_]+\.[a-z0-9_.]+)\)\s*$/)[1];
      else if (row.observe) code = row.observe(json, run);
      else if (Array.isArray(json?.findings)) code = firstError(json.findings);
      else code = run.code === 0 ? 'ok' : `exit ${run.code}`;
      // What the command wrote: `{name}` placeholders that were not input files (a --report).
      const outputs = {};
      for (const [, name] of args.join(' ').matchAll(/\{([^}]+)\}/g)) {
        if (!(name in files) && existsSync(join(here, name))) outputs[name] = readFileSync(join(here, name), 'utf8');
      }
      const panic = run.code === 101 || PANIC.test(run.stderr) ? `exit ${run.code}: ${run.stderr.slice(0, 200)}` : undefined;
      return { code, detail: `exit ${run.code}`, ms, texts: [out, ...Object.values(outputs)], panic, value: json, run, report: outputs['report.csv'] };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// page: the hosted page in Chromium. Each input is given as an admin gives it (typed or pasted
// into a field, a file chosen or dropped, a button clicked); the time is taken inside the page,
// from the event the page reacts to until the step's result stopped changing.

/** Per kind of input: the step it belongs to and the event the page reacts to. */
const GIVE = {
  paste: { step: 'certificate', event: 'input' },
  drop: { step: 'certificate', event: 'drop' },
  metadata: { step: 'metadata', event: 'change' },
  csv: { step: 'csv', event: 'change' },
  report: { step: 'csv', event: 'change' },
  saml: { step: 'saml', event: 'click' },
};

/** The element each step's result is shown in (what is observed, and marked old before a row). */
const SCOPES = {
  certificate: 'section:has([data-slot="cert-notice"])',
  metadata: '[data-import]',
  csv: '[data-step-users]',
  saml: '[data-step-signon]',
};

/**
 * Runs in the page (one function, as Playwright sends it: the page's CSP allows no eval): waits
 * until `step` shows a result that was not there before the row, then until nothing has changed
 * in the step for 100 ms; resolves with that result and the time from the event to the last change.
 */
function watchInPage({ step, timeoutMs }) {
  const results = {
    // Refused (the notice, or an error finding under the field), or read (the details shown).
    certificate() {
      const scope = document.querySelector('section:has([data-slot="cert-notice"])');
      const notice = scope.querySelector('[data-slot="cert-notice"]');
      const findings = [...scope.querySelectorAll('[data-slot="cert-findings"] [data-code]')];
      const codes = findings.map((e) => e.dataset.code);
      if (notice.classList.contains('is-shown')) {
        return { code: notice.querySelector('[data-code]')?.dataset.code ?? 'notice without code', codes };
      }
      const error = findings.find((e) => /\bsev-error\b/.test(e.className));
      if (error) return { code: error.dataset.code, codes };
      const details = scope.querySelector('[data-slot="cert-details"]');
      const thumbprint = scope.querySelector('[data-value="cert.thumbprint"]')?.textContent.trim();
      if (!details.hidden && thumbprint) return { code: 'ok', codes, thumbprint };
      return null;
    },
    // The import's status line: done, or failed with its code.
    metadata() {
      const row = [...document.querySelectorAll('[data-import-status] [data-state]')]
        .find((e) => !e.__old && (e.dataset.state === 'done' || e.dataset.state === 'failed'));
      if (!row) return null;
      return { code: row.dataset.state === 'done' ? 'ok' : row.dataset.code, codes: [] };
    },
    // The preview: the whole file refused, or its lines (the first bad line's code).
    csv() {
      const preview = document.querySelector('[data-users-preview]');
      const fresh = [...preview.querySelectorAll('[data-code]')].filter((e) => !e.__old);
      const whole = fresh.find((e) => !e.closest('tr'));
      if (whole) return { code: whole.dataset.code, codes: [] };
      const summary = preview.querySelector('.mss-preview-summary');
      if (!summary || summary.__old) return null;
      const lines = fresh.map((e) => `${e.closest('tr')?.dataset.line}:${e.dataset.code}`);
      const rows = [...preview.querySelectorAll('tr[data-line]')].map((tr) => Number(tr.dataset.line));
      return { code: fresh[0]?.dataset.code ?? 'ok', codes: lines, rows, summary: summary.textContent };
    },
    // The response's findings: the first error's code, else ok (verified or not).
    saml() {
      const slot = document.querySelector('[data-slot="signon-result"]');
      const findings = [...slot.querySelectorAll('[data-slot="signon-findings"] [data-code]')].filter((e) => !e.__old);
      if (slot.hidden || findings.length === 0) return null;
      const error = findings.find((e) => /\bsev-error\b/.test(e.className));
      const facts = slot.querySelector('[data-slot="signon-facts"]')?.textContent ?? '';
      return { code: error?.dataset.code ?? 'ok', codes: findings.map((e) => e.dataset.code), facts };
    },
  };
  const state = window.__hostile;
  const started = performance.now();
  return new Promise((resolve) => {
    const poll = () => {
      const shown = results[step]();
      const now = performance.now();
      if (shown && state.t0 !== null && now - (state.last ?? state.t0) > 100) {
        state.observer.disconnect();
        resolve({ shown, ms: (state.last ?? state.t0) - state.t0 });
      } else if (now - started > timeoutMs) {
        state.observer.disconnect();
        resolve({ shown: { code: `no result shown within ${timeoutMs} ms`, codes: [] }, ms: NaN });
      } else {
        setTimeout(poll, 5);
      }
    };
    poll();
  });
}

/**
 * Drops `bytes` as a file named `name` on the certificate's drop zone, as a file manager would
 * (support/helper.mjs's `dropFile` sends the bytes as a JSON array: half a minute for 2 MiB).
 */
async function dropFile(page, name, bytes) {
  const transfer = await page.evaluateHandle(({ name, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], name, { type: 'application/x-x509-ca-cert' }));
    return dt;
  }, { name, base64: Buffer.from(bytes).toString('base64') });
  const zone = page.locator('[data-drop]');
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer: transfer });
}

/** Opens the hosted page with every step's module loaded; `run(row)` gives one input. */
export async function pagePlace(context, url) {
  const page = await context.newPage();
  const consoleLines = [];
  const requests = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${url}/`);
  await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('html[data-wasm="ready"]', { timeout: 15_000 });
  await page.locator('[data-step-signon]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-step-signon][data-signon-state="ready"]', { timeout: 15_000 });
  await page.locator('[data-step-users]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-users-file]', { timeout: 15_000 });
  await page.waitForSelector('[data-users-server="available"]', { timeout: 15_000 });
  await fillAccount(helper(page));
  const certificate = page.locator('textarea[data-field="certificate"]');

  /** The certificate field emptied and nothing shown for it: each certificate row starts here. */
  async function resetCertificate() {
    // A refused key clears the field and keeps its notice until something else is typed: a
    // character, then nothing, leaves the step empty.
    await certificate.fill('x');
    await certificate.fill('');
    await page.waitForFunction(() => {
      const scope = document.querySelector('section:has([data-slot="cert-notice"])');
      return !scope.querySelector('[data-slot="cert-notice"]').classList.contains('is-shown')
        && scope.querySelector('[data-slot="cert-details"]').hidden
        && scope.querySelectorAll('[data-slot="cert-findings"] [data-code]').length === 0;
    }, null, { timeout: 5_000 });
  }

  /** The plan's certificate set to `body` (a SAML response is checked against it). */
  async function planCertificate(body) {
    if ((await certificate.inputValue()) === body) return;
    await certificate.fill(body);
    await page.locator('[data-value="cert.thumbprint"]:not(:empty)').waitFor();
  }

  /** Arms the timer and the observer of `step`, marks what is shown now as old. */
  async function arm(step, event) {
    await page.evaluate(({ scope, event }) => {
      const root = document.querySelector(scope);
      for (const node of root.querySelectorAll('*')) node.__old = true;
      const state = { t0: null, last: null };
      window.__hostile = state;
      document.addEventListener(event, () => { state.t0 ??= performance.now(); }, { capture: true, once: true });
      state.observer = new MutationObserver(() => {
        if (state.t0 !== null) state.last = performance.now();
      });
      state.observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    }, { scope: SCOPES[step], event });
  }

  return {
    page,
    async run(row, fx) {
      const give = GIVE[row.via];
      const input = row.make(fx);
      const consoleStart = consoleLines.length;
      const requestStart = requests.length;
      if (give.step === 'certificate') await resetCertificate();
      if (give.step === 'saml') await planCertificate(fx.saml.signer.body);
      await arm(give.step, give.event);
      if (row.via === 'paste') {
        await certificate.fill(typeof input === 'string' ? input : input.toString('utf8'));
      } else if (row.via === 'drop') {
        await dropFile(page, input.name, input.bytes);
      } else if (row.via === 'metadata') {
        await page.locator('input[type=file][data-file="metadata"]').setInputFiles({ name: input.name, mimeType: 'application/xml', buffer: Buffer.from(input.bytes) });
      } else if (row.via === 'csv' || row.via === 'report') {
        await page.locator('[data-users-file]').setInputFiles({ name: input.name, mimeType: 'text/csv', buffer: Buffer.from(input.bytes) });
      } else if (row.via === 'saml') {
        const step = page.locator('[data-step-signon]');
        await step.locator('[data-signon-field="response"]').fill(input);
        await step.locator('button[data-action="signon-inspect"]').click();
      }
      let { shown, ms } = await page.evaluate(watchInPage, { step: give.step, timeoutMs: 10_000 });
      let report;
      if (row.via === 'report') {
        // The file previewed, then run to its end; the time is the report's download.
        ({ text: report, ms } = await runAndDownloadReport());
        shown = { code: report.startsWith('\uFEFFline,') ? 'ok' : 'no report downloaded', codes: [] };
      }
      const printed = consoleLines.slice(consoleStart);
      const state = await page.evaluate(() => ({
        html: document.documentElement.outerHTML,
        fields: [...document.querySelectorAll('textarea, input')].map((e) => e.value).join('\n'),
        storage: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
      }));
      return {
        code: shown.code,
        detail: (shown.codes ?? []).filter((c) => c !== shown.code).join(', '),
        ms,
        texts: [...printed, ...requests.slice(requestStart), state.html, state.fields, state.storage, state.session],
        panic: printed.find((line) => PANIC.test(line)),
        shown,
        report,
      };
    },
    consoleLines,
    requests,
  };

  /** Runs the file shown in the preview to its end and downloads the report (the step's button). */
  async function runAndDownloadReport() {
    await page.locator('button[data-action="users-start"]').click();
    await page.waitForSelector('[data-run-state="finished"]', { timeout: 30_000 });
    const started = performance.now();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-action="users-report"]').first().click(),
    ]);
    const text = readFileSync(await file.path(), 'utf8');
    return { text, ms: performance.now() - started };
  }
}
