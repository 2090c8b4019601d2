// Starts the Mimecast API simulator (tests/mimecast-simulator, built by `cargo xtask build`) on a
// free loopback port and gives the tests its control endpoints. Stopped with `stop()` (or on exit).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './worker.mjs';

/** The simulator's built-in credentials, as the Worker's secrets (the one copy, which the simulator reads too). */
export const SIM_CREDENTIALS = JSON.parse(readFileSync(join(root, 'tests/mimecast-simulator/credentials.json'), 'utf8'));

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function binary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const path = join(target, 'debug', 'mimecast-simulator');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`cargo xtask build\` first`);
  return path;
}

/** Starts the simulator; resolves once it printed its address. */
export async function startSimulator() {
  const child = spawn(binary(), ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${output}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}):\n${output}`)));
  });
  const control = async (method, path, body) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
    return response.json();
  };
  return {
    url,
    stats: () => control('GET', '/__sim/stats'),
    faults: (faults, repeat = 1) => control('POST', '/__sim/faults', { faults, repeat }),
    reset: () => control('POST', '/__sim/reset', {}),
    setJwks: (jwks) => control('POST', '/__sim/jwks', jwks),
    stop: async () => {
      if (!running.has(child)) return;
      running.delete(child);
      const exited = new Promise((r) => child.on('exit', r));
      await control('POST', '/__sim/shutdown', {}).catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
