import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migration001 } from '../../../src/main/core/db/migrations/001_settings_and_migration_log';
import { migration002 } from '../../../src/main/core/db/migrations/002_bots_leads_deliveries';
import { migration003 } from '../../../src/main/core/db/migrations/003_lead_conversion_and_search';
import { migration004 } from '../../../src/main/core/db/migrations/004_incidents_and_alerts';
import { readSchema } from '../../../src/main/core/db/schema';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of [migration001, migration002, migration003]) migration.up(db);
  db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
  db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (7, 1, 7, 7, 'L', 0, 0)").run();
  migration004.up(db);
  return () => db.close();
});

const openIncident = (botId: number | null, startedAt = 100): number =>
  Number(db.prepare("INSERT INTO incidents (bot_id, cause, started_at, detected_at) VALUES (?, 'network', ?, ?)").run(botId, startedAt, startedAt + 30).lastInsertRowid);

describe('004_incidents_and_alerts', () => {
  it('creates the four tables with their indexes', () => {
    const schema = readSchema(db);
    for (const table of ['incidents', 'incident_leads', 'alert_channels', 'alert_log']) expect(schema.tables.has(table), table).toBe(true);
    expect([...schema.indexes.keys()].filter((name) => /^(incident|alert)/.test(name)).sort()).toEqual([
      'alert_log_channel',
      'alert_log_incident',
      'incident_leads_lead',
      'incidents_bot_started',
      'incidents_open_per_bot',
    ]);
  });

  it('allows one open incident per bot, any number of ended ones', () => {
    const first = openIncident(1);
    expect(() => openIncident(1)).toThrow(/UNIQUE constraint failed/);
    db.prepare("UPDATE incidents SET ended_at = 200, end_reason = 'recovered' WHERE id = ?").run(first);
    expect(openIncident(1)).toBeGreaterThan(first);
  });

  it('refuses an end without its reason, and a reason that is not known', () => {
    const id = openIncident(1);
    expect(() => db.prepare('UPDATE incidents SET ended_at = 5 WHERE id = ?').run(id)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE incidents SET ended_at = 5, end_reason = 'magic' WHERE id = ?").run(id)).toThrow(/CHECK constraint failed/);
  });

  it('links leads to incidents once, and only existing ones', () => {
    const id = openIncident(null);
    db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (?, 7, 150)').run(id);
    expect(() => db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (?, 7, 160)').run(id)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (?, 999, 160)').run(id)).toThrow(/FOREIGN KEY/);
  });

  it('keeps the alert history when its channel is removed, and refuses unknown kinds and types', () => {
    db.prepare("INSERT INTO alert_channels (id, kind, name, config_sealed, hint, created_at, updated_at) VALUES (1, 'slack', 'Team', 'x', 'hooks.slack.com…', 0, 0)").run();
    db.prepare("INSERT INTO alert_log (channel_id, channel_kind, channel_name, type, status, created_at) VALUES (1, 'slack', 'Team', 'test', 'sent', 1)").run();
    db.prepare('DELETE FROM alert_channels WHERE id = 1').run();
    expect(db.prepare('SELECT channel_id, channel_name FROM alert_log').get()).toEqual({ channel_id: null, channel_name: 'Team' });
    expect(() => db.prepare("INSERT INTO alert_channels (kind, name, config_sealed, hint, created_at, updated_at) VALUES ('pager', 'P', 'x', 'h', 0, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO alert_log (channel_kind, channel_name, type, status, created_at) VALUES ('slack', 'T', 'panic', 'sent', 0)").run()).toThrow(/CHECK/);
  });
});
