import type { PreCheckoutQuery, StarTransactions, Update } from '@grammyjs/types';
import { Api, Bot, GrammyError, HttpError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeToken, startFakeTelegram } from '../support/fake-telegram';
import type { FakeTelegram, FakeUser, SentInvoice } from '../support/fake-telegram';

const BOT = { id: 7101, username: 'stars_shop_bot', firstName: 'Stars Shop', token: fakeToken(7101) };
const ALICE: FakeUser = { id: 601, firstName: 'Alice', username: 'alice' };
const BOB: FakeUser = { id: 602, firstName: 'Bob' };
const PRICE = [{ label: 'Course', amount: 250 }];
// Short enough that a timeout test does not wait Telegram's 10 seconds.
const QUICK = { deadlineMs: 150 };

let tg: FakeTelegram;
let api: Api;

beforeEach(async () => {
  tg = await startFakeTelegram();
  tg.addBot(BOT);
  tg.sendStart(BOT.token, ALICE);
  tg.sendStart(BOT.token, BOB);
  api = new Api(BOT.token, { apiRoot: tg.apiRoot });
});
afterEach(async () => {
  await tg.close();
});

async function invoiceTo(user: FakeUser, payload = 'product:1', amount = 250): Promise<SentInvoice> {
  await api.sendInvoice(user.id, 'Course', 'The whole course', payload, 'XTR', [{ label: 'Course', amount }]);
  const invoice = tg.invoices(BOT.token, user.id).at(-1);
  if (invoice === undefined) throw new Error('the invoice was not recorded');
  return invoice;
}

/** The pre-checkout query the user's pay() put in the bot's queue. */
async function nextPreCheckout(): Promise<PreCheckoutQuery> {
  let query: PreCheckoutQuery | undefined;
  await vi.waitFor(
    () => {
      query = tg.pendingUpdates(BOT.token).find((u) => u.pre_checkout_query !== undefined)?.pre_checkout_query;
      expect(query).toBeDefined();
    },
    { timeout: 2000, interval: 5 },
  );
  if (query === undefined) throw new Error('no pre-checkout query');
  return query;
}

/** The user pays and the bot answers ok through grammY; resolves with the charge id. */
async function purchase(user: FakeUser, payload: string, amount: number): Promise<string> {
  const invoice = await invoiceTo(user, payload, amount);
  const paying = tg.pay(BOT.token, user, invoice, QUICK);
  const query = await nextPreCheckout();
  await api.answerPreCheckoutQuery(query.id, true);
  const result = await paying;
  if (result.outcome !== 'paid') throw new Error(`purchase ended ${result.outcome}`);
  // Confirm everything so the next purchase's query is the only one pending.
  await api.getUpdates({ offset: result.paymentUpdateId + 1, timeout: 0 });
  return result.chargeId;
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('sendInvoice in Telegram Stars', () => {
  it('sends a Stars invoice, answers with a Message carrying it and records it for the test', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Pay 250 ⭐', pay: true }]] };
    const message = await api.sendInvoice(ALICE.id, 'Course', 'The whole course', 'product:1', 'XTR', PRICE, { provider_token: '', reply_markup: keyboard });
    expect(message.invoice).toEqual({ title: 'Course', description: 'The whole course', start_parameter: '', currency: 'XTR', total_amount: 250 });
    expect(message.chat.id).toBe(ALICE.id);
    expect(tg.invoices(BOT.token, ALICE.id)).toEqual([
      expect.objectContaining({ chatId: ALICE.id, messageId: message.message_id, payload: 'product:1', currency: 'XTR', label: 'Course', amount: 250, replyMarkup: keyboard }),
    ]);
    expect(tg.invoices(BOT.token, BOB.id)).toEqual([]);
    expect(tg.sent(BOT.token, ALICE.id).map((m) => m.method)).toEqual(['sendInvoice']);
  });

  it.each([
    ['an empty title', { title: '' }, 'Bad Request: INVOICE_TITLE_INVALID'],
    ['a 33-character title', { title: 't'.repeat(33) }, 'Bad Request: INVOICE_TITLE_INVALID'],
    ['an empty description', { description: '' }, 'Bad Request: INVOICE_DESCRIPTION_INVALID'],
    ['a 256-character description', { description: 'd'.repeat(256) }, 'Bad Request: INVOICE_DESCRIPTION_INVALID'],
    ['an empty payload', { payload: '' }, 'Bad Request: INVOICE_PAYLOAD_INVALID'],
    // 43 three-byte characters: 129 bytes though only 43 characters.
    ['a payload over 128 bytes', { payload: '€'.repeat(43) }, 'Bad Request: INVOICE_PAYLOAD_INVALID'],
    ['a currency other than XTR', { currency: 'BRL' }, 'Bad Request: CURRENCY_INVALID'],
    ['a provider token', { provider_token: '284685063:TEST:abc' }, 'Bad Request: PAYMENT_PROVIDER_INVALID'],
    ['no price', { prices: [] }, 'Bad Request: there must be at least one price'],
    ['two prices', { prices: [...PRICE, { label: 'Tax', amount: 10 }] }, 'Bad Request: PRICES_TOO_MANY'],
    ['a zero amount', { prices: [{ label: 'Course', amount: 0 }] }, 'Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID'],
    ['a fractional amount', { prices: [{ label: 'Course', amount: 2.5 }] }, 'Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID'],
    ['a price without a label', { prices: [{ amount: 250 }] }, "Bad Request: can't parse prices JSON object"],
  ])('refuses %s with 400, as Telegram does, and records nothing', async (_name, override, description) => {
    const params = { chat_id: ALICE.id, title: 'Course', description: 'The whole course', payload: 'product:1', currency: 'XTR', prices: PRICE, ...override };
    const error = await rejection(api.raw.sendInvoice(params as Parameters<Api['raw']['sendInvoice']>[0]));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 400, description });
    expect(tg.invoices(BOT.token)).toEqual([]);
  });

  it('accepts a 128-byte payload and a 32-character title, the limits themselves', async () => {
    await api.sendInvoice(ALICE.id, 't'.repeat(32), 'd'.repeat(255), 'p'.repeat(128), 'XTR', PRICE);
    expect(tg.invoices(BOT.token)).toHaveLength(1);
  });

  it('refuses an invoice to a chat that never wrote to the bot, and one to a user who blocked it', async () => {
    await expect(api.sendInvoice(999, 'Course', 'The whole course', 'product:1', 'XTR', PRICE)).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: chat not found',
    });
    tg.blockBot(BOT.token, BOB);
    await expect(api.sendInvoice(BOB.id, 'Course', 'The whole course', 'product:1', 'XTR', PRICE)).rejects.toMatchObject({ error_code: 403 });
    expect(tg.invoices(BOT.token)).toEqual([]);
  });

  it('applies the fault machinery: a 429 with retry_after, a 5xx and a cut connection record no invoice', async () => {
    tg.fault(BOT.token, { kind: 'flood', retryAfter: 4, methods: ['sendInvoice'], times: 1 });
    tg.fault(BOT.token, { kind: 'server_error', methods: ['sendInvoice'], times: 1 });
    tg.fault(BOT.token, { kind: 'drop', methods: ['sendInvoice'], times: 1 });
    const send = () => api.sendInvoice(ALICE.id, 'Course', 'The whole course', 'product:1', 'XTR', PRICE);

    const flood = await rejection(send());
    expect(flood).toBeInstanceOf(GrammyError);
    expect(flood).toMatchObject({ error_code: 429, parameters: { retry_after: 4 } });
    await expect(send()).rejects.toMatchObject({ error_code: 500 });
    expect(await rejection(send())).toBeInstanceOf(HttpError);
    expect(tg.invoices(BOT.token)).toEqual([]);
    expect(tg.calls(BOT.token, 'sendInvoice').map((c) => c.status)).toEqual([429, 500, 'dropped']);

    await send();
    expect(tg.invoices(BOT.token)).toHaveLength(1);
  });

  it('counts sendInvoice against the sending limits when they are enforced', async () => {
    tg.setRateLimit(true);
    await api.sendInvoice(ALICE.id, 'Course', 'The whole course', 'product:1', 'XTR', PRICE);
    // A second message to the same chat within the second is over Telegram's 1 per second per chat.
    await expect(api.sendInvoice(ALICE.id, 'Course', 'The whole course', 'product:2', 'XTR', PRICE)).rejects.toMatchObject({ error_code: 429 });
    expect(tg.invoices(BOT.token).map((i) => i.payload)).toEqual(['product:1']);
  });
});

describe('a user who pays', () => {
  it('runs a full purchase with a grammY bot: pre-checkout, answer, successful_payment, a Star transaction', async () => {
    const invoice = await invoiceTo(ALICE, 'product:7', 300);
    const bot = new Bot(BOT.token, { client: { apiRoot: tg.apiRoot } });
    const queries: PreCheckoutQuery[] = [];
    const payments: Update[] = [];
    bot.on('pre_checkout_query', async (ctx) => {
      queries.push(ctx.preCheckoutQuery);
      await ctx.answerPreCheckoutQuery(true);
    });
    bot.on('message:successful_payment', (ctx) => {
      payments.push(ctx.update);
    });
    const running = bot.start({ timeout: 1, allowed_updates: ['message', 'pre_checkout_query'] });

    const result = await tg.pay(BOT.token, ALICE, invoice);
    await vi.waitFor(() => expect(payments).toHaveLength(1), { timeout: 2000, interval: 10 });
    await bot.stop();
    await running;

    expect(result).toMatchObject({ outcome: 'paid' });
    if (result.outcome !== 'paid') return;
    expect(queries).toEqual([
      {
        id: expect.any(String) as string,
        from: { id: ALICE.id, is_bot: false, first_name: 'Alice', username: 'alice' },
        currency: 'XTR',
        total_amount: 300,
        invoice_payload: 'product:7',
      },
    ]);
    const payment = payments[0]?.message;
    expect(payments[0]?.update_id).toBe(result.paymentUpdateId);
    expect(payment?.chat.id).toBe(ALICE.id);
    expect(payment?.from.id).toBe(ALICE.id);
    expect(payment?.successful_payment).toEqual({
      currency: 'XTR',
      total_amount: 300,
      invoice_payload: 'product:7',
      telegram_payment_charge_id: result.chargeId,
      provider_payment_charge_id: expect.any(String) as string,
    });
    expect(tg.preCheckoutAnswers(BOT.token)).toEqual([{ id: queries[0]?.id, ok: true }]);
    expect(tg.starTransactions(BOT.token)).toEqual([
      {
        id: result.chargeId,
        amount: 300,
        date: expect.any(Number) as number,
        source: { type: 'user', transaction_type: 'invoice_payment', user: queries[0]?.from, invoice_payload: 'product:7' },
      },
    ]);
  });

  it('gives every payment its own charge id', async () => {
    const first = await purchase(ALICE, 'product:1', 10);
    const second = await purchase(ALICE, 'product:1', 10);
    const third = await purchase(BOB, 'product:1', 10);
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('refuses the purchase when the bot answers ok=false, recording its error_message; no payment follows', async () => {
    const invoice = await invoiceTo(ALICE);
    const paying = tg.pay(BOT.token, ALICE, invoice, QUICK);
    const query = await nextPreCheckout();
    // A refusal without a message is refused itself, and the query stays answerable.
    await expect(api.answerPreCheckoutQuery(query.id, false)).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: ERROR_MESSAGE_EMPTY' });
    await api.answerPreCheckoutQuery(query.id, false, { error_message: 'This product is no longer sold' });

    expect(await paying).toMatchObject({ outcome: 'refused', errorMessage: 'This product is no longer sold' });
    expect(tg.preCheckoutAnswers(BOT.token)).toEqual([{ id: query.id, ok: false, errorMessage: 'This product is no longer sold' }]);
    expect(tg.starTransactions(BOT.token)).toEqual([]);
    expect(tg.pendingUpdates(BOT.token).filter((u) => u.message?.successful_payment !== undefined)).toEqual([]);
    // Answered once: a second answer is refused as Telegram refuses an invalid query id.
    await expect(api.answerPreCheckoutQuery(query.id, true)).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
    });
    await expect(api.answerPreCheckoutQuery('123', true)).rejects.toMatchObject({ error_code: 400 });
  });

  it('fails the purchase when nobody answers by the deadline; a late answer is refused and nothing is paid', async () => {
    const invoice = await invoiceTo(ALICE);
    const result = await tg.pay(BOT.token, ALICE, invoice, QUICK);
    expect(result).toMatchObject({ outcome: 'timed_out', delivered: true });
    const query = tg.pendingUpdates(BOT.token).find((u) => u.update_id === result.preCheckoutUpdateId)?.pre_checkout_query;
    expect(query?.invoice_payload).toBe('product:1');

    await expect(api.answerPreCheckoutQuery(query?.id ?? '', true)).rejects.toMatchObject({ error_code: 400 });
    expect(tg.starTransactions(BOT.token)).toEqual([]);
    expect(tg.pendingUpdates(BOT.token).filter((u) => u.message?.successful_payment !== undefined)).toEqual([]);
  });

  it('ends a purchase still waiting when the fake closes', async () => {
    const invoice = await invoiceTo(ALICE);
    const paying = tg.pay(BOT.token, ALICE, invoice);
    await nextPreCheckout();
    await tg.close();
    expect(await paying).toMatchObject({ outcome: 'timed_out' });
  });

  it('drops the pre-checkout query of a bot whose allowed_updates leave it out, so the purchase fails', async () => {
    const invoice = await invoiceTo(ALICE);
    await api.getUpdates({ timeout: 0, allowed_updates: ['message', 'callback_query'] });
    const left = await tg.pay(BOT.token, ALICE, invoice, QUICK);
    expect(left).toMatchObject({ outcome: 'timed_out', delivered: false });
    expect(tg.pendingUpdates(BOT.token).some((u) => u.pre_checkout_query !== undefined)).toBe(false);

    await api.getUpdates({ timeout: 0, allowed_updates: ['message', 'pre_checkout_query'] });
    const paying = tg.pay(BOT.token, ALICE, invoice, QUICK);
    await api.answerPreCheckoutQuery((await nextPreCheckout()).id, true);
    expect(await paying).toMatchObject({ outcome: 'paid' });
  });

  it('redelivers the same successful_payment update, a duplicate with the same charge id', async () => {
    const chargeId = await purchase(ALICE, 'product:1', 250);
    expect(tg.pendingUpdates(BOT.token)).toEqual([]);

    tg.redeliverPayment(BOT.token, chargeId);
    const again = await api.getUpdates({ timeout: 0 });
    expect(again).toHaveLength(1);
    expect(again[0]?.message?.successful_payment?.telegram_payment_charge_id).toBe(chargeId);
    // Still one payment on Telegram's side.
    expect(tg.starTransactions(BOT.token)).toHaveLength(1);
    expect(() => tg.redeliverPayment(BOT.token, 'stxNoSuchCharge')).toThrow(/no payment/);
  });

  it('refuses to pay an invoice the bot did not send, or one sent to another user', async () => {
    const invoice = await invoiceTo(ALICE);
    await expect(tg.pay(BOT.token, ALICE, { ...invoice })).rejects.toThrow(/invoice this bot sent/);
    await expect(tg.pay(BOT.token, BOB, invoice)).rejects.toThrow(/not to user/);
  });
});

describe('refunds and the Star transactions', () => {
  it('refunds a payment once, recording a refund transaction; an unknown or another user’s charge is not found', async () => {
    const chargeId = await purchase(ALICE, 'product:1', 250);
    await expect(api.refundStarPayment(ALICE.id, 'stxNoSuchCharge')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: CHARGE_NOT_FOUND' });
    await expect(api.refundStarPayment(BOB.id, chargeId)).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: CHARGE_NOT_FOUND' });

    expect(await api.refundStarPayment(ALICE.id, chargeId)).toBe(true);
    await expect(api.refundStarPayment(ALICE.id, chargeId)).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: CHARGE_ALREADY_REFUNDED' });

    const { transactions } = await api.getStarTransactions();
    expect(transactions).toHaveLength(2);
    expect(transactions[0]).toMatchObject({ id: chargeId, amount: 250, source: { type: 'user', user: { id: ALICE.id } } });
    expect(transactions[1]).toMatchObject({ id: chargeId, amount: 250, receiver: { type: 'user', transaction_type: 'invoice_payment', user: { id: ALICE.id } } });
    expect(transactions[1]).not.toHaveProperty('source');
  });

  it('lists transactions oldest first, as documented, with offset and limit paging (limit clamped to 1–100)', async () => {
    const charges = [await purchase(ALICE, 'p:1', 10), await purchase(BOB, 'p:2', 20), await purchase(ALICE, 'p:3', 30)];
    const ids = (list: StarTransactions) => list.transactions.map((t) => t.id);

    expect(ids(await api.getStarTransactions())).toEqual(charges);
    expect(ids(await api.getStarTransactions({ offset: 1, limit: 1 }))).toEqual([charges[1]]);
    expect(ids(await api.getStarTransactions({ offset: 2 }))).toEqual([charges[2]]);
    expect(ids(await api.getStarTransactions({ offset: 3 }))).toEqual([]);
    expect(ids(await api.getStarTransactions({ limit: 0 }))).toEqual([charges[0]]);
    expect(ids(await api.getStarTransactions({ limit: 500 }))).toEqual(charges);
    expect((await api.getStarTransactions()).transactions.map((t) => t.amount)).toEqual([10, 20, 30]);
  });

  it('applies faults to the payment methods too: a 429 on refund leaves the charge refundable', async () => {
    const chargeId = await purchase(ALICE, 'product:1', 250);
    tg.fault(BOT.token, { kind: 'flood', retryAfter: 2, methods: ['refundStarPayment'], times: 1 });
    tg.fault(BOT.token, { kind: 'server_error', methods: ['getStarTransactions'], times: 1 });
    await expect(api.refundStarPayment(ALICE.id, chargeId)).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 2 } });
    await expect(api.getStarTransactions()).rejects.toMatchObject({ error_code: 500 });
    expect(await api.refundStarPayment(ALICE.id, chargeId)).toBe(true);
    expect((await api.getStarTransactions()).transactions).toHaveLength(2);
  });

  it('keeps each bot’s payments apart', async () => {
    const other = { id: 7102, username: 'other_shop_bot', token: fakeToken(7102) };
    tg.addBot(other);
    const chargeId = await purchase(ALICE, 'product:1', 250);
    const otherApi = new Api(other.token, { apiRoot: tg.apiRoot });
    expect((await otherApi.getStarTransactions()).transactions).toEqual([]);
    await expect(otherApi.refundStarPayment(ALICE.id, chargeId)).rejects.toMatchObject({ description: 'Bad Request: CHARGE_NOT_FOUND' });
  });
});
