import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration011 } from '../../../src/main/core/db/migrations/011_recovery_announce';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration011.version)) migration.up(db);
  db.prepare("INSERT INTO recovery_jobs (id, scope, message, status, leads, created_at, updated_at) VALUES (1, '{\"kind\":\"all\"}', 'welcome', 'running', 0, 1, 1)").run();
  return () => db.close();
});

const insert = (announce: number): unknown =>
  db
    .prepare("INSERT INTO recovery_jobs (scope, message, status, leads, created_at, updated_at, announce) VALUES ('{\"kind\":\"all\"}', 'welcome', 'running', 0, 1, 1, ?)")
    .run(announce).lastInsertRowid;

describe('011_recovery_announce', () => {
  it('leaves the jobs started before it silent', () => {
    migration011.up(db);
    expect(db.prepare('SELECT id, announce FROM recovery_jobs').all()).toEqual([{ id: 1, announce: 0 }]);
  });

  it('keeps the choice as a yes or a no', () => {
    migration011.up(db);
    expect(insert(1)).toBe(2);
    expect(() => insert(2)).toThrow(/CHECK/);
  });
});
