import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer, type CheckpointResult } from '../../src/main/core/db/wal-checkpointer';
import { tempDir } from '../support/temp-dir';

const open: Database.Database[] = [];

function walDatabase(): { db: Database.Database; file: string } {
  const file = join(tempDir(), 'wal.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  open.push(db);
  return { db, file };
}

/** Writes about `pages` pages of rows, each commit small, as the engine does. */
function write(db: Database.Database, pages: number): void {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < pages; i += 1) db.transaction(() => insert.run('x'.repeat(3500)))();
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('the WAL checkpoint thread', () => {
  it("copies the engine's commits into the database from its own connection, while the engine's commits no longer do", async () => {
    const { db, file } = walDatabase();
    const results: CheckpointResult[] = [];
    const failures: string[] = [];
    const checkpointer = WalCheckpointer.start(db, { file, nativeBinding: undefined, everyMs: 20, onFailure: (m) => failures.push(m), onCheckpoint: (r) => results.push(r) });
    expect(checkpointer).not.toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384);

    // More than SQLite's 1,000-page default: the engine's own commits would have checkpointed by now.
    write(db, 1500);
    // The thread's own report: a log longer than SQLite's 1,000-page default, copied whole.
    await expect.poll(() => results.some((r) => r.log >= 1500 && r.checkpointed === r.log), { timeout: 5000 }).toBe(true);

    await checkpointer?.stop();
    expect(failures).toEqual([]);
    // Stopped: the engine's connection checkpoints on its own again, and no more reports come.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const reported = results.length;
    write(db, 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(results).toHaveLength(reported);
  });

  it('keeps the WAL from growing without bound: it is reused once copied', async () => {
    const { db, file } = walDatabase();
    const results: CheckpointResult[] = [];
    const checkpointer = WalCheckpointer.start(db, { file, nativeBinding: undefined, everyMs: 10, onFailure: () => undefined, onCheckpoint: (r) => results.push(r) });
    const rounds = 20;
    for (let round = 0; round < rounds; round += 1) {
      write(db, 300);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await checkpointer?.stop();
    // The most frames one copy found: a round's worth, give or take; the WAL file holds a few rounds at most, not all twenty.
    const round = Math.max(...results.map((r) => r.log));
    expect(round).toBeGreaterThanOrEqual(300);
    expect(statSync(`${file}-wal`).size).toBeLessThan(4 * round * 4120);
  });

  it('hands checkpointing back to the engine when its thread cannot open the file', async () => {
    const { db } = walDatabase();
    const failures: string[] = [];
    const checkpointer = WalCheckpointer.start(db, { file: join(tempDir(), 'gone.db'), nativeBinding: undefined, onFailure: (m) => failures.push(m) });
    await expect.poll(() => failures.length, { timeout: 5000 }).toBe(1);
    expect(failures[0]).toMatch(/unable to open|does not exist|no such file/i);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer?.stop();
  });

  it("keeps the process alive while it stops, so its owner's shutdown runs to the end", () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../support/checkpointer-stop-child.ts'), tempDir()], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('stopped\n');
  });

  it('does not start for a connection without a WAL', () => {
    const memory = new Database(':memory:');
    open.push(memory);
    expect(WalCheckpointer.start(memory, { file: ':memory:', nativeBinding: undefined, onFailure: () => undefined })).toBeNull();
  });
});
