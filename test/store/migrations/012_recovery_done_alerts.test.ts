import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration012 } from '../../../src/main/core/db/migrations/012_recovery_done_alerts';
import { readSchema } from '../../../src/main/core/db/schema';

let db: Database.Database;

const log = (type: string, incidentId: number | null): unknown =>
  db
    .prepare("INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at) VALUES (1, 'webhook', 'Hook', ?, ?, 'sent', 1, 5)")
    .run(incidentId, type).lastInsertRowid;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration012.version)) migration.up(db);
  db.prepare("INSERT INTO alert_channels (id, kind, name, config_sealed, hint, created_at, updated_at) VALUES (1, 'webhook', 'Hook', 's', 'h', 1, 1)").run();
  db.prepare("INSERT INTO incidents (id, bot_id, cause, started_at, detected_at) VALUES (1, NULL, 'engine_offline', 1, 2)").run();
  log('down', 1);
  log('test', null);
  return () => db.close();
});

describe('012_recovery_done_alerts', () => {
  it('keeps every logged alert as it was, with the log’s indexes', () => {
    const before = db.prepare('SELECT * FROM alert_log ORDER BY id').all();
    migration012.up(db);
    expect(db.prepare('SELECT * FROM alert_log ORDER BY id').all()).toEqual(before);
    expect([...readSchema(db).indexes.keys()].filter((name) => name.startsWith('alert_log')).sort()).toEqual(['alert_log_channel', 'alert_log_incident']);
  });

  it('logs the end of a recovery job, and still refuses a type it does not know', () => {
    expect(() => log('recovery_done', null)).toThrow(/CHECK/);
    migration012.up(db);
    expect(log('recovery_done', null)).toBe(3);
    expect(() => log('recovery_started', null)).toThrow(/CHECK/);
    // The channel's removal still leaves its log behind, without the channel.
    db.prepare('DELETE FROM alert_channels WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM alert_log WHERE channel_id IS NULL').pluck().get()).toBe(3);
  });
});
