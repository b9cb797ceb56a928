import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration019 } from '../../../src/main/core/db/migrations/019_backup_alerts';
import { readSchema } from '../../../src/main/core/db/schema';

let db: Database.Database;

const log = (type: string, incidentId: number | null): unknown =>
  db
    .prepare("INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at) VALUES (1, 'webhook', 'Hook', ?, ?, 'sent', 1, 5)")
    .run(incidentId, type).lastInsertRowid;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration019.version)) migration.up(db);
  db.prepare("INSERT INTO alert_channels (id, kind, name, config_sealed, hint, created_at, updated_at) VALUES (1, 'webhook', 'Hook', 's', 'h', 1, 1)").run();
  db.prepare("INSERT INTO incidents (id, bot_id, cause, started_at, detected_at) VALUES (1, NULL, 'engine_offline', 1, 2)").run();
  log('down', 1);
  log('recovery_done', null);
  return () => db.close();
});

describe('019_backup_alerts', () => {
  it('keeps every logged alert as it was, with the log’s indexes', () => {
    const before = db.prepare('SELECT * FROM alert_log ORDER BY id').all();
    migration019.up(db);
    expect(db.prepare('SELECT * FROM alert_log ORDER BY id').all()).toEqual(before);
    expect([...readSchema(db).indexes.keys()].filter((name) => name.startsWith('alert_log')).sort()).toEqual(['alert_log_channel', 'alert_log_incident']);
  });

  it('logs the backup alerts, and still refuses a type it does not know', () => {
    for (const type of ['backup_failed', 'backup_overdue', 'backup_ok']) expect(() => log(type, null)).toThrow(/CHECK/);
    migration019.up(db);
    expect(log('backup_failed', null)).toBe(3);
    expect(log('backup_overdue', null)).toBe(4);
    expect(log('backup_ok', null)).toBe(5);
    expect(() => log('backup_started', null)).toThrow(/CHECK/);
    db.prepare('DELETE FROM alert_channels WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM alert_log WHERE channel_id IS NULL').pluck().get()).toBe(5);
  });
});
