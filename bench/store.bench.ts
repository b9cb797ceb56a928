import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Migration } from '../src/main/core/db/migration';
import { migrations } from '../src/main/core/db/migrations';
import { cleanCloseMarker, databasePath } from '../src/main/core/db/paths';
import { takeBackup } from '../src/main/core/db/backup';
import { openStore } from '../src/main/core/db/store';
import { median, timeMs, timeMsAsync, type Figure } from './figures';
import { buildLeadsStore } from './support/million-leads';

const ROWS = 1_000_000;
const next = migrations.length + 1;

/** The migration measured: a column with a default and an index over every row. */
const ADD_COLUMN_SQL = 'ALTER TABLE leads ADD COLUMN bench_score INTEGER NOT NULL DEFAULT 0; CREATE INDEX leads_bench_score ON leads (bot_id, bench_score);';

const addColumn: Migration = {
  version: next,
  name: `${String(next).padStart(3, '0')}_bench_add_revenue`,
  up(db) {
    db.exec(ADD_COLUMN_SQL);
  },
};

function freshCopy(source: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  copyFileSync(databasePath(source), databasePath(target));
}

export async function storeBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const source = join(workDir, 'source');
  log(`building a store with ${ROWS.toLocaleString('en')} leads-sized rows...`);
  await buildLeadsStore(source, ROWS);
  const list = migrations;
  const copy = join(workDir, 'copy');
  freshCopy(source, copy);

  const ours: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    ours.push(
      await timeMsAsync(async () => {
        const store = await openStore({ dataDir: copy, appVersion: 'bench', migrations: list });
        if (store.status().state !== 'ready') throw new Error('bench store did not verify');
        store.close();
      }),
    );
    bare.push(
      timeMs(() => {
        const db = new Database(databasePath(copy));
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
        db.close();
      }),
    );
  }

  log('timing a migration adding a column with a default and an index (backup, migrate, verify)...');
  freshCopy(source, copy);
  const migrationMs = await timeMsAsync(async () => {
    const store = await openStore({ dataDir: copy, appVersion: 'bench', migrations: [...list, addColumn] });
    if (store.status().state !== 'ready') throw new Error('bench migration did not verify');
    store.close();
  });
  freshCopy(source, copy);
  const opened = await openStore({ dataDir: copy, appVersion: 'bench', migrations: list });
  const backupMs = await timeMsAsync(async () => {
    await takeBackup(opened.db, copy, new Date());
  });
  opened.close();
  freshCopy(source, copy);
  const rawMigrationMs = timeMs(() => {
    const db = new Database(databasePath(copy));
    db.exec(ADD_COLUMN_SQL);
    db.close();
  });
  rmSync(copy, { recursive: true, force: true });

  const openVerify = median(ours);
  // After a crash there is no clean-close marker, so the open reads the whole file (quick_check).
  rmSync(cleanCloseMarker(copy), { force: true });
  const afterCrash = await timeMsAsync(async () => {
    const store = await openStore({ dataDir: copy, appVersion: 'bench', migrations: list });
    store.close();
  });
  return [
    {
      name: 'store.open_verify_ms_1m',
      unit: 'ms',
      value: openVerify,
      baseline: median(bare),
      baselineLabel: 'bare open + one query',
      target: '< 500 ms',
      meetsTarget: openVerify < 500,
    },
    {
      name: 'store.open_verify_after_crash_ms_1m',
      unit: 'ms',
      value: afterCrash,
      baseline: median(bare),
      baselineLabel: 'bare open + one query',
      target: null,
      meetsTarget: null,
    },
    {
      name: 'store.migration_ms_1m',
      unit: 'ms',
      value: migrationMs,
      baseline: rawMigrationMs,
      baselineLabel: 'bare ALTER + CREATE INDEX, no backup or checks',
      target: null,
      meetsTarget: null,
    },
    {
      name: 'store.backup_ms_1m',
      unit: 'ms',
      value: backupMs,
      baseline: null,
      baselineLabel: null,
      target: null,
      meetsTarget: null,
    },
  ];
}
