import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultWelcome } from '../../src/shared/welcome';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { createCapture } from '../../src/main/core/bots/capture';
import { BotHealth, defaultHealthOptions } from '../../src/main/core/bots/health';
import { prepareContent } from '../../src/main/core/bots/send-content';
import { defaultSenderOptions, Sender } from '../../src/main/core/bots/sender';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher, type Durability, type RunOptions } from '../../src/main/core/db/write-batcher';
import { EventBus } from '../../src/main/core/events';
import { silentLogger } from '../../src/main/core/logger';
import { APP_VERSION } from '../support/fixtures';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { tempDir } from '../support/temp-dir';

const TELEGRAM_ID = 334_001;
const TOKEN = fakeToken(TELEGRAM_ID);

/** The real batcher, except that each write waits until the test lets it through: commits happen when the test says. */
class HeldWriter extends WriteBatcher {
  readonly held: { readonly let: () => void; readonly durability: Durability | undefined; readonly prompt: boolean }[] = [];

  override run<T>(work: () => T, durability?: Durability, options?: RunOptions<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.held.push({ let: () => void super.run(work, durability, options).then(resolve, reject), durability, prompt: options?.prompt === true });
    });
  }

  /** Lets the `index`-th write still held commit. */
  commit(index = 0): void {
    const [write] = this.held.splice(index, 1);
    if (write === undefined) throw new Error(`no write ${index} is held`);
    write.let();
  }
}

let fake: FakeTelegram;
let store: Store;
let sender: Sender | null = null;
/** The frequency cap's setting, as the sender reads it; counted. */
const campaignCapMs = vi.fn(() => 0);

beforeEach(async () => {
  fake = await startFakeTelegram({ rateLimit: false });
  fake.addBot({ token: TOKEN, id: TELEGRAM_ID, username: 'sender_bot', firstName: 'Sender' });
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
});

afterEach(async () => {
  await sender?.stop();
  sender = null;
  store.close();
  await fake.close();
});

/** A bot with a welcome queued for each of `count` new leads (captured as the poll loop does), and its sender. */
function botWithWelcomes(
  count: number,
  options: { maxInFlight: number; ratePerSecond?: number },
): { writer: HeldWriter; chats: number[]; status: (chatId: number) => string | undefined } {
  const db = store.db;
  const botId = new BotRecords(db).insert(
    { telegramId: TELEGRAM_ID, username: 'sender_bot', name: 'Sender', tokenSealed: 'sealed', tokenHint: 'hint', welcome: defaultWelcome('Sender', 'en') },
    Date.now(),
  );
  const chats = Array.from({ length: count }, (_, i) => 90_000 + i);
  const updates: Update[] = chats.map((chat, i) => ({
    update_id: i + 1,
    message: {
      message_id: i + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: `U${i}` },
      from: { id: chat, is_bot: false, first_name: `U${i}` },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  }));
  // Each user wrote to the bot (Telegram refuses a bot's first message); the sender never polls.
  for (const chat of chats) fake.sendStart(TOKEN, { id: chat, firstName: 'U' });
  const capture = createCapture(db);
  db.transaction(() => capture({ botId, telegramBotId: TELEGRAM_ID, username: 'sender_bot', repeatPolicy: 'once', debounceSeconds: 0 }, updates, Date.now())).immediate();
  const writer = new HeldWriter(db);
  const content = prepareContent({ text: 'Welcome!', media: null, buttons: [] }, tempDir());
  sender = new Sender({
    db,
    writer,
    botId,
    api: new Api(TOKEN, { apiRoot: fake.apiRoot }),
    // A high rate unless a test says otherwise: the sender's own pace, not the limiter, decides when rows go out.
    options: { ...defaultSenderOptions, ratePerSecond: options.ratePerSecond ?? 1000, maxInFlight: options.maxInFlight },
    health: new BotHealth(
      botId,
      'sender_bot',
      () => defaultHealthOptions,
      Date.now(),
      () => undefined,
    ),
    events: new EventBus(),
    logger: silentLogger,
    now: Date.now,
    content: { resolve: () => ({ prepared: content, uploaded: () => undefined }) },
    campaignCapMs,
    onUnauthorized: () => undefined,
  });
  const status = (chatId: number): string | undefined => db.prepare<[number], { status: string }>('SELECT status FROM deliveries WHERE chat_id = ?').get(chatId)?.status;
  return { writer, chats, status };
}

describe('the sender', () => {
  it('takes the next rows while earlier claims still commit, and calls Telegram only for claimed rows', async () => {
    const { writer, chats, status } = botWithWelcomes(3, { maxInFlight: 8 });
    sender?.start();
    // A later claim is taken while the first still commits: none waits for the commit of the one before.
    await vi.waitFor(() => expect(writer.held.length).toBeGreaterThanOrEqual(2));
    expect(fake.calls(TOKEN, 'sendMessage')).toHaveLength(0);
    expect(chats.map(status)).toEqual(['pending', 'pending', 'pending']);
    writer.commit(1);
    // Telegram hears of the rows of that claim alone (their outcomes are held: they stay `sending`).
    await vi.waitFor(() => {
      const claimed = chats.filter((chat) => status(chat) === 'sending');
      expect(claimed.length).toBeGreaterThan(0);
      expect(fake.sent(TOKEN).map((message) => message.chatId)).toEqual(claimed);
    });
    expect(chats.map(status)).toContain('pending');
    while (writer.held.length > 0) writer.commit();
    await vi.waitFor(() => {
      while (writer.held.length > 0) writer.commit();
      expect(chats.map(status)).toEqual(['sent', 'sent', 'sent']);
    });
    expect(chats.map((chat) => fake.sent(TOKEN, chat).length)).toEqual([1, 1, 1]);
  });

  it('spaces its calls at the bot’s rate even when their claims commit together', async () => {
    // 10 a second: rows taken about 100 ms apart, whose claims the test then lets commit at once.
    const { writer, chats, status } = botWithWelcomes(4, { maxInFlight: 8, ratePerSecond: 10 });
    sender?.start();
    await vi.waitFor(() => expect(writer.held.length).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    while (writer.held.length > 0) writer.commit();
    await vi.waitFor(
      () => {
        while (writer.held.length > 0) writer.commit();
        expect(chats.map(status)).toEqual(['sent', 'sent', 'sent', 'sent']);
      },
      { timeout: 3000 },
    );
    const at = fake.calls(TOKEN, 'sendMessage').map((call) => call.at);
    expect(at).toHaveLength(4);
    // Without the pacing at the call, the four reach Telegram within a few milliseconds.
    for (let i = 1; i < at.length; i += 1) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(90);
  });

  it('claims welcomes without reading the campaigns’ frequency cap', async () => {
    campaignCapMs.mockClear();
    const { writer, chats, status } = botWithWelcomes(2, { maxInFlight: 8 });
    sender?.start();
    await vi.waitFor(() => {
      while (writer.held.length > 0) writer.commit();
      expect(chats.map(status)).toEqual(['sent', 'sent']);
    });
    expect(campaignCapMs).not.toHaveBeenCalled();
  });

  it('asks for its claims to commit promptly, since the calls wait on them, and lets outcomes wait for the next batch', async () => {
    const { writer, chats, status } = botWithWelcomes(1, { maxInFlight: 8 });
    sender?.start();
    await vi.waitFor(() => expect(writer.held).toHaveLength(1));
    expect(writer.held[0]).toMatchObject({ durability: 'relaxed', prompt: true });
    writer.commit();
    await vi.waitFor(() => expect(writer.held).toHaveLength(1));
    expect(fake.sent(TOKEN).map((message) => message.chatId)).toEqual(chats);
    expect(writer.held[0]).toMatchObject({ durability: 'relaxed', prompt: false });
    writer.commit();
    await vi.waitFor(() => expect(status(chats[0]!)).toBe('sent'));
  });

  it('frees a send slot when Telegram answers, before the outcome is committed', async () => {
    const { writer, chats, status } = botWithWelcomes(2, { maxInFlight: 1 });
    sender?.start();
    await vi.waitFor(() => expect(writer.held).toHaveLength(1));
    writer.commit();
    // The first welcome's outcome is held; the only slot is free again: the second row is claimed.
    await vi.waitFor(() => expect(writer.held).toHaveLength(2));
    expect(status(chats[0]!)).toBe('sending');
    writer.commit(1);
    await vi.waitFor(() => expect(fake.sent(TOKEN)).toHaveLength(2));
    expect(status(chats[0]!)).toBe('sending');
    while (writer.held.length > 0) writer.commit();
    await vi.waitFor(() => {
      while (writer.held.length > 0) writer.commit();
      expect(chats.map(status)).toEqual(['sent', 'sent']);
    });
  });

  it('puts rows whose claims commit during a 429 pause back to pending, unsent, and sends them after it', async () => {
    // 2 a second: the 429 is answered long before the next call's turn.
    const { writer, chats, status } = botWithWelcomes(3, { maxInFlight: 8, ratePerSecond: 2 });
    fake.fault(TOKEN, { kind: 'flood', methods: ['sendMessage'], retryAfter: 1, times: 1 });
    sender?.start();
    await vi.waitFor(() => expect(writer.held.length).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    writer.commit();
    // The first send is answered 429 (its release is held); then the later claim commits, during the pause.
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'sendMessage')).toHaveLength(1));
    await vi.waitFor(() => {
      while (writer.held.length > 0) writer.commit();
      expect(chats.map(status)).toEqual(['pending', 'pending', 'pending']);
    });
    expect(fake.calls(TOKEN, 'sendMessage')).toHaveLength(1);
    await vi.waitFor(
      () => {
        while (writer.held.length > 0) writer.commit();
        expect(chats.map(status)).toEqual(['sent', 'sent', 'sent']);
      },
      { timeout: 5000 },
    );
    expect(chats.map((chat) => fake.sent(TOKEN, chat).length)).toEqual([1, 1, 1]);
    const calls = fake.calls(TOKEN, 'sendMessage');
    expect(calls.filter((call) => call.status === 429)).toHaveLength(1);
    expect(calls.filter((call) => call.status === 200).every((call) => call.at >= calls[0]!.at + 1000)).toBe(true);
  });
});
