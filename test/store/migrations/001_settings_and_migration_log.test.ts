import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration001 } from '../../../src/main/core/db/migrations/001_settings_and_migration_log';
import { readSchema } from '../../../src/main/core/db/schema';

describe('001_settings_and_migration_log', () => {
  it('creates the settings table and the migration log with their columns', () => {
    const db = new Database(':memory:');
    migration001.up(db);
    const schema = readSchema(db);
    expect([...schema.tables.keys()].sort()).toEqual(['migration_log', 'settings']);
    expect(schema.tables.get('settings')?.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['key', 'TEXT', true],
      ['value', 'TEXT', true],
      ['updated_at', 'TEXT', true],
    ]);
    expect(schema.tables.get('migration_log')?.columns.map((c) => [c.name, c.type, c.notNull])).toEqual([
      ['version', 'INTEGER', true],
      ['name', 'TEXT', true],
      ['applied_at', 'TEXT', true],
      ['app_version', 'TEXT', true],
      ['backup_file', 'TEXT', false],
    ]);
    db.close();
  });

  it('keeps one value per setting key and rejects a wrongly typed value (STRICT)', () => {
    const db = new Database(':memory:');
    migration001.up(db);
    const insert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    insert.run('a', '1', 'now');
    expect(() => insert.run('a', '2', 'now')).toThrow(/UNIQUE constraint failed: settings.key/);
    expect(() => db.prepare('INSERT INTO migration_log (version, name, applied_at, app_version) VALUES (?, ?, ?, ?)').run('x', 'n', 'now', '1')).toThrow(/datatype mismatch/);
    db.close();
  });
});
