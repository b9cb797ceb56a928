import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { readSettings } from '../../src/main/core/operator-settings';
import { recoveryOverview } from '../../src/main/core/recovery/loss-report';
import { recoveryOverviewRequestSchema } from '../../src/shared/recovery';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { killHard, killLeftEngines, spawnEngine } from '../support/engine-process';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(118_001);
const CRASH_WHY = 'interrupted by a crash: not sent again so nobody gets it twice';
let fake: FakeTelegram | null = null;
let core: Core | null = null;

afterEach(async () => {
  await killLeftEngines();
  await core?.close();
  core = null;
  await fake?.close();
});

/** The chats of the job's rows an engine has `sending`: claimed, handed to Telegram, outcome not recorded. */
function sendingChats(dataDir: string, jobId: number): number[] {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare<[number], number>("SELECT chat_id FROM deliveries WHERE recovery_job_id = ? AND status = 'sending'").pluck().all(jobId);
  } finally {
    db.close();
  }
}

describe('a recovery job whose engine is killed with SIGKILL while its sends are in flight', () => {
  it('finishes after a restart with nobody messaged twice, the interrupted leads failed with why and still lost', async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 118_001, username: 'crash_recovery_bot', firstName: 'Crash' });
    const dataDir = tempDir();
    const setup = await startEngine(dataDir, fake.apiRoot, fastFleet);
    const botId = await startRunningBot(setup, TOKEN);
    // Leads whose welcome Telegram refused for good: the job's leads.
    const users: FakeUser[] = Array.from({ length: 40 }, (_, i) => ({ id: 41_000 + i, firstName: `Lost ${i}` }));
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: users.map((user) => user.id), times: users.length });
    for (const user of users) fake.sendStart(TOKEN, user);
    const failed = storeDbOf(setup).prepare<[], number>("SELECT count(*) FROM deliveries WHERE kind = 'welcome' AND status = 'failed'").pluck();
    await vi.waitFor(() => expect(failed.get()).toBe(users.length), { timeout: 10_000 });
    // The job is queued with the bot stopped, and the bot set to run at the next start.
    await fleetOf(setup).stopBot(botId);
    const jobId = setup.recovery()!.create({ kind: 'bot', botId }, { kind: 'welcome' }).id;
    storeDbOf(setup).prepare("UPDATE bots SET desired_state = 'running'").run();
    await setup.close();

    // Messages are delivered at once and answered late: the kill lands between the two.
    fake.fault(TOKEN, { kind: 'late_answer', ms: 400, methods: ['sendMessage'] });
    const delivered = (chatId: number): boolean => fake!.sent(TOKEN, chatId).length > 0;
    let inFlight = 0;
    for (let round = 0; round < 2; round += 1) {
      const proc = await spawnEngine(dataDir, fake.apiRoot);
      await vi.waitFor(() => expect(sendingChats(dataDir, jobId).some(delivered)).toBe(true), { timeout: 10_000, interval: 5 });
      await killHard(proc);
      // The kill landed with work in flight: messages Telegram delivered that the engine never recorded.
      const left = sendingChats(dataDir, jobId);
      expect(left.filter(delivered).length).toBeGreaterThan(0);
      inFlight += left.length;
    }

    fake.clearFaults(TOKEN);
    core = await startEngine(dataDir, fake.apiRoot, fastFleet);
    const jobs = core.recovery()!;
    await vi.waitFor(() => expect(jobs.progress(jobId).status).toBe('done'), { timeout: 15_000 });
    const progress = jobs.progress(jobId);
    const received = users.map((user) => fake!.sent(TOKEN, user.id).length);
    expect(Math.max(...received)).toBe(1);
    expect(progress).toMatchObject({ total: users.length, failed: inFlight, sent: users.length - inFlight, remaining: 0 });

    const report = jobs.detail(jobId, 0, users.length).leads;
    const interrupted = report.filter((lead) => lead.outcome === 'failed');
    expect(interrupted.map((lead) => lead.why)).toEqual(Array<string>(inFlight).fill(CRASH_WHY));
    const db = storeDbOf(core);
    const events = db.prepare<[], number>("SELECT lead_id FROM lead_events WHERE kind = 'recovery_abandoned_after_crash' ORDER BY lead_id").pluck().all();
    expect(events).toEqual(interrupted.map((lead) => lead.leadId).sort((a, b) => a - b));
    // Never confirmed welcomed: each stays among the lost, with the crash as its reason.
    const overview = recoveryOverview(db, recoveryOverviewRequestSchema.parse({ scope: { botId } }), { now: Date.now(), settings: readSettings(db), botStates: new Map() });
    expect(overview.lostLeads.map((lead) => [lead.leadId, lead.reason, lead.detail]).sort()).toEqual(interrupted.map((lead) => [lead.leadId, 'failed', CRASH_WHY]).sort());
  }, 90_000);
});
