// The page under `cargo xtask dev`'s set-up (the Worker pointed at the Mimecast simulator) says that
// it is connected to the simulator, so nobody mistakes it for a real Mimecast.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshots } from './support/browser.mjs';
import { SIM_CREDENTIALS, startSimulator } from './support/simulator.mjs';
import { root, startWorker } from './support/worker.mjs';

const en = JSON.parse(readFileSync(join(root, 'www/i18n/en.json'), 'utf8'));

describe('page against the Mimecast simulator', () => {
  let sim;
  let worker;
  let browser;

  before(async () => {
    sim = await startSimulator();
    worker = await startWorker({
      vars: { MIMECAST_BASE_URL: sim.url, LOCAL_DEV_AUTH: 'loopback' },
      secrets: SIM_CREDENTIALS,
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await sim?.stop();
  });

  test('health says simulator and the page says so too', async () => {
    const health = await (await fetch(`${worker.url}/api/v1/health`)).json();
    assert.equal(health.simulator, true);
    const { page, problems } = await openPage(browser.context, `${worker.url}/`);
    await page.waitForSelector('[data-server="simulator"]', { timeout: 15_000 });
    const note = await page.locator('.mss-server[data-server]').innerText();
    assert.ok(note.includes(en['ui.server.simulator']), `note "${note}" names the simulator`);
    await page.locator('.mss-server[data-server]').screenshot({ path: join(screenshots, 'page-simulator-note.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
