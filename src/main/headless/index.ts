import { join } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json';
import { EXPORTS_DIR } from '../../shared/export';
import { createHandlers } from '../core/api';
import { createLogger } from '../core/create-logger';
import { startCore, type Core } from '../core/core';
import { requestedDataDir } from '../core/data-dir';
import { newAccessToken } from './access-token';
import { browserNotifier } from './browser-notifier';
import { startHeadlessServer, type HeadlessServer } from './headless-server';

const USAGE = `Usage: npm run serve -- --data-dir DIR [--port N] [--host ADDRESS]

Runs Botdeck without a window: the bots, and the console served to a browser.
It listens on 127.0.0.1 unless --host says otherwise, and prints the address to open,
which carries a random access token; anything without the token is refused.`;

async function main(): Promise<void> {
  let values: { port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = requestedDataDir(process.argv.slice(2), process.env);
  const port = Number(values.port ?? '8420');
  if (dataDir === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  // The notifier needs the core's events and the server's consoles, both made just below.
  let core: Core | null = null;
  let server: HeadlessServer | null = null;
  const notifier = browserNotifier({ push: (content) => core?.events.emit('notification.show', content), consoles: () => server?.consoles() ?? 0 });
  core = await startCore({ dataDir, appVersion: packageJson.version, logger: createLogger(dataDir), notifier });
  server = await startHeadlessServer({
    handlers: createHandlers(core, process.platform),
    events: core.events,
    rendererDir: join(__dirname, '../../../out/renderer'),
    exportsDir: join(dataDir, EXPORTS_DIR),
    host: values.host ?? '127.0.0.1',
    port,
    token: newAccessToken(),
  });
  const refusal = core.botsMayRun();
  if (refusal !== null) process.stderr.write(`Bots are stopped: ${refusal.message}\n`);
  process.stdout.write(`Botdeck console: ${server.url}\n`);
  const running = { core, server };
  const stop = (): void => {
    void running.server.close().then(() => running.core.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
