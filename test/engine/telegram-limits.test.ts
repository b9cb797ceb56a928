import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

// The engine against a fake that enforces Telegram's limits: 30 sends a second per bot, one
// a second per chat, and a 429 that binds the whole bot and punishes an early retry.
let fake: FakeTelegram;
let core: Core | null = null;
const TOKEN = fakeToken(333_001);
const users = (n: number, from: number): FakeUser[] => Array.from({ length: n }, (_, i) => ({ id: from + i, firstName: `U${i}` }));

beforeEach(async () => {
  fake = await startFakeTelegram({ rateLimit: true });
  fake.addBot({ token: TOKEN, id: 333_001, username: 'limits_bot', firstName: 'Limits' });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

async function runningBot(): Promise<number> {
  core = await startEngine(tempDir(), fake.apiRoot);
  return startRunningBot(core, TOKEN);
}

const db = (): Database.Database => storeDbOf(core);

describe('the engine under Telegram’s limits', () => {
  it('never sends two messages to one chat within a second', async () => {
    const botId = await runningBot();
    const fleet = fleetOf(core!);
    fleet.setWelcome(botId, { ...fleet.list()[0]!.welcome, repeatPolicy: 'always', debounceSeconds: 0 });
    const people = users(4, 40_000);
    for (const user of people) fake.sendStart(TOKEN, user);
    await vi.waitFor(() => expect(db().prepare('SELECT count(*) FROM leads WHERE welcomed_at IS NOT NULL').pluck().get()).toBe(people.length), { timeout: 5000 });
    // Two more /starts each, at once: six welcomes queued for chats that just got one.
    for (const user of people) {
      fake.sendStart(TOKEN, user);
      fake.sendStart(TOKEN, user);
    }
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(people.length * 3), { timeout: 10_000 });
    for (const user of people) {
      const times = fake.sent(TOKEN, user.id).map((message) => message.at);
      for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!, `gap to ${user.id}`).toBeGreaterThanOrEqual(1000);
    }
    expect(fake.count429(TOKEN)).toBe(0);
  });

  it('pauses every chat of the bot for exactly retry_after after a 429, and never retries early', async () => {
    await runningBot();
    const retryAfter = 2;
    fake.fault(TOKEN, { kind: 'flood', methods: ['sendMessage'], retryAfter, times: 1 });
    const people = users(20, 41_000);
    for (const user of people) fake.sendStart(TOKEN, user);
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(people.length), { timeout: 15_000 });

    const sends = fake.calls(TOKEN, 'sendMessage');
    const first = sends.find((call) => call.status === 429);
    if (first === undefined) throw new Error('the injected 429 never happened');
    const pauseEnds = first.at + retryAfter * 1000;
    const duringPause = sends.filter((call) => call.at > first.at && call.at < pauseEnds);
    // Only sends already in flight when the 429 came back may reach Telegram during the pause
    // (and are refused); a sender that paused one chat only would keep going at its rate.
    expect(duringPause.every((call) => call.status === 429)).toBe(true);
    expect(duringPause.length).toBeLessThan(fastFleet.send?.maxInFlight ?? 8);
    // Not one early retry: every 429 asked for at most the wait Telegram first gave.
    expect(sends.filter((call) => call.status === 429).every((call) => (call.retryAfter ?? 0) <= retryAfter)).toBe(true);
    // And no longer than asked: sending resumes within the second after the pause ends.
    const resumed = sends.find((call) => call.status === 'ok' && call.at >= first.at);
    expect(resumed).toBeDefined();
    expect(resumed!.at).toBeGreaterThanOrEqual(pauseEnds);
    expect(resumed!.at).toBeLessThan(pauseEnds + 1000);
  });

  it('keeps the longest of two waits Telegram gave at once', async () => {
    await runningBot();
    const [ana, bia] = users(2, 45_000);
    // Both welcomes go out together; Ana's answer says 3 s, Bia's, coming back after it, 1 s.
    fake.fault(TOKEN, { kind: 'flood', methods: ['sendMessage'], chatIds: [ana!.id], retryAfter: 3, times: 1 });
    fake.fault(TOKEN, { kind: 'flood', methods: ['sendMessage'], chatIds: [bia!.id], retryAfter: 1, times: 1, ms: 300 });
    fake.sendStart(TOKEN, ana!);
    fake.sendStart(TOKEN, bia!);
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(2), { timeout: 15_000 });
    const sends = fake.calls(TOKEN, 'sendMessage');
    const told = sends.find((call) => call.retryAfter === 3)!;
    // Nothing went out before Ana's 3 s were over, so nothing was punished with a longer wait.
    expect(sends.filter((call) => call.status === 'ok').every((call) => call.at >= told.at + 3000)).toBe(true);
    expect(sends.every((call) => (call.retryAfter ?? 0) <= 3)).toBe(true);
  });

  it('asks for the update kinds it handles, and records each of them', async () => {
    await runningBot();
    const [ana] = users(1, 42_000);
    fake.sendStart(TOKEN, ana!);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana!.id)).toHaveLength(1), { timeout: 5000 });
    fake.pressButton(TOKEN, ana!, 'offer:1', fake.sent(TOKEN, ana!.id)[0]!.messageId);
    await vi.waitFor(() => expect(db().prepare('SELECT status FROM leads').pluck().get()).toBe('clicked'), { timeout: 5000 });
    fake.blockBot(TOKEN, ana!);
    await vi.waitFor(() => expect(db().prepare('SELECT status FROM leads').pluck().get()).toBe('blocked'), { timeout: 5000 });
    // The block is recorded before the next poll confirms it: wait for that, so what follows sees only the new kind.
    await vi.waitFor(() => expect(fake.pendingUpdates(TOKEN)).toEqual([]), { timeout: 5000 });
    // A kind the engine does not handle is not asked for, so Telegram never sends it.
    fake.enqueueRaw(TOKEN, {
      edited_message: {
        message_id: 1,
        date: 1,
        edit_date: 2,
        chat: { id: ana!.id, type: 'private', first_name: 'U0' },
        from: { id: ana!.id, is_bot: false, first_name: 'U0' },
        text: 'edit',
      },
    });
    expect(fake.pendingUpdates(TOKEN)).toEqual([]);
    const asked = fake.calls(TOKEN, 'getUpdates').map((call) => call.params.allowed_updates);
    expect(new Set(asked.map((kinds) => JSON.stringify(kinds)))).toEqual(new Set([JSON.stringify(['message', 'callback_query', 'my_chat_member', 'pre_checkout_query'])]));
    expect(db().prepare('SELECT kind FROM updates ORDER BY update_id').pluck().all()).toEqual(['message', 'callback_query', 'my_chat_member']);
  });

  it('leaves the offset unconfirmed while recording a batch fails, and confirms it once recorded', async () => {
    await runningBot();
    // Every attempt to record an update fails until the trigger is dropped (a temporary
    // trigger lives in this connection only, the engine's).
    db().exec("CREATE TEMP TRIGGER refuse_updates BEFORE INSERT ON main.updates BEGIN SELECT RAISE(ABORT, 'injected: disk refused the write'); END");
    const [ana] = users(1, 43_000);
    const updateId = fake.sendStart(TOKEN, ana!);
    await vi.waitFor(() => expect(fake.handedOutAt(TOKEN, updateId)).toBeDefined(), { timeout: 5000 });
    const handedOut = fake.handedOutAt(TOKEN, updateId)!;
    // Three more polls after the batch was handed out: each must ask again from before it.
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'getUpdates').filter((call) => call.at > handedOut).length).toBeGreaterThanOrEqual(3), { timeout: 5000 });
    expect(fake.confirmedOffset(TOKEN)).toBeLessThanOrEqual(updateId);
    expect(fake.pendingUpdates(TOKEN).map((update) => update.update_id)).toEqual([updateId]);
    expect(fake.calls(TOKEN, 'getUpdates').every((call) => Number(call.params.offset) <= updateId)).toBe(true);
    expect(db().prepare('SELECT count(*) FROM leads').pluck().get()).toBe(0);

    db().exec('DROP TRIGGER temp.refuse_updates');
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana!.id)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBe(updateId + 1), { timeout: 5000 });
    expect(db().prepare('SELECT count(*) FROM leads').pluck().get()).toBe(1);
  });

  it('loses nothing when the answer to a confirming getUpdates is lost', async () => {
    await runningBot();
    const [ana, bia] = users(2, 44_000);
    fake.sendStart(TOKEN, ana!);
    await vi.waitFor(() => expect(db().prepare('SELECT count(*) FROM leads').pluck().get()).toBe(1), { timeout: 5000 });
    // The poll held now answers with Bia's /start; the next one confirms it, and its answer is lost.
    fake.fault(TOKEN, { kind: 'answer_lost', methods: ['getUpdates'], times: 1 });
    const second = fake.sendStart(TOKEN, bia!);
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'getUpdates').find((call) => call.status === 'lost')?.params.offset).toBe(second + 1), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.sent(TOKEN, bia!.id)).toHaveLength(1), { timeout: 5000 });
    // The engine asks again from the same offset: nothing lost, nothing twice.
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'getUpdates').filter((call) => call.status !== 'lost' && call.params.offset === second + 1).length).toBeGreaterThanOrEqual(1), {
      timeout: 5000,
    });
    await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBe(second + 1), { timeout: 5000 });
    expect(db().prepare('SELECT user_id, starts FROM leads ORDER BY user_id').all()).toEqual([
      { user_id: ana!.id, starts: 1 },
      { user_id: bia!.id, starts: 1 },
    ]);
    expect(fake.sent(TOKEN, ana!.id)).toHaveLength(1);
  });
});
