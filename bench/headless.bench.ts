import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToken, startFakeTelegram } from '../test/support/fake-telegram';
import { fuzzCases } from '../test/support/fuzz-inputs';
import { consoleServed, contractAnswers, runFuzz } from '../test/support/fuzz-run';
import { fakeConsoleDir, startHeadlessChild } from '../test/support/headless-process';
import { sleep, type Figure } from './figures';

const CASES = 10_000;
const BATCH = 500;
const SEED = Number(process.env['BOTDECK_FUZZ_SEED'] ?? '1');
const BOT = fakeToken(560_001);

/** Whether the bot welcomes a new /start within 15 s. */
async function welcomes(fake: Awaited<ReturnType<typeof startFakeTelegram>>, userId: number): Promise<boolean> {
  fake.sendStart(BOT, { id: userId, firstName: 'Lead' });
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (fake.sent(BOT, userId).length === 1) return true;
    await sleep(100);
  }
  return false;
}

/**
 * 10,000 generated malformed requests, cookies, upgrades and frames (test/support/fuzz-inputs.ts)
 * against the headless server in a process of its own with a bot running, a few connections
 * at a time. That process has no process-wide fault handler, so anything the server does not
 * handle ends it. After every 500 cases a probe asks: is the process alive, does it serve the
 * console with the cookie, and does it answer a contract call over the WebSocket? Survived =
 * the cases of the batches whose probe passed; a failed probe counts its whole batch as lost.
 */
export async function headlessBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  mkdirSync(workDir, { recursive: true });
  const fake = await startFakeTelegram();
  fake.addBot({ token: BOT, id: 560_001, username: 'bench_fuzz_bot', firstName: 'Fuzz' });
  const child = await startHeadlessChild({ dataDir: join(workDir, 'data'), rendererDir: fakeConsoleDir(workDir), apiRoot: fake.apiRoot, botToken: BOT });
  try {
    if (!(await welcomes(fake, 1))) throw new Error('headless bench: the bot did not welcome a /start before the fuzz');
    log(`headless: ${CASES} fuzz cases (seed ${SEED}), probing every ${BATCH}...`);
    const result = await runFuzz({
      port: child.port,
      cases: fuzzCases(SEED, CASES, { port: child.port, token: child.token }),
      concurrency: 6,
      batchSize: BATCH,
      probe: async () => child.alive() && (await consoleServed(child.port, child.token)) && (await contractAnswers(child.port, child.token)),
    });
    const kinds = Object.entries(result.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    log(
      `headless: sent ${kinds}; ${result.timedOut} closed by the client after 2 s; failed batches: ${result.failedBatches.length === 0 ? 'none' : result.failedBatches.join(', ')}`,
    );
    log(`headless: afterwards the bot ${(await welcomes(fake, 2)) ? 'welcomed' : 'did NOT welcome'} a new /start${child.alive() ? '' : `; the server died: ${child.stderr()}`}`);
    return [
      { name: 'headless.fuzz_requests_sent', unit: 'requests', value: result.sent, baseline: null, baselineLabel: null, target: `>= ${CASES}`, meetsTarget: result.sent >= CASES },
      {
        name: 'headless.fuzz_requests_survived',
        unit: 'requests',
        value: result.survived,
        baseline: null,
        baselineLabel: null,
        target: `= sent (${result.sent})`,
        meetsTarget: result.survived === result.sent,
      },
    ];
  } finally {
    await child.stop();
    await fake.close();
  }
}
