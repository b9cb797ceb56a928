import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, logsDir } from '../../src/main/core/create-logger';
import { tempDir } from '../support/temp-dir';

const numbered = (name: string): number => Number(/^botdeck\.(\d+)\.log$/u.exec(name)?.[1] ?? Number.NaN);

function logFiles(dataDir: string): string[] {
  return readdirSync(logsDir(dataDir)).sort((a, b) => numbered(a) - numbered(b));
}

describe('the log file', () => {
  it('rolls over when it reaches its size limit and keeps at most the newest files', async () => {
    const dataDir = tempDir();
    const logger = createLogger(dataDir, { maxBytes: 4096, files: 3 });
    const padding = 'x'.repeat(200);
    // About 60 KB in all: more than a dozen files' worth at 4 KB each.
    for (let line = 0; line < 240; line += 1) {
      logger.info({ line, padding }, 'a line');
      if (line % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    logger.info({ line: 'last' }, 'the last line');

    await vi.waitFor(
      () => {
        const files = logFiles(dataDir);
        expect(files.length).toBeLessThanOrEqual(3);
        expect(files.length).toBeGreaterThanOrEqual(2);
        expect(files.every((name) => Number.isInteger(numbered(name)))).toBe(true);
        // Rolled many times over: the numbers went well past the three files kept.
        expect(numbered(files.at(-1)!)).toBeGreaterThan(10);
        expect(readFileSync(join(logsDir(dataDir), files.at(-1)!), 'utf8')).toContain('"the last line"');
      },
      { timeout: 5000 },
    );
    const files = logFiles(dataDir);
    for (const name of files.slice(0, -1)) {
      const text = readFileSync(join(logsDir(dataDir), name), 'utf8');
      // A rolled file holds whole JSON lines, and stopped near the limit (at most one write past it).
      for (const line of text.trimEnd().split('\n')) expect(JSON.parse(line)).toMatchObject({ msg: 'a line' });
      expect(statSync(join(logsDir(dataDir), name)).size).toBeGreaterThanOrEqual(4096);
      expect(statSync(join(logsDir(dataDir), name)).size).toBeLessThan(4096 + 20 * 300);
    }
  });

  it('continues the newest file after a restart instead of starting over', async () => {
    const dataDir = tempDir();
    const first = createLogger(dataDir, { maxBytes: 1_000_000, files: 3 });
    first.info({}, 'before the restart');
    await vi.waitFor(() => expect(logFiles(dataDir)).toEqual(['botdeck.1.log']), { timeout: 5000 });
    await vi.waitFor(() => expect(readFileSync(join(logsDir(dataDir), 'botdeck.1.log'), 'utf8')).toContain('before the restart'), { timeout: 5000 });
    const second = createLogger(dataDir, { maxBytes: 1_000_000, files: 3 });
    second.info({}, 'after the restart');
    await vi.waitFor(() => expect(readFileSync(join(logsDir(dataDir), 'botdeck.1.log'), 'utf8')).toMatch(/before the restart[^]*after the restart/u), { timeout: 5000 });
    expect(logFiles(dataDir)).toEqual(['botdeck.1.log']);
  });

  it('writes no secret, whoever logs through it (a host, the process-wide fault handler)', async () => {
    const dataDir = tempDir();
    const secret = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    createLogger(dataDir).error({ error: `request to https://api.telegram.org/bot123456789:${secret}/getMe failed` }, `bot 123456789:${secret} failed`);
    await vi.waitFor(() => expect(readFileSync(join(logsDir(dataDir), 'botdeck.1.log'), 'utf8')).toContain('123456789:<token>'), { timeout: 5000 });
    expect(readFileSync(join(logsDir(dataDir), 'botdeck.1.log'), 'utf8')).not.toContain(secret);
  });
});
