import { join } from 'node:path';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';

export const projectRoot = join(__dirname, '../..');

/** The built console (out/, built once per run by test/support/build-console.ts) and the contract, served on loopback by the headless server as `botdeck serve` would. */
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
