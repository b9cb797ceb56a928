// An engine with N bots polling and nothing to do; prints its resident memory as JSON.
// Usage: idle-engine-process.ts DATA_DIR API_ROOT FIRST_BOT_ID COUNT
import { startCore } from '../../src/main/core/core';
import { fakeToken } from '../../test/support/fake-telegram';
import { sleep } from '../figures';

const [dataDir = '', apiRoot = '', firstId = '0', count = '0'] = process.argv.slice(2);

async function main(): Promise<void> {
  const core = await startCore({ dataDir, appVersion: 'bench', env: { BOTDECK_TELEGRAM_API_ROOT: apiRoot } });
  const fleet = core.fleet();
  if (fleet === null) throw new Error('no fleet');
  for (let i = 0; i < Number(count); i += 1) fleet.startBot((await fleet.addBot(fakeToken(Number(firstId) + i))).id);
  // Long enough for every bot to be in its long poll, and for start-up garbage to settle.
  await sleep(8000);
  process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / 1024 / 1024 })}\n`);
  await core.close();
  process.exit(0);
}

void main();
