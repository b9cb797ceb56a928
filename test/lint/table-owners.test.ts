import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

/** Each table and the only files that write it (the migrations, which create them, aside). */
const owners: Readonly<Record<string, readonly string[]>> = {
  leads: ['src/main/core/leads/lead-records.ts'],
  lead_events: ['src/main/core/leads/lead-events.ts', 'src/main/core/leads/deliveries-repository.ts'],
  deliveries: ['src/main/core/leads/deliveries-repository.ts'],
  lead_counts: ['src/main/core/leads/lead-counts.ts'],
  recovery_jobs: ['src/main/core/recovery/recovery-jobs.ts'],
  campaigns: ['src/main/core/campaigns/campaigns.ts'],
  follow_up_sequences: ['src/main/core/followups/follow-up-steps.ts'],
  follow_up_steps: ['src/main/core/followups/follow-up-steps.ts'],
  follow_up_enrollments: ['src/main/core/followups/follow-up-enrollments.ts'],
  follow_up_sends: ['src/main/core/followups/follow-up-enrollments.ts'],
};

/** Writes whose table is interpolated, checked by hand: file and why it is none of the owned tables. */
const interpolatedWrites: Readonly<Record<string, string>> = {
  'src/main/core/db/repair.ts': "the search index's rebuild command, addressed to the FTS table",
};

const MIGRATIONS = 'src/main/core/db/migrations/';

const WRITE = String.raw`\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+`;

/** The owned tables a piece of source text writes, by SQL keyword, in any kind of string. */
function writtenTables(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(new RegExp(`${WRITE}["'\`[]?(\\w+)`, 'gi'))) {
    const table = match[1]!.toLowerCase();
    if (table in owners) found.add(table);
  }
  return [...found];
}

/** Whether the text writes a table whose name is interpolated (so it cannot be told by reading). */
function writesInterpolated(text: string): boolean {
  return new RegExp(`${WRITE}\\$\\{`, 'i').test(text);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:ts|tsx|mts|cts|js|mjs)$/.test(entry.name) ? [relative(root, path).split('\\').join('/')] : [];
  });
}

describe('one owner per table', () => {
  it('finds writes to leads, lead_events and deliveries however the SQL is written', () => {
    expect(writtenTables("db.prepare('INSERT INTO leads (id) VALUES (?)')")).toEqual(['leads']);
    expect(writtenTables('db.prepare(`\n  UPDATE deliveries\n  SET status = ${status}`)')).toEqual(['deliveries']);
    expect(writtenTables('"insert or ignore into lead_events (lead_id) select id from leads"')).toEqual(['lead_events']);
    expect(writtenTables('\'DELETE FROM "leads" WHERE id = ?\'')).toEqual(['leads']);
    expect(writtenTables("'REPLACE INTO deliveries VALUES (1)'")).toEqual(['deliveries']);
    expect(writtenTables("'UPDATE OR IGNORE lead_events SET at = 1'")).toEqual(['lead_events']);
    expect(writtenTables("'INSERT INTO leads_fts (leads_fts) VALUES (1)'; 'SELECT * FROM leads'; 'CREATE TRIGGER t AFTER UPDATE ON leads BEGIN SELECT 1; END'")).toEqual([]);
    expect(writesInterpolated('`UPDATE ${table} SET x = 1`')).toBe(true);
  });

  it('lets no file under src/ but the owners write them', () => {
    const strays: string[] = [];
    for (const file of sourceFiles(join(root, 'src'))) {
      if (file.startsWith(MIGRATIONS)) continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const table of writtenTables(text)) if (!owners[table]!.includes(file)) strays.push(`${file} writes ${table}`);
      if (writesInterpolated(text) && !(file in interpolatedWrites)) strays.push(`${file} writes a table named at run time`);
    }
    expect(strays).toEqual([]);
  });

  it('knows every owner it names, so a moved owner cannot pass unnoticed', () => {
    const files = new Set(sourceFiles(join(root, 'src')));
    for (const file of [...Object.values(owners).flat(), ...Object.keys(interpolatedWrites)]) expect(files, file).toContain(file);
    for (const [table, files_] of Object.entries(owners)) {
      expect(
        files_.some((file) => writtenTables(readFileSync(join(root, file), 'utf8')).includes(table)),
        table,
      ).toBe(true);
    }
  });
});
