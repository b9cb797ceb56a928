import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { LeadQueries } from '../../src/main/core/leads/lead-queries';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import type { RecoveryJobs } from '../../src/main/core/recovery/recovery-jobs';
import type { RecoveryProgress } from '../../src/shared/recovery-jobs';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
let dataDir: string;
let botId: number;
const TOKEN = fakeToken(117_001);
const APOLOGY = 'Sorry for the wait!';

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 117_001, username: 'shop_bot', firstName: 'Shop' });
  dataDir = tempDir();
  core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, send: { ...fastFleet.send!, perChatGapMs: 50 } });
  botId = await startRunningBot(core, TOKEN);
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

const db = (): Database.Database => storeDbOf(core);

function jobsOf(): RecoveryJobs {
  const jobs = core?.recovery();
  if (jobs === null || jobs === undefined) throw new Error('no recovery jobs');
  return jobs;
}

/** Users whose /start welcome Telegram refuses (chat not found, a final answer): leads who never got a welcome. */
async function lostLeads(count: number, firstId: number): Promise<FakeUser[]> {
  const users = Array.from({ length: count }, (_, i) => ({ id: firstId + i, firstName: `Lost ${i}` }));
  fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: users.map((user) => user.id), times: count });
  for (const user of users) fake.sendStart(TOKEN, user);
  const failed = db().prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM deliveries WHERE kind = 'welcome' AND status = 'failed' AND chat_id IN (SELECT value FROM json_each(?))",
  );
  await vi.waitFor(() => expect(failed.get(JSON.stringify(users.map((user) => user.id)))).toEqual({ n: count }), { timeout: 5000 });
  return users;
}

function leadIdOf(user: FakeUser): number {
  const row = db().prepare<[number], { id: number }>('SELECT id FROM leads WHERE user_id = ?').get(user.id);
  if (row === undefined) throw new Error(`no lead for ${user.id}`);
  return row.id;
}

/** The messages each user received, by chat. */
function received(users: readonly FakeUser[]): number[] {
  return users.map((user) => fake.sent(TOKEN, user.id).length);
}

async function slowBot(rate: number): Promise<void> {
  const fleet = fleetOf(core!);
  fleet.setSendRate(botId, rate);
  await fleet.restartBot(botId);
  await vi.waitFor(() => expect(fleet.status(botId)).toMatchObject({ state: 'running' }), { timeout: 5000 });
}

async function untilDone(jobId: number, timeout = 10_000): Promise<RecoveryProgress> {
  await vi.waitFor(() => expect(jobsOf().progress(jobId).status).toBe('done'), { timeout });
  return jobsOf().progress(jobId);
}

const sending = (jobId: number): number =>
  db().prepare<[number], { n: number }>("SELECT count(*) AS n FROM deliveries WHERE recovery_job_id = ? AND status = 'sending'").get(jobId)?.n ?? 0;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('recovery jobs on a running engine', () => {
  it('waits with a stopped bot, then sends the apology and the welcome once to each lead, skipping the ones welcomed or converted meanwhile', async () => {
    const users = await lostLeads(5, 9100);
    const progress: RecoveryProgress[] = [];
    core!.events.on('recovery.progress', (payload) => progress.push(payload));
    await fleetOf(core!).stopBot(botId);
    expect(jobsOf().preview({ kind: 'bot', botId }).leads).toBe(5);
    const job = jobsOf().create({ kind: 'bot', botId }, { kind: 'apology', text: APOLOGY });
    expect(job.progress).toMatchObject({ total: 5, remaining: 5, waitingBots: [{ botId, remaining: 5 }] });

    const [welcomed, converted] = [leadIdOf(users[0]!), leadIdOf(users[1]!)];
    new LeadRecords(db()).welcomed(welcomed, Date.now());
    new LeadQueries(db()).markConverted(converted, 4990, Date.now());
    await pause(1200);
    expect(received(users)).toEqual([0, 0, 0, 0, 0]);

    fleetOf(core!).startBot(botId);
    const done = await untilDone(job.id);
    expect(done).toMatchObject({ sent: 3, skipped: { welcomed: 1, converted: 1, archived: 0, blocked: 0 }, failed: 0, remaining: 0, waitingBots: [] });
    expect(received(users)).toEqual([0, 0, 1, 1, 1]);
    const text = fake.sent(TOKEN, users[2]!.id)[0]?.text ?? '';
    expect(text.startsWith(`${APOLOGY}\n\n`)).toBe(true);
    expect(text).toContain('Welcome to <b>Shop</b>');
    expect(progress.at(-1)).toMatchObject({ jobId: job.id, status: 'done', sent: 3 });
    const sentFigures = progress.map((figures) => figures.sent);
    expect(sentFigures).toEqual([...sentFigures].sort((a, b) => a - b));
    expect(db().prepare("SELECT count(*) AS n FROM leads WHERE welcomed_at IS NOT NULL AND status = 'welcomed'").get()).toEqual({ n: 4 });
  });

  it('messages a lead in two overlapping jobs once', async () => {
    const early = await lostLeads(2, 9200);
    await fleetOf(core!).stopBot(botId);
    const first = jobsOf().pause(jobsOf().create({ kind: 'all' }, { kind: 'welcome' }).id);
    fleetOf(core!).startBot(botId);
    const late = await lostLeads(2, 9210);
    await fleetOf(core!).stopBot(botId);
    jobsOf().resume(first.id);
    const users = [...early, ...late];
    // The first job has not sent yet (its bot was stopped); the second takes only the leads it does not hold.
    const all = jobsOf().create({ kind: 'all' }, { kind: 'welcome' });
    expect(all.alreadyInJobs).toEqual([{ jobId: first.id, leads: 2 }]);
    expect([first.progress.total, all.progress.total]).toEqual([2, 2]);

    fleetOf(core!).startBot(botId);
    await untilDone(first.id);
    await untilDone(all.id);
    expect(received(users)).toEqual([1, 1, 1, 1]);
  });

  it('stops sending when paused and finishes when resumed, each lead messaged once', async () => {
    await slowBot(4);
    const users = await lostLeads(8, 9300);
    const job = jobsOf().create({ kind: 'all' }, { kind: 'welcome' });
    await vi.waitFor(() => expect(jobsOf().progress(job.id).sent).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    jobsOf().pause(job.id);
    // Sends already handed to Telegram finish; after them nothing more goes out while paused.
    await vi.waitFor(() => expect(sending(job.id)).toBe(0), { timeout: 3000 });
    const atPause = received(users).reduce((sum, n) => sum + n, 0);
    await pause(1500);
    expect(received(users).reduce((sum, n) => sum + n, 0)).toBe(atPause);
    expect(jobsOf().progress(job.id)).toMatchObject({ status: 'paused', sent: atPause, remaining: 8 - atPause });
    expect(atPause).toBeLessThan(8);

    jobsOf().resume(job.id);
    expect(await untilDone(job.id)).toMatchObject({ sent: 8, remaining: 0 });
    expect(received(users)).toEqual(Array<number>(8).fill(1));
  });

  it('cancels: the rows not taken are never sent, and the figures add up', async () => {
    await slowBot(4);
    const users = await lostLeads(8, 9400);
    const job = jobsOf().create({ kind: 'all' }, { kind: 'welcome' });
    await vi.waitFor(() => expect(jobsOf().progress(job.id).sent).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    jobsOf().cancel(job.id);
    await vi.waitFor(() => expect(sending(job.id)).toBe(0), { timeout: 3000 });
    await pause(1200);
    const figures = jobsOf().progress(job.id);
    expect(figures).toMatchObject({ status: 'cancelled', remaining: 0 });
    expect(figures.sent + figures.cancelled).toBe(8);
    expect(figures.cancelled).toBeGreaterThan(0);
    expect(received(users).reduce((sum, n) => sum + n, 0)).toBe(figures.sent);
  });

  it('finishes after the engine is closed and started again, nobody messaged twice', async () => {
    await slowBot(4);
    const users = await lostLeads(8, 9500);
    const job = jobsOf().create({ kind: 'all' }, { kind: 'apology', text: APOLOGY });
    await vi.waitFor(() => expect(jobsOf().progress(job.id).sent).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    await core!.close();
    const beforeRestart = received(users).reduce((sum, n) => sum + n, 0);
    expect(beforeRestart).toBeLessThan(8);

    core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, send: { ...fastFleet.send!, perChatGapMs: 50 } });
    expect(await untilDone(job.id)).toMatchObject({ sent: 8, remaining: 0 });
    expect(received(users)).toEqual(Array<number>(8).fill(1));
  });

  it('refuses a scope with nobody to recover and starts nothing', async () => {
    fake.sendStart(TOKEN, { id: 9600, firstName: 'Happy' });
    await vi.waitFor(() => expect(fake.sent(TOKEN, 9600)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(jobsOf().preview({ kind: 'all' }).leads).toBe(0));
    expect(() => jobsOf().create({ kind: 'all' }, { kind: 'welcome' })).toThrow(expect.objectContaining({ code: 'RECOVERY_NOTHING_TO_RECOVER' }));
    expect(jobsOf().list()).toEqual([]);
  });
});
