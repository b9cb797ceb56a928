import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeProcess } from '../../bench/support/fake-client';
import { fakeToken, type FakeUser } from '../support/fake-telegram';

const BOT = { token: fakeToken(7101), id: 7101, username: 'process_bot', firstName: 'Process' };
const ANN: FakeUser = { id: 601, firstName: 'Ann' };
const BEN: FakeUser = { id: 602, firstName: 'Ben' };

let fake: FakeProcess;

beforeAll(async () => {
  fake = await FakeProcess.start({ rateLimit: false });
  await fake.request({ op: 'addBots', bots: [BOT] });
  // A chat exists for a bot once its user wrote to it.
  await fake.request({ op: 'burst', starts: [ANN, BEN].map((user) => ({ token: BOT.token, user })) });
  // Handed to the bot, as a poll would: the timings count only updates the bot received.
  await (await call('getUpdates', { timeout: 0 })).arrayBuffer();
});

afterAll(async () => {
  await fake.close();
});

function call(method: string, params: Record<string, unknown>): Promise<Response> {
  return fetch(`${fake.apiRoot}/bot${BOT.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
}

/** A sendMessage straight at the fake; its HTTP status. */
async function send(chatId: number): Promise<number> {
  const res = await call('sendMessage', { chat_id: chatId, text: 'hi' });
  await res.arrayBuffer();
  return res.status;
}

async function sentTo(chatIds?: number[]): Promise<{ sent: number; count429: number }> {
  const { sentTimes } = await fake.request({ op: 'sentTimes', token: BOT.token, ...(chatIds === undefined ? {} : { chatIds }) });
  return { sent: sentTimes?.sentAt.length ?? -1, count429: sentTimes?.count429 ?? -1 };
}

describe('the fake Bot API in its own process, as the benchmarks drive it', () => {
  it('injects a fault over IPC and clears it', async () => {
    await fake.request({ op: 'fault', token: BOT.token, fault: { kind: 'chat_not_found', methods: ['sendMessage'] } });
    expect([await send(ANN.id), await send(ANN.id)]).toEqual([400, 400]);
    await fake.request({ op: 'clearFaults' });
    expect(await send(ANN.id)).toBe(200);
  });

  it('narrows the send times and the timings to the chats asked for', async () => {
    expect(await send(BEN.id)).toBe(200);
    expect(await send(BEN.id)).toBe(200);
    const all = await sentTo();
    expect((await sentTo([BEN.id])).sent).toBe(2);
    expect((await sentTo([ANN.id, BEN.id])).sent).toBe(all.sent);
    expect((await sentTo([999])).sent).toBe(0);
    const { timings } = await fake.request({ op: 'timings', tokens: [BOT.token], chatIds: [ANN.id] });
    expect(timings?.length).toBe((await sentTo([ANN.id])).sent);
    expect(timings?.length).toBeGreaterThan(0);
  });

  it('lets users press /start one at a time until the trickle is stopped, and says who did', async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ token: BOT.token, user: { id: 700 + i, firstName: `U${i}` } }));
    const received: number[] = [];
    let offset = 0;
    const poll = async (): Promise<void> => {
      const res = await call('getUpdates', { offset, timeout: 0, limit: 100 });
      const body = (await res.json()) as { result: { update_id: number; message?: { chat: { id: number } } }[] };
      for (const update of body.result) {
        offset = update.update_id + 1;
        const chat = update.message?.chat.id;
        if (chat !== undefined && chat >= 700) received.push(chat);
      }
    };
    await fake.request({ op: 'trickle', perSecond: 50, starts: users });
    await vi.waitFor(
      async () => {
        await poll();
        expect(received.length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 5000 },
    );
    const { started = [] } = await fake.request({ op: 'stopTrickle' });
    // Stopped long before the 1,000 ran out: no /start comes after the answer.
    expect(started.length).toBeLessThan(users.length);
    expect(started).toEqual(users.slice(0, started.length).map(({ user }) => user.id));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await poll();
    expect(received).toEqual(started);
  });

  it('turns the rate limit on and off over IPC, counting its 429s', async () => {
    expect((await sentTo()).count429).toBe(0);
    await fake.request({ op: 'setRateLimit', on: true });
    // Telegram allows one message a second per chat: the second at once is refused.
    expect([await send(ANN.id), await send(ANN.id)]).toEqual([200, 429]);
    expect((await sentTo()).count429).toBe(1);
    await fake.request({ op: 'setRateLimit', on: false });
    expect(await send(BEN.id)).toBe(200);
    expect(await send(BEN.id)).toBe(200);
    expect((await sentTo()).count429).toBe(1);
  });
});
