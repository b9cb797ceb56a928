import { performance } from 'node:perf_hooks';
import type { BotState } from './state';
import type { CheckoutAnswer } from './stars';
import type { FakeUser, PayOptions, PayResult, SentInvoice } from './types';
import { privateChat, telegramUser } from './user';

/** Telegram fails a purchase whose pre-checkout query the bot has not answered in 10 seconds. */
export const PRE_CHECKOUT_DEADLINE_MS = 10_000;

/**
 * The user confirms the payment form: a pre_checkout_query, then the bot's answer decides.
 * The deadline runs on a real timer (like long polls); `closing` ends the wait as a timeout.
 */
export async function userPay(bot: BotState, user: FakeUser, invoice: SentInvoice, options: PayOptions, clock: () => number, closing: AbortSignal): Promise<PayResult> {
  if (!bot.stars.invoices.includes(invoice)) throw new Error('fake-telegram: pay an invoice this bot sent (read it with invoices())');
  if (invoice.chatId !== user.id) throw new Error(`fake-telegram: invoice was sent to chat ${invoice.chatId}, not to user ${user.id}`);
  const id = bot.stars.newCheckoutId(user.id);
  const from = telegramUser(user);
  const answered = waitForAnswer(bot, id, options.deadlineMs ?? PRE_CHECKOUT_DEADLINE_MS, closing);
  const started = performance.now();
  const delivered = bot.delivers('pre_checkout_query');
  const preCheckoutUpdateId = bot.enqueue({
    pre_checkout_query: { id, from, currency: invoice.currency, total_amount: invoice.amount, invoice_payload: invoice.payload },
  });
  const answer = await answered;
  if (answer === undefined) return { outcome: 'timed_out', preCheckoutUpdateId, delivered };
  const answeredInMs = performance.now() - started;
  if (!answer.ok) return { outcome: 'refused', errorMessage: answer.errorMessage, preCheckoutUpdateId, answeredInMs };

  const chargeId = bot.stars.newChargeId();
  const date = Math.floor(clock() / 1000);
  const paymentUpdateId = bot.enqueue({
    message: {
      message_id: bot.nextMessageId(user.id),
      date,
      chat: privateChat(user),
      from,
      successful_payment: {
        currency: invoice.currency,
        total_amount: invoice.amount,
        invoice_payload: invoice.payload,
        telegram_payment_charge_id: chargeId,
        provider_payment_charge_id: `${user.id}_${chargeId}`,
      },
    },
  });
  bot.stars.recordPayment({ chargeId, user: from, amount: invoice.amount, payload: invoice.payload, paymentUpdateId, refunded: false }, date);
  return { outcome: 'paid', chargeId, preCheckoutUpdateId, paymentUpdateId, answeredInMs };
}

/** Resolves with the bot's answer, or undefined once the deadline passes (the query id then stops being valid). */
function waitForAnswer(bot: BotState, id: string, deadlineMs: number, closing: AbortSignal): Promise<CheckoutAnswer | undefined> {
  return new Promise((resolve) => {
    const finish = (answer: CheckoutAnswer | undefined): void => {
      clearTimeout(timer);
      closing.removeEventListener('abort', expire);
      bot.stars.checkouts.delete(id);
      resolve(answer);
    };
    const expire = (): void => finish(undefined);
    const timer = setTimeout(expire, deadlineMs);
    closing.addEventListener('abort', expire, { once: true });
    bot.stars.checkouts.set(id, { answer: finish });
    if (closing.aborted) expire();
  });
}
