import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fakeToken } from '../test/support/fake-telegram';
import type { Figure } from './figures';
import { FakeProcess } from './support/fake-client';

const BOTS = 50;

function idleEngineRss(dataDir: string, apiRoot: string, firstId: number, count: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/idle-engine-process.ts'), dataDir, apiRoot, String(firstId), String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the idle engine exited with ${code ?? 'a signal'}`));
      else resolve((JSON.parse(out) as { rssMb: number }).rssMb);
    });
  });
}

/** Resident memory of the engine with 50 idle polling bots, next to the same engine with none. */
export async function memoryBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const fake = await FakeProcess.start({ rateLimit: false });
  try {
    const firstId = 440_000;
    await fake.request({
      op: 'addBots',
      bots: Array.from({ length: BOTS }, (_, i) => ({ token: fakeToken(firstId + i), id: firstId + i, username: `idle_${i}_bot`, firstName: 'Idle' })),
    });
    log('memory: the engine with no bots...');
    const empty = await idleEngineRss(join(workDir, 'memory-empty'), fake.apiRoot, firstId, 0);
    log(`memory: the engine with ${BOTS} idle polling bots...`);
    const loaded = await idleEngineRss(join(workDir, 'memory-50'), fake.apiRoot, firstId, BOTS);
    return [{ name: 'memory.rss_mb_50_bots', unit: 'MB', value: loaded, baseline: empty, baselineLabel: 'same engine, no bots', target: '< 250 MB', meetsTarget: loaded < 250 }];
  } finally {
    await fake.close();
  }
}
