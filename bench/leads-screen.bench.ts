import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHandlers } from '../src/main/core/api';
import { startCore } from '../src/main/core/core';
import { newAccessToken } from '../src/main/headless/access-token';
import { startHeadlessServer } from '../src/main/headless/headless-server';
import { browserAvailable, launchBrowser } from '../test/support/browser';
import { median, type Figure } from './figures';
import { buildLeadsStore } from './support/million-leads';

const ROOT = join(__dirname, '..');
const RUNS = 5;

/**
 * Runs in the page: click "Leads", then wait frame by frame for a cell holding a lead's
 * data. A row not loaded yet shows "…" in every cell, so a cell alone proves nothing.
 */
const MEASURE_IN_PAGE = `new Promise((resolve) => {
  const start = performance.now();
  const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Leads');
  button.click();
  const loaded = (cell) => {
    const text = (cell.textContent ?? '').trim();
    return text !== '' && text !== '…';
  };
  const check = () => {
    if ([...document.querySelectorAll('[role="table"] [role="cell"]')].some(loaded)) resolve(performance.now() - start);
    else requestAnimationFrame(check);
  };
  check();
})`;

/**
 * Milliseconds from clicking "Leads" to the first lead's data on screen, in Chromium,
 * median of RUNS. Each run opens a fresh page: the console keeps the rows of an earlier
 * visit, and a second visit would show those instead of asking the engine.
 */
async function firstRows(dataDir: string): Promise<number> {
  const core = await startCore({ dataDir, appVersion: 'bench' });
  const server = await startHeadlessServer({
    handlers: createHandlers(core, 'linux'),
    events: core.events,
    rendererDir: join(ROOT, 'out/renderer'),
    host: '127.0.0.1',
    port: 0,
    token: newAccessToken(),
  });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // Measured inside the page, frame by frame, so the driver's own round trips do not count.
      times.push(await page.evaluate<number>(MEASURE_IN_PAGE));
      await page.close();
    }
    return median(times);
  } finally {
    await browser.close();
    await server.close();
    await core.close();
  }
}

/** The leads screen on a 1,000,000-lead store, next to the same screen on 1,000 leads. */
export async function leadsScreenBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  if (!browserAvailable()) {
    log('leads screen: no Chromium here, skipped (install chromium or set BOTDECK_CHROMIUM)');
    return [];
  }
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
  log('leads screen: building stores of 1,000 and 1,000,000 leads...');
  await buildLeadsStore(join(workDir, 'small'), 1000);
  await buildLeadsStore(join(workDir, 'million'));
  const small = await firstRows(join(workDir, 'small'));
  const million = await firstRows(join(workDir, 'million'));
  return [{ name: 'leads.first_rows_ms', unit: 'ms', value: million, baseline: small, baselineLabel: '1,000 leads', target: '< 300 ms', meetsTarget: million < 300 }];
}
