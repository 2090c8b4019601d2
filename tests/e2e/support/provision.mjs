// Runs the `mimecast-sso` command-line tool (built by `cargo xtask build` as
// target/debug/mimecast-sso): `users create` drives the core's bulk-run engine over HTTP(S) against
// a running Worker. `runCli` gives any command's exit code and output; `provision` runs
// `users create --json` and also gives its JSON summary and the CSV report it wrote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './worker.mjs';

/** The CLI binary; throws when it has not been built. */
export function cliBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const path = join(target, 'debug', 'mimecast-sso');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`cargo xtask build\` first`);
  return path;
}

/**
 * Runs `mimecast-sso ...args`; `token` goes into PROXY_TOKEN (none when undefined), `input` to its
 * standard input. Resolves with `{ code, stdout, stderr, ms }` (the wall time in milliseconds).
 */
export function runCli(args, { token, input, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PROXY_TOKEN: token ?? '' };
    // Loopback calls must not go through a proxy the environment may name.
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) {
      delete env[name];
    }
    const started = Date.now();
    const child = spawn(cliBinary(), args, {
      cwd: root,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    if (input !== undefined) child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * `mimecast-sso users create --worker URL --csv FILE --report FILE --json ...extra`, the token in
 * PROXY_TOKEN. Resolves with `{ code, summary, stdout, stderr, report, ms }`; `summary` is the JSON
 * summary (null when the run did not start, e.g. the Worker was unreachable).
 */
export async function provision({ workerUrl, csv, report, token, extra = [], timeoutMs = 180_000 }) {
  const args = ['users', 'create', '--worker', workerUrl, '--csv', csv, '--report', report, '--json', ...extra];
  const run = await runCli(args, { token, timeoutMs });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  let summary = null;
  try {
    summary = line ? JSON.parse(line) : null;
  } catch {
    throw new Error(`the CLI printed no JSON summary (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { ...run, summary, report: existsSync(report) ? readFileSync(report, 'utf8') : '' };
}
