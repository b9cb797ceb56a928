import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import type { PixPollOptions } from '../../src/main/core/payments/pix-poller';
import { renderText } from '../../src/shared/i18n/error-text';
import { PIX_TROUBLE_MS, pixGatewayTroubled } from '../../src/shared/pix-gateway';
import { productCallbackData } from '../../src/shared/welcome';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { startFakePix, type FakePix } from '../support/fake-pix';
import { fastFleet, fleetOf, memoryLogger, startEngine } from '../support/engine';
import { paymentIdOf } from '../support/pix-shop';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(131_001);
const ana: FakeUser = { id: 7201, firstName: 'Ana', languageCode: 'en' };
/** Quick questions, so a payment shows within a test's patience. */
const quickPix: PixPollOptions = { checkEveryMs: 300, pressGapMs: 60_000, tickMs: 50, perTick: 20, requestTimeoutMs: 400, giveUpAfterExpiryMs: 3_600_000 };

let telegram: FakeTelegram;
let pix: FakePix;
let core: Core;
let dataDir: string;
let logger: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  telegram = await startFakeTelegram();
  telegram.addBot({ token: TOKEN, id: 131_001, username: 'pix_shop_bot', firstName: 'Shop' });
  pix = await startFakePix();
  dataDir = tempDir();
  logger = memoryLogger();
});

afterEach(async () => {
  await core.close();
  await pix.close();
  await telegram.close();
});

const db = (): Database.Database => storeDbOf(core);

async function engine(options: Partial<PixPollOptions> = {}): Promise<Core> {
  core = await startEngine(dataDir, telegram.apiRoot, { ...fastFleet, pix: { ...quickPix, ...options } }, logger);
  return core;
}

/** A running bot selling an e-book by PIX from its welcome, the gateway connected, Ana welcomed; the product's id. */
async function shop(options: Partial<PixPollOptions> = {}): Promise<{ botId: number; productId: number }> {
  await engine(options);
  const fleet = fleetOf(core);
  const botId = await startRunningBot(core, TOKEN);
  await fleet.pixGateway.set({ kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl, expiryMinutes: 30 });
  const productId = new ProductRecords(db()).create(
    { botId, name: 'E-book', description: 'A book', priceCents: 1990, priceStars: null, delivery: { text: 'Your book: https://example.com/book', media: null, buttons: [] } },
    Date.now(),
  );
  fleet.setWelcome(botId, { ...fleet.list()[0]!.welcome, buttons: [[{ kind: 'product', text: 'Buy by PIX', productId, rail: 'pix' }]] });
  telegram.sendStart(TOKEN, ana);
  await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
  return { botId, productId };
}

function pressBuy(productId: number): void {
  telegram.pressButton(TOKEN, ana, productCallbackData(productId, 'pix'), telegram.sent(TOKEN, ana.id)[0]!.messageId);
}

const checkouts = (): { id: number; status: string; error: string | null; idempotency_key: string }[] =>
  db().prepare<[], { id: number; status: string; error: string | null; idempotency_key: string }>('SELECT id, status, error, idempotency_key FROM checkouts ORDER BY id').all();
const lead = (): { status: string; revenue_cents: number | null } =>
  db().prepare<[], { status: string; revenue_cents: number | null }>('SELECT status, revenue_cents FROM leads').get()!;

/** The charge message (with the "I have paid" button) Ana received. */
function chargeMessage(): { messageId: number; text: string; paidData: string } {
  const message = telegram.sent(TOKEN, ana.id).find((sent) => sent.method === 'sendMessage' && sent.text?.includes('<code>') === true);
  if (message === undefined) throw new Error('no charge message');
  const markup = message.replyMarkup;
  const button = markup !== undefined && 'inline_keyboard' in markup ? markup.inline_keyboard[0]?.[0] : undefined;
  if (button === undefined || !('callback_data' in button)) throw new Error('no "I have paid" button');
  return { messageId: message.messageId, text: message.text ?? '', paidData: button.callback_data };
}

async function chargeSent(): Promise<number> {
  await vi.waitFor(() => expect(checkouts().at(-1)?.status).toBe('open'), { timeout: 5000 });
  await vi.waitFor(() => chargeMessage(), { timeout: 5000 });
  return paymentIdOf(db(), checkouts().at(-1)!.id);
}

describe('a PIX sale through the engine', () => {
  it('press → QR and copyable code → paid at the gateway → converted with centavos → delivery received once', async () => {
    const { productId } = await shop();
    pressBuy(productId);
    const paymentId = await chargeSent();
    const sent = telegram.sent(TOKEN, ana.id);
    expect(sent.find((message) => message.method === 'sendPhoto')?.media).toMatchObject({ kind: 'photo', uploaded: true });
    const { text } = chargeMessage();
    expect(text).toContain('R$');
    expect(text).toContain('19,90');
    expect(text).toContain('30 minutes');
    expect(text).toMatch(/<code>000201.*6304[0-9A-F]{4}<\/code>/);
    // The press is answered after the charge went out: wait for it rather than race it.
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toEqual([{ id: expect.any(String) as string }]), { timeout: 5000 });

    pix.pay(paymentId);
    await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id).some((message) => message.text === 'Your book: https://example.com/book')).toBe(true), { timeout: 5000 });
    expect(lead()).toEqual({ status: 'converted', revenue_cents: 1990 });
    expect(db().prepare('SELECT rail, amount, charge_id, recorded_by FROM payments').all()).toEqual([
      { rail: 'pix', amount: 1990, charge_id: String(paymentId), recorded_by: 'poll' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(telegram.sent(TOKEN, ana.id).filter((message) => message.text === 'Your book: https://example.com/book')).toHaveLength(1);
  });

  it('a charge that expires ends the checkout with an event, leaves the lead where it was, and is not asked about again', async () => {
    const { productId } = await shop();
    pressBuy(productId);
    const paymentId = await chargeSent();
    const before = lead().status;
    pix.expire(paymentId);
    await vi.waitFor(() => expect(checkouts()[0]!.status).toBe('expired'), { timeout: 5000 });
    expect(db().prepare("SELECT count(*) AS n FROM lead_events WHERE kind = 'checkout_expired'").get()).toEqual({ n: 1 });
    expect(lead().status).toBe(before);
    const calls = pix.statusCalls(paymentId).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(pix.statusCalls(paymentId)).toHaveLength(calls);
  });

  it('"I have paid" asks at once and answers; a second press within the limit does not ask again', async () => {
    const { productId } = await shop({ checkEveryMs: 600_000 });
    pressBuy(productId);
    const paymentId = await chargeSent();
    const { messageId, paidData } = chargeMessage();
    telegram.pressButton(TOKEN, ana, paidData, messageId);
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toHaveLength(2), { timeout: 5000 });
    expect(telegram.callbackAnswers(TOKEN)[1]!.text).toContain('not arrived yet');
    expect(pix.statusCalls(paymentId)).toHaveLength(1);
    pix.pay(paymentId);
    telegram.pressButton(TOKEN, ana, paidData, messageId);
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toHaveLength(3), { timeout: 5000 });
    expect(pix.statusCalls(paymentId)).toHaveLength(1);
    expect(lead().status).not.toBe('converted');
    // Asking about a charge is no new click: only the product's press counted.
    expect(db().prepare("SELECT count(*) AS n FROM lead_events WHERE kind = 'clicked'").get()).toEqual({ n: 1 });
  });

  it('"I have paid" after paying answers thanks and delivers', async () => {
    const { productId } = await shop({ checkEveryMs: 600_000 });
    pressBuy(productId);
    const paymentId = await chargeSent();
    pix.pay(paymentId);
    const { messageId, paidData } = chargeMessage();
    telegram.pressButton(TOKEN, ana, paidData, messageId);
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toHaveLength(2), { timeout: 5000 });
    expect(telegram.callbackAnswers(TOKEN)[1]!.text).toBe('Payment received, thank you! Your purchase is on its way.');
    await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id).some((message) => message.text === 'Your book: https://example.com/book')).toBe(true), { timeout: 5000 });
  });

  it('a second press while the charge is payable sends the same charge again instead of creating one', async () => {
    const { productId } = await shop({ checkEveryMs: 600_000 });
    pressBuy(productId);
    await chargeSent();
    pressBuy(productId);
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toHaveLength(2), { timeout: 5000 });
    await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id).filter((message) => message.text?.includes('<code>') === true)).toHaveLength(2), { timeout: 5000 });
    expect(pix.paymentCount()).toBe(1);
    const [first, second] = telegram.sent(TOKEN, ana.id).filter((message) => message.text?.includes('<code>') === true);
    expect(second?.text).toBe(first?.text);
    expect(checkouts().map((checkout) => checkout.status)).toEqual(['open', 'failed']);
  });
});

describe('PIX faults, restarts and stopped bots', () => {
  it.each([
    { kind: '429' as const, reason: 'busy' },
    { kind: '500' as const, reason: '500' },
    { kind: 'timeout' as const, reason: 'could not be reached' },
  ])('a $kind on create fails the checkout with the reason, tells the buyer to try again, logs it, and charges nothing twice', async ({ kind, reason }) => {
    const { productId } = await shop();
    pix.fault({ kind, paths: ['create'] });
    pressBuy(productId);
    await vi.waitFor(() => expect(checkouts()[0]?.status).toBe('failed'), { timeout: 5000 });
    expect(checkouts()[0]!.error).toContain(reason);
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)).toHaveLength(1), { timeout: 5000 });
    expect(telegram.callbackAnswers(TOKEN)[0]!.text).toBe('We could not start the payment just now. Please try again in a minute.');
    expect(logger.lines.some((line) => line.startsWith('a PIX checkout could not start') && line.includes(reason))).toBe(true);
    expect(pix.paymentCount()).toBe(0);
    // 429 is final at once; a lost answer or a failure is asked once more with the same key.
    expect(pix.createCalls(checkouts()[0]!.idempotency_key)).toBe(kind === '429' ? 1 : 2);
  });

  it('an answer lost once is asked again with the same key: one charge, and the buyer gets it', async () => {
    const { productId } = await shop();
    pix.fault({ kind: 'timeout', paths: ['create'], times: 1 });
    pressBuy(productId);
    await chargeSent();
    expect(pix.createCalls(checkouts()[0]!.idempotency_key)).toBe(2);
    expect(pix.paymentCount()).toBe(1);
  });

  it('a token the gateway refuses is not saved, and a press with a revoked token fails with that reason', async () => {
    const { productId } = await shop();
    const fleet = fleetOf(core);
    const saved = fleet.pixGateway.get();
    await expect(fleet.pixGateway.set({ kind: 'mercado_pago', accessToken: 'APP_USR-wrong', baseUrl: pix.baseUrl, expiryMinutes: 60 })).rejects.toMatchObject({
      code: 'PIX_CREDENTIALS_REFUSED',
    });
    expect(fleet.pixGateway.get()).toEqual(saved);
    pix.fault({ kind: 'refuse_credentials', paths: ['create'] });
    pressBuy(productId);
    await vi.waitFor(() => expect(checkouts()[0]?.status).toBe('failed'), { timeout: 5000 });
    expect(checkouts()[0]!.error).toContain('refused the access token');
    await vi.waitFor(() => expect(telegram.callbackAnswers(TOKEN)[0]?.text).toContain('try again'), { timeout: 5000 });
  });

  it('without a gateway the press fails with that reason and the buyer is told to try again', async () => {
    const { productId } = await shop();
    fleetOf(core).pixGateway.remove();
    pressBuy(productId);
    await vi.waitFor(() => expect(checkouts()[0]?.status).toBe('failed'), { timeout: 5000 });
    expect(checkouts()[0]!.error).toContain('No PIX gateway is connected');
    expect(pix.requestCount()).toBe(1);
  });

  it('charges pending at a restart are asked about at start; paid while Botdeck was down → recorded and delivered once', async () => {
    const { productId } = await shop({ checkEveryMs: 600_000 });
    pressBuy(productId);
    const paymentId = await chargeSent();
    await core.close();
    pix.pay(paymentId);
    await engine({ checkEveryMs: 600_000 });
    await vi.waitFor(() => expect(pix.statusCalls(paymentId)).toHaveLength(1), { timeout: 5000 });
    await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id).filter((message) => message.text === 'Your book: https://example.com/book')).toHaveLength(1), {
      timeout: 5000,
    });
    expect(lead()).toEqual({ status: 'converted', revenue_cents: 1990 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(telegram.sent(TOKEN, ana.id).filter((message) => message.text === 'Your book: https://example.com/book')).toHaveLength(1);
  });

  it('a payment confirmed while the bot is stopped is recorded, and delivered once the bot runs', async () => {
    const { botId, productId } = await shop();
    pressBuy(productId);
    const paymentId = await chargeSent();
    const fleet = fleetOf(core);
    await fleet.stopBot(botId);
    pix.pay(paymentId);
    await vi.waitFor(() => expect(lead()).toEqual({ status: 'converted', revenue_cents: 1990 }), { timeout: 5000 });
    expect(db().prepare("SELECT status FROM deliveries WHERE kind = 'purchase'").all()).toEqual([{ status: 'pending' }]);
    expect(telegram.sent(TOKEN, ana.id).some((message) => message.text === 'Your book: https://example.com/book')).toBe(false);
    fleet.startBot(botId);
    await vi.waitFor(() => expect(telegram.sent(TOKEN, ana.id).filter((message) => message.text === 'Your book: https://example.com/book')).toHaveLength(1), {
      timeout: 5000,
    });
  });
});

describe("the gateway's failures, told to the operator", () => {
  it('a refused token on a press shows in the gateway view in both languages, and the next charge created clears the warning', async () => {
    const { productId } = await shop();
    const fleet = fleetOf(core);
    const told: boolean[] = [];
    core.events.on('pixGateway.changed', ({ connected }) => told.push(connected));
    pix.fault({ kind: 'refuse_credentials', paths: ['create'], times: 1 });
    pressBuy(productId);
    await vi.waitFor(() => expect(fleet.pixGateway.get()?.lastFailure?.code).toBe('PIX_CREDENTIALS_REFUSED'), { timeout: 5000 });
    const failed = fleet.pixGateway.get()!;
    expect(renderText('en', failed.lastFailure!.text)).toContain('refused the access token');
    expect(renderText('pt-BR', failed.lastFailure!.text)).toContain('recusou o token de acesso');
    expect(failed.answeredAt).toBeNull();
    expect(pixGatewayTroubled(failed, Date.now())).toBe(true);
    expect(told).toEqual([true]);

    pressBuy(productId);
    await chargeSent();
    await vi.waitFor(() => expect(fleet.pixGateway.get()?.answeredAt).not.toBeNull(), { timeout: 5000 });
    const answered = fleet.pixGateway.get()!;
    expect(pixGatewayTroubled(answered, Date.now())).toBe(false);
    // Settings still shows what happened last; only the warning ends.
    expect(answered.lastFailure).toEqual(failed.lastFailure);
    expect(told).toEqual([true, true]);
  });

  it('a status question the gateway fails is stored until a later status answer', async () => {
    const { productId } = await shop();
    const fleet = fleetOf(core);
    pressBuy(productId);
    const paymentId = await chargeSent();
    pix.fault({ kind: '500', paths: ['status'], times: 1 });
    await vi.waitFor(() => expect(fleet.pixGateway.get()?.lastFailure?.code).toBe('PIX_GATEWAY_FAILED'), { timeout: 5000 });
    await vi.waitFor(() => expect(pix.statusCalls(paymentId).length).toBeGreaterThan(1), { timeout: 5000 });
    await vi.waitFor(() => expect(pixGatewayTroubled(fleet.pixGateway.get(), Date.now())).toBe(false), { timeout: 5000 });
    expect(fleet.pixGateway.get()!.answeredAt).toBeGreaterThanOrEqual(fleet.pixGateway.get()!.lastFailure!.at);
  });

  it('an hour-old failure no longer warns; saving the gateway again forgets it', async () => {
    const { productId } = await shop();
    const fleet = fleetOf(core);
    pix.fault({ kind: 'refuse_credentials', paths: ['create'], times: 1 });
    pressBuy(productId);
    await vi.waitFor(() => expect(fleet.pixGateway.get()?.lastFailure).not.toBeNull(), { timeout: 5000 });
    const view = fleet.pixGateway.get()!;
    expect(pixGatewayTroubled(view, view.lastFailure!.at + PIX_TROUBLE_MS - 1)).toBe(true);
    expect(pixGatewayTroubled(view, view.lastFailure!.at + PIX_TROUBLE_MS)).toBe(false);
    await fleet.pixGateway.set({ kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl, expiryMinutes: 30 });
    expect(fleet.pixGateway.get()).toMatchObject({ lastFailure: null, answeredAt: null });
  });
});
