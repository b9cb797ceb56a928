import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { writeSettings } from '../../src/main/core/operator-settings';
import { defaultWelcome } from '../../src/shared/welcome';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fastFleet, fleetOf, memoryLogger, startEngine } from '../support/engine';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { rejection } from '../support/rejection';
import { dropLeadsArchivedColumn } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let dataDir: string;
let core: Core | null = null;
const TOKEN = fakeToken(111_001);
const OTHER = fakeToken(111_002);
const ana: FakeUser = { id: 7001, firstName: 'Ana', username: 'ana' };
const bruno: FakeUser = { id: 7002, firstName: 'Bruno' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 111_001, username: 'shop_bot', firstName: 'Shop' });
  fake.addBot({ token: OTHER, id: 111_002, username: 'other_bot', firstName: 'Other' });
  dataDir = tempDir();
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

async function engine(): Promise<Core> {
  core = await startEngine(dataDir, fake.apiRoot);
  return core;
}

async function runningBot(token = TOKEN): Promise<number> {
  return startRunningBot(core ?? (await engine()), token);
}

const db = (): Database.Database => storeDbOf(core);

describe('adding bots', () => {
  it('stores the bot from getMe with its token sealed, never in plain text', async () => {
    const fleet = fleetOf(await engine());
    const bot = await fleet.addBot(` ${TOKEN} `);
    expect(bot).toMatchObject({ telegramId: 111_001, username: 'shop_bot', name: 'Shop', tokenHint: `111001:…${TOKEN.slice(-4)}`, desiredState: 'stopped' });
    expect(JSON.stringify(fleet.list())).not.toContain(TOKEN.split(':')[1]);
    await core?.close();
    core = null;
    const secret = TOKEN.split(':')[1]!;
    for (const suffix of ['', '-wal']) {
      const file = databasePath(dataDir) + suffix;
      if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('gives a clear error for a malformed, a rejected, a duplicate token and an unreachable Telegram', async () => {
    const fleet = fleetOf(await engine());
    expect((await rejection(fleet.addBot('not-a-token'))).code).toBe('BOT_TOKEN_MALFORMED');
    expect((await rejection(fleet.addBot(fakeToken(999_999)))).code).toBe('BOT_TOKEN_REJECTED');
    await fleet.addBot(TOKEN);
    const duplicate = await rejection(fleet.addBot(TOKEN));
    expect(duplicate).toMatchObject({ code: 'BOT_DUPLICATE', message: '@shop_bot is already in Botdeck.' });
    fake.setOutage(true);
    const unreachable = await rejection(fleet.addBot(OTHER));
    expect(unreachable.code).toBe('TELEGRAM_UNREACHABLE');
    expect(unreachable.message).toContain(fake.apiRoot);
    expect(fleet.list()).toHaveLength(1);
  });
});

describe("a new bot's default welcome", () => {
  it("is in the operator's language", async () => {
    const fleet = fleetOf(await engine());
    writeSettings(db(), { language: 'pt-BR' });
    const portuguese = await fleet.addBot(TOKEN);
    expect(portuguese.welcome.text).toBe(defaultWelcome('Shop', 'pt-BR').text);
    expect(portuguese.welcome.text).toContain('Mande uma mensagem');
    writeSettings(db(), { language: 'en' });
    const english = await fleet.addBot(OTHER);
    expect(english.welcome.text).toBe(defaultWelcome('Other', 'en').text);
  });
});

describe('the token', () => {
  it('never shows in errors, statuses or logs, even when a network error quotes the URL', async () => {
    const logger = memoryLogger();
    core = await startEngine(dataDir, fake.apiRoot, fastFleet, logger);
    const fleet = fleetOf(core);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    await vi.waitFor(() => expect(fleet.status(bot.id).state).toBe('running'), { timeout: 5000 });
    fake.setOutage(true);
    await vi.waitFor(() => expect(fleet.status(bot.id)).toMatchObject({ state: 'down', reason: 'network' }), { timeout: 6000 });
    const unreachable = await rejection(fleet.addBot(OTHER));
    const secrets = [TOKEN.split(':')[1]!, OTHER.split(':')[1]!];
    const seen = [unreachable.message, JSON.stringify(fleet.list()), JSON.stringify(fleet.status(bot.id)), ...logger.lines].join('\n');
    expect(fleet.status(bot.id).detail).toMatch(/\S/);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });
});

describe('welcoming leads', () => {
  it('welcomes a new lead once, with the deep-link payload as its source', async () => {
    const botId = await runningBot();
    fake.sendStart(TOKEN, ana, 'summer_ads');
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    const [message] = fake.sent(TOKEN, ana.id);
    expect(message).toMatchObject({ method: 'sendMessage', parseMode: 'HTML' });
    await vi.waitFor(() =>
      expect(db().prepare('SELECT status, source, welcomed_at IS NOT NULL AS welcomed FROM leads WHERE user_id = ?').get(ana.id)).toEqual({
        status: 'welcomed',
        source: 'summer_ads',
        welcomed: 1,
      }),
    );
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(db().prepare('SELECT starts FROM leads').pluck().get()).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sent(TOKEN, ana.id)).toHaveLength(1);
    expect(fleetOf(core!).status(botId).counters.sent).toBe(1);
  });

  it("sends the welcome again under 'always', but not for a double tap", async () => {
    const botId = await runningBot();
    const fleet = fleetOf(core!);
    fleet.setWelcome(botId, { ...fleet.list()[0]!.welcome, repeatPolicy: 'always', debounceSeconds: 1 });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(db().prepare('SELECT starts FROM leads').pluck().get()).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(fake.sent(TOKEN, ana.id)).toHaveLength(1);
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(2), { timeout: 5000 });
  });

  it('changes nothing when Telegram delivers the same update again', async () => {
    await runningBot();
    const updateId = fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBeGreaterThan(updateId));
    fake.redeliver(TOKEN, updateId);
    await vi.waitFor(() => expect(fake.pendingUpdates(TOKEN)).toHaveLength(0), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(db().prepare('SELECT starts FROM leads').pluck().get()).toBe(1);
    expect(db().prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(1);
    expect(fake.sent(TOKEN, ana.id)).toHaveLength(1);
  });

  it('uploads welcome media once, then reuses its file_id', async () => {
    const botId = await runningBot();
    const fleet = fleetOf(core!);
    mkdirSync(join(dataDir, 'media'));
    writeFileSync(join(dataDir, 'media', 'offer.jpg'), Buffer.alloc(2048, 0xff));
    fleet.setWelcome(botId, {
      ...fleet.list()[0]!.welcome,
      text: '<b>Oferta</b> de hoje',
      media: { kind: 'photo', source: { type: 'file', name: 'offer.jpg' }, fileId: null },
      buttons: [[{ kind: 'offer', text: 'Quero', data: 'offer:1' }]],
    });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(fleet.list()[0]!.welcome.media?.fileId).toBeTruthy());
    fake.sendStart(TOKEN, bruno);
    await vi.waitFor(() => expect(fake.sent(TOKEN, bruno.id)).toHaveLength(1), { timeout: 5000 });
    expect(fake.sent(TOKEN, ana.id)[0]).toMatchObject({ method: 'sendPhoto', caption: '<b>Oferta</b> de hoje', media: { source: 'upload' } });
    expect(fake.sent(TOKEN, bruno.id)[0]).toMatchObject({ method: 'sendPhoto', media: { source: 'file_id', fileId: fleet.list()[0]!.welcome.media?.fileId } });
    expect(fake.sent(TOKEN, ana.id)[0]?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Quero', callback_data: 'offer:1' }]] });
  });

  it('records a button press, marks the lead clicked and answers it', async () => {
    await runningBot();
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    fake.pressButton(TOKEN, ana, 'offer:1', fake.sent(TOKEN, ana.id)[0]!.messageId);
    await vi.waitFor(() => expect(fake.answeredCallbacks(TOKEN)).toHaveLength(1), { timeout: 5000 });
    expect(db().prepare('SELECT status FROM leads').pluck().get()).toBe('clicked');
  });
});

describe('delivery failures', () => {
  it('honours a 429 by pausing the sender for exactly retry_after', async () => {
    await runningBot();
    fake.fault(TOKEN, { kind: 'flood', methods: ['sendMessage'], retryAfter: 2, times: 1 });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 8000 });
    const sends = fake.calls(TOKEN, 'sendMessage');
    expect(sends.map((call) => call.status)).toEqual([429, 'ok']);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1990);
  });

  it('marks the lead blocked on 403 and never retries', async () => {
    await runningBot();
    fake.fault(TOKEN, { kind: 'forbidden', methods: ['sendMessage'] });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(db().prepare('SELECT status FROM leads').pluck().get()).toBe('blocked'), { timeout: 5000 });
    expect(db().prepare('SELECT status, attempts FROM deliveries').get()).toEqual({ status: 'blocked', attempts: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.calls(TOKEN, 'sendMessage')).toHaveLength(1);
  });

  it('fails a send to a missing chat without retrying', async () => {
    await runningBot();
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'] });
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(db().prepare('SELECT status FROM deliveries').pluck().get()).toBe('failed'), { timeout: 5000 });
    expect(db().prepare('SELECT error FROM deliveries').pluck().get()).toContain('chat not found');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.calls(TOKEN, 'sendMessage')).toHaveLength(1);
  });

  it('retries 500s with backoff, and one failing bot does not delay another', async () => {
    await runningBot(TOKEN);
    await runningBot(OTHER);
    fake.fault(TOKEN, { kind: 'server_error', methods: ['sendMessage'] });
    fake.sendStart(TOKEN, ana);
    const users = Array.from({ length: 5 }, (_, i): FakeUser => ({ id: 8000 + i, firstName: `U${i}` }));
    for (const user of users) fake.sendStart(OTHER, user);
    await vi.waitFor(() => expect(fake.sent(OTHER)).toHaveLength(5), { timeout: 5000 });
    const failing = db()
      .prepare<[], { status: string; attempts: number }>("SELECT d.status, d.attempts FROM deliveries d JOIN bots b ON b.id = d.bot_id WHERE b.username = 'shop_bot'")
      .get();
    expect(failing?.status).toMatch(/pending|sending/);
    expect(fake.sent(TOKEN)).toHaveLength(0);
    await vi.waitFor(() => expect(fake.calls(TOKEN, 'sendMessage').length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    const [first, second] = fake.calls(TOKEN, 'sendMessage');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(100);
  });
});

describe('bot health', () => {
  it('goes down with token_revoked on 401 and stops polling', async () => {
    const botId = await runningBot();
    fake.fault(TOKEN, { kind: 'unauthorized', methods: ['getUpdates'] });
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'down', reason: 'token_revoked' }), { timeout: 5000 });
    const calls = fake.calls(TOKEN, 'getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.calls(TOKEN, 'getUpdates')).toHaveLength(calls);
  });

  it('goes down with conflict on 409 and recovers when the other poller leaves', async () => {
    const botId = await runningBot();
    fake.fault(TOKEN, { kind: 'conflict', methods: ['getUpdates'] });
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'down', reason: 'conflict' }), { timeout: 5000 });
    fake.clearFaults(TOKEN);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 5000 });
  });

  it('goes down with conflict while another program has a webhook set, naming it, and a restart takes the bot back', async () => {
    const botId = await runningBot();
    const setWebhook = await fetch(`${fake.apiRoot}/bot${TOKEN}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.invalid/hook' }),
    });
    expect(setWebhook.status).toBe(200);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'down', reason: 'conflict' }), { timeout: 5000 });
    expect(fleetOf(core!).status(botId).detail).toContain('webhook is active');
    await fleetOf(core!).restartBot(botId);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 5000 });
    expect(fake.webhookUrl(TOKEN)).toBe('');
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
  });

  it('goes down after the grace period in an outage, and comes back', async () => {
    const botId = await runningBot();
    const changes: string[] = [];
    core!.events.on('bot.status', (status) => changes.push(`${status.state}:${status.reason}`));
    fake.setOutage(true);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'down', reason: 'network' }), { timeout: 6000 });
    fake.setOutage(false);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 6000 });
    expect(changes).toContain('down:network');
    expect(changes.at(-1)).toBe('running:ok');
    expect(fastFleet.health?.graceMs).toBe(1500);
  });
});

describe('the fleet across restarts', () => {
  it('starts the bots that were running, and welcomes leads that arrived while it was closed', async () => {
    await runningBot();
    await core?.close();
    core = null;
    fake.sendStart(TOKEN, ana, 'while_closed');
    const reopened = await engine();
    const [bot] = fleetOf(reopened).list();
    expect(bot?.desiredState).toBe('running');
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
  });

  it('sends a welcome left sending by a crash again, but not a broadcast, and writes down why', async () => {
    const botId = await runningBot();
    fleetOf(core!)
      .stopBot(botId)
      .catch(() => undefined);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId).state).toBe('stopped'));
    const now = Date.now();
    const insertLead = db().prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at) VALUES (?, ?, ?, 'X', ?, ?)");
    const a = Number(insertLead.run(botId, ana.id, ana.id, now, now).lastInsertRowid);
    const b = Number(insertLead.run(botId, bruno.id, bruno.id, now, now).lastInsertRowid);
    fake.sendText(TOKEN, ana, 'hi');
    fake.sendText(TOKEN, bruno, 'hi');
    const insert = db().prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'sending', 0, ?, ?)",
    );
    insert.run(botId, a, ana.id, 'welcome', 0, null, now, now);
    insert.run(botId, b, bruno.id, 'broadcast', 2, JSON.stringify({ text: 'Promo', media: null, buttons: [] }), now, now);
    db().prepare("UPDATE bots SET desired_state = 'running'").run();
    await core?.close();
    core = null;

    await engine();
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    expect(db().prepare("SELECT status, error FROM deliveries WHERE kind = 'broadcast'").get()).toEqual({
      status: 'failed',
      error: 'interrupted by a crash: not sent again, a duplicate promotion would be spam',
    });
    expect(fake.sent(TOKEN, bruno.id)).toHaveLength(0);
    expect(db().prepare("SELECT kind FROM lead_events WHERE kind LIKE '%crash%' ORDER BY kind").pluck().all()).toEqual(['broadcast_abandoned_after_crash', 'resend_after_crash']);
  });

  it('holds welcomes older than the recovery window, and a new /start recovers them', async () => {
    const botId = await runningBot();
    await fleetOf(core!).stopBot(botId);
    const old = Date.now() - 25 * 3_600_000;
    const lead = Number(
      db()
        .prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at, last_start_at) VALUES (?, ?, ?, 'Ana', ?, ?, ?)")
        .run(botId, ana.id, ana.id, old, old, old).lastInsertRowid,
    );
    db()
      .prepare("INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (?, ?, ?, 'welcome', 0, 'pending', ?, ?, ?)")
      .run(botId, lead, ana.id, old, old, old);
    fleetOf(core!).startBot(botId);
    await vi.waitFor(() => expect(fleetOf(core!).status(botId).heldWelcomes).toBe(1), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.sent(TOKEN, ana.id)).toHaveLength(0);
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(fleetOf(core!).status(botId).heldWelcomes).toBe(0));
  });

  it('records how long the engine was offline', async () => {
    await engine();
    const offlineFrom = Date.now() - 60_000;
    db().prepare('UPDATE heartbeat SET beat_at = ?').run(offlineFrom);
    await core?.close();
    core = null;
    const db2 = new Database(databasePath(dataDir));
    db2.prepare('UPDATE heartbeat SET beat_at = ?').run(offlineFrom);
    db2.close();
    await engine();
    const gap = db().prepare<[], { offline_from: number; offline_to: number }>('SELECT offline_from, offline_to FROM engine_gaps').get();
    expect(gap?.offline_from).toBe(offlineFrom);
    expect(gap!.offline_to - offlineFrom).toBeGreaterThanOrEqual(60_000);
  });
});

describe('replacing and removing bots', () => {
  it('keeps the leads for a new token of the same bot, archives them for a different bot or a removal', async () => {
    const botId = await runningBot();
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    const fleet = fleetOf(core!);

    const sameBotNewToken = `111001:BB${'y'.repeat(33)}`;
    fake.addBot({ token: sameBotNewToken, id: 111_001, username: 'shop_bot', firstName: 'Shop' });
    await fleet.replaceToken(botId, sameBotNewToken);
    expect(db().prepare('SELECT archived FROM leads').pluck().all()).toEqual([0]);

    const replaced = await fleet.replaceToken(botId, OTHER);
    expect(replaced).toMatchObject({ id: botId, username: 'other_bot', telegramId: 111_002 });
    expect(db().prepare('SELECT archived, archived_reason FROM leads').get()).toEqual({ archived: 1, archived_reason: 'bot_replaced' });

    fake.sendStart(OTHER, bruno);
    await vi.waitFor(() => expect(fake.sent(OTHER, bruno.id)).toHaveLength(1), { timeout: 5000 });
    await fleet.removeBot(botId);
    expect(db().prepare('SELECT archived_reason FROM leads ORDER BY id').pluck().all()).toEqual(['bot_replaced', 'bot_removed']);
    expect(db().prepare('SELECT count(*) FROM bots WHERE removed_at IS NOT NULL').pluck().get()).toBe(1);
    expect(fleet.list()).toEqual([]);
  });
});

describe('a store that is not verified', () => {
  it('refuses to run bots', async () => {
    const first = await engine();
    await first.close();
    dropLeadsArchivedColumn(databasePath(dataDir));
    const drifted = await engine();
    expect(drifted.fleet()).toBeNull();
    expect(drifted.botsMayRun()?.code).toBe('STORE_SCHEMA_MISMATCH');
  });
});

describe('a bot whose token cannot be opened', () => {
  it('is down with token_unreadable while the other bots run', async () => {
    const broken = await runningBot(TOKEN);
    await runningBot(OTHER);
    await core?.close();
    core = null;
    const raw = new Database(databasePath(dataDir));
    raw.prepare("UPDATE bots SET token_sealed = 'kf1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE id = ?").run(broken);
    raw.close();
    const fleet = fleetOf(await engine());
    expect(fleet.status(broken)).toMatchObject({ state: 'down', reason: 'token_unreadable' });
    fake.sendStart(OTHER, ana);
    await vi.waitFor(() => expect(fake.sent(OTHER, ana.id)).toHaveLength(1), { timeout: 5000 });
  });
});
