import Database from 'better-sqlite3';
import type { BackupInfo, SchemaDifference } from '../../../shared/store-status';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { markAllIndexed } from '../leads/search-index';
import type { Migration } from './migration';
import { migrations as appMigrations } from './migrations';
import { readUserVersion } from './migrator';
import { blockingDifferences, compareSchemas, expectedSchema, readSchema } from './schema';
import { openStore, type StoreOptions } from './store';
import { storeFailure } from './sqlite-errors';

interface Definition {
  readonly type: string;
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

export interface RepairResult {
  /** Taken before anything changed; null when there was nothing to repair. */
  readonly backup: BackupInfo | null;
  /** What was done, one sentence each. */
  readonly actions: readonly string[];
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The SQL SQLite keeps for every object of the schema the migrations produce, by name. */
function expectedDefinitions(list: readonly Migration[], version: number, nativeBinding?: string): Map<string, Definition> {
  const memory = new Database(':memory:', nativeBinding === undefined ? {} : { nativeBinding });
  try {
    for (const migration of list) {
      if (migration.version > version) break;
      migration.up(memory);
    }
    const rows = memory
      .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'")
      .all();
    return new Map(rows.flatMap((row) => (row.sql === null ? [] : [[row.name, { type: row.type, name: row.name, table: row.tbl_name, sql: row.sql }]])));
  } finally {
    memory.close();
  }
}

/** Splits the body of a CREATE TABLE at its top-level commas (not those inside parentheses, quotes or -- comments). */
function tableBodyParts(createSql: string): string[] {
  const open = createSql.indexOf('(');
  const parts: string[] = [];
  let depth = 0;
  let quoteChar: string | null = null;
  let current = '';
  let comment = false;
  const body = createSql.slice(open + 1);
  for (let at = 0; at < body.length; at += 1) {
    const char = body.charAt(at);
    if (comment) {
      if (char === '\n') comment = false;
      continue;
    }
    if (quoteChar === null && char === '-' && body.charAt(at + 1) === '-') {
      comment = true;
      continue;
    }
    if (quoteChar !== null) {
      if (char === quoteChar) quoteChar = null;
    } else if (char === "'" || char === '"' || char === '`') {
      quoteChar = char;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      if (depth === 0) break;
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current.trim());
  return parts;
}

/** A column's definition exactly as the app's schema writes it (type, default, CHECK, REFERENCES). */
function columnDefinition(createSql: string, column: string): string {
  const found = tableBodyParts(createSql).find((part) => {
    const name = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|([A-Za-z_][\w$]*))/.exec(part);
    const value = name?.[1]?.replaceAll('""', '"') ?? name?.[2] ?? name?.[3];
    return value !== undefined && value.toLowerCase() === column.toLowerCase();
  });
  if (found === undefined) throw new Error(`the app's schema has no definition of column ${column}`);
  return found;
}

function definitionOf(definitions: Map<string, Definition>, name: string): Definition {
  const definition = definitions.get(name);
  if (definition === undefined) throw new Error(`the app's schema has no ${name}`);
  return definition;
}

/**
 * Applies the repairs inside the caller's transaction, from the expected schema's own SQL:
 * columns first (indexes may need them), then search tables, indexes (an unknown UNIQUE
 * one on the app's table is dropped), views, triggers.
 * A search index that was missing is rebuilt from its content table; that indexes every
 * lead, so the search's catch-up (migration 005) starts after the last one.
 */
function applyRepairs(db: Database.Database, repairs: readonly SchemaDifference[], definitions: Map<string, Definition>): string[] {
  const actions: string[] = [];
  const of = (kind: SchemaDifference['kind']): SchemaDifference[] => repairs.filter((difference) => difference.kind === kind);
  for (const difference of of('missing_column')) {
    const table = difference.table ?? '';
    db.exec(`ALTER TABLE ${quote(table)} ADD COLUMN ${columnDefinition(definitionOf(definitions, table).sql, difference.name)}`);
    actions.push(`Added column ${table}.${difference.name} (${difference.expected ?? ''}); existing rows take its default.`);
  }
  const rebuild = new Set<string>();
  for (const difference of of('missing_table')) {
    const definition = definitions.get(difference.name);
    // Shadow tables come back with their virtual table.
    if (definition === undefined || !/^CREATE\s+VIRTUAL\s+TABLE/i.test(definition.sql)) continue;
    db.exec(definition.sql);
    rebuild.add(definition.name);
    actions.push(`Recreated the search index ${definition.name}.`);
  }
  for (const difference of of('extra_index')) {
    db.exec(`DROP INDEX ${quote(difference.name)}`);
    actions.push(`Dropped index ${difference.name}: a UNIQUE rule the app does not know could refuse its rows (an index holds no data).`);
  }
  for (const difference of of('changed_index')) db.exec(`DROP INDEX ${quote(difference.name)}`);
  for (const difference of [...of('missing_index'), ...of('changed_index')]) {
    db.exec(definitionOf(definitions, difference.name).sql);
    actions.push(`${difference.kind === 'missing_index' ? 'Created' : 'Recreated'} index ${difference.name}.`);
  }
  const objects = [...of('missing_object'), ...of('changed_object')]
    .map((difference) => ({ difference, definition: definitionOf(definitions, difference.name) }))
    .sort((a, b) => (a.definition.type === b.definition.type ? 0 : a.definition.type === 'view' ? -1 : 1));
  for (const { difference, definition } of objects) {
    if (difference.kind === 'changed_object') db.exec(`DROP ${definition.type === 'view' ? 'VIEW' : 'TRIGGER'} ${quote(definition.name)}`);
    db.exec(definition.sql);
    actions.push(`${difference.kind === 'missing_object' ? 'Created' : 'Recreated'} ${definition.type} ${definition.name}.`);
  }
  for (const name of rebuild) {
    db.exec(`INSERT INTO ${quote(name)} (${quote(name)}) VALUES ('rebuild')`);
    actions.push(`Rebuilt the search index ${name} from its table: rows written while it was missing or unfed are found by search again.`);
  }
  if (rebuild.size > 0 && definitions.has('lead_search_progress')) markAllIndexed(db);
  return actions;
}

/**
 * Repairs a drifted store in one action: opens it the guarded way (so pending migrations
 * run first, after their own backup), refuses unless every blocking difference is
 * repairable, takes a backup, repairs in one transaction from the expected schema's SQL
 * and verifies again before committing. Nothing changes unless the result matches.
 */
export async function repairStore(options: StoreOptions): Promise<RepairResult> {
  const list = options.migrations ?? appMigrations;
  const store = await openStore(options);
  try {
    const status = store.status();
    const blocking = blockingDifferences(status.differences);
    if (blocking.length === 0) return { backup: null, actions: ['Nothing to repair: the schema matches.'] };
    // Opening the store may have applied pending migrations (after their own backup): say so.
    const untouched =
      status.migratedNow.length === 0 ? text('store.repair.nothingChanged', {}) : text('store.repair.onlyMigrations', { names: status.migratedNow.map((m) => m.name).join(', ') });
    const refused = blocking.filter((difference) => difference.remedy === 'restore');
    if (refused.length > 0) {
      throw new BotdeckError('STORE_REPAIR_REFUSED', text('store.repairRefused', { untouched, differences: refused.map((difference) => difference.message).join(' ') }));
    }
    const backup = await store.backupNow();
    const version = readUserVersion(store.db);
    const definitions = expectedDefinitions(list, version, options.nativeBinding);
    const expected = expectedSchema(list, version, options.nativeBinding);
    let actions: string[] = [];
    try {
      store.db
        .transaction(() => {
          actions = applyRepairs(store.db, blocking, definitions);
          const left = blockingDifferences(compareSchemas(expected, readSchema(store.db)));
          if (left.length > 0) throw new Error(`after the repair the schema still differs: ${left.map((difference) => difference.message).join(' ')}`);
        })
        .immediate();
    } catch (error) {
      const cause = storeFailure(error, text('store.doing.repair', {}), store.file);
      throw new BotdeckError('STORE_REPAIR_FAILED', text('store.repairFailed', { untouched, cause: cause.text, backup: backup.name }), { cause: error });
    }
    return { backup, actions: [`Backed up to ${backup.name}.`, ...actions, 'Checked the schema again: it matches.'] };
  } finally {
    store.close();
  }
}
