import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeToken } from '../support/fake-telegram';

const root = join(__dirname, '../..');

function runChild(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/support/process-faults-child.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}

describe('the process-wide fault handlers', () => {
  it('log, count and survive an uncaught exception and an unhandled rejection, with secrets redacted', () => {
    const run = runChild();
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { count: number; info: { faults: number }; logged: string[] };
    expect(report.count).toBe(2);
    // What the console and a test read through the contract.
    expect(report.info.faults).toBe(2);
    expect(report.logged).toHaveLength(2);
    expect(report.logged[0]).toContain('uncaught exception');
    expect(report.logged[1]).toContain('unhandled rejection');
    expect(report.logged[1]).toContain('nobody awaited this');
    const stderrLines = run.stderr.trim().split('\n');
    expect(stderrLines).toEqual([
      expect.stringContaining('unexpected error #1 (uncaught exception), kept running'),
      expect.stringContaining('unexpected error #2 (unhandled rejection), kept running: nobody awaited this'),
    ]);
    // The bot token in the error's message reaches neither the log nor stderr.
    const secret = fakeToken(123_456).split(':')[1]!;
    expect(run.stderr).toContain('123456:<token>');
    expect(run.stderr).not.toContain(secret);
    expect(report.logged.join('\n')).not.toContain(secret);
  });

  it('count each fault once when stderr has gone away', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/support/process-faults-child.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end closes: every write to the child's stderr now fails (EPIPE).
    child.stderr.destroy();
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect((JSON.parse(output) as { count: number }).count).toBe(2);
  });

  it('are what keeps the process alive: without them the same process dies', () => {
    const run = runChild('--without-handlers');
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
  });
});
