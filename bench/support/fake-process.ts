// The fake Bot API in a process of its own, so that benchmarks measure the engine and not
// the fake competing with it for the same event loop. Driven over the IPC channel.
import { startFakeTelegram, type FakeBotSpec, type FakeUser, type SentMessage } from '../../test/support/fake-telegram';
import type { FakeRequest, FakeResponse, SendTiming } from './fake-protocol';

const send = (message: FakeResponse): void => {
  process.send?.(message);
};

/** Keeps the messages sent to these chats; every message when none are given. */
const chatFilter = (chatIds: readonly number[] | undefined): ((message: SentMessage) => boolean) => {
  if (chatIds === undefined) return () => true;
  const chats = new Set(chatIds);
  return (message) => chats.has(message.chatId);
};

void startFakeTelegram({ rateLimit: process.argv.includes('--rate-limit') }).then((fake) => {
  const enqueued = new Map<string, { at: number; updateId: number }>();
  const start = (token: string, user: FakeUser): void => {
    const updateId = fake.sendStart(token, user);
    enqueued.set(`${token}/${user.id}`, { at: Date.now(), updateId });
  };
  const sentCount = (tokens: readonly string[]): number => tokens.reduce((sum, token) => sum + fake.sent(token).length, 0);
  // Generated here rather than by the benchmark, so that an engine busy in the same process
  // as the benchmark cannot hold back the users' /starts.
  let trickle: { timer: NodeJS.Timeout; started: number[] } | null = null;

  process.on('message', (raw: FakeRequest) => {
    switch (raw.op) {
      case 'addBots':
        for (const bot of raw.bots as FakeBotSpec[]) {
          fake.addBot(bot);
        }
        send({ id: raw.id, ok: true });
        return;
      case 'burst': {
        for (const { token, user } of raw.starts as { token: string; user: FakeUser }[]) start(token, user);
        send({ id: raw.id, ok: true });
        return;
      }
      case 'stream': {
        // Users arriving at a steady pace, in ticks of 10 ms.
        const queue = [...(raw.starts as { token: string; user: FakeUser }[])];
        const perTick = Math.max(1, Math.round(raw.perSecond / 100));
        const timer = setInterval(() => {
          for (const next of queue.splice(0, perTick)) start(next.token, next.user);
          if (queue.length === 0) {
            clearInterval(timer);
            send({ id: raw.id, ok: true });
          }
        }, 10);
        return;
      }
      case 'trickle': {
        if (trickle !== null) clearInterval(trickle.timer);
        const queue = [...raw.starts];
        const started: number[] = [];
        const timer = setInterval(() => {
          const next = queue.shift();
          if (next === undefined) clearInterval(timer);
          else {
            start(next.token, next.user);
            started.push(next.user.id);
          }
        }, 1000 / raw.perSecond);
        trickle = { timer, started };
        send({ id: raw.id, ok: true });
        return;
      }
      case 'stopTrickle':
        if (trickle !== null) clearInterval(trickle.timer);
        send({ id: raw.id, ok: true, started: trickle?.started ?? [] });
        trickle = null;
        return;
      case 'waitSent': {
        const check = (): void => {
          if (sentCount(raw.tokens) >= raw.total) send({ id: raw.id, ok: true });
          else setTimeout(check, 5);
        };
        check();
        return;
      }
      case 'timings': {
        const timings: SendTiming[] = [];
        const chats = chatFilter(raw.chatIds);
        for (const token of raw.tokens) {
          for (const message of fake.sent(token).filter(chats)) {
            const start = enqueued.get(`${token}/${message.chatId}`);
            const receivedAt = start === undefined ? undefined : fake.handedOutAt(token, start.updateId);
            if (start !== undefined && receivedAt !== undefined) timings.push({ enqueuedAt: start.at, receivedAt, sentAt: message.at });
          }
        }
        send({ id: raw.id, ok: true, timings, count429: raw.tokens.reduce((sum, token) => sum + fake.count429(token), 0) });
        return;
      }
      case 'sentTimes':
        send({
          id: raw.id,
          ok: true,
          sentTimes: {
            sentAt: fake
              .sent(raw.token)
              .filter(chatFilter(raw.chatIds))
              .map((message) => message.at),
            count429: fake.count429(raw.token),
          },
        });
        return;
      case 'fault':
        fake.fault(raw.token, raw.fault);
        send({ id: raw.id, ok: true });
        return;
      case 'clearFaults':
        fake.clearFaults();
        send({ id: raw.id, ok: true });
        return;
      case 'setRateLimit':
        fake.setRateLimit(raw.on);
        send({ id: raw.id, ok: true });
        return;
      case 'close':
        void fake.close().then(() => {
          send({ id: raw.id, ok: true });
          process.exit(0);
        });
        return;
    }
  });
  send({ id: 0, ok: true, apiRoot: fake.apiRoot });
});
