import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Migration } from '../src/main/core/db/migration';
import { migrations } from '../src/main/core/db/migrations';
import { databasePath } from '../src/main/core/db/paths';
import { takeBackup } from '../src/main/core/db/backup';
import { openStore } from '../src/main/core/db/store';
import { median, timeMs, timeMsAsync, type Figure } from './figures';

const ROWS = 1_000_000;
const next = migrations.length + 1;

/** The migration measured: a column with a default and an index over every row. */
const ADD_COLUMN_SQL = 'ALTER TABLE leads ADD COLUMN revenue_cents INTEGER NOT NULL DEFAULT 0; CREATE INDEX leads_revenue ON leads (bot_id, revenue_cents);';

const addColumn: Migration = {
  version: next,
  name: `${String(next).padStart(3, '0')}_bench_add_revenue`,
  up(db) {
    db.exec(ADD_COLUMN_SQL);
  },
};

/** 1,000,000 leads in the app's own schema, over 20 bots. */
async function buildMillion(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, appVersion: 'bench', migrations });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'Bench', 'sealed', 'hint', '{}', 0, 0)",
  );
  for (let b = 1; b <= 20; b += 1) bot.run(b, 500_000 + b, `bench_${b}_bot`);
  const insert = store.db.prepare(
    'INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, status, starts, first_seen_at, last_seen_at, welcomed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const statuses = ['new', 'welcomed', 'clicked', 'converted', 'blocked'];
  const fill = store.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const seen = 1_760_000_000_000 + i * 7000;
      const user = 100_000_000 + i;
      insert.run(1 + (i % 20), user, user, `user_${i}`, `First${i % 997}`, i % 3 === 0 ? null : `Last${i % 991}`, i % 2 === 0 ? 'pt-BR' : 'en', `campaign_${i % 50}`, statuses[i % 5], 1 + (i % 3), seen, seen + 60_000, i % 5 === 0 ? null : seen + 1000);
    }
  });
  for (let from = 0; from < ROWS; from += 100_000) fill(from, from + 100_000);
  store.close();
}

function freshCopy(source: string, target: string): void {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  copyFileSync(databasePath(source), databasePath(target));
}

export async function storeBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const source = join(workDir, 'source');
  log(`building a store with ${ROWS.toLocaleString('en')} leads-sized rows...`);
  await buildMillion(source);
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
