import type { Database, Statement } from 'better-sqlite3';

/** Every lead is in the search index: after a catch-up, or a rebuild of the index from the table. */
const MARK_ALL_INDEXED = 'UPDATE lead_search_progress SET indexed_upto = (SELECT coalesce(max(id), 0) FROM leads)';

/** The search index was rebuilt from every lead (a store repair): a catch-up must not index them a second time. */
export function markAllIndexed(db: Database): void {
  db.exec(MARK_ALL_INDEXED);
}

/**
 * Brings the trigram search index up to date before a search: capture leaves new leads out
 * of it (migration 005), and they are indexed here in one transaction, which costs far
 * less per lead than indexing each at its own commit. Nothing is written when the index
 * is already complete.
 */
export class SearchIndex {
  private readonly s: {
    readonly behind: Statement<[], { behind: number }>;
    readonly index: Statement<[]>;
    readonly mark: Statement<[]>;
  };

  constructor(private readonly db: Database) {
    this.s = {
      behind: db.prepare('SELECT EXISTS (SELECT 1 FROM leads WHERE id > (SELECT indexed_upto FROM lead_search_progress)) AS behind'),
      index: db.prepare(
        'INSERT INTO leads_fts (rowid, username, first_name, last_name) SELECT id, username, first_name, last_name FROM leads WHERE id > (SELECT indexed_upto FROM lead_search_progress) ORDER BY id',
      ),
      mark: db.prepare(MARK_ALL_INDEXED),
    };
  }

  /** Indexes the leads captured since the last search; returns how many. */
  catchUp(): number {
    if (this.s.behind.get()?.behind !== 1) return 0;
    return this.db.transaction((): number => {
      const added = this.s.index.run().changes;
      this.s.mark.run();
      return added;
    })();
  }
}
