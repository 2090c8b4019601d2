// Starts the built Worker under `wrangler dev --local` (real workerd) on free loopback ports, waits
// until it answers, and stops its whole process group afterwards, also when a test fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const running = new Set();

function groupAlive(child) {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `wrangler dev` for this repository. `vars` become `--var NAME:VALUE` settings; `secrets`
 * go into a private env file (`--env-file`), which wrangler treats like `.dev.vars` and does not print;
 * `assets` (a directory) replaces `www/` as what the `ASSETS` binding serves (`--assets`);
 * `persistTo` keeps KV and cache state in a directory of the caller's (it outlives `stop()`, so a
 * second Worker started on it sees the same state); `testScheduled` exposes `/__scheduled`.
 * Returns `{ url, logs, stop }`; `logs()` is everything wrangler and the Worker printed.
 */
export async function startWorker(options = {}) {
  // Free ports are picked before wrangler binds them, so another process can take one in between
  // ("Address already in use"); only that failure is retried, on new ports.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startWorkerOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE|address already in use/i.test(String(error?.message))) throw error;
    }
  }
}

async function startWorkerOnce({ vars = {}, secrets = {}, assets, persistTo, testScheduled = false, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'mimecast-sso-wrangler-'));
  const args = [
    'dev', '--local', '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--show-interactive-dev-session=false', '--persist-to', persistTo ?? state,
  ];
  if (testScheduled) args.push('--test-scheduled');
  if (assets !== undefined) args.push('--assets', assets);
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  if (Object.keys(secrets).length > 0) {
    const envFile = join(state, 'secrets.env');
    const lines = Object.entries(secrets).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
    writeFileSync(envFile, `${lines.join('\n')}\n`, { mode: 0o600 });
    args.push('--env-file', envFile);
  }
  const child = spawn(join(root, 'node_modules/.bin/wrangler'), args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      XDG_CONFIG_HOME: join(state, 'config'),
    },
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const exited = new Promise((resolveExit) => child.on('exit', resolveExit));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!running.has(child)) return;
    running.delete(child);
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // workerd grandchildren, if any survived
    for (let i = 0; i < 50 && groupAlive(child); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
    rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  let exitCode;
  exited.then((code) => { exitCode = code ?? 'signal'; });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`wrangler dev exited (${exitCode}) before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return { url, logs: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
}
