import type { Database } from 'better-sqlite3';
import type { Update, User } from 'grammy/types';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import { CheckoutRecords } from '../payments/checkout-records';
import type { PressedCheckout } from '../payments/checkout-opener';
import { readPixPaidCallbackData } from '../payments/pix-charge-message';
import type { PixPaidPress } from '../payments/pix-paid-press';
import { ProductRecords } from '../payments/product-records';
import { decidePreCheckout, type PreCheckoutDecision } from '../payments/pre-checkout';
import { StarsPayments, type StarsPaymentResult } from '../payments/stars-payments';
import { readProductCallbackData } from '../../../shared/welcome';
import { LeadEvents } from '../leads/lead-events';
import { LeadRecords, type LeadPerson } from '../leads/lead-records';
import { OPT_OUT_CALLBACK_DATA } from '../../../shared/opt-out';
import type { OperatorChat } from '../../../shared/operator-chat';
import { readCommand } from './bot-command';
import { claimOperatorCode } from './operator-chat';
import { classifyPayload, readStart } from './start-command';
import { UpdateRecords } from './update-records';

export interface CaptureBot {
  readonly botId: number;
  readonly telegramBotId: number;
  readonly username: string;
  readonly repeatPolicy: 'once' | 'always';
  readonly debounceSeconds: number;
}

export type CaptureOutcome =
  | { readonly kind: 'duplicate' }
  | {
      readonly kind: 'start';
      readonly leadId: number;
      readonly created: boolean;
      readonly welcome: 'queued' | 'requeued' | 'already_queued' | 'not_needed' | 'debounced';
      readonly source: string | null;
    }
  | { readonly kind: 'click'; readonly leadId: number | null }
  /** A product's button: a checkout opened (its rail answers after the commit). */
  | ({ readonly kind: 'checkout'; readonly leadId: number } & PressedCheckout)
  /** A product's button for a product no longer on sale (or not on that rail): the buyer is told. */
  | { readonly kind: 'checkout_refused'; readonly leadId: number; readonly callbackQueryId: string; readonly languageCode: string | null }
  /** "I have paid" under a PIX charge: the gateway is asked (rate-limited) after the commit. */
  | ({ readonly kind: 'pix_paid' } & PixPaidPress)
  /** The stop button or /stop: the lead is out of campaigns (already, when `changed` is false) and is told so. */
  | {
      readonly kind: 'opt_out';
      readonly leadId: number;
      readonly how: 'button' | 'command';
      readonly changed: boolean;
      readonly chatId: number;
      readonly languageCode: string | null;
    }
  | { readonly kind: 'membership'; readonly leadId: number | null; readonly blocked: boolean }
  /** The operator's /start with the one-time code: their chat is learned, and no lead is recorded. */
  | { readonly kind: 'operator'; readonly chat: OperatorChat; readonly languageCode: string | null }
  /** Telegram asks whether to take the Stars: answered at once after the commit, even for a redelivery. */
  | { readonly kind: 'pre_checkout'; readonly queryId: string; readonly decision: PreCheckoutDecision; readonly languageCode: string | null }
  /** A successful_payment: recorded on the payer's lead with its purchase delivery queued, or not for want of a lead. */
  | {
      readonly kind: 'payment';
      readonly result: StarsPaymentResult | { readonly kind: 'not_stars' };
      readonly chargeId: string;
      readonly userId: number;
      readonly currency: string;
    }
  | { readonly kind: 'other'; readonly leadId: number | null };

/** The command a lead sends to stop receiving campaigns. */
const STOP_COMMAND = 'stop';

function updateKind(update: Update): string {
  const key = Object.keys(update).find((name) => name !== 'update_id');
  return key ?? 'unknown';
}

/**
 * Records a batch of updates from one getUpdates call: each update itself (a redelivery is
 * a no-op), the lead, the lead event, the welcome delivery, and then the bot's new offset.
 * The caller runs it inside one transaction (the fleet's write batch), so the offset
 * moves only together with everything it confirms. Nothing is sent from here; the sender
 * reads the deliveries table after the commit.
 */
export function createCapture(db: Database): (bot: CaptureBot, updates: readonly Update[], now: number) => CaptureOutcome[] {
  const leads = new LeadRecords(db);
  const events = new LeadEvents(db);
  const deliveries = new DeliveriesRepository(db);
  // Made on first press: stores older than migration 020 (test fixtures) capture through here too.
  interface Selling {
    readonly products: ProductRecords;
    readonly checkouts: CheckoutRecords;
    readonly stars: StarsPayments;
  }
  let selling: Selling | null = null;
  const sales = (): Selling => (selling ??= { products: new ProductRecords(db), checkouts: new CheckoutRecords(db), stars: new StarsPayments(db) });
  const preCheckout = (bot: CaptureBot, query: NonNullable<Update['pre_checkout_query']>): CaptureOutcome => {
    const { checkouts, products } = sales();
    return { kind: 'pre_checkout', queryId: query.id, decision: decidePreCheckout(query, bot.botId, checkouts, products), languageCode: query.from.language_code ?? null };
  };
  const s = {
    leadSource: db.prepare<[number], { source: string | null }>('SELECT source FROM leads WHERE id = ?'),
    updates: new UpdateRecords(db),
    advanceOffset: db.prepare('UPDATE bots SET update_offset = max(update_offset, ?) WHERE id = ?'),
    // Leads whose /start Telegram dates inside an incident belong to it, even when they are
    // captured only after it ended (Telegram kept them meanwhile). Dates are whole seconds.
    linkIncidents: db.prepare(
      `INSERT OR IGNORE INTO incident_leads (incident_id, lead_id, sent_at)
       SELECT id, @leadId, @sentAt FROM incidents
       WHERE (bot_id = @botId OR bot_id IS NULL) AND started_at <= @sentAt + 999 AND (ended_at IS NULL OR ended_at >= @sentAt)`,
    ),
  };

  const person = (user: User): LeadPerson => ({
    username: user.username ?? null,
    firstName: user.first_name,
    lastName: user.last_name ?? null,
    languageCode: user.language_code ?? null,
  });

  const recordStart = (bot: CaptureBot, user: User, chatId: number, payload: string | null, sentAt: number, now: number): CaptureOutcome => {
    const outcome = startOutcome(bot, user, chatId, payload, now);
    if (outcome.kind === 'start') s.linkIncidents.run({ leadId: outcome.leadId, sentAt, botId: bot.botId });
    return outcome;
  };

  const startOutcome = (bot: CaptureBot, user: User, chatId: number, payload: string | null, now: number): CaptureOutcome => {
    const { source, invalid } = classifyPayload(payload);
    const existing = leads.find(bot.botId, user.id);
    const detail = { payload, source, invalid: invalid !== null };
    if (existing === null) {
      const leadId = leads.insert({ botId: bot.botId, userId: user.id, chatId, ...person(user), source, invalid }, now);
      events.record(leadId, 'started', now, detail);
      deliveries.enqueueWelcome(bot.botId, leadId, chatId, now);
      return { kind: 'start', leadId, created: true, welcome: 'queued', source };
    }
    leads.started(existing, person(user), now);
    events.record(existing.id, 'started', now, detail);
    const debounced = existing.lastStartAt !== null && now - existing.lastStartAt < bot.debounceSeconds * 1000;
    let welcome: 'queued' | 'requeued' | 'already_queued' | 'not_needed' | 'debounced';
    if (existing.welcomedAt === null) {
      // Never welcomed: whatever the policy, this /start recovers the lead.
      const active = deliveries.openWelcome(existing.id);
      if (active === null) {
        deliveries.enqueueWelcome(bot.botId, existing.id, chatId, now);
        welcome = 'queued';
      } else if (active.status === 'held') {
        deliveries.releaseHeld(active.id, existing.id, now);
        welcome = 'requeued';
      } else {
        welcome = 'already_queued';
      }
    } else if (debounced) {
      welcome = 'debounced';
    } else if (bot.repeatPolicy === 'always') {
      deliveries.enqueueWelcome(bot.botId, existing.id, chatId, now);
      welcome = 'queued';
    } else {
      welcome = 'not_needed';
    }
    return { kind: 'start', leadId: existing.id, created: false, welcome, source };
  };

  const optOut = (leadId: number, how: 'button' | 'command', chatId: number, user: User, now: number): CaptureOutcome => {
    const changed = leads.optOut(leadId, how, now);
    return { kind: 'opt_out', leadId, how, changed, chatId, languageCode: user.language_code ?? null };
  };

  const record = (bot: CaptureBot, update: Update, now: number): CaptureOutcome => {
    if (!s.updates.record(bot.telegramBotId, update.update_id, bot.botId, updateKind(update), now)) {
      // A redelivered pre-checkout may not have been answered yet (a crash after the commit): it is answered again.
      return update.pre_checkout_query === undefined ? { kind: 'duplicate' } : preCheckout(bot, update.pre_checkout_query);
    }
    if (update.pre_checkout_query !== undefined) return preCheckout(bot, update.pre_checkout_query);

    const message = update.message;
    if (message?.from !== undefined && message.chat.type === 'private') {
      const paid = message.successful_payment;
      if (paid !== undefined) {
        const charge = { chargeId: paid.telegram_payment_charge_id, userId: message.from.id, currency: paid.currency };
        // Only Stars are sold (no payment provider): a payment in another currency is logged, not recorded.
        if (paid.currency !== 'XTR') return { kind: 'payment', result: { kind: 'not_stars' }, ...charge };
        const stars = { botId: bot.botId, userId: message.from.id, chargeId: paid.telegram_payment_charge_id, amount: paid.total_amount, payload: paid.invoice_payload };
        return { kind: 'payment', result: sales().stars.record({ ...stars, paidAt: message.date * 1000 }, 'update', now), ...charge };
      }
      const start = readStart(message, bot.username);
      if (start !== null) {
        const chat = claimOperatorCode(db, { payload: start.payload, chatId: message.chat.id, botId: bot.botId, botUsername: bot.username }, now);
        if (chat !== null) return { kind: 'operator', chat, languageCode: message.from.language_code ?? null };
        return recordStart(bot, message.from, message.chat.id, start.payload, message.date * 1000, now);
      }
      const lead = leads.find(bot.botId, message.from.id);
      if (lead === null) return { kind: 'other', leadId: null };
      leads.touch(lead.id, now);
      if (readCommand(message, bot.username)?.name === STOP_COMMAND) return optOut(lead.id, 'command', message.chat.id, message.from, now);
      return { kind: 'other', leadId: lead.id };
    }

    const callback = update.callback_query;
    if (callback !== undefined) {
      const lead = leads.find(bot.botId, callback.from.id);
      if (lead === null) return { kind: 'click', leadId: null };
      // The stop button is no offer: it opts out and is not counted as a click.
      if (callback.data === OPT_OUT_CALLBACK_DATA) {
        leads.touch(lead.id, now);
        return optOut(lead.id, 'button', callback.message?.chat.id ?? callback.from.id, callback.from, now);
      }
      // Asking about a charge already started is no new click.
      const paidCheckout = readPixPaidCallbackData(callback.data);
      if (paidCheckout !== null) {
        leads.touch(lead.id, now);
        return { kind: 'pix_paid', botId: bot.botId, leadId: lead.id, checkoutId: paidCheckout, callbackQueryId: callback.id, languageCode: callback.from.language_code ?? null };
      }
      leads.move(lead, 'clicked', now);
      const messageId = callback.message?.message_id;
      const from = messageId === undefined ? null : deliveries.clicked(lead.id, messageId, now);
      const data = callback.data ?? null;
      events.record(
        lead.id,
        'clicked',
        now,
        from === null ? { data } : from.campaignId === null ? { data, deliveryId: from.deliveryId } : { data, deliveryId: from.deliveryId, campaignId: from.campaignId },
      );
      const buy = readProductCallbackData(callback.data);
      if (buy === null) return { kind: 'click', leadId: lead.id };
      const languageCode = callback.from.language_code ?? null;
      const { products, checkouts } = sales();
      const product = products.find(buy.productId);
      const amount = product === null ? null : buy.rail === 'stars' ? product.priceStars : product.priceCents;
      if (product === null || product.botId !== bot.botId || amount === null) {
        return { kind: 'checkout_refused', leadId: lead.id, callbackQueryId: callback.id, languageCode };
      }
      const source = s.leadSource.get(lead.id)?.source ?? null;
      const checkout = checkouts.open({ botId: bot.botId, leadId: lead.id, productId: product.id, rail: buy.rail, amount, pressed: from, source }, now);
      return { kind: 'checkout', leadId: lead.id, checkout, product, chatId: callback.message?.chat.id ?? callback.from.id, callbackQueryId: callback.id, languageCode };
    }

    const membership = update.my_chat_member;
    if (membership !== undefined && membership.chat.type === 'private') {
      const lead = leads.find(bot.botId, membership.from.id);
      const blocked = membership.new_chat_member.status === 'kicked';
      if (lead !== null) {
        leads.move(lead, blocked ? 'blocked' : 'unblocked', now);
        events.record(lead.id, blocked ? 'blocked' : 'unblocked', now, null);
      }
      return { kind: 'membership', leadId: lead?.id ?? null, blocked };
    }
    return { kind: 'other', leadId: null };
  };

  return (bot, updates, now) => {
    const outcomes = updates.map((update) => record(bot, update, now));
    const last = updates.at(-1);
    if (last !== undefined) s.advanceOffset.run(Math.max(...updates.map((update) => update.update_id)) + 1, bot.botId);
    return outcomes;
  };
}
