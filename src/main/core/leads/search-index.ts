import type { Database, Statement } from 'better-sqlite3';

/** Every lead is in the search index: after a catch-up, or a rebuild of the index from the table. */
const MARK_ALL_INDEXED = 'UPDATE lead_search_progress SET indexed_upto = (SELECT coalesce(max(id), 0) FROM leads)';

/** The search index was rebuilt from every lead (a store repair): a catch-up must not index them a second time. */
export function markAllIndexed(db: Database): void {
  db.exec(MARK_ALL_INDEXED);
}

/** The names the search index holds for a lead. */
export interface SearchedNames {
  readonly username: string | null;
  readonly firstName: string;
  readonly lastName: string | null;
}

interface RenameParams {
  id: number;
  oldUsername: string | null;
  oldFirstName: string;
  oldLastName: string | null;
  username: string | null;
  firstName: string;
  lastName: string | null;
}

/**
 * Keeps the trigram search index. Brings it up to date before a search: capture leaves new
 * leads out of it (migration 005), and they are indexed here in one transaction, which costs far
 * less per lead than indexing each at its own commit. Nothing is written when the index
 * is already complete.
 */
export class SearchIndex {
  private readonly s: {
    readonly behind: Statement<[], { behind: number }>;
    readonly index: Statement<[]>;
    readonly mark: Statement<[]>;
    readonly unindex: Statement<RenameParams>;
    readonly reindex: Statement<RenameParams>;
  };

  constructor(private readonly db: Database) {
    this.s = {
      behind: db.prepare('SELECT EXISTS (SELECT 1 FROM leads WHERE id > (SELECT indexed_upto FROM lead_search_progress)) AS behind'),
      index: db.prepare(
        'INSERT INTO leads_fts (rowid, username, first_name, last_name) SELECT id, username, first_name, last_name FROM leads WHERE id > (SELECT indexed_upto FROM lead_search_progress) ORDER BY id',
      ),
      mark: db.prepare(MARK_ALL_INDEXED),
      // The index is external content: removing an entry needs the exact text it was indexed with.
      unindex: db.prepare(
        `INSERT INTO leads_fts (leads_fts, rowid, username, first_name, last_name)
           SELECT 'delete', @id, @oldUsername, @oldFirstName, @oldLastName WHERE @id <= (SELECT indexed_upto FROM lead_search_progress)`,
      ),
      reindex: db.prepare(
        `INSERT INTO leads_fts (rowid, username, first_name, last_name)
           SELECT @id, @username, @firstName, @lastName WHERE @id <= (SELECT indexed_upto FROM lead_search_progress)`,
      ),
    };
  }

  /**
   * A lead's names changed (the lead records tell, in the same transaction). A lead the
   * index already holds is indexed again under its new names; one above the mark will be
   * indexed by the next catch-up with whatever names it has then. Leads are never deleted
   * (they are archived), so no other change concerns the index.
   */
  renamed(id: number, before: SearchedNames, after: SearchedNames): void {
    if (before.username === after.username && before.firstName === after.firstName && before.lastName === after.lastName) return;
    const params = {
      id,
      oldUsername: before.username,
      oldFirstName: before.firstName,
      oldLastName: before.lastName,
      username: after.username,
      firstName: after.firstName,
      lastName: after.lastName,
    };
    this.s.unindex.run(params);
    this.s.reindex.run(params);
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
