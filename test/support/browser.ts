import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (never a downloaded one); BOTDECK_CHROMIUM points elsewhere. */
export const chromiumPath = process.env['BOTDECK_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. CI sets BOTDECK_REQUIRE_BROWSER=1 so that a
 * missing browser fails the run instead of skipping the tests.
 */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env['BOTDECK_REQUIRE_BROWSER'] === '1') throw new Error(`No Chromium at ${chromiumPath}; install it (apt-get install chromium) or set BOTDECK_CHROMIUM.`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
