import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json';
import { EXPORTS_DIR } from '../../shared/export';
import { createHandlers } from '../core/api';
import { createLogger } from '../core/create-logger';
import { startCore, type Core } from '../core/core';
import { requestedDataDir } from '../core/data-dir';
import { silentLogger } from '../core/logger';
import { catchProcessFaults } from '../core/process-faults';
import { errorText } from '../core/redact';
import { newAccessToken } from './access-token';
import { browserNotifier } from './browser-notifier';
import { startHeadlessServer, type HeadlessServer } from './headless-server';
import { listenPlan } from './listen-plan';

const USAGE = `Usage: npm run serve -- --data-dir DIR [--port N] [--host ADDRESS]
                      [--tls-cert FILE --tls-key FILE | --insecure-no-tls]

Runs Botdeck without a window: the bots, and the console served to a browser.
It listens on 127.0.0.1 unless --host says otherwise, and prints the address to open,
which carries a random access token; anything without the token is refused.
An address other than loopback needs --tls-cert and --tls-key (PEM files: the console
is then served over https), or --insecure-no-tls to accept unencrypted traffic.`;

async function main(): Promise<void> {
  // Until the log is open, a fault still reaches stderr.
  catchProcessFaults(silentLogger);
  let values: { port?: string; host?: string; 'tls-cert'?: string; 'tls-key'?: string; 'insecure-no-tls'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-no-tls': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
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
  const plan = listenPlan({ host: values.host ?? '127.0.0.1', tlsCert: values['tls-cert'], tlsKey: values['tls-key'], insecureNoTls: values['insecure-no-tls'] === true });
  if (!plan.ok) {
    process.stderr.write(`${plan.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  let tls: { cert: Buffer; key: Buffer } | undefined;
  try {
    tls = plan.tls === null ? undefined : { cert: readFileSync(plan.tls.certFile), key: readFileSync(plan.tls.keyFile) };
  } catch (error) {
    process.stderr.write(`The TLS certificate or key could not be read: ${errorText(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger(dataDir);
  catchProcessFaults(logger);
  // The notifier needs the core's events and the server's consoles, both made just below.
  let core: Core | null = null;
  let server: HeadlessServer | null = null;
  const notifier = browserNotifier({ push: (content) => core?.events.emit('notification.show', content), consoles: () => server?.consoles() ?? 0 });
  core = await startCore({ dataDir, appVersion: packageJson.version, logger, notifier });
  const started = core;
  server = await startHeadlessServer({
    handlers: createHandlers(started, process.platform),
    events: started.events,
    // Built to out/main/headless.js: the console is built beside it, in out/renderer.
    rendererDir: join(__dirname, '../renderer'),
    exportsDir: join(dataDir, EXPORTS_DIR),
    host: plan.host,
    port,
    token: newAccessToken(),
    ...(tls === undefined ? {} : { tls }),
    logger,
  }).catch(async (error: unknown) => {
    // Close the store cleanly: the next start must not take this for a crash.
    await started.close();
    throw error;
  });
  const refusal = core.botsMayRun();
  if (refusal !== null) process.stderr.write(`Bots are stopped: ${refusal.message}\n`);
  if (values['insecure-no-tls'] === true) process.stderr.write('Serving without TLS (--insecure-no-tls): the access token and all data cross the network unencrypted.\n');
  const running = { core, server };
  let stopping = false;
  const stop = (): void => {
    // A supervisor may signal every process of the service, wrappers included: stop once.
    if (stopping) return;
    stopping = true;
    void running.server
      .close()
      .then(() => running.core.close())
      .then(() => process.exit(0));
  };
  // Before the address is printed: a supervisor may stop the server as soon as it sees it.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(`Botdeck console: ${server.url}\n`);
}

main().catch((error: unknown) => {
  // Caught process-wide faults keep a running server alive; a server that never started must say so and stop.
  process.stderr.write(`Botdeck could not start: ${errorText(error)}\n`);
  process.exit(1);
});
