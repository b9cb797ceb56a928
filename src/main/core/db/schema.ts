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
  const rows = db
    .prepare<[], MasterRow>("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
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
      tables.set(row.name, { name: row.name, columns });
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
  return { tables, indexes, others };
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
      differences.push({
        kind: 'missing_column',
        table,
        name: column.name,
        expected: describeColumn(column),
        actual: null,
        message: `Table ${table} is missing column ${column.name} (${describeColumn(column)}).`,
      });
    } else if (describeColumn(live) !== describeColumn(column)) {
      differences.push({
        kind: 'changed_column',
        table,
        name: column.name,
        expected: describeColumn(column),
        actual: describeColumn(live),
        message: `Column ${table}.${column.name} is ${describeColumn(live)}; the app expects ${describeColumn(column)}.`,
      });
    }
  }
  for (const column of actual.columns) {
    if (!expectedNames.has(column.name)) {
      differences.push({
        kind: 'extra_column',
        table,
        name: column.name,
        expected: null,
        actual: describeColumn(column),
        message: `Table ${table} has column ${column.name} (${describeColumn(column)}) that the app does not know.`,
      });
    }
  }
  return differences;
}

/** Every difference between the live schema and the expected one, in a stable order. */
export function compareSchemas(expected: SchemaShape, actual: SchemaShape): readonly SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  for (const [name, table] of expected.tables) {
    const live = actual.tables.get(name);
    if (live === undefined) {
      differences.push({ kind: 'missing_table', table: name, name, expected: 'table', actual: null, message: `Table ${name} is missing.` });
    } else {
      differences.push(...compareColumns(name, table, live));
    }
  }
  for (const name of actual.tables.keys()) {
    if (!expected.tables.has(name)) {
      differences.push({ kind: 'extra_table', table: name, name, expected: null, actual: 'table', message: `Table ${name} exists but the app does not know it.` });
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
      });
    } else if (describeIndex(live) !== describeIndex(index)) {
      differences.push({
        kind: 'changed_index',
        table: index.table,
        name,
        expected: describeIndex(index),
        actual: describeIndex(live),
        message: `Index ${name} is ${describeIndex(live)}; the app expects ${describeIndex(index)}.`,
      });
    }
  }
  for (const [name, index] of actual.indexes) {
    if (!expected.indexes.has(name)) {
      differences.push({
        kind: 'extra_index',
        table: index.table,
        name,
        expected: null,
        actual: describeIndex(index),
        message: `Index ${name} (${describeIndex(index)}) exists but the app does not know it.`,
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
      });
    }
  }
  for (const [name, object] of actual.others) {
    if (!expected.others.has(name)) {
      differences.push({ kind: 'extra_object', table: null, name, expected: null, actual: object.sql, message: `The ${object.type} ${name} exists but the app does not know it.` });
    }
  }
  return differences;
}
