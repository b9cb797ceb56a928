import type { Message } from '@grammyjs/types';
import { z } from 'zod';
import { define, deliver, isTrue, replyMarkup, targetChat } from './methods';
import type { CallContext } from './methods';
import type { ApiOutcome } from './outcome';
import { failure, success } from './outcome';
import { intParam, objectParam, stringParam } from './params';
import type { SentInvoice } from './types';

// Telegram's limits for an invoice, from the Bot API's sendInvoice.
const MAX_TITLE = 32;
const MAX_DESCRIPTION = 255;
const MAX_PAYLOAD_BYTES = 128;
const MAX_TRANSACTIONS = 100;

const QUERY_INVALID = failure(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
const BAD_PRICES = failure(400, "Bad Request: can't parse prices JSON object");

/** The prices' shape; the amount is checked apart, since a bad amount has its own answer. */
const PRICES = z.array(z.object({ label: z.string(), amount: z.unknown() }));

define('sendInvoice', sendInvoice);
define('answerPreCheckoutQuery', answerPreCheckoutQuery);
define('refundStarPayment', refundStarPayment);
define('getStarTransactions', getStarTransactions);

/** Only Stars invoices are modelled: currency XTR, no provider token, exactly one price. */
function sendInvoice(ctx: CallContext): ApiOutcome {
  const target = targetChat(ctx);
  if (!target.ok) return target.outcome;
  const { fields } = ctx.params;
  const title = stringParam(fields.title) ?? '';
  if (title.length < 1 || title.length > MAX_TITLE) return failure(400, 'Bad Request: INVOICE_TITLE_INVALID');
  const description = stringParam(fields.description) ?? '';
  if (description.length < 1 || description.length > MAX_DESCRIPTION) return failure(400, 'Bad Request: INVOICE_DESCRIPTION_INVALID');
  const payload = stringParam(fields.payload) ?? '';
  const payloadBytes = Buffer.byteLength(payload, 'utf8');
  if (payloadBytes < 1 || payloadBytes > MAX_PAYLOAD_BYTES) return failure(400, 'Bad Request: INVOICE_PAYLOAD_INVALID');
  if (stringParam(fields.currency) !== 'XTR') return failure(400, 'Bad Request: CURRENCY_INVALID');
  // Stars take no payment provider: the token must be empty or absent.
  const providerToken = stringParam(fields.provider_token) ?? '';
  if (providerToken !== '') return failure(400, 'Bad Request: PAYMENT_PROVIDER_INVALID');
  const raw = objectParam(fields.prices);
  const prices = PRICES.safeParse(raw.ok ? raw.value : undefined);
  if (!prices.success) return BAD_PRICES;
  const [price, ...more] = prices.data;
  if (price === undefined) return failure(400, 'Bad Request: there must be at least one price');
  if (more.length > 0) return failure(400, 'Bad Request: PRICES_TOO_MANY');
  const amount = intParam(price.amount);
  if (amount === undefined || amount < 1) return failure(400, 'Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID');
  const markup = replyMarkup(fields.reply_markup);
  if (!markup.ok) return markup.outcome;

  const content: Partial<Message> = { invoice: { title, description, start_parameter: stringParam(fields.start_parameter) ?? '', currency: 'XTR', total_amount: amount } };
  const outcome = deliver(ctx, target.chat, markup.value, content, undefined, {});
  const sent = ctx.bot.sent.at(-1);
  if (outcome.ok && sent !== undefined) {
    const invoice: SentInvoice = {
      chatId: target.chat.id,
      messageId: sent.messageId,
      title,
      description,
      payload,
      currency: 'XTR',
      label: price.label,
      amount,
      at: ctx.now,
      ...(markup.value === undefined ? {} : { replyMarkup: markup.value }),
    };
    ctx.bot.stars.invoices.push(invoice);
  }
  return outcome;
}

function answerPreCheckoutQuery({ bot, params }: CallContext): ApiOutcome {
  const id = stringParam(params.fields.pre_checkout_query_id) ?? '';
  const checkout = bot.stars.checkouts.get(id);
  // An id never issued, already answered or past its 10 seconds is refused alike.
  if (checkout === undefined) return QUERY_INVALID;
  if (isTrue(params.fields.ok)) {
    bot.stars.answers.push({ id, ok: true });
    checkout.answer({ ok: true });
    return success(true);
  }
  const errorMessage = stringParam(params.fields.error_message) ?? '';
  // A refusal must tell the user why; the query stays open so the bot can answer again.
  if (errorMessage.trim() === '') return failure(400, 'Bad Request: ERROR_MESSAGE_EMPTY');
  bot.stars.answers.push({ id, ok: false, errorMessage });
  checkout.answer({ ok: false, errorMessage });
  return success(true);
}

function refundStarPayment({ bot, params, now }: CallContext): ApiOutcome {
  const userId = intParam(params.fields.user_id);
  const chargeId = stringParam(params.fields.telegram_payment_charge_id) ?? '';
  const charge = bot.stars.charges.get(chargeId);
  // A charge of another user is as unknown as a made-up one.
  if (charge === undefined || charge.user.id !== userId) return failure(400, 'Bad Request: CHARGE_NOT_FOUND');
  if (charge.refunded) return failure(400, 'Bad Request: CHARGE_ALREADY_REFUNDED');
  bot.stars.recordRefund(charge, Math.floor(now / 1000));
  return success(true);
}

/** Chronological, oldest first, as the Bot API documents; out-of-range paging values are clamped as the Bot API server clamps them. */
function getStarTransactions({ bot, params }: CallContext): ApiOutcome {
  const offset = Math.max(0, intParam(params.fields.offset) ?? 0);
  const limit = Math.min(MAX_TRANSACTIONS, Math.max(1, intParam(params.fields.limit) ?? MAX_TRANSACTIONS));
  return success({ transactions: bot.stars.transactions.slice(offset, offset + limit) });
}
