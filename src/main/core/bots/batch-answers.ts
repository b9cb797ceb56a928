import type { Database } from 'better-sqlite3';
import type { Api } from 'grammy';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { buyerReply } from '../payments/buyer-replies';
import { errorText } from '../redact';
import type { CaptureOutcome } from './capture';
import { grammySignal } from './grammy-signal';
import { operatorChatReply } from './operator-chat-reply';
import { optOutReply } from './opt-out-replies';

/**
 * What the poll loop answers once a batch is committed, on its own path (never through the
 * sender's queue). Each answer's fact is already on disk, so a failed answer loses only the
 * courtesy: it is logged, never retried.
 */
export class BatchAnswers {
  constructor(
    private readonly api: Api,
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly botId: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Telegram fails the purchase unless this is answered within 10 seconds; a refusal tells the buyer why. */
  async preCheckout(outcome: Extract<CaptureOutcome, { kind: 'pre_checkout' }>): Promise<void> {
    const { decision } = outcome;
    try {
      if (decision.ok) await this.api.answerPreCheckoutQuery(outcome.queryId, true, {}, grammySignal(this.signal));
      else {
        const error_message = buyerReply(decision.reply, readSettings(this.db).language, outcome.languageCode);
        await this.api.answerPreCheckoutQuery(outcome.queryId, false, { error_message }, grammySignal(this.signal));
      }
    } catch (error) {
      this.logger.warn({ botId: this.botId, ok: decision.ok, error: errorText(error) }, 'answerPreCheckoutQuery failed');
    }
  }

  /** A payment Botdeck could not put on a lead is said in the log with its charge id, so the operator can refund or follow it up. */
  payment(outcome: Extract<CaptureOutcome, { kind: 'payment' }>): void {
    const where = { botId: this.botId, userId: outcome.userId, chargeId: outcome.chargeId, currency: outcome.currency };
    if (outcome.result.kind === 'no_lead') this.logger.error(where, 'a Stars payment came from a user who is no lead of this bot: not recorded');
    else if (outcome.result.kind === 'not_stars') this.logger.error(where, 'a payment in a currency other than Stars was not recorded');
  }

  /** Tells the lead their opt-out took: the answer to the press, or a reply to /stop. */
  async optOut(outcome: Extract<CaptureOutcome, { kind: 'opt_out' }>, callbackId: string | undefined): Promise<void> {
    try {
      const text = optOutReply(readSettings(this.db).language, outcome.languageCode);
      if (callbackId !== undefined) await this.api.answerCallbackQuery(callbackId, { text }, grammySignal(this.signal));
      else await this.api.sendMessage(outcome.chatId, text, {}, grammySignal(this.signal));
    } catch (error) {
      this.logger.warn({ botId: this.botId, leadId: outcome.leadId, error: errorText(error) }, 'the opt-out confirmation was not sent');
    }
  }

  /** Tells the operator their chat is known. */
  async operatorChat(outcome: Extract<CaptureOutcome, { kind: 'operator' }>): Promise<void> {
    try {
      const text = operatorChatReply(readSettings(this.db).language, outcome.languageCode);
      await this.api.sendMessage(outcome.chat.chatId, text, {}, grammySignal(this.signal));
    } catch (error) {
      this.logger.warn({ botId: this.botId, error: errorText(error) }, "the confirmation of the operator's chat was not sent");
    }
  }

  /** The product is gone or not sold on that rail: the buyer hears so instead of a silent button. */
  async checkoutRefused(outcome: Extract<CaptureOutcome, { kind: 'checkout_refused' }>): Promise<void> {
    try {
      const text = buyerReply('productGone', readSettings(this.db).language, outcome.languageCode);
      await this.api.answerCallbackQuery(outcome.callbackQueryId, { text }, grammySignal(this.signal));
    } catch (error) {
      this.logger.warn({ botId: this.botId, error: errorText(error) }, 'answerCallbackQuery failed');
    }
  }
}
