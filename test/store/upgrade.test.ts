import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src/main/core/db/migration';
import { migrations } from '../../src/main/core/db/migrations';
import { databasePath } from '../../src/main/core/db/paths';
import { openStore } from '../../src/main/core/db/store';
import { APP_VERSION, buildFixture, seeds, snapshot, userVersion } from '../support/fixtures';
import { extendedMigrations } from '../support/migrations';
import { tempDir } from '../support/temp-dir';

function upgradeCases(list: readonly Migration[]): number[] {
  return Array.from({ length: list.length }, (_, version) => version);
}

describe.each([
  ['the app migrations', migrations],
  ['the app migrations plus test migrations', extendedMigrations],
])('upgrading with %s', (_label, list) => {
  it('has a fixture seed for every migration', () => {
    for (const migration of list) expect(seeds[migration.name], migration.name).toBeTypeOf('function');
  });

  it.each(upgradeCases(list))('from version %i to the newest keeps every row', async (from) => {
    const dataDir = tempDir();
    await buildFixture(dataDir, list, from);
    const file = databasePath(dataDir);
    const before = snapshot(file);

    const store = await openStore({ dataDir, appVersion: APP_VERSION, migrations: list });
    const status = store.status();
    store.close();

    expect(status.state).toBe('ready');
    expect(status.migratedNow.map((m) => m.version)).toEqual(list.slice(from).map((m) => m.version));
    expect(userVersion(file)).toBe(list.length);
    const after = snapshot(file);
    for (const [table, rows] of Object.entries(before)) {
      const oldColumns = Object.keys(rows[0] ?? {});
      const kept = (after[table] ?? []).map((row) => Object.fromEntries(oldColumns.map((key) => [key, row[key]])));
      for (const row of rows) expect(kept, `a row of ${table}`).toContainEqual(row);
      // The migration log is the one table an upgrade appends to: a row per applied migration.
      const added = table === 'migration_log' ? list.length - from : 0;
      expect(after[table]?.length, `row count of ${table}`).toBe(rows.length + added);
    }
    if (from > 0) {
      expect(status.backups).toHaveLength(1);
      expect(snapshot(status.backups[0]!.path)).toEqual(before);
    }
  });
});
