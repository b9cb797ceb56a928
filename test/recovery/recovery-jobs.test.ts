import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { EventBus } from '../../src/main/core/events';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { silentLogger } from '../../src/main/core/logger';
import { RecoveryJobs } from '../../src/main/core/recovery/recovery-jobs';
import { exportRecoveryReport } from '../../src/main/core/recovery/recovery-report-export';
import type { RecoveryJob, RecoveryProgress } from '../../src/shared/recovery-jobs';
import { defaultWelcome } from '../../src/shared/welcome';
import { memoryLogger } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store;
let jobs: RecoveryJobs;
let repo: DeliveriesRepository;
let leads: LeadRecords;
let running: Set<number>;
let pushed: RecoveryProgress[];
let clock: number;

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  bot.run(1, 900, 'one_bot');
  bot.run(2, 901, 'two_bot');
  repo = new DeliveriesRepository(store.db);
  leads = new LeadRecords(store.db);
  running = new Set([1, 2]);
  pushed = [];
  clock = 10_000;
  const events = new EventBus();
  events.on('recovery.progress', (progress) => pushed.push(progress));
  jobs = new RecoveryJobs({ db: store.db, events, logger: silentLogger, now: () => clock, runningBots: () => running });
});

afterEach(() => {
  jobs.stop();
  store.close();
});

/** A lead whose welcome failed for good (Telegram refused it): it never got one. */
function lostLead(botId: number, userId: number, firstSeen = 1000): number {
  const id = leads.insert(
    { botId, userId, chatId: userId, username: null, firstName: `User ${userId}`, lastName: null, languageCode: null, source: null, invalid: null },
    firstSeen,
  );
  repo.enqueueWelcome(botId, id, userId, firstSeen);
  const [row] = repo.due(botId, firstSeen, 1000).filter((due) => due.leadId === id);
  repo.claim(row!.id, firstSeen, 0);
  repo.finishFailed({ id: row!.id, leadId: id, kind: 'welcome' }, 'failed', 'Bad Request: chat not found', firstSeen);
  return id;
}

function rows(jobId: number): { lead_id: number; status: string; error: string | null; content: string | null }[] {
  return store.db
    .prepare<[number], { lead_id: number; status: string; error: string | null; content: string | null }>(
      'SELECT lead_id, status, error, content FROM deliveries WHERE recovery_job_id = ? ORDER BY id',
    )
    .all(jobId);
}

function eventKinds(leadId: number): string[] {
  return store.db
    .prepare<[number], { kind: string }>('SELECT kind FROM lead_events WHERE lead_id = ? ORDER BY id')
    .all(leadId)
    .map((row) => row.kind);
}

/** What the sender does with each due row: claim it and, when claimed, record it sent. */
function sendDue(botId: number): number[] {
  const sent: number[] = [];
  for (const row of repo.due(botId, clock, 1000)) {
    if (!repo.claim(row.id, clock, 0)) continue;
    repo.finishSent(row, 1, clock);
    sent.push(row.leadId);
  }
  return sent;
}

describe('recovery jobs', () => {
  it('counts exactly the leads never welcomed, and queues one recovery for each', () => {
    const [a, b] = [lostLead(1, 11), lostLead(2, 21)];
    const welcomed = lostLead(1, 12);
    leads.welcomed(welcomed, 2000);
    const converted = lostLead(1, 13);
    leads.converted(converted, 990, 2000);
    const blocked = lostLead(1, 14);
    leads.refused(blocked);

    expect(jobs.preview({ kind: 'all' })).toEqual({ leads: 2, alreadyInJobs: [], welcomesOnTheirWay: 0, heldWelcomesReplaced: 0 });
    expect(jobs.preview({ kind: 'bot', botId: 2 }).leads).toBe(1);
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    expect(rows(job.id).map((row) => [row.lead_id, row.status, row.content])).toEqual([
      [a, 'pending', null],
      [b, 'pending', null],
    ]);
    expect(job.progress).toMatchObject({ status: 'running', total: 2, remaining: 2, sent: 0 });
    expect(sendDue(1)).toEqual([a]);
    expect(sendDue(2)).toEqual([b]);
    expect(eventKinds(a)).toEqual(['welcome_failed', 'recovered']);
    expect(store.db.prepare("SELECT detail FROM lead_events WHERE lead_id = ? AND kind = 'recovered'").get(a)).toEqual({
      detail: JSON.stringify({
        deliveryId: store.db.prepare('SELECT id FROM deliveries WHERE recovery_job_id = ? AND lead_id = ?').pluck().get(job.id, a),
        messageId: 1,
        jobId: job.id,
      }),
    });
  });

  it('refuses a scope with nobody to recover, and starts nothing', () => {
    const welcomed = lostLead(1, 11);
    leads.welcomed(welcomed, 2000);
    expect(jobs.preview({ kind: 'bot', botId: 1 }).leads).toBe(0);
    expect(() => jobs.create({ kind: 'bot', botId: 1 }, { kind: 'welcome' })).toThrow(expect.objectContaining({ code: 'RECOVERY_NOTHING_TO_RECOVER' }));
    expect(jobs.list()).toEqual([]);
    expect(() => jobs.preview({ kind: 'incident', incidentId: 5 })).toThrow(expect.objectContaining({ code: 'INCIDENT_NOT_FOUND' }));
    expect(() => jobs.preview({ kind: 'bot', botId: 9 })).toThrow(expect.objectContaining({ code: 'BOT_NOT_FOUND' }));
  });

  it('refuses an apology that makes a welcome with media too long for its caption, and starts nothing', () => {
    lostLead(1, 11);
    const records = new BotRecords(store.db);
    const welcome = {
      ...defaultWelcome('B', 'en'),
      text: 'w'.repeat(1000),
      media: { kind: 'photo' as const, source: { type: 'url' as const, url: 'https://example.com/a.jpg' }, fileId: null },
    };
    records.setWelcome(1, welcome, 2000);
    expect(() => jobs.create({ kind: 'all' }, { kind: 'apology', text: 'Sorry for the long wait, truly.' })).toThrow(/@one_bot is too long: .*1024.*Shorten the apology/);
    expect(jobs.list()).toEqual([]);
    records.setWelcome(1, { ...welcome, text: 'w'.repeat(900) }, 2000);
    expect(jobs.create({ kind: 'all' }, { kind: 'apology', text: 'Sorry for the long wait, truly.' }).progress.total).toBe(1);
  });

  it('narrows by incident and by first-seen window', () => {
    const early = lostLead(1, 11, 1000);
    const late = lostLead(1, 12, 5000);
    store.db.prepare("INSERT INTO incidents (id, bot_id, cause, detail, started_at, detected_at) VALUES (1, 1, 'network', 'x', 900, 950)").run();
    store.db.prepare('INSERT INTO incident_leads (incident_id, lead_id, sent_at) VALUES (1, ?, 1000)').run(early);
    const byIncident = jobs.create({ kind: 'incident', incidentId: 1 }, { kind: 'welcome' });
    expect(rows(byIncident.id).map((row) => row.lead_id)).toEqual([early]);
    expect(jobs.preview({ kind: 'age', firstSeenFrom: 4000, firstSeenTo: 6000 }).leads).toBe(1);
    const byAge = jobs.create({ kind: 'age', firstSeenFrom: 4000, firstSeenTo: 6000 }, { kind: 'welcome' });
    expect(rows(byAge.id).map((row) => row.lead_id)).toEqual([late]);
  });

  it('leaves a lead in another open job to that job, and a lead whose welcome is on its way to the welcome', () => {
    const [a, b, c] = [lostLead(1, 11), lostLead(1, 12), lostLead(1, 13)];
    const first = jobs.create({ kind: 'age', firstSeenFrom: 0, firstSeenTo: 1000 }, { kind: 'welcome' });
    const queued = leads.insert({ botId: 1, userId: 14, chatId: 14, username: null, firstName: 'D', lastName: null, languageCode: null, source: null, invalid: null }, 3000);
    repo.enqueueWelcome(1, queued, 14, 3000);
    expect(rows(first.id).map((row) => row.lead_id)).toEqual([a, b, c]);
    expect(jobs.preview({ kind: 'all' })).toEqual({ leads: 0, alreadyInJobs: [{ jobId: first.id, leads: 3 }], welcomesOnTheirWay: 1, heldWelcomesReplaced: 0 });
    expect(() => jobs.create({ kind: 'all' }, { kind: 'welcome' })).toThrow(/3 already in recovery job 1, 1 with a welcome on its way/);
    // Once the first job is over, its leads may be queued again (its sent ones are welcomed, so they are not).
    jobs.cancel(first.id);
    const second = jobs.create({ kind: 'all' }, { kind: 'apology', text: 'Sorry <3' });
    expect(rows(second.id)).toEqual([a, b, c].map((lead) => ({ lead_id: lead, status: 'pending', error: null, content: '{"text":"Sorry &lt;3","media":null,"buttons":[]}' })));
    expect(second.message).toEqual({ kind: 'apology', text: 'Sorry <3' });
  });

  it('replaces a held welcome so the lead gets one message', () => {
    const lead = leads.insert({ botId: 1, userId: 11, chatId: 11, username: null, firstName: 'A', lastName: null, languageCode: null, source: null, invalid: null }, 1000);
    repo.enqueueWelcome(1, lead, 11, 1000);
    repo.holdStale(1, 2000, 2000);
    expect(jobs.preview({ kind: 'all' })).toMatchObject({ leads: 1, heldWelcomesReplaced: 1 });
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    expect(store.db.prepare("SELECT status, error FROM deliveries WHERE kind = 'welcome'").get()).toEqual({ status: 'failed', error: `replaced by recovery job ${job.id}` });
    expect(sendDue(1)).toEqual([lead]);
    expect(eventKinds(lead)).toEqual(['welcome_held', 'welcome_replaced', 'recovered']);
  });

  it('skips at send time the leads welcomed, converted, archived or blocking meanwhile, each with why', () => {
    const ids = [11, 12, 13, 14, 15].map((user) => lostLead(1, user));
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    const [welcomed, converted, archived, blocked, still] = ids as [number, number, number, number, number];
    leads.welcomed(welcomed, 3000);
    leads.converted(converted, 500, 3000);
    store.db.prepare("UPDATE leads SET archived = 1, archived_reason = 'bot_removed', archived_at = 3000 WHERE id = ?").run(archived);
    leads.refused(blocked);
    expect(sendDue(1)).toEqual([still]);
    expect(jobs.progress(job.id)).toMatchObject({ sent: 1, skipped: { welcomed: 1, converted: 1, archived: 1, blocked: 1 }, failed: 0, remaining: 0 });
    expect(eventKinds(welcomed).at(-1)).toBe('recovery_skipped');
    expect(jobs.detail(job.id, 0, 10).leads.map((lead) => [lead.outcome, lead.why])).toEqual([
      ['skipped', 'welcomed'],
      ['skipped', 'converted'],
      ['skipped', 'archived'],
      ['skipped', 'blocked'],
      ['sent', null],
    ]);
  });

  it('takes no row of a paused job and claims none already loaded, then goes on when resumed', () => {
    const [a, b] = [lostLead(1, 11), lostLead(1, 12)];
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    const loaded = repo.due(1, clock, 10);
    expect(jobs.pause(job.id).progress.status).toBe('paused');
    expect(repo.due(1, clock, 10)).toEqual([]);
    expect(loaded.map((row) => repo.claim(row.id, clock, 0))).toEqual([false, false]);
    // A new /start while paused is not held back by the paused recovery: it gets its own welcome.
    expect(repo.openWelcome(a)).toBeNull();
    jobs.resume(job.id);
    expect(sendDue(1)).toEqual([a, b]);
    jobs.tick();
    expect(jobs.job(job.id)).toMatchObject({ finishedAt: clock, progress: { status: 'done', sent: 2, remaining: 0 } });
    expect(pushed.map((progress) => progress.status)).toEqual(['paused', 'running', 'done']);
    expect(() => jobs.pause(job.id)).toThrow(expect.objectContaining({ code: 'RECOVERY_JOB_FINISHED' }));
  });

  it('cancels the rows not taken yet, each with a reason and an event', () => {
    const [a, b] = [lostLead(1, 11), lostLead(1, 12)];
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    const [first] = repo.due(1, clock, 1);
    expect(repo.claim(first!.id, clock, 0)).toBe(true);
    const cancelled = jobs.cancel(job.id);
    expect(cancelled.progress).toMatchObject({ status: 'cancelled', cancelled: 1, remaining: 1 });
    expect(cancelled.finishedAt).toBe(clock);
    expect(rows(job.id).map((row) => [row.lead_id, row.status, row.error])).toEqual([
      [a, 'sending', null],
      [b, 'failed', 'cancelled: the operator cancelled the recovery job'],
    ]);
    expect(eventKinds(b).at(-1)).toBe('recovery_cancelled');
    expect(sendDue(1)).toEqual([]);
  });

  it('measures the rate from the sends and shows the part of a bot that is not running as waiting', () => {
    for (let user = 11; user <= 14; user += 1) lostLead(1, user);
    lostLead(2, 21);
    running = new Set([1]);
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    for (const row of repo.due(1, clock, 3)) {
      clock += 500;
      repo.claim(row.id, clock, 0);
      repo.finishSent(row, 1, clock);
    }
    // Three sends 500 ms apart: 2 a second, and two rows left take a second.
    expect(jobs.progress(job.id)).toMatchObject({ sent: 3, remaining: 2, ratePerSecond: 2, etaMs: 1000, waitingBots: [{ botId: 2, remaining: 1 }] });
  });

  it('logs a failed look at the progress and keeps looking', async () => {
    lostLead(1, 11);
    const logger = memoryLogger();
    let looks = 0;
    const failing = new RecoveryJobs({
      db: store.db,
      events: new EventBus(),
      logger,
      now: () => clock,
      runningBots: () => {
        looks += 1;
        throw new Error('the fleet is gone');
      },
      progressEveryMs: 5,
    });
    jobs.create({ kind: 'all' }, { kind: 'welcome' });
    failing.start();
    await vi.waitFor(() => expect(looks).toBeGreaterThanOrEqual(2));
    failing.stop();
    expect(logger.lines[0]).toMatch(/reading the recovery jobs’ progress failed .*the fleet is gone/);
  });

  it('tells of each job’s end once, done or cancelled, with its final figures', () => {
    const ended: RecoveryJob[] = [];
    const told = new RecoveryJobs({ db: store.db, events: new EventBus(), logger: silentLogger, now: () => clock, runningBots: () => running, onEnd: (job) => ended.push(job) });
    lostLead(1, 11);
    lostLead(2, 21);
    const done = told.create({ kind: 'bot', botId: 1 }, { kind: 'welcome' });
    const cancelled = told.create({ kind: 'bot', botId: 2 }, { kind: 'welcome' }, true);
    told.tick();
    expect(ended).toEqual([]);
    sendDue(1);
    told.tick();
    told.tick();
    told.cancel(cancelled.id);
    told.tick();
    expect(ended.map((job) => [job.id, job.progress.status, job.progress.sent, job.progress.cancelled, job.announce])).toEqual([
      [done.id, 'done', 1, 0, false],
      [cancelled.id, 'cancelled', 0, 1, true],
    ]);
  });

  it('keeps whether the job announces its result, silent unless asked', () => {
    lostLead(1, 11);
    lostLead(2, 21);
    const silent = jobs.create({ kind: 'bot', botId: 1 }, { kind: 'welcome' });
    const announced = jobs.create({ kind: 'bot', botId: 2 }, { kind: 'welcome' }, true);
    expect([silent.announce, announced.announce]).toEqual([false, true]);
    expect(jobs.list().map((job) => [job.id, job.announce])).toEqual([
      [announced.id, true],
      [silent.id, false],
    ]);
  });
});

describe('the exported report of a job', () => {
  const exportsDir = (): string => join(store.dataDir, 'exports');

  it('writes every lead with its bot, outcome, why and time as CSV, and nothing partial', async () => {
    const [sent, skipped] = [lostLead(1, 11), lostLead(2, 21)];
    store.db.prepare("UPDATE leads SET first_name = '=cmd', username = 'ana, the first' WHERE id = ?").run(sent);
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    clock = Date.UTC(2026, 10, 30, 12, 0, 0, 5);
    sendDue(1);
    leads.converted(skipped, 500, clock);
    sendDue(2);
    const result = await exportRecoveryReport(jobs, exportsDir(), job.id);
    expect(result.rows).toBe(2);
    expect(result.fileName).toMatch(new RegExp(`^recovery-job-${job.id}-\\d{8}T\\d{9}Z\\.csv$`));
    expect(readFileSync(result.path, 'utf8')).toBe(
      '\uFEFFlead_id,bot,first_name,username,outcome,why,at\r\n' +
        `${sent},one_bot,'=cmd,"ana, the first",sent,,2026-11-30T12:00:00.005Z\r\n` +
        `${skipped},two_bot,User 21,,skipped,converted,2026-11-30T12:00:00.005Z\r\n`,
    );
    expect(readdirSync(exportsDir())).toEqual([result.fileName]);
  });

  it('writes a report longer than one page in full', async () => {
    const person = { username: null, lastName: null, languageCode: null, source: null, invalid: null };
    // Leads never queued a welcome are lost too: the cheapest way to make many.
    for (let user = 1; user <= 1001; user += 1) leads.insert({ botId: 1, userId: 10_000 + user, chatId: 10_000 + user, firstName: 'Lead', ...person }, 1000);
    const job = jobs.create({ kind: 'all' }, { kind: 'welcome' });
    const result = await exportRecoveryReport(jobs, exportsDir(), job.id);
    const lines = readFileSync(result.path, 'utf8').split('\r\n');
    expect(result.rows).toBe(1001);
    expect(lines).toHaveLength(1001 + 2);
    expect(new Set(lines.slice(1, -1).map((line) => line.split(',')[0])).size).toBe(1001);
  });

  it('refuses an unknown job with its own code and writes no file', async () => {
    await expect(exportRecoveryReport(jobs, exportsDir(), 404)).rejects.toMatchObject({ code: 'RECOVERY_JOB_NOT_FOUND' });
    expect(existsSync(exportsDir())).toBe(false);
  });
});
