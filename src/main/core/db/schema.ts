import Database from 'better-sqlite3';
import type { SchemaDifference } from '../../../shared/store-status';
import type { Migration } from './migration';

export interface ColumnShape {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  readonly defaultValue: string | null;
  readonly primaryKeyPosition: number;
}

export interface IndexShape {
  readonly name: string;
  readonly table: string;
  readonly unique: boolean;
  readonly columns: readonly string[];
  /** The WHERE clause of a partial index, whitespace-normalised; null for a full index. */
  readonly where: string | null;
}

export interface TableShape {
  readonly name: string;
  readonly columns: readonly ColumnShape[];
  /**
   * virtual: a virtual table whose content lives in another table (the FTS search index); shadow: one of the tables SQLite keeps
   * for a virtual table, created and dropped with it.
   */
  readonly kind: 'table' | 'virtual' | 'shadow';
}

export interface SchemaShape {
  readonly tables: ReadonlyMap<string, TableShape>;
  readonly indexes: ReadonlyMap<string, IndexShape>;
  /** Views and triggers, by name, with their normalised SQL. */
  readonly others: ReadonlyMap<string, { readonly type: string; readonly sql: string }>;
}

interface MasterRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

interface IndexListRow {
  name: string;
  unique: number;
  origin: string;
  partial: number;
}

interface IndexColumnRow {
  seqno: number;
  name: string | null;
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function whereClause(sql: string | null): string | null {
  if (sql === null) return null;
  const match = /\bWHERE\b([\s\S]*)$/i.exec(sql);
  return match?.[1] === undefined ? null : normalise(match[1]);
}

/** Reads the live schema: tables with their columns, indexes, views and triggers. */
export function readSchema(db: Database.Database): SchemaShape {
  const rows = db.prepare<[], MasterRow>("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
  const tables = new Map<string, TableShape>();
  const indexes = new Map<string, IndexShape>();
  const others = new Map<string, { type: string; sql: string }>();
  for (const row of rows) {
    if (row.type === 'table') {
      const columns = db
        .prepare<[], ColumnRow>(`PRAGMA table_xinfo(${quoteIdentifier(row.name)})`)
        .all()
        .filter((column) => column.hidden === 0)
        .map((column) => ({
          name: column.name,
          type: column.type.toUpperCase(),
          notNull: column.notnull === 1,
          defaultValue: column.dflt_value,
          primaryKeyPosition: column.pk,
        }));
      const kind = row.sql !== null && derivedIndex(row.sql) ? 'virtual' : 'table';
      tables.set(row.name, { name: row.name, columns, kind });
    } else if (row.type === 'index') {
      const list = db.prepare<[], IndexListRow>(`PRAGMA index_list(${quoteIdentifier(row.tbl_name)})`).all();
      const info = list.find((entry) => entry.name === row.name);
      const columns = db
        .prepare<[], IndexColumnRow>(`PRAGMA index_info(${quoteIdentifier(row.name)})`)
        .all()
        .sort((a, b) => a.seqno - b.seqno)
        .map((column) => column.name ?? '<expression>');
      indexes.set(row.name, {
        name: row.name,
        table: row.tbl_name,
        unique: info?.unique === 1,
        columns,
        where: info?.partial === 1 ? whereClause(row.sql) : null,
      });
    } else if (row.sql !== null) {
      others.set(row.name, { type: row.type, sql: normalise(row.sql) });
    }
  }
  markShadowTables(tables);
  return { tables, indexes, others };
}

/** A virtual table whose text lives in another table (FTS5 external content): an index, not data. */
function derivedIndex(sql: string): boolean {
  return /^CREATE\s+VIRTUAL\s+TABLE/i.test(sql) && /\bcontent\s*=\s*'[^']+'/i.test(sql);
}

const SHADOW_SUFFIXES = ['data', 'idx', 'config', 'docsize', 'content'];

function markShadowTables(tables: Map<string, TableShape>): void {
  const virtual = [...tables.values()].filter((table) => table.kind === 'virtual').map((table) => table.name);
  for (const [name, table] of tables) {
    if (virtual.some((owner) => SHADOW_SUFFIXES.some((suffix) => name === `${owner}_${suffix}`))) tables.set(name, { ...table, kind: 'shadow' });
  }
}

/** The virtual table a shadow table belongs to. */
function shadowOwner(name: string, expected: SchemaShape): string | null {
  for (const table of expected.tables.values()) {
    if (table.kind === 'virtual' && SHADOW_SUFFIXES.some((suffix) => name === `${table.name}_${suffix}`)) return table.name;
  }
  return null;
}

/** The schema the code expects at `version`: every migration up to it, applied to an empty in-memory database. */
export function expectedSchema(list: readonly Migration[], version: number, nativeBinding?: string): SchemaShape {
  const memory = new Database(':memory:', nativeBinding === undefined ? {} : { nativeBinding });
  try {
    for (const migration of list) {
      if (migration.version > version) break;
      migration.up(memory);
    }
    return readSchema(memory);
  } finally {
    memory.close();
  }
}

function describeColumn(column: ColumnShape): string {
  const parts = [column.type === '' ? 'untyped' : column.type];
  if (column.notNull) parts.push('NOT NULL');
  if (column.defaultValue !== null) parts.push(`DEFAULT ${column.defaultValue}`);
  if (column.primaryKeyPosition > 0) parts.push('PRIMARY KEY');
  return parts.join(' ');
}

function describeIndex(index: IndexShape): string {
  const head = `${index.unique ? 'UNIQUE ' : ''}ON ${index.table}(${index.columns.join(', ')})`;
  return index.where === null ? head : `${head} WHERE ${index.where}`;
}

function compareColumns(table: string, expected: TableShape, actual: TableShape): SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  const actualByName = new Map(actual.columns.map((column) => [column.name, column]));
  const expectedNames = new Set(expected.columns.map((column) => column.name));
  for (const column of expected.columns) {
    const live = actualByName.get(column.name);
    if (live === undefined) {
      // ALTER TABLE ADD COLUMN fills existing rows with the default (or NULL): nothing is
      // guessed. A NOT NULL column without a default, or a key, cannot be added that way.
      const addable = column.primaryKeyPosition === 0 && (!column.notNull || column.defaultValue !== null);
      differences.push({
        kind: 'missing_column',
        table,
        name: column.name,
        expected: describeColumn(column),
        actual: null,
        message: `Table ${table} is missing column ${column.name} (${describeColumn(column)}).`,
        remedy: addable ? 'repair' : 'restore',
      });
    } else if (describeColumn(live) !== describeColumn(column)) {
      differences.push({
        kind: 'changed_column',
        table,
        name: column.name,
        expected: describeColumn(column),
        actual: describeColumn(live),
        message: `Column ${table}.${column.name} is ${describeColumn(live)}; the app expects ${describeColumn(column)}.`,
        remedy: 'restore',
      });
    }
  }
  for (const column of actual.columns) {
    if (!expectedNames.has(column.name)) {
      // The app's inserts name their columns, so an extra column takes its default: harmless,
      // unless it is NOT NULL without a default, which makes every insert into the table fail.
      const blocksInserts = column.notNull && column.defaultValue === null;
      differences.push({
        kind: 'extra_column',
        table,
        name: column.name,
        expected: null,
        actual: describeColumn(column),
        message: blocksInserts
          ? `Table ${table} has column ${column.name} (${describeColumn(column)}) that the app does not know; it has no default, so every row the app adds to ${table} would be refused.`
          : `Table ${table} has column ${column.name} (${describeColumn(column)}) that the app does not know.`,
        remedy: blocksInserts ? 'restore' : 'tolerate',
      });
    }
  }
  return differences;
}

/**
 * A missing table is rebuilt only when its content lives elsewhere in the file: the search
 * index (its text is in `leads`), with its shadow tables when it is gone as a whole. A
 * missing table of rows is data this file no longer has: only a backup brings it back.
 */
function missingTableRemedy(table: TableShape, expected: SchemaShape, actual: SchemaShape): SchemaDifference['remedy'] {
  if (table.kind === 'virtual') return 'repair';
  if (table.kind === 'shadow') {
    const owner = shadowOwner(table.name, expected);
    return owner !== null && !actual.tables.has(owner) ? 'repair' : 'restore';
  }
  return 'restore';
}

/** Whether the bots may run with these differences: only tolerated extras are left. */
export function blockingDifferences(differences: readonly SchemaDifference[]): readonly SchemaDifference[] {
  return differences.filter((difference) => difference.remedy !== 'tolerate');
}

/** Every difference between the live schema and the expected one, in a stable order. */
export function compareSchemas(expected: SchemaShape, actual: SchemaShape): readonly SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  for (const [name, table] of expected.tables) {
    const live = actual.tables.get(name);
    if (live === undefined) {
      differences.push({
        kind: 'missing_table',
        table: name,
        name,
        expected: 'table',
        actual: null,
        message: `Table ${name} is missing.`,
        remedy: missingTableRemedy(table, expected, actual),
      });
    } else {
      differences.push(...compareColumns(name, table, live));
    }
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) {
      differences.push({
        kind: 'extra_table',
        table: name,
        name,
        expected: null,
        actual: 'table',
        message: `Table ${name} exists but the app does not know it.`,
        remedy: 'tolerate',
      });
    }
  }
  for (const [name, index] of expected.indexes) {
    const live = actual.indexes.get(name);
    if (live === undefined) {
      differences.push({
        kind: 'missing_index',
        table: index.table,
        name,
        expected: describeIndex(index),
        actual: null,
        message: `Index ${name} (${describeIndex(index)}) is missing.`,
        remedy: 'repair',
      });
    } else if (describeIndex(live) !== describeIndex(index)) {
      differences.push({
        kind: 'changed_index',
        table: index.table,
        name,
        expected: describeIndex(index),
        actual: describeIndex(live),
        message: `Index ${name} is ${describeIndex(live)}; the app expects ${describeIndex(index)}.`,
        remedy: 'repair',
      });
    }
  }
  for (const [name, index] of actual.indexes) {
    if (!expected.indexes.has(name)) {
      // An index holds no data. A UNIQUE one on the app's own table is a rule the app does
      // not know: it could refuse a lead's row, so the repair drops it; any other is harmless.
      const refusesRows = index.unique && expected.tables.has(index.table);
      differences.push({
        kind: 'extra_index',
        table: index.table,
        name,
        expected: null,
        actual: describeIndex(index),
        message: refusesRows
          ? `Index ${name} (${describeIndex(index)}) exists but the app does not know it; being UNIQUE, it could refuse rows the app writes to ${index.table}.`
          : `Index ${name} (${describeIndex(index)}) exists but the app does not know it.`,
        remedy: refusesRows ? 'repair' : 'tolerate',
      });
    }
  }
  for (const [name, object] of expected.others) {
    const live = actual.others.get(name);
    if (live?.sql !== object.sql) {
      differences.push({
        kind: live === undefined ? 'missing_object' : 'changed_object',
        table: null,
        name,
        expected: object.sql,
        actual: live?.sql ?? null,
        message: live === undefined ? `The ${object.type} ${name} is missing.` : `The ${object.type} ${name} differs from what the app expects.`,
        remedy: 'repair',
      });
    }
  }
  for (const [name, object] of actual.others) {
    if (!expected.others.has(name)) {
      differences.push({
        kind: 'extra_object',
        table: null,
        name,
        expected: null,
        actual: object.sql,
        message: `The ${object.type} ${name} exists but the app does not know it.`,
        remedy: 'tolerate',
      });
    }
  }
  return differences;
}
