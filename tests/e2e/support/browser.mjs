// Debian's Chromium driven by playwright-core, in a fresh profile, with the flags this closed network
// needs (no background connections). Screenshots go to target/e2e/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root } from './worker.mjs';

export const screenshots = join(root, 'target/e2e');

/** Launches Chromium; `locale` (e.g. 'fr-FR') sets navigator.languages and Accept-Language. */
export async function launchBrowser({ locale } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'mimecast-sso-chromium-'));
  process.env.XDG_CONFIG_HOME = join(home, 'config');
  process.env.XDG_CACHE_HOME = join(home, 'cache');
  const context = await chromium.launchPersistentContext(join(home, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    ...(locale ? { locale } : {}),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  mkdirSync(screenshots, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Opens `url` in a new page and collects console errors and failed requests. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // A request the test's own navigation (reload, goto) cut short is not a failure of the page:
  // the users module and the health check are often still in flight when a test reloads.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}
