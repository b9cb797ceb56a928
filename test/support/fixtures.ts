import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Migration } from '../../src/main/core/db/migration';
import { databasePath } from '../../src/main/core/db/paths';
import { openStore } from '../../src/main/core/db/store';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { archivedColumns, contactsTable, rebuildContacts } from './migrations';

export const APP_VERSION = '0.0.0-test';

/**
 * Rows to insert right after each migration, by migration name. Every migration must have
 * an entry (the upgrade test checks), so each version's fixture holds real data.
 */
export const seeds: Readonly<Record<string, (db: Database.Database) => void>> = {
  '001_settings_and_migration_log': (db) => {
    const insert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 5; i += 1) insert.run(`fixture.key${i}`, JSON.stringify({ i, text: `value ${i}` }), '2026-01-01T00:00:00.000Z');
  },
  '002_bots_leads_deliveries': (db) => {
    db.prepare(
      "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 777, 'fixture_bot', 'Fixture', 'kf1:sealed', '777:…abcd', '{}', 1, 1)",
    ).run();
    const lead = db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, source, first_seen_at, last_seen_at) VALUES (1, ?, ?, ?, 'ads', ?, ?)");
    const event = db.prepare("INSERT INTO lead_events (lead_id, kind, at) VALUES (?, 'started', ?)");
    const delivery = db.prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (1, ?, ?, 'welcome', 0, 'sent', 0, ?, ?)",
    );
    for (let i = 0; i < 20; i += 1) {
      const id = Number(lead.run(5000 + i, 5000 + i, `Lead ${i}`, 1000 + i, 1000 + i).lastInsertRowid);
      event.run(id, 1000 + i);
      delivery.run(id, 5000 + i, 1000 + i, 1000 + i);
    }
    db.prepare("INSERT INTO updates (telegram_bot_id, update_id, bot_id, kind, received_at) VALUES (777, 1, 1, 'message', 1)").run();
  },
  '003_lead_conversion_and_search': (db) => {
    // A sale on an existing lead, a renamed lead (through the search trigger) and a new one.
    db.prepare("UPDATE leads SET status = 'converted', converted_at = 2000, revenue_cents = 4990 WHERE id = 1").run();
    db.prepare("UPDATE leads SET username = 'renamed_fixture', first_name = 'Zoë' WHERE id = 2").run();
    db.prepare(
      "INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, source, first_seen_at, last_seen_at) VALUES (1, 9000, 9000, 'after_003', 'Ana', 'Lima', NULL, 3000, 3000)",
    ).run();
  },
  '004_incidents_and_alerts': (db) => {
    // An ended incident with two of the fixture's leads, a channel and an alert it sent.
    db.prepare(
      "INSERT INTO incidents (id, bot_id, cause, detail, started_at, detected_at, ended_at, end_reason) VALUES (1, 1, 'network', 'fetch failed', 4000, 4030, 5000, 'recovered')",
    ).run();
    db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (1, 1, 4100), (1, 2, 4200)').run();
    db.prepare(
      "INSERT INTO alert_channels (id, kind, name, config_sealed, hint, created_at, updated_at) VALUES (1, 'webhook', 'Fixture hook', 'kf1:sealed', 'example.com…', 4000, 4000)",
    ).run();
    db.prepare(
      "INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at, finished_at) VALUES (1, 'webhook', 'Fixture hook', 1, 'down', 'sent', 1, 4030, 4031)",
    ).run();
  },
  '005_search_index_catch_up': (db) => {
    // A lead captured after 005 (left for the search to index) and a rename of an indexed one.
    db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, first_seen_at, last_seen_at) VALUES (1, 9100, 9100, 'after_005', 'Bia', 6000, 6000)").run();
    db.prepare("UPDATE leads SET first_name = 'Renata' WHERE id = 3").run();
  },
  '006_lead_counts': (db) => {
    // A lead captured after 006, a welcome and a sale: each moves the day counts.
    db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, source, first_seen_at, last_seen_at) VALUES (1, 9200, 9200, 'Caio', 'ads', 7000, 7000)").run();
    db.prepare("UPDATE leads SET status = 'welcomed', welcomed_at = 7100 WHERE id = 4").run();
    db.prepare("UPDATE leads SET status = 'converted', converted_at = 7200, revenue_cents = 1990 WHERE id = 5").run();
  },
  '007_lead_writes_without_triggers': (db) => {
    // With no trigger left, the lead records keep the day counts and the search index: a capture, a rename of an indexed lead, a welcome.
    const records = new LeadRecords(db);
    const id = records.insert(
      { botId: 1, userId: 9300, chatId: 9300, username: 'after_007', firstName: 'Davi', lastName: null, languageCode: 'pt-br', source: 'ads', invalid: null },
      8000,
    );
    const renamed = records.find(1, 5003);
    if (renamed === null) throw new Error('the fixture lost lead 5003');
    records.started(renamed, { username: 'renamed_007', firstName: 'Ícaro', lastName: null, languageCode: null }, 8100);
    records.welcomed(id, 8200);
  },
  '008_transport_failures_requeued': (db) => {
    // A welcome failing for the lead's own reason (final) beside one retried after a network outage.
    db.prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, attempts, not_before, created_at, updated_at, error) VALUES (1, 4, 5003, 'welcome', 0, 'failed', 0, 9000, 9000, 9000, 'Forbidden: bot was blocked by the user')",
    ).run();
    db.prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, attempts, not_before, created_at, updated_at) VALUES (1, 5, 9200, 'welcome', 0, 'pending', 3, 9100, 9100, 9100)",
    ).run();
  },
  '009_never_welcomed_leads': (db) => {
    // A lead captured after 009 and never welcomed (in the new index), and one welcomed (out of it again).
    const records = new LeadRecords(db);
    const person = { username: null, lastName: null, languageCode: null, source: null, invalid: null };
    records.insert({ botId: 1, userId: 9400, chatId: 9400, firstName: 'Elis', ...person }, 9000);
    records.welcomed(records.insert({ botId: 1, userId: 9401, chatId: 9401, firstName: 'Fábio', ...person }, 9100), 9200);
  },
  '010_recovery_jobs': (db) => {
    // A job with an apology: one lead sent, one waiting; and a lead's old welcome untouched by the new column.
    db.prepare(
      "INSERT INTO recovery_jobs (id, scope, message, apology, status, leads, created_at, updated_at) VALUES (1, '{\"kind\":\"bot\",\"botId\":1}', 'apology', 'Sorry!', 'running', 2, 9500, 9500)",
    ).run();
    const recovery = db.prepare(
      'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, recovery_job_id) VALUES (1, ?, ?, \'recovery\', 1, \'{"text":"Sorry!","media":null,"buttons":[]}\', ?, 9500, 9500, 9500, 1)',
    );
    recovery.run(6, 5005, 'sent');
    recovery.run(7, 5006, 'pending');
  },
  '011_recovery_announce': (db) => {
    // A job started after 011 that announces its result, beside the older one (not announcing).
    db.prepare(
      "INSERT INTO recovery_jobs (id, scope, message, apology, status, leads, created_at, updated_at, announce) VALUES (2, '{\"kind\":\"all\"}', 'welcome', NULL, 'running', 0, 9600, 9600, 1)",
    ).run();
  },
  '012_recovery_done_alerts': (db) => {
    // The end of the announcing job, logged on the fixture's channel beside the older alerts.
    db.prepare(
      "INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at, finished_at) VALUES (1, 'webhook', 'Fixture hook', NULL, 'recovery_done', 'sent', 1, 9700, 9701)",
    ).run();
  },
  '013_recovery_progress_index': (db) => {
    // The announcing job's first row, sent: read through the new index from here on.
    db.prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, sent_at, recovery_job_id) VALUES (1, 7, 5006, 'recovery', 1, NULL, 'sent', 9800, 9800, 9801, 9801, 2)",
    ).run();
  },
  '014_lead_opt_out': (db) => {
    // A lead who pressed "stop receiving offers", beside the others (none opted out before 014).
    db.prepare('UPDATE leads SET opted_out_at = 9900 WHERE id = 6').run();
  },
  '015_campaigns': (db) => {
    // A running campaign with one lead reached and one waiting, and a draft; older deliveries belong to none.
    const audience = JSON.stringify({ bots: [1], segment: 'all', includeConverted: false });
    const message = JSON.stringify({ text: 'Sale!', media: null, buttons: [], optOutButton: true });
    db.prepare(
      "INSERT INTO campaigns (id, name, status, audience, message, recipients, created_at, updated_at, started_at) VALUES (1, 'Fixture sale', 'running', ?, ?, 2, 10000, 10000, 10000)",
    ).run(audience, message);
    db.prepare("INSERT INTO campaigns (id, name, status, audience, message, created_at, updated_at) VALUES (2, 'Fixture draft', 'draft', ?, ?, 10100, 10100)").run(
      audience,
      message,
    );
    const broadcast = db.prepare(
      'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, campaign_id) VALUES (1, ?, ?, \'broadcast\', 2, \'{"text":"Sale!","media":null,"buttons":[]}\', ?, 10000, 10000, 10000, 1)',
    );
    broadcast.run(2, 5001, 'sent');
    broadcast.run(3, 5002, 'pending');
  },
  '016_delivery_clicks': (db) => {
    // The campaign's sent message was pressed; the deliveries of before 016 stay unclicked.
    db.prepare('UPDATE deliveries SET clicked_at = 10200 WHERE campaign_id = 1 AND lead_id = 2').run();
  },
  '017_follow_ups': (db) => {
    // One step: lead 2 got it (a follow-up delivery), lead 3 came due while Botdeck was off and was skipped.
    db.prepare('INSERT INTO follow_up_sequences (bot_id, enabled, enroll_from, scanned_to, created_at, updated_at) VALUES (1, 1, 10000, 10300, 10000, 10000)').run();
    db.prepare(
      'INSERT INTO follow_up_steps (id, bot_id, position, delay_minutes, delay_unit, condition, message, enabled, created_at, updated_at) VALUES (1, 1, 1, 60, \'hours\', \'any\', \'{"text":"Still there?","media":null,"buttons":[],"optOutButton":true}\', 1, 10000, 10000)',
    ).run();
    const delivery = db
      .prepare(
        'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, sent_at, follow_up_step_id) VALUES (1, 2, 5001, \'broadcast\', 2, \'{"text":"Still there?","media":null,"buttons":[]}\', \'sent\', 10300, 10300, 10300, 10301, 1)',
      )
      .run().lastInsertRowid;
    db.prepare("INSERT INTO follow_up_enrollments (lead_id, bot_id, starts_at, enrolled_at, ended) VALUES (2, 1, 10000, 10000, 'done'), (3, 1, 10000, 10000, 'done')").run();
    db.prepare('INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, delivery_id) VALUES (1, 2, 10200, 10300, ?)').run(delivery);
    db.prepare("INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, skipped) VALUES (1, 3, 10200, 10300, 'missed')").run();
  },
  '018_campaign_results_indexes': (db) => {
    // The campaign's message reached lead 2 (clicked in 016's seed), who then bought: read through the new indexes from here on.
    db.prepare('UPDATE deliveries SET sent_at = 10001 WHERE campaign_id = 1 AND lead_id = 2').run();
    new LeadRecords(db).converted(2, 4990, 10500);
  },
  '019_backup_alerts': (db) => {
    // A failed backup told on the fixture's channel, then the good one that resolved it: alerts without an incident.
    const alert = db.prepare(
      "INSERT INTO alert_log (channel_id, channel_kind, channel_name, incident_id, type, status, attempts, created_at, finished_at) VALUES (1, 'webhook', 'Fixture hook', NULL, ?, 'sent', 1, ?, ?)",
    );
    alert.run('backup_failed', 10600, 10601);
    alert.run('backup_ok', 10700, 10701);
  },
  '020_products_and_payments': (db) => {
    // Lead 2 pressed the campaign's product button and paid in Stars; the purchase went out.
    db.prepare(
      'INSERT INTO products (id, bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at) VALUES (1, 1, \'Course\', \'The whole course\', 4990, 250, \'{"text":"Your access: https://example.com/c","media":null,"buttons":[]}\', 10800, 10800)',
    ).run();
    db.prepare(
      "INSERT INTO checkouts (id, bot_id, lead_id, product_id, rail, amount, status, campaign_id, idempotency_key, created_at, updated_at) VALUES (1, 1, 2, 1, 'stars', 250, 'paid', 1, 'fixture-key-1', 10900, 10950)",
    ).run();
    db.prepare(
      "INSERT INTO payments (id, bot_id, lead_id, product_id, checkout_id, rail, amount, charge_id, campaign_id, recorded_by, paid_at, recorded_at) VALUES (1, 1, 2, 1, 1, 'stars', 250, 'stxFixtureCharge', 1, 'update', 10950, 10950)",
    ).run();
    db.prepare(
      'INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, sent_at, payment_id) VALUES (1, 2, 5001, \'purchase\', 0, \'{"text":"Your access: https://example.com/c","media":null,"buttons":[]}\', \'sent\', 10950, 10950, 10951, 10952, 1)',
    ).run();
  },
  '021_funnel_clicks_index': (db) => {
    // Lead 3 pressed the welcome's button: a click the funnel reads through the new index.
    db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (3, \'clicked\', 11000, \'{"data":"offer"}\')').run();
  },
  '022_pix_gateway_failures': (db) => {
    // A Mercado Pago account connected, whose token the gateway refused at a press, then a good answer.
    db.prepare(
      "INSERT INTO pix_gateway (id, kind, base_url, credentials_sealed, hint, expiry_minutes, created_at, updated_at) VALUES (1, 'mercado_pago', 'https://api.mercadopago.com', 'kf1:sealed', '…abcd', 30, 11100, 11100)",
    ).run();
    db.prepare(
      'UPDATE pix_gateway SET failed_at = 11200, failure_code = \'PIX_CREDENTIALS_REFUSED\', failure_text = \'{"key":"pix.credentialsRefused","params":{"detail":"401"}}\', answered_at = 11300 WHERE id = 1',
    ).run();
  },
  // The test-only migrations follow the app's, so their names move with every new app migration.
  [contactsTable.name]: (db) => {
    const insert = db.prepare('INSERT INTO contacts (chat_id, username, started_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 50; i += 1) insert.run(1000 + i, `user${i}`, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`);
  },
  [archivedColumns.name]: (db) => {
    db.exec("UPDATE contacts SET archived = 1, archived_reason = 'bot_replaced', archived_at = '2026-02-01' WHERE chat_id % 7 = 0");
  },
  [rebuildContacts.name]: (db) => {
    db.prepare('INSERT INTO contacts (chat_id, username, started_at) VALUES (?, ?, ?)').run(9999, 'after_rebuild', '2026-03-01');
  },
};

/** A data folder whose database is at `version` of `list`, with seed rows for every step. */
export async function buildFixture(dataDir: string, list: readonly Migration[], version: number): Promise<void> {
  const applied = list.slice(0, version);
  if (version === 0) {
    new Database(databasePath(dataDir)).close();
    return;
  }
  const store = await openStore({ dataDir, appVersion: APP_VERSION, migrations: applied });
  for (const migration of applied) {
    const seed = seeds[migration.name];
    if (seed === undefined) throw new Error(`No fixture seed for ${migration.name}`);
    seed(store.db);
  }
  store.close();
}

export type Snapshot = Record<string, Record<string, unknown>[]>;

/** Every row of every table, ordered by all its columns so two snapshots compare row by row. */
export function snapshot(file: string): Snapshot {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    return Object.fromEntries(
      tables.map(({ name }) => {
        const width = db.prepare(`PRAGMA table_info("${name}")`).all().length;
        const order = Array.from({ length: width }, (_, i) => i + 1).join(', ');
        return [name, db.prepare<[], Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY ${order}`).all()];
      }),
    );
  } finally {
    db.close();
  }
}

export function fileBytes(file: string): Buffer {
  return readFileSync(file);
}

export function userVersion(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/**
 * The drift that once took the bots down: the leads table without its `archived` column.
 * SQLite refuses to drop a column an index or a trigger uses, so those go first; returns
 * their names.
 */
export function dropLeadsArchivedColumn(file: string): string[] {
  const db = new Database(file);
  try {
    const objects = db
      .prepare<[], { type: string; name: string }>("SELECT type, name FROM sqlite_schema WHERE type IN ('index', 'trigger') AND tbl_name = 'leads' AND sql LIKE '%archived%'")
      .all();
    for (const { type, name } of objects) db.exec(`DROP ${type === 'index' ? 'INDEX' : 'TRIGGER'} "${name}"`);
    db.exec('ALTER TABLE leads DROP COLUMN archived');
    return objects.map((object) => object.name);
  } finally {
    db.close();
  }
}
