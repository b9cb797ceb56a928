import type { Api } from 'grammy';
import type { Database } from 'better-sqlite3';
import { grammySignal } from '../bots/grammy-signal';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { errorText } from '../redact';
import { buyerReply, type BuyerReply } from './buyer-replies';
import type { PixAnswer, PixPoller } from './pix-poller';

/** An "I have paid" press, recorded with the update: the checkout it names and the press to answer. */
export interface PixPaidPress {
  readonly botId: number;
  readonly leadId: number;
  readonly checkoutId: number;
  readonly callbackQueryId: string;
  readonly languageCode: string | null;
}

const replyOf: Readonly<Record<PixAnswer, BuyerReply>> = {
  paid: 'paidThanks',
  pending: 'stillWaiting',
  expired: 'chargeExpired',
  refused: 'chargeRefused',
  unknown: 'stillWaiting',
};

export interface PixPaidHandler {
  answer(api: Api, press: PixPaidPress, signal: AbortSignal): Promise<void>;
}

/** Answers the press with what the gateway says now (or said last, within the press limit). */
export class PixPaidAnswerer implements PixPaidHandler {
  constructor(
    private readonly db: Database,
    private readonly poller: PixPoller,
    private readonly logger: Logger,
  ) {}

  async answer(api: Api, press: PixPaidPress, signal: AbortSignal): Promise<void> {
    let answer: PixAnswer = 'pending';
    try {
      answer = await this.poller.pressed(press.checkoutId, press.leadId);
    } catch (error) {
      this.logger.warn({ botId: press.botId, checkoutId: press.checkoutId, error: errorText(error) }, 'an "I have paid" press could not be checked');
    }
    try {
      const text = buyerReply(replyOf[answer], readSettings(this.db).language, press.languageCode);
      await api.answerCallbackQuery(press.callbackQueryId, { text }, grammySignal(signal));
    } catch (error) {
      this.logger.warn({ botId: press.botId, error: errorText(error) }, 'answerCallbackQuery failed');
    }
  }
}
