import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { audienceFilterSchema, campaignMessageSchema } from '../../src/shared/campaigns';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startRunningBot } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

const SALE = 'Two <b>rates</b>';
let fake: FakeTelegram | null = null;
let core: Core | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
  await fake?.close();
});

interface RatedBot {
  readonly token: string;
  readonly rate: number;
  readonly users: readonly FakeUser[];
}

/** The most of these times that fall within any one second. */
function busiestSecond(times: readonly number[]): number {
  let most = 0;
  for (const [i, start] of times.entries()) most = Math.max(most, times.slice(i).filter((t) => t < start + 1000).length);
  return most;
}

describe('one campaign over two bots with different send rates, against a fake enforcing Telegram’s limits', () => {
  it('sends each bot’s part at its own rate, the two at the same time, without a 429', async () => {
    fake = await startFakeTelegram({ rateLimit: true });
    core = await startEngine(tempDir(), fake.apiRoot, fastFleet);
    // About three seconds of sending each: 30 leads at 10/s and 60 at 20/s.
    const bots: RatedBot[] = [
      { token: fakeToken(119_001), rate: 10, users: Array.from({ length: 30 }, (_, i) => ({ id: 43_000 + i, firstName: `A${i}` })) },
      { token: fakeToken(119_002), rate: 20, users: Array.from({ length: 60 }, (_, i) => ({ id: 44_000 + i, firstName: `B${i}` })) },
    ];
    const ids: number[] = [];
    for (const [n, bot] of bots.entries()) {
      fake.addBot({ token: bot.token, id: 119_001 + n, username: `rated_${n}_bot`, firstName: `Rated ${n}` });
      const id = await startRunningBot(core, bot.token);
      for (const user of bot.users) fake.sendStart(bot.token, user);
      ids.push(id);
    }
    for (const bot of bots) await vi.waitFor(() => expect(fake!.sent(bot.token).length).toBe(bot.users.length), { timeout: 15_000 });
    const fleet = fleetOf(core);
    for (const [n, bot] of bots.entries()) {
      fleet.setSendRate(ids[n]!, bot.rate);
      await fleet.restartBot(ids[n]!);
      await vi.waitFor(() => expect(fleet.status(ids[n]!)).toMatchObject({ state: 'running' }), { timeout: 5000 });
    }

    const campaigns = core.campaigns()!;
    const draft = campaigns.create('Rates', audienceFilterSchema.parse({ bots: ids }), campaignMessageSchema.parse({ text: SALE }));
    campaigns.startNow(draft.id);
    await vi.waitFor(() => expect(campaigns.get(draft.id).status).toBe('done'), { timeout: 30_000 });
    expect(campaigns.get(draft.id).progress).toMatchObject({ recipients: 90, sent: 90 });

    const [slow, fast] = bots.map((bot) => {
      const times = fake!
        .sent(bot.token)
        .filter((sent) => sent.text === SALE)
        .map((sent) => sent.at)
        .sort((a, b) => a - b);
      expect(
        new Set(
          fake!
            .sent(bot.token)
            .filter((sent) => sent.text === SALE)
            .map((sent) => sent.chatId),
        ).size,
      ).toBe(bot.users.length);
      expect(times).toHaveLength(bot.users.length);
      // Never faster than its rate: a busy machine only slows a bot, so the spans are lower bounds
      // and one second's count gets a little slack for calls the loopback delivered together.
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(((bot.users.length - 1) / bot.rate) * 1000 * 0.9);
      expect(busiestSecond(times)).toBeLessThanOrEqual(bot.rate + 2);
      return times;
    });
    // At the same time: each bot's first message went out before the other's last.
    expect(slow![0]!).toBeLessThan(fast!.at(-1)!);
    expect(fast![0]!).toBeLessThan(slow!.at(-1)!);
    expect(fake.count429()).toBe(0);
  }, 60_000);
});
