import type { Message, Update, UserFromGetMe } from '@grammyjs/types';
import { Api, Bot, GrammyError, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeToken, startFakeTelegram } from '../support/fake-telegram';
import type { FakeTelegram, FakeUser, Fault } from '../support/fake-telegram';

const BOT = { id: 7001, username: 'shop_bot', firstName: 'Shop', token: fakeToken(7001) };
const ALICE: FakeUser = { id: 501, firstName: 'Alice', username: 'alice', languageCode: 'en' };
const BOB: FakeUser = { id: 502, firstName: 'Bob' };

interface Envelope<T> {
  ok: boolean;
  result: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

let tg: FakeTelegram;

/** A JSON POST straight at the fake, as grammY would send it. */
async function call<T = unknown>(method: string, params: Record<string, unknown> = {}, token = BOT.token) {
  const res = await fetch(`${tg.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Envelope<T> };
}

function text(chatId: number, body: string) {
  return call<Message>('sendMessage', { chat_id: chatId, text: body });
}

async function waitUntilPolling(token = BOT.token) {
  await vi.waitFor(() => expect(tg.isPolling(token)).toBe(true), { timeout: 1000, interval: 5 });
}

describe('fake Telegram over plain HTTP', () => {
  beforeEach(async () => {
    tg = await startFakeTelegram();
    tg.addBot(BOT);
  });
  afterEach(async () => {
    await tg.close();
  });

  it('answers getMe for a known token, 401 for an unknown one and 404 for unknown methods', async () => {
    const me = await call<UserFromGetMe>('getMe');
    expect(me.status).toBe(200);
    expect(me.body.result).toMatchObject({ id: BOT.id, is_bot: true, first_name: 'Shop', username: 'shop_bot', supports_inline_queries: false });

    const stranger = await call('getMe', {}, fakeToken(9999));
    expect(stranger).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });

    const unknown = await call('sendTelepathy');
    expect(unknown.body).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });

    // Method names are case-insensitive, as on Telegram, and logged as documented.
    expect((await call('GETME')).status).toBe(200);
    expect(tg.calls(BOT.token, 'getMe')).toHaveLength(2);

    const notApi = await fetch(`${tg.apiRoot}/favicon.ico`);
    expect(notApi.status).toBe(404);
  });

  it('survives malformed bodies and keeps serving', async () => {
    const badJson = await fetch(`${tg.apiRoot}/bot${BOT.token}/getMe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(badJson.status).toBe(400);
    const badMultipart = await fetch(`${tg.apiRoot}/bot${BOT.token}/sendPhoto`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: 'garbage',
    });
    expect(badMultipart.status).toBe(400);
    expect((await call('getMe')).status).toBe(200);
  });

  it('enqueues /start like a real client, with the payload and a bot_command entity', async () => {
    tg.sendStart(BOT.token, ALICE);
    const id = tg.sendStart(BOT.token, ALICE, 'ref42');
    const { body } = await call<Update[]>('getUpdates', { timeout: 0 });
    expect(body.result.map((u) => u.message?.text)).toEqual(['/start', '/start ref42']);
    const last = body.result[1]!;
    expect(last.update_id).toBe(id);
    expect(last.message).toMatchObject({
      chat: { id: ALICE.id, type: 'private', first_name: 'Alice', username: 'alice' },
      from: { id: ALICE.id, is_bot: false, first_name: 'Alice', language_code: 'en' },
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    });
    expect(body.result[0]!.update_id + 1).toBe(id);
  });

  it('holds a long poll until an update arrives', async () => {
    const started = Date.now();
    const poll = call<Update[]>('getUpdates', { timeout: 5 });
    await waitUntilPolling();
    setTimeout(() => tg.sendText(BOT.token, ALICE, 'hello'), 100);
    const { body } = await poll;
    expect(body.result.map((u) => u.message?.text)).toEqual(['hello']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers an idle long poll with [] when its timeout passes', async () => {
    const started = Date.now();
    const { body } = await call<Update[]>('getUpdates', { timeout: 0.2 });
    expect(body.result).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('keeps updates until a later offset confirms them', async () => {
    const first = tg.sendText(BOT.token, ALICE, 'one');
    const second = tg.sendText(BOT.token, ALICE, 'two');
    const again = async (offset: number) => (await call<Update[]>('getUpdates', { offset, timeout: 0 })).body.result.map((u) => u.update_id);

    expect(await again(0)).toEqual([first, second]);
    expect(await again(0)).toEqual([first, second]); // a crashed bot sees them again
    expect(await again(second)).toEqual([second]);
    expect(tg.confirmedOffset(BOT.token)).toBe(second);
    expect(await again(second + 1)).toEqual([]);
    expect(tg.confirmedOffset(BOT.token)).toBe(second + 1);
    expect(tg.pendingUpdates(BOT.token)).toEqual([]);
  });

  it('honours limit', async () => {
    for (let i = 0; i < 3; i += 1) tg.sendText(BOT.token, ALICE, `m${i}`);
    const { body } = await call<Update[]>('getUpdates', { limit: 2 });
    expect(body.result.map((u) => u.message?.text)).toEqual(['m0', 'm1']);
  });

  it('redelivers a confirmed update with the same update_id, once', async () => {
    const id = tg.sendText(BOT.token, ALICE, 'pay');
    await call('getUpdates', { offset: id + 1 });
    expect(tg.pendingUpdates(BOT.token)).toEqual([]);

    tg.redeliver(BOT.token, id);
    const { body } = await call<Update[]>('getUpdates', { offset: id + 1, timeout: 0 });
    expect(body.result.map((u) => [u.update_id, u.message?.text])).toEqual([[id, 'pay']]);
    const after = await call<Update[]>('getUpdates', { offset: id + 1, timeout: 0 });
    expect(after.body.result).toEqual([]);
  });

  it('answers the older of two concurrent getUpdates with 409 Conflict', async () => {
    const older = call<Update[]>('getUpdates', { timeout: 5 });
    await waitUntilPolling();
    const newer = call<Update[]>('getUpdates', { timeout: 5 });
    const lost = await older;
    expect(lost.status).toBe(409);
    expect(lost.body.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');

    await waitUntilPolling();
    const id = tg.sendText(BOT.token, ALICE, 'still here');
    expect((await newer).body.result.map((u) => u.message?.text)).toEqual(['still here']);

    // A quick (timeout 0) call supersedes a held one too.
    const held = call('getUpdates', { offset: id + 1, timeout: 5 });
    await waitUntilPolling();
    expect((await call('getUpdates', { timeout: 0 })).status).toBe(200);
    expect((await held).status).toBe(409);
    expect(tg.calls(BOT.token, 'getUpdates').map((c) => c.status)).toEqual([409, 'ok', 409, 'ok']);
  });

  it('accepts GET with a query string and urlencoded bodies', async () => {
    tg.sendStart(BOT.token, ALICE);
    const viaGet = await fetch(`${tg.apiRoot}/bot${BOT.token}/getUpdates?offset=0&timeout=0`);
    expect(((await viaGet.json()) as Envelope<Update[]>).result).toHaveLength(1);

    const keyboard = { inline_keyboard: [[{ text: 'Buy', callback_data: 'buy:1' }]] };
    const form = new URLSearchParams({ chat_id: String(ALICE.id), text: 'Menu', parse_mode: 'HTML', reply_markup: JSON.stringify(keyboard) });
    const res = await fetch(`${tg.apiRoot}/bot${BOT.token}/sendMessage`, { method: 'POST', body: form });
    const message = ((await res.json()) as Envelope<Message>).result;
    expect(message.reply_markup).toEqual(keyboard);
    expect(tg.sent(BOT.token, ALICE.id)).toEqual([
      expect.objectContaining({ method: 'sendMessage', text: 'Menu', parseMode: 'HTML', replyMarkup: keyboard, messageId: message.message_id }),
    ]);
  });

  it('sends a message into a chat that wrote, sharing the chat message counter', async () => {
    tg.sendStart(BOT.token, ALICE); // the user's /start is message 1
    const { status, body } = await text(ALICE.id, 'Welcome');
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      message_id: 2,
      chat: { id: ALICE.id, type: 'private', first_name: 'Alice' },
      from: { id: BOT.id, is_bot: true, username: 'shop_bot' },
      text: 'Welcome',
    });
    expect((await text(ALICE.id, 'Again')).body.result.message_id).toBe(3);
    expect(tg.calls(BOT.token, 'sendMessage').map((c) => c.status)).toEqual(['ok', 'ok']);
  });

  it('rejects sends Telegram would reject', async () => {
    tg.sendStart(BOT.token, ALICE);
    expect((await text(ALICE.id, '')).body.description).toBe('Bad Request: message text is empty');
    expect((await text(ALICE.id, 'x'.repeat(4097))).body.description).toBe('Bad Request: message is too long');
    expect((await text(ALICE.id, 'x'.repeat(4096))).status).toBe(200);
    const stranger = await text(BOB.id, 'hi');
    expect(stranger).toEqual({ status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
    expect((await call('sendMessage', { text: 'hi' })).body.description).toBe('Bad Request: chat_id is empty');
    expect((await call('sendMessage', { chat_id: ALICE.id, text: 'hi', reply_markup: '{bad' })).status).toBe(400);
    expect(tg.sent(BOT.token)).toHaveLength(1);
    expect(tg.calls(BOT.token, 'sendMessage').map((c) => c.status)).toEqual([400, 400, 'ok', 400, 400, 400]);
  });

  it('turns a block into a my_chat_member update and 403 on later sends; Restart unblocks', async () => {
    tg.sendStart(BOT.token, ALICE);
    const id = tg.blockBot(BOT.token, ALICE);
    const update = tg.pendingUpdates(BOT.token).find((u) => u.update_id === id);
    expect(update?.my_chat_member).toMatchObject({
      chat: { id: ALICE.id },
      from: { id: ALICE.id },
      old_chat_member: { status: 'member', user: { id: BOT.id } },
      new_chat_member: { status: 'kicked', user: { id: BOT.id } },
    });
    const blocked = await text(ALICE.id, 'are you there?');
    expect(blocked).toEqual({ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    expect(() => tg.sendText(BOT.token, ALICE, 'hi')).toThrow(/blocked the bot/);

    tg.sendStart(BOT.token, ALICE);
    expect(tg.pendingUpdates(BOT.token).at(-2)?.my_chat_member?.new_chat_member.status).toBe('member');
    expect((await text(ALICE.id, 'welcome back')).status).toBe(200);
  });

  it('delivers button presses with the pressed message and records answers', async () => {
    tg.sendStart(BOT.token, ALICE);
    const sent = await call<Message>('sendMessage', { chat_id: ALICE.id, text: 'Pick', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const id = tg.pressButton(BOT.token, ALICE, 'a', sent.body.result.message_id);
    const query = tg.pendingUpdates(BOT.token).find((u) => u.update_id === id)?.callback_query;
    expect(query).toMatchObject({ from: { id: ALICE.id }, data: 'a', message: { message_id: sent.body.result.message_id, text: 'Pick', chat: { id: ALICE.id } } });
    expect(typeof query?.chat_instance).toBe('string');

    expect((await call('answerCallbackQuery', { callback_query_id: query?.id })).body.result).toBe(true);
    expect((await call('answerCallbackQuery', { callback_query_id: 'made-up' })).status).toBe(400);
    expect(tg.answeredCallbacks(BOT.token)).toEqual([query?.id]);

    const second = tg.pressButton(BOT.token, ALICE, 'a', sent.body.result.message_id);
    const secondId = tg.pendingUpdates(BOT.token).find((u) => u.update_id === second)?.callback_query?.id;
    expect((await call('answerCallbackQuery', { callback_query_id: secondId, text: 'x'.repeat(201) })).status).toBe(400);
    expect((await call('answerCallbackQuery', { callback_query_id: secondId, text: 'Done' })).body.result).toBe(true);
    expect(tg.callbackAnswers(BOT.token)).toEqual([{ id: query?.id }, { id: secondId, text: 'Done' }]);

    const stale = tg.pressButton(BOT.token, ALICE, 'a', 999);
    expect(tg.pendingUpdates(BOT.token).find((u) => u.update_id === stale)?.callback_query?.message?.date).toBe(0);
  });

  it('reports webhook state and drops pending updates on request', async () => {
    tg.sendText(BOT.token, ALICE, 'queued');
    expect((await call('getWebhookInfo')).body.result).toEqual({ url: '', has_custom_certificate: false, pending_update_count: 1 });
    expect((await call('deleteWebhook')).body.result).toBe(true);
    expect(tg.pendingUpdates(BOT.token)).toHaveLength(1);
    await call('deleteWebhook', { drop_pending_updates: true });
    expect(tg.pendingUpdates(BOT.token)).toHaveLength(0);
  });

  it('takes multipart uploads in the standard spelling and curl-style part names', async () => {
    tg.sendStart(BOT.token, ALICE);
    const form = new FormData();
    form.append('chat_id', String(ALICE.id));
    form.append('caption', 'Invoice');
    form.append('document', new Blob([Buffer.from('hello')]), 'invoice.pdf');
    const res = await fetch(`${tg.apiRoot}/bot${BOT.token}/sendDocument`, { method: 'POST', body: form });
    const message = ((await res.json()) as Envelope<Message>).result;
    expect(message.document).toMatchObject({ file_name: 'invoice.pdf', file_size: 5 });
    expect(message.caption).toBe('Invoice');
    expect(tg.sent(BOT.token)[0]?.media).toEqual({ kind: 'document', fileId: message.document?.file_id, uploaded: true, source: 'upload', filename: 'invoice.pdf', size: 5 });
    expect(tg.calls(BOT.token, 'sendDocument')[0]?.params).toEqual({ chat_id: String(ALICE.id), caption: 'Invoice', document: { filename: 'invoice.pdf', size: 5 } });
  });

  it('accepts media by URL and shapes each kind like Telegram', async () => {
    tg.sendStart(BOT.token, ALICE);
    const url = 'https://example.invalid/file';
    const video = (await call<Message>('sendVideo', { chat_id: ALICE.id, video: url })).body.result;
    expect(video.video).toMatchObject({ width: 1280, height: 720, duration: 1 });
    const animation = (await call<Message>('sendAnimation', { chat_id: ALICE.id, animation: url })).body.result;
    expect(animation.animation?.file_id).toBe(animation.document?.file_id);
    const audio = (await call<Message>('sendAudio', { chat_id: ALICE.id, audio: url })).body.result;
    expect(audio.audio?.file_id).toMatch(/^CQAC-fake-/);
    expect(tg.sent(BOT.token).map((m) => [m.media?.kind, m.media?.source])).toEqual([
      ['video', 'url'],
      ['animation', 'url'],
      ['audio', 'url'],
    ]);
    const missing = await call('sendPhoto', { chat_id: ALICE.id });
    expect(missing.body.description).toBe('Bad Request: there is no photo in the request');
    const wrong = await call('sendPhoto', { chat_id: ALICE.id, photo: 'not-a-file-id' });
    expect(wrong.body.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const wrongKind = await call('sendPhoto', { chat_id: ALICE.id, photo: video.video?.file_id });
    expect(wrongKind.status).toBe(400);
  });

  describe('faults', () => {
    const answered: [Fault['kind'], number, string][] = [
      ['unauthorized', 401, 'Unauthorized'],
      ['conflict', 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'],
      ['flood', 429, 'Too Many Requests: retry after 1'],
      ['forbidden', 403, 'Forbidden: bot was blocked by the user'],
      ['user_deactivated', 403, 'Forbidden: user is deactivated'],
      ['cant_initiate', 403, "Forbidden: bot can't initiate conversation with a user"],
      ['chat_not_found', 400, 'Bad Request: chat not found'],
      ['server_error', 500, 'Internal Server Error'],
      ['bad_request', 400, 'Bad Request: BUTTON_URL_INVALID'],
    ];
    it.each(answered)('%s answers %i', async (kind, code, description) => {
      tg.sendStart(BOT.token, ALICE);
      tg.fault(BOT.token, { kind, times: 1 });
      const hit = await text(ALICE.id, 'x');
      expect(hit.status).toBe(code);
      expect(hit.body).toMatchObject({ ok: false, error_code: code, description });
      expect((await text(ALICE.id, 'x')).status).toBe(200); // times: 1 is used up
      expect(tg.calls(BOT.token, 'sendMessage').map((c) => c.status)).toEqual([code, 'ok']);
    });

    it('flood carries retry_after', async () => {
      tg.fault(BOT.token, { kind: 'flood', retryAfter: 7 });
      const { body } = await call('getMe');
      expect(body).toEqual({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    });

    it('a fault that answers can wait before it does', async () => {
      tg.fault(BOT.token, { kind: 'server_error', ms: 150, methods: ['getMe'], times: 1 });
      const started = Date.now();
      expect((await call('getMe')).status).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('latency delays the answer, then answers normally', async () => {
      tg.fault(BOT.token, { kind: 'latency', ms: 150, methods: ['getMe'] });
      const started = Date.now();
      expect((await call('getMe')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('drop cuts the connection without an answer', async () => {
      tg.fault(BOT.token, { kind: 'drop', times: 1 });
      await expect(call('getMe')).rejects.toThrow();
      expect((await call('getMe')).status).toBe(200);
      expect(tg.calls(BOT.token, 'getMe').map((c) => c.status)).toEqual(['dropped', 'ok']);
    });

    it('matches by method and chat, first rule first, until cleared', async () => {
      tg.sendStart(BOT.token, ALICE);
      tg.sendStart(BOT.token, BOB);
      tg.fault(BOT.token, { kind: 'forbidden', methods: ['sendmessage'], chatIds: [BOB.id] });
      tg.fault(BOT.token, { kind: 'server_error', methods: ['sendMessage'] });
      expect((await text(BOB.id, 'x')).status).toBe(403);
      expect((await text(ALICE.id, 'x')).status).toBe(500);
      expect((await call('getMe')).status).toBe(200);
      tg.clearFaults(BOT.token);
      expect((await text(BOB.id, 'x')).status).toBe(200);
    });

    it('an outage makes requests fail at the network level, and pending polls with them', async () => {
      const poll = call('getUpdates', { timeout: 5 });
      await waitUntilPolling();
      tg.setOutage(true);
      await expect(poll).rejects.toThrow();
      await expect(call('getMe')).rejects.toThrow();
      tg.setOutage(false);
      expect((await call('getMe')).status).toBe(200);
    });

    it('a silent outage answers nothing, polls in flight included, and cuts them when it ends', async () => {
      const poll = call('getUpdates', { timeout: 0.3 });
      await waitUntilPolling();
      tg.setOutage(true, 'silent');
      const settled: string[] = [];
      void poll.then(
        () => settled.push('poll'),
        () => settled.push('poll cut'),
      );
      void call('getMe').then(
        () => settled.push('getMe'),
        () => settled.push('getMe cut'),
      );
      // Well past the poll's own timeout: still no answer.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled).toEqual([]);
      tg.setOutage(false);
      await vi.waitFor(() => expect(settled.sort()).toEqual(['getMe cut', 'poll cut']));
      expect((await call('getMe')).status).toBe(200);
    });
    it('refuses only the calls whose parameters contain the given text, with the given answer', async () => {
      tg.sendStart(BOT.token, ALICE);
      tg.fault(BOT.token, { kind: 'bad_request', description: 'Bad Request: wrong button', contains: 'https://closed.example' });
      const markup = (url: string): string => JSON.stringify({ inline_keyboard: [[{ text: 'Go', url }]] });
      const refused = await call('sendMessage', { chat_id: ALICE.id, text: 'hi', reply_markup: markup('https://closed.example/x') });
      expect(refused.body).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: wrong button' });
      expect((await call('sendMessage', { chat_id: ALICE.id, text: 'hi', reply_markup: markup('https://open.example/x') })).status).toBe(200);
      expect(tg.sent(BOT.token, ALICE.id)).toHaveLength(1);
    });

    it('late_answer delivers the message at once and answers later', async () => {
      tg.sendStart(BOT.token, ALICE);
      tg.fault(BOT.token, { kind: 'late_answer', ms: 300, methods: ['sendMessage'], times: 1 });
      const answer = text(ALICE.id, 'hello');
      // Delivered while the sender still waits for its answer.
      await vi.waitFor(() => expect(tg.sent(BOT.token, ALICE.id).map((m) => m.text)).toEqual(['hello']), { interval: 5 });
      expect(tg.calls(BOT.token, 'sendMessage')).toEqual([]);
      expect((await answer).status).toBe(200);
      expect(tg.calls(BOT.token, 'sendMessage').map((c) => c.status)).toEqual(['ok']);
    });

    it('an outage of one bot fails or holds its calls only, and ends for it alone', async () => {
      const OTHER = { id: 7002, username: 'other_bot', firstName: 'Other', token: fakeToken(7002) };
      tg.addBot(OTHER);
      const poll = call('getUpdates', { timeout: 5 });
      await waitUntilPolling();
      tg.setBotOutage(BOT.token, true);
      await expect(poll).rejects.toThrow();
      await expect(call('getMe')).rejects.toThrow();
      expect((await call('getMe', {}, OTHER.token)).status).toBe(200);
      tg.setBotOutage(BOT.token, false);
      expect((await call('getMe')).status).toBe(200);

      const otherPoll = call('getUpdates', { timeout: 0.3 }, OTHER.token);
      await waitUntilPolling(OTHER.token);
      tg.setBotOutage(OTHER.token, true, 'silent');
      const settled: string[] = [];
      void otherPoll.then(
        () => settled.push('poll'),
        () => settled.push('poll cut'),
      );
      void call('getMe', {}, OTHER.token).then(
        () => settled.push('getMe'),
        () => settled.push('getMe cut'),
      );
      expect((await call('getMe')).status).toBe(200);
      // Well past the poll's own timeout: still no answer.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled).toEqual([]);
      tg.setBotOutage(OTHER.token, false);
      await vi.waitFor(() => expect(settled.sort()).toEqual(['getMe cut', 'poll cut']));
      expect((await call('getMe', {}, OTHER.token)).status).toBe(200);
    });
  });

  it('close() resolves promptly with a long poll pending', async () => {
    const poll = call('getUpdates', { timeout: 30 });
    await waitUntilPolling();
    const started = Date.now();
    await tg.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(poll).rejects.toThrow();
  });
});

describe('updates as Telegram keeps them', () => {
  let clock = 1_700_000_000_000;
  beforeEach(async () => {
    clock = 1_700_000_000_000;
    tg = await startFakeTelegram({ now: () => clock });
    tg.addBot(BOT);
  });
  afterEach(async () => {
    await tg.close();
  });

  const poll = async (params: Record<string, unknown> = {}) => (await call<Update[]>('getUpdates', { timeout: 0, ...params })).body.result;
  const chatMember = (): Parameters<FakeTelegram['enqueueRaw']>[1] => ({
    chat_member: {
      chat: { id: -100, type: 'supergroup', title: 'G' },
      from: { id: ALICE.id, is_bot: false, first_name: 'Alice' },
      date: 1,
      old_chat_member: { status: 'left', user: { id: BOB.id, is_bot: false, first_name: 'Bob' } },
      new_chat_member: { status: 'member', user: { id: BOB.id, is_bot: false, first_name: 'Bob' } },
    },
  });

  it('honours allowed_updates, keeps the list until it is changed, and [] restores the default', async () => {
    // By default everything but chat_member and reactions.
    tg.enqueueRaw(BOT.token, chatMember());
    const text1 = tg.sendText(BOT.token, ALICE, 'one');
    expect((await poll()).map((u) => u.update_id)).toEqual([text1]);

    await poll({ offset: text1 + 1, allowed_updates: ['callback_query'] });
    tg.sendText(BOT.token, ALICE, 'dropped');
    const press = tg.pressButton(BOT.token, ALICE, 'a', 1);
    // A poll that names no list keeps the last one.
    expect((await poll({ offset: text1 + 1 })).map((u) => u.update_id)).toEqual([press]);

    await poll({ offset: press + 1, allowed_updates: JSON.stringify(['message', 'chat_member']) });
    const member = tg.enqueueRaw(BOT.token, chatMember());
    const text2 = tg.sendText(BOT.token, ALICE, 'two');
    tg.pressButton(BOT.token, ALICE, 'b', 1);
    expect((await poll({ offset: press + 1 })).map((u) => u.update_id)).toEqual([member, text2]);

    await poll({ offset: text2 + 1, allowed_updates: [] });
    tg.enqueueRaw(BOT.token, chatMember());
    const press2 = tg.pressButton(BOT.token, ALICE, 'c', 1);
    expect((await poll({ offset: text2 + 1 })).map((u) => u.update_id)).toEqual([press2]);
  });

  it('drops updates nobody confirmed within 24 hours', async () => {
    const old = tg.sendText(BOT.token, ALICE, 'old');
    clock += 3_600_000;
    const recent = tg.sendText(BOT.token, ALICE, 'recent');
    clock += 23 * 3_600_000;
    expect((await poll()).map((u) => u.update_id)).toEqual([old, recent]);
    clock += 1;
    expect((await poll()).map((u) => u.update_id)).toEqual([recent]);
    clock += 3_600_000;
    expect(await poll()).toEqual([]);
    expect(tg.pendingUpdates(BOT.token)).toEqual([]);
  });

  it('refuses getUpdates with 409 while a webhook is set, until deleteWebhook', async () => {
    tg.sendText(BOT.token, ALICE, 'waiting');
    expect((await call('setWebhook', { url: 'http://example.invalid/hook' })).status).toBe(400);
    expect((await call('setWebhook', { url: 'https://example.invalid/hook' })).body.result).toBe(true);
    expect(tg.webhookUrl(BOT.token)).toBe('https://example.invalid/hook');
    expect((await call('getWebhookInfo')).body.result).toMatchObject({ url: 'https://example.invalid/hook', pending_update_count: 1 });
    const refused = await call('getUpdates', { timeout: 0 });
    expect(refused).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
    });
    await call('deleteWebhook');
    expect(await poll()).toHaveLength(1);
    // setWebhook with an empty address removes it too.
    await call('setWebhook', { url: 'https://example.invalid/hook' });
    await call('setWebhook', { url: '' });
    expect((await call('getUpdates', { timeout: 0 })).status).toBe(200);
  });

  it('can take a confirmation and lose its answer', async () => {
    const first = tg.sendText(BOT.token, ALICE, 'one');
    const second = tg.sendText(BOT.token, ALICE, 'two');
    expect((await poll()).map((u) => u.update_id)).toEqual([first, second]);
    tg.fault(BOT.token, { kind: 'answer_lost', methods: ['getUpdates'], times: 1 });
    await expect(call('getUpdates', { offset: second + 1, timeout: 0 })).rejects.toThrow();
    // It reached Telegram: both are confirmed although the bot never heard back.
    expect(tg.confirmedOffset(BOT.token)).toBe(second + 1);
    expect(tg.pendingUpdates(BOT.token)).toEqual([]);
    expect(tg.calls(BOT.token, 'getUpdates').map((c) => c.status)).toEqual(['ok', 'lost']);

    // A send whose answer is lost was delivered all the same.
    tg.fault(BOT.token, { kind: 'answer_lost', methods: ['sendMessage'], times: 1 });
    await expect(text(ALICE.id, 'hello')).rejects.toThrow();
    expect(tg.sent(BOT.token, ALICE.id).map((m) => m.text)).toEqual(['hello']);
  });
});

describe('parse_mode HTML', () => {
  beforeEach(async () => {
    tg = await startFakeTelegram();
    tg.addBot(BOT);
    tg.sendStart(BOT.token, ALICE);
  });
  afterEach(async () => {
    await tg.close();
  });

  const html = (body: string, field: 'text' | 'caption' = 'text') =>
    field === 'text'
      ? call<Message>('sendMessage', { chat_id: ALICE.id, text: body, parse_mode: 'HTML' })
      : call<Message>('sendPhoto', { chat_id: ALICE.id, photo: 'https://example.invalid/p.jpg', caption: body, parse_mode: 'HTML' });

  it('turns the tags Telegram knows into entities and decodes its entities', async () => {
    const { status, body } = await html(
      '<b>Olá</b> &lt;3 &amp; &quot;x&quot; &#65;&#x42; &copy; <a href="https://t.me/x?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span> <pre language="js">c</pre> <blockquote expandable>q</blockquote>',
    );
    expect(status).toBe(200);
    expect(body.result.text).toBe('Olá <3 & "x" AB &copy; link s c q');
    expect(body.result.entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'text_link', offset: 23, length: 4, url: 'https://t.me/x?a=1&b=2' },
      { type: 'spoiler', offset: 28, length: 1 },
      { type: 'pre', offset: 30, length: 1, language: 'js' },
      { type: 'expandable_blockquote', offset: 32, length: 1 },
    ]);
    // The fake records what the bot sent, before parsing.
    expect(tg.sent(BOT.token, ALICE.id)[0]?.text).toContain('<b>Olá</b>');
    const photo = await html('<i>Cap</i>', 'caption');
    expect(photo.body.result).toMatchObject({ caption: 'Cap', caption_entities: [{ type: 'italic', offset: 0, length: 3 }] });
  });

  const refused: [string, string][] = [
    ['<b>bold', `Can't find end tag corresponding to start tag "b"`],
    ['<foo>x</foo>', 'Unsupported start tag "foo" at byte offset 0'],
    ['Olá <b>x</i>', 'Unmatched end tag at byte offset 9, expected "</b>", found "</i>"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['1 < 2', 'Unsupported start tag "" at byte offset 2'],
    ['x<3', 'Unclosed start tag at byte offset 1'],
    ['<br/>', 'Unsupported start tag "br/" at byte offset 0'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler"'],
  ];
  it.each(refused)('refuses %j as Telegram does', async (source, reason) => {
    for (const field of ['text', 'caption'] as const) {
      const { status, body } = await html(source, field);
      expect(status).toBe(400);
      expect(body.description).toBe(`Bad Request: can't parse entities: ${reason}`);
    }
    expect(tg.sent(BOT.token)).toEqual([]);
  });

  it('counts length and emptiness after parsing, and leaves text without parse_mode alone', async () => {
    expect((await html(`<b>${'x'.repeat(4096)}</b>`)).status).toBe(200);
    expect((await html('<b> </b>')).body.description).toBe('Bad Request: message text is empty');
    const plain = await text(ALICE.id, '1 < 2 <b>');
    expect(plain.body.result).toMatchObject({ text: '1 < 2 <b>' });
    expect(plain.body.result.entities).toBeUndefined();
  });
});

describe('users Telegram refuses to reach', () => {
  beforeEach(async () => {
    tg = await startFakeTelegram();
    tg.addBot(BOT);
  });
  afterEach(async () => {
    await tg.close();
  });

  it('answers 403 for a user who never wrote, 403 for a deleted account, 400 for nobody', async () => {
    tg.addUser(BOB);
    expect(await text(BOB.id, 'hi')).toEqual({ status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" } });
    expect((await text(999_999, 'hi')).body.description).toBe('Bad Request: chat not found');
    tg.sendStart(BOT.token, ALICE);
    expect((await text(ALICE.id, 'hi')).status).toBe(200);
    tg.deactivateUser(ALICE);
    expect(await text(ALICE.id, 'hi')).toEqual({ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: user is deactivated' } });
    expect(() => tg.sendStart(BOT.token, ALICE)).toThrow(/deleted their account/);
  });
});

describe('rate enforcer', () => {
  let clock = 1_700_000_000_000;
  const users = Array.from({ length: 31 }, (_, i): FakeUser => ({ id: 1000 + i, firstName: `U${i}` }));

  beforeEach(async () => {
    clock = 1_700_000_000_000;
    tg = await startFakeTelegram({ rateLimit: true, now: () => clock });
    tg.addBot(BOT);
    for (const user of users) tg.sendStart(BOT.token, user);
  });
  afterEach(async () => {
    await tg.close();
  });

  it('allows 30 sends per second per bot and answers the 31st with 429', async () => {
    for (const user of users.slice(0, 30)) expect((await text(user.id, 'hi')).status).toBe(200);
    const over = await text(users[30]!.id, 'hi');
    expect(over).toEqual({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } });
    expect(tg.count429(BOT.token)).toBe(1);
    // Other methods are not limited.
    expect((await call('getMe')).status).toBe(200);
    clock += 1000;
    expect((await text(users[30]!.id, 'hi')).status).toBe(200);
    expect(tg.count429()).toBe(1);
  });

  it('spaces sends to one chat by a second', async () => {
    const [first, second] = users;
    expect((await text(first!.id, 'a')).status).toBe(200);
    clock += 999;
    expect((await text(first!.id, 'b')).body.parameters).toEqual({ retry_after: 1 });
    expect((await text(second!.id, 'b')).status).toBe(200);
    // Told to wait a second, a retry 1 ms later is early: punished with a longer wait.
    clock += 1;
    expect((await text(first!.id, 'c')).body.parameters).toEqual({ retry_after: 2 });
    clock += 2000;
    expect((await text(first!.id, 'c')).status).toBe(200);
    expect(tg.count429(BOT.token)).toBe(2);
    expect(tg.sent(BOT.token, first!.id).map((m) => m.text)).toEqual(['a', 'c']);
  });

  it('makes retry_after grow while violations repeat, and blocks every chat of the bot meanwhile', async () => {
    const burst = async (): Promise<number | undefined> => {
      for (const user of users.slice(0, 30)) expect((await text(user.id, 'x')).status).toBe(200);
      return (await text(users[30]!.id, 'x')).body.parameters?.retry_after;
    };
    expect(await burst()).toBe(1);
    // Blocked for that second: another chat waits too, with what is left of it.
    clock += 400;
    expect((await text(users[1]!.id, 'y')).body.parameters).toEqual({ retry_after: 1 });
    // Rejected attempts count against the window too: wait until that one left it.
    clock += 1000;
    expect(await burst()).toBe(2);
    clock += 2000;
    expect(await burst()).toBe(3);
  });

  it('punishes an early retry after a retry_after, and an injected flood binds the whole bot', async () => {
    const [first, second] = users;
    tg.fault(BOT.token, { kind: 'flood', retryAfter: 3, methods: ['sendMessage'], times: 1 });
    expect((await text(first!.id, 'a')).body.parameters).toEqual({ retry_after: 3 });
    clock += 1000;
    expect((await text(second!.id, 'b')).body.parameters).toEqual({ retry_after: 2 });
    expect((await text(first!.id, 'a')).body.parameters).toEqual({ retry_after: 6 });
    clock += 5999;
    expect((await text(second!.id, 'b')).status).toBe(429);
    expect(tg.calls(BOT.token, 'sendMessage').map((c) => c.retryAfter)).toEqual([3, 2, 6, 1]);
    clock += 1;
    expect((await text(first!.id, 'a')).status).toBe(200);
    expect((await text(second!.id, 'b')).status).toBe(200);
  });

  it('can be switched off', async () => {
    tg.setRateLimit(false);
    expect((await text(ALICE.id, 'a')).status).toBe(400); // not a rate answer: Alice never wrote
    expect((await text(users[0]!.id, 'a')).status).toBe(200);
    expect((await text(users[0]!.id, 'b')).status).toBe(200);
    expect(tg.count429()).toBe(0);
  });
});

describe('fake Telegram through grammY', () => {
  beforeEach(async () => {
    tg = await startFakeTelegram();
    tg.addBot(BOT);
    tg.sendStart(BOT.token, ALICE);
  });
  afterEach(async () => {
    await tg.close();
  });

  it('uploads an InputFile as multipart, then reuses the file_id', async () => {
    const api = new Api(BOT.token, { apiRoot: tg.apiRoot });
    const bytes = Buffer.from('not really a jpeg');
    const keyboard = { inline_keyboard: [[{ text: 'Buy', callback_data: 'buy' }]] };
    const uploaded = await api.sendPhoto(ALICE.id, new InputFile(bytes), { caption: 'Catalogue', reply_markup: keyboard });
    const fileId = uploaded.photo.at(-1)!.file_id;
    expect(fileId).toMatch(/^AgAC-fake-/);
    expect(uploaded.caption).toBe('Catalogue');
    expect(uploaded.reply_markup).toEqual(keyboard); // sent as a JSON string inside the multipart body

    const reused = await api.sendPhoto(ALICE.id, fileId);
    expect(reused.photo.at(-1)?.file_id).toBe(fileId);
    expect(tg.sent(BOT.token).map((m) => m.media)).toEqual([
      { kind: 'photo', fileId, uploaded: true, source: 'upload', filename: 'photo.jpg', size: bytes.length },
      { kind: 'photo', fileId, uploaded: false, source: 'file_id' },
    ]);
    // grammY puts `attach://<random id>` in the field and the bytes in a part of that name.
    const params = tg.calls(BOT.token, 'sendPhoto')[0]!.params;
    expect(params.photo).toMatch(/^attach:\/\/\w+$/);
    expect(params[String(params.photo).slice('attach://'.length)]).toEqual({ filename: 'photo.jpg', size: bytes.length });
  });

  it('surfaces a long caption and a 429 as GrammyError', async () => {
    const api = new Api(BOT.token, { apiRoot: tg.apiRoot });
    const tooLong = api.sendPhoto(ALICE.id, new InputFile(Buffer.from('x')), { caption: 'c'.repeat(1025) });
    await expect(tooLong).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: message caption is too long' });

    tg.fault(BOT.token, { kind: 'flood', retryAfter: 3, methods: ['sendMessage'] });
    const error: unknown = await api.sendMessage(ALICE.id, 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).parameters.retry_after).toBe(3);
    expect((error as GrammyError).error_code).toBe(429);
  });

  it('runs a grammY Bot end to end with long polling', async () => {
    const bot = new Bot(BOT.token, { client: { apiRoot: tg.apiRoot } });
    bot.command('start', (ctx) => ctx.reply(`hi ${ctx.match}`));
    const startId = tg.sendStart(BOT.token, ALICE, 'ref42');
    const running = bot.start({ timeout: 1 });
    await vi.waitFor(() => expect(tg.sent(BOT.token).map((m) => m.text)).toEqual(['hi ', 'hi ref42']), { timeout: 2000, interval: 10 });
    await waitUntilPolling();
    await bot.stop();
    await running;
    expect(tg.confirmedOffset(BOT.token)).toBe(startId + 1);
    const polls = tg.calls(BOT.token, 'getUpdates');
    // grammY resets allowed_updates with [] on its first poll only.
    expect(polls[0]!.params).toMatchObject({ offset: 1, timeout: 1, allowed_updates: [] });
    expect(polls[1]!.params).toEqual({ offset: startId + 1, timeout: 1 });
    // stop() aborts the held poll, then confirms with one last short call.
    expect(polls[2]!.params).toEqual({ offset: startId + 1, limit: 1 });
    expect(
      tg
        .calls(BOT.token)
        .map((c) => c.method)
        .slice(0, 2)
        .sort(),
    ).toEqual(['deleteWebhook', 'getMe']);
  });
});
