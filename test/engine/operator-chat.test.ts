import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Update } from 'grammy/types';
import type { CallName, CallResult } from '../../src/shared/calls';
import type { CallOutput, Handlers } from '../../src/shared/contract';
import type { OperatorChat } from '../../src/shared/operator-chat';
import { createHandlers } from '../../src/main/core/api';
import { createCapture, type CaptureBot, type CaptureOutcome } from '../../src/main/core/bots/capture';
import { issueOperatorCode, OPERATOR_CODE_TTL_MS, readOperatorChat } from '../../src/main/core/bots/operator-chat';
import type { Core } from '../../src/main/core/core';
import { openStore, type Store } from '../../src/main/core/db/store';
import { dispatch } from '../../src/main/core/dispatch';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startEngine } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';
import { startUpdate } from '../support/updates';

const leadCount = (db: Database.Database): number => db.prepare('SELECT count(*) FROM leads').pluck().get() as number;

describe("the operator's /start with a one-time code, through a running bot", () => {
  const TOKEN = fakeToken(131_001);
  const operator: FakeUser = { id: 8101, firstName: 'Op', languageCode: 'pt-br' };
  const lead: FakeUser = { id: 8102, firstName: 'Ana' };
  let fake: FakeTelegram;
  let core: Core;
  let handlers: Handlers;
  let dataDir: string;

  beforeEach(async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 131_001, username: 'shop_bot', firstName: 'Shop' });
    dataDir = tempDir();
    core = await startEngine(dataDir, fake.apiRoot);
    handlers = createHandlers(core, 'linux');
  });

  afterEach(async () => {
    await core.close();
    await fake.close();
  });

  async function invoke<N extends CallName>(name: N, input?: unknown): Promise<CallOutput<N>> {
    const result: CallResult<CallOutput<N>> = await dispatch(handlers, name, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  }

  it("learns the sender's chat, answers with a confirmation instead of the welcome, records no lead, and keeps the chat after a restart", async () => {
    const botId = await startRunningBot(core, TOKEN);
    const heard: OperatorChat[] = [];
    core.events.on('operator.chat', (chat) => heard.push(chat));
    const code = await invoke('requestOperatorCode', { botId });
    expect(code.link).toBe(`https://t.me/shop_bot?start=${code.code}`);
    expect(await invoke('getOperatorChat')).toBeNull();

    fake.sendStart(TOKEN, operator, code.code);
    await vi.waitFor(() => expect(fake.sent(TOKEN, operator.id)).toHaveLength(1), { timeout: 5000 });
    expect(fake.sent(TOKEN, operator.id)[0]!.text).toMatch(/^O Botdeck agora conhece este chat/);
    expect(await invoke('getOperatorChat')).toMatchObject({ chatId: operator.id, botId, botUsername: 'shop_bot' });
    expect(heard).toMatchObject([{ chatId: operator.id, botId }]);
    expect(leadCount(storeDbOf(core))).toBe(0);

    await core.close();
    core = await startEngine(dataDir, fake.apiRoot);
    handlers = createHandlers(core, 'linux');
    expect(await invoke('getOperatorChat')).toMatchObject({ chatId: operator.id, botId, botUsername: 'shop_bot' });
  });

  it('spends the code: the same link sent again, and a plain /start, are ordinary leads welcomed as usual', async () => {
    const botId = await startRunningBot(core, TOKEN);
    const code = await invoke('requestOperatorCode', { botId });
    fake.sendStart(TOKEN, operator, code.code);
    await vi.waitFor(() => expect(fake.sent(TOKEN, operator.id)).toHaveLength(1), { timeout: 5000 });

    fake.sendStart(TOKEN, lead, code.code);
    fake.sendStart(TOKEN, { ...lead, id: 8103 });
    await vi.waitFor(() => expect(fake.sent(TOKEN, lead.id)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.sent(TOKEN, 8103)).toHaveLength(1), { timeout: 5000 });
    expect(leadCount(storeDbOf(core))).toBe(2);
    expect(await invoke('getOperatorChat')).toMatchObject({ chatId: operator.id });
  });

  it('refuses a code for a bot Botdeck does not have', async () => {
    const result = await dispatch(handlers, 'requestOperatorCode', { botId: 999 });
    expect(result).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });
  });
});

describe('which /start claims the code (capture)', () => {
  let store: Store;
  const bot: CaptureBot = { botId: 1, telegramBotId: 900, username: 'shop_bot', repeatPolicy: 'once', debounceSeconds: 0 };
  const sender = { id: 501, firstName: 'Op' };

  beforeEach(async () => {
    store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    for (const [id, telegramId, username] of [
      [1, 900, 'shop_bot'],
      [2, 901, 'other_bot'],
    ] as const) {
      store.db
        .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'Shop', 'x', 'y', '{}', 0, 0)")
        .run(id, telegramId, username);
    }
    return () => store.close();
  });

  const capture = (b: CaptureBot, update: Update, now: number): CaptureOutcome => {
    const batch = createCapture(store.db);
    return store.db.transaction(() => batch(b, [update], now)[0]!)();
  };

  it('the pending code, before it expires, to the bot it was made for', () => {
    const { code } = issueOperatorCode(store.db, bot, 1_000);
    expect(capture(bot, startUpdate(1, sender, code), 1_000 + OPERATOR_CODE_TTL_MS - 1)).toMatchObject({ kind: 'operator', chat: { chatId: sender.id, botId: 1 } });
    expect(readOperatorChat(store.db)).toEqual({ chatId: sender.id, botId: 1, botUsername: 'shop_bot', learnedAt: 1_000 + OPERATOR_CODE_TTL_MS - 1 });
    expect(leadCount(store.db)).toBe(0);
  });

  it('an expired code, a wrong code, a code for another bot and a code replaced by a newer one stay leads', () => {
    const expired = issueOperatorCode(store.db, bot, 1_000);
    expect(capture(bot, startUpdate(1, { id: 601, firstName: 'A' }, expired.code), 1_000 + OPERATOR_CODE_TTL_MS)).toMatchObject({ kind: 'start', created: true });

    const current = issueOperatorCode(store.db, bot, 2_000);
    expect(capture(bot, startUpdate(2, { id: 602, firstName: 'B' }, `${current.code.slice(0, -1)}x`), 2_000)).toMatchObject({
      kind: 'start',
      source: `${current.code.slice(0, -1)}x`,
    });
    expect(capture({ ...bot, botId: 2, telegramBotId: 901, username: 'other_bot' }, startUpdate(3, { id: 603, firstName: 'C' }, current.code), 2_000)).toMatchObject({
      kind: 'start',
    });

    const newer = issueOperatorCode(store.db, bot, 3_000);
    expect(capture(bot, startUpdate(4, { id: 604, firstName: 'D' }, current.code), 3_000)).toMatchObject({ kind: 'start' });
    expect(readOperatorChat(store.db)).toBeNull();
    expect(leadCount(store.db)).toBe(4);
    expect(capture(bot, startUpdate(5, sender, newer.code), 3_000)).toMatchObject({ kind: 'operator' });
  });
});
