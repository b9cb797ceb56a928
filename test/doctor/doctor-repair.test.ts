import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/main/cli/doctor-run';
import { listBackups } from '../../src/main/core/db/backup';
import { migrations } from '../../src/main/core/db/migrations';
import { databasePath } from '../../src/main/core/db/paths';
import { storeReportSchema } from '../../src/shared/store-report';
import { APP_VERSION, buildFixture, fileBytes, snapshot } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

function doctor(args: string[]) {
  return runDoctor(args, { env: {}, appVersion: APP_VERSION, migrations });
}

async function driftedDir(drift: string): Promise<string> {
  const dataDir = tempDir();
  await buildFixture(dataDir, migrations, migrations.length);
  const db = new Database(databasePath(dataDir));
  db.exec(drift);
  db.close();
  return dataDir;
}

describe('the doctor --repair', () => {
  it('says which differences are repairable, repairs them after a backup with exit 0, rows intact', async () => {
    const dataDir = await driftedDir('DROP INDEX leads_bot_first_seen; DROP TABLE leads_fts; CREATE TABLE my_notes (id INTEGER PRIMARY KEY);');
    const look = await doctor(['--data-dir', dataDir]);
    expect(look.exitCode).toBe(1);
    expect(look.stdout).toContain('- Index leads_bot_first_seen (ON leads(bot_id, first_seen_at)) is missing. [repairable: --repair]');
    expect(look.stdout).toContain('- Table my_notes exists but the app does not know it. [tolerated]');
    const rowsBefore = snapshot(databasePath(dataDir));

    const repaired = await doctor(['--data-dir', dataDir, '--repair']);

    expect(repaired.exitCode).toBe(0);
    expect(repaired.stdout).toContain('Created index leads_bot_first_seen.');
    expect(repaired.stdout).toContain('Recreated the search index leads_fts.');
    expect(repaired.stdout).toContain('Checked the schema again: it matches.');
    expect(repaired.stdout).toContain('Healthy, with 1 tolerated difference(s)');
    expect(listBackups(dataDir)).toHaveLength(1);
    const rowsAfter = snapshot(databasePath(dataDir));
    // The search index and its catch-up mark are rebuilt from the leads; every other row is intact.
    for (const table of Object.keys(rowsBefore).filter((name) => !name.startsWith('leads_fts') && name !== 'lead_search_progress'))
      expect(rowsAfter[table]).toEqual(rowsBefore[table]);
    const db = new Database(databasePath(dataDir));
    expect(db.prepare('SELECT (SELECT indexed_upto FROM lead_search_progress) = (SELECT max(id) FROM leads) AS complete').get()).toEqual({ complete: 1 });
    db.close();
  });

  it('refuses what it cannot repair with exit 1, leaving the file and taking no backup', async () => {
    const dataDir = await driftedDir('DROP INDEX leads_bot_first_seen; DROP TABLE engine_gaps;');
    const before = fileBytes(databasePath(dataDir));
    const result = await doctor(['--data-dir', dataDir, '--repair', '--json']);
    expect(result.exitCode).toBe(1);
    const report = storeReportSchema.parse(JSON.parse(result.stdout));
    expect(report.problems[0]).toMatchObject({ code: 'STORE_REPAIR_REFUSED' });
    expect(report.problems[0]?.message).toContain('Table engine_gaps is missing.');
    expect(report.differences.map((d) => `${d.name}:${d.remedy}`)).toEqual(['engine_gaps:restore', 'leads_bot_first_seen:repair']);
    expect(fileBytes(databasePath(dataDir)).equals(before)).toBe(true);
    expect(listBackups(dataDir)).toEqual([]);
  });

  it('exits 0 on a store whose only differences are tolerated, and refuses --repair with --restore', async () => {
    const dataDir = await driftedDir('CREATE VIEW my_view AS SELECT id FROM leads;');
    const look = await doctor(['--data-dir', dataDir]);
    expect(look.exitCode).toBe(0);
    expect(look.stdout).toContain('Healthy, with 1 tolerated difference(s)');
    expect((await doctor(['--data-dir', dataDir, '--repair', '--restore', 'botdeck-x.db'])).exitCode).toBe(2);
  });
});
