import type Database from 'better-sqlite3';

/** The ids of the leads the trigram index finds for one phrase. */
export function searchIds(on: Database.Database, query: string): number[] {
  return on
    .prepare<[string], { id: number }>('SELECT rowid AS id FROM leads_fts WHERE leads_fts MATCH ? ORDER BY rowid')
    .all(`"${query}"`)
    .map((row) => row.id);
}

/** FTS5's own check that the index agrees with the content table; it throws when they differ. */
export function checkSearchIndex(on: Database.Database): void {
  on.prepare("INSERT INTO leads_fts (leads_fts) VALUES ('integrity-check')").run();
}
