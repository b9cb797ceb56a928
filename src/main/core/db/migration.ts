import type { Database } from 'better-sqlite3';

/**
 * One step of the schema. Versions are 1, 2, 3... with no gaps; `name` starts with the
 * zero-padded version (`003_add_archived`) so the log and the file agree. `up` runs inside
 * the migrator's transaction and must not open one of its own.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
