import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';

export const projectRoot = join(__dirname, '../..');

/** Builds the console into out/: always, because a stale out/ would test yesterday's console. */
export function buildConsole(): void {
  const build = spawnSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
}

/** The built console and the contract, served on loopback by the headless server as `botdeck serve` would. */
export function serveConsole(core: Core, dataDir: string): Promise<HeadlessServer> {
  return startHeadlessServer({
    handlers: createHandlers(core, 'linux'),
    events: core.events,
    rendererDir: join(projectRoot, 'out/renderer'),
    exportsDir: join(dataDir, 'exports'),
    host: '127.0.0.1',
    port: 0,
    token: newAccessToken(),
  });
}
