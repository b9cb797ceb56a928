import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { fuzzCases } from '../support/fuzz-inputs';
import { consoleServed, contractAnswers, runFuzz } from '../support/fuzz-run';
import { fakeConsoleDir, startHeadlessChild, type HeadlessChild } from '../support/headless-process';
import { tempDir } from '../support/temp-dir';

// Change the seed to explore; a failure names the seed and batch, and replays exactly.
const SEED = Number(process.env['BOTDECK_FUZZ_SEED'] ?? '20261130');
const CASES = 10_000;
const BOT = fakeToken(909_001);

describe('the headless server under 10,000 malformed requests, cookies, upgrades and frames', () => {
  let fake: FakeTelegram;
  let child: HeadlessChild;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: BOT, id: 909_001, username: 'fuzz_bot', firstName: 'Fuzz' });
    const dir = tempDir();
    child = await startHeadlessChild({ dataDir: join(dir, 'data'), rendererDir: fakeConsoleDir(dir), apiRoot: fake.apiRoot, botToken: BOT });
  }, 60_000);

  afterAll(async () => {
    await child.stop();
    await fake.close();
  });

  async function welcomes(userId: number): Promise<void> {
    fake.sendStart(BOT, { id: userId, firstName: 'Lead' });
    await expect.poll(() => fake.sent(BOT, userId).length, { timeout: 15_000 }).toBe(1);
  }

  it('stays up, still serves the console, and its bot still welcomes a /start', async () => {
    await welcomes(5001);
    const result = await runFuzz({
      port: child.port,
      cases: fuzzCases(SEED, CASES, { port: child.port, token: child.token }),
      concurrency: 6,
      batchSize: 1000,
      probe: async () => child.alive() && (await consoleServed(child.port, child.token)) && (await contractAnswers(child.port, child.token)),
    });
    expect(result.sent).toBe(CASES);
    expect({ seed: SEED, failedBatches: result.failedBatches, stderr: child.stderr() }).toEqual({ seed: SEED, failedBatches: [], stderr: '' });
    expect(result.survived).toBe(CASES);
    for (const count of Object.values(result.byKind)) expect(count).toBeGreaterThan(300);
    expect(child.alive()).toBe(true);
    expect(await consoleServed(child.port, child.token)).toBe(true);
    await welcomes(5002);
  }, 120_000);
});
