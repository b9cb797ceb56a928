import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration010 } from '../../../src/main/core/db/migrations/010_recovery_jobs';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration010.version)) migration.up(db);
  db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 42, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
  const lead = db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (?, 1, ?, ?, 'L', 1000, 1000)");
  for (let id = 1; id <= 2; id += 1) lead.run(id, id, id);
  db.prepare("INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (1, 1, 1, 'welcome', 0, 'sent', 0, 0, 0)").run();
  return () => db.close();
});

const job = db2job();
function db2job(): (status: string, finishedAt: number | null, apology?: string | null) => number {
  return (status, finishedAt, apology = null) =>
    Number(
      db
        .prepare('INSERT INTO recovery_jobs (scope, message, apology, status, leads, created_at, updated_at, finished_at) VALUES (\'{"kind":"all"}\', ?, ?, ?, 0, 1, 1, ?)')
        .run(apology === null ? 'welcome' : 'apology', apology, status, finishedAt).lastInsertRowid,
    );
}

const recovery = (jobId: number | null, leadId: number): void => {
  db.prepare(
    "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, recovery_job_id) VALUES (1, ?, ?, 'recovery', 1, 'pending', 0, 0, 0, ?)",
  ).run(leadId, leadId, jobId);
};

describe('010_recovery_jobs', () => {
  it('leaves the existing deliveries without a job', () => {
    migration010.up(db);
    expect(db.prepare('SELECT lead_id, recovery_job_id FROM deliveries').all()).toEqual([{ lead_id: 1, recovery_job_id: null }]);
  });

  it('lets one job queue a lead once, and two jobs the same lead', () => {
    migration010.up(db);
    const first = job('running', null);
    const second = job('running', null, 'Sorry!');
    recovery(first, 2);
    expect(() => recovery(first, 2)).toThrow(/UNIQUE/);
    recovery(second, 2);
    expect(() => recovery(99, 1)).toThrow(/FOREIGN KEY/);
  });

  it('keeps a job coherent: an apology with its text, and a finish time exactly when it ended', () => {
    migration010.up(db);
    expect(() => job('running', null, null)).not.toThrow();
    expect(() => job('done', null)).toThrow(/CHECK/);
    expect(() => job('paused', 5)).toThrow(/CHECK/);
    expect(() => job('stalled', null)).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO recovery_jobs (scope, message, apology, status, leads, created_at, updated_at) VALUES ('{}', 'apology', NULL, 'running', 0, 1, 1)").run(),
    ).toThrow(/CHECK/);
  });
});
