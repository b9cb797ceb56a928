// The headless server in a process of its own, as `npm run serve` runs it but on a free
// loopback port, so a test can see whether hostile input ends the process. No process-wide
// fault handler is installed here: what the server does not handle itself ends this process.
// Usage: headless-child.ts DATA_DIR RENDERER_DIR [API_ROOT BOT_TOKEN]
import { createHandlers } from '../../src/main/core/api';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer } from '../../src/main/headless/headless-server';
import { fastFleet, fleetOf, startEngine } from './engine';

const [dataDir, rendererDir, apiRoot, botToken] = process.argv.slice(2);
if (dataDir === undefined || rendererDir === undefined) throw new Error('usage: headless-child DATA_DIR RENDERER_DIR [API_ROOT BOT_TOKEN]');

async function main(dataDir: string, rendererDir: string): Promise<void> {
  const core = await startEngine(dataDir, apiRoot ?? 'http://127.0.0.1:9', fastFleet);
  if (botToken !== undefined) {
    const bot = await fleetOf(core).addBot(botToken);
    fleetOf(core).startBot(bot.id);
  }
  const token = newAccessToken();
  const server = await startHeadlessServer({ handlers: createHandlers(core, process.platform), events: core.events, rendererDir, host: '127.0.0.1', port: 0, token });
  process.stdout.write(`${JSON.stringify({ port: server.port, token })}\n`);
  process.on('SIGTERM', () => {
    void server
      .close()
      .then(() => core.close())
      .then(() => process.exit(0));
  });
}

void main(dataDir, rendererDir);
