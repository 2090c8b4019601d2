// Runs the native provisioning driver (`cargo xtask provision`, built as target/debug/xtask): the
// core's bulk-run engine over HTTP against a running Worker. Resolves with its JSON summary, its
// stdout (to check for secrets) and the CSV report it wrote.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './worker.mjs';

function binary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const path = join(target, 'debug', 'xtask');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`cargo xtask build\` first`);
  return path;
}

/** `cargo xtask provision --worker URL --csv FILE --report FILE`, the token in PROXY_TOKEN. */
export function provision({ workerUrl, csv, report, token, extra = [], timeoutMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const args = ['provision', '--worker', workerUrl, '--csv', csv, '--report', report, ...extra];
    const child = spawn(binary(), args, {
      cwd: root,
      env: { ...process.env, PROXY_TOKEN: token ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const summary = JSON.parse(line);
        resolve({ code, summary, stdout, stderr, report: existsSync(report) ? readFileSync(report, 'utf8') : '' });
      } catch {
        reject(new Error(`the driver printed no summary (exit ${code}):\n${stdout}\n${stderr}`));
      }
    });
  });
}
