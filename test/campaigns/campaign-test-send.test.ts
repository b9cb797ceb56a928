import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { writeSettings } from '../../src/main/core/operator-settings';
import { OPT_OUT_CALLBACK_DATA } from '../../src/shared/campaigns';
import { inputSchema, type Handlers } from '../../src/shared/contract';
import { fastFleet, startEngine } from '../support/engine';
import { rejection } from '../support/rejection';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
let botId: number;
let dataDir: string;
let handlers: Handlers;
const TOKEN = fakeToken(118_201);
const OPERATOR = { id: 5501, firstName: 'Operator' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 118_201, username: 'test_send_bot', firstName: 'Tester' });
  dataDir = tempDir();
  core = await startEngine(dataDir, fake.apiRoot, fastFleet);
  botId = await startRunningBot(core, TOKEN);
  handlers = createHandlers(core, 'linux');
  // The operator's own account started the bot once (Telegram sends nothing to a chat that never did).
  fake.sendStart(TOKEN, OPERATOR);
  await vi.waitFor(() => expect(fake.sent(TOKEN, OPERATOR.id)).toHaveLength(1), { timeout: 5000 });
  await vi.waitFor(() => expect(db().prepare("SELECT status FROM deliveries WHERE kind = 'welcome'").pluck().get()).toBe('sent'), { timeout: 5000 });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

const db = (): Database.Database => storeDbOf(core);
/** What the store holds of leads, deliveries and timelines: a test send adds nothing to it. */
const recorded = (): unknown[] => ['leads', 'deliveries', 'lead_events'].map((table) => db().prepare(`SELECT * FROM ${table} ORDER BY id`).all());

/** The call as the console makes it: its input parsed by the contract first. */
const sendTest = (message: unknown): Promise<{ messageId: number }> =>
  Promise.resolve(handlers.sendTestCampaign(inputSchema('sendTestCampaign').parse({ botId, chatId: OPERATOR.id, message })));

describe("a campaign's test send", () => {
  it('reaches the operator’s chat with the opt-out button in the operator’s language, and records no lead or delivery', async () => {
    writeSettings(db(), { language: 'pt-BR' });
    const before = recorded();
    const sent = await sendTest({ text: 'Black <b>Friday</b>', buttons: [[{ kind: 'offer', text: 'Buy', data: 'offer:1' }]] });
    const message = fake.sent(TOKEN, OPERATOR.id)[1];
    expect(message).toMatchObject({ messageId: sent.messageId, text: 'Black <b>Friday</b>' });
    expect(message?.replyMarkup).toEqual({
      inline_keyboard: [[{ text: 'Buy', callback_data: 'offer:1' }], [{ text: 'Não quero mais receber ofertas', callback_data: OPT_OUT_CALLBACK_DATA }]],
    });
    expect(recorded()).toEqual(before);
  });

  it('uploads media from the media folder as the welcome’s test does, and leaves the button out when turned off', async () => {
    mkdirSync(join(dataDir, 'media'), { recursive: true });
    writeFileSync(join(dataDir, 'media', 'sale.png'), Buffer.alloc(2048, 7));
    const before = recorded();
    await sendTest({ text: 'Sale', optOutButton: false, media: { kind: 'photo', source: { type: 'file', name: 'sale.png' } } });
    const message = fake.sent(TOKEN, OPERATOR.id)[1];
    expect(message).toMatchObject({ method: 'sendPhoto', caption: 'Sale', media: { source: 'upload', size: 2048 } });
    expect(message?.replyMarkup).toBeUndefined();
    expect(recorded()).toEqual(before);
  });

  it('tells the operator what to do when Telegram does not know the chat', async () => {
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'] });
    const refused = await rejection(sendTest({ text: 'Sale' }));
    expect(refused.code).toBe('TELEGRAM_ERROR');
    expect(refused.message).toContain('Send /start to the bot');
  });
});
