import type { Database } from 'better-sqlite3';
import type { Api } from 'grammy';
import type { StarTransaction, TransactionPartnerUser } from 'grammy/types';
import type { StarsReconciliationResult } from '../../../shared/payments';
import { grammySignal } from '../bots/grammy-signal';
import type { WriteBatcher } from '../db/write-batcher';
import type { Logger } from '../logger';
import { PaymentRecords } from './payment-records';
import { StarsPayments } from './stars-payments';

/** getStarTransactions' page size: its maximum. */
const PAGE = 100;

/** The user side of an invoice payment (incoming: its source; a refund: its receiver). */
function invoicePartner(partner: StarTransaction['source']): TransactionPartnerUser | null {
  return partner?.type === 'user' && partner.transaction_type === 'invoice_payment' ? partner : null;
}

/**
 * Checks the store against the bot's Star transactions as Telegram lists them (oldest first,
 * paged): an incoming invoice payment the store lacks (a restored backup, a payment update
 * lost) is recorded by 'reconciliation' with its purchase delivery queued, and a payment
 * Telegram lists as refunded is marked refunded. A payment the store lacks that Telegram
 * already refunded stands nowhere and is left out (recording it would queue a delivery
 * nobody paid for). Runs at each bot start and on the operator's demand.
 */
export class StarsReconciliation {
  private readonly payments: PaymentRecords;
  private readonly stars: StarsPayments;

  constructor(
    db: Database,
    private readonly writer: WriteBatcher,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.payments = new PaymentRecords(db);
    this.stars = new StarsPayments(db);
  }

  async run(api: Api, botId: number, signal?: AbortSignal): Promise<StarsReconciliationResult> {
    const transactions: StarTransaction[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await api.getStarTransactions({ offset, limit: PAGE }, signal === undefined ? undefined : grammySignal(signal));
      transactions.push(...page.transactions);
      if (page.transactions.length < PAGE) break;
    }
    const refundedCharges = new Set(transactions.filter((transaction) => invoicePartner(transaction.receiver) !== null).map((transaction) => transaction.id));
    const incoming = transactions.flatMap((transaction) => {
      const partner = invoicePartner(transaction.source);
      return partner === null ? [] : [{ transaction, partner }];
    });
    // Read first: a start whose store already agrees with Telegram writes nothing.
    const lacking = incoming.filter(({ transaction }) => {
      const stored = this.payments.findCharge('stars', transaction.id);
      return refundedCharges.has(transaction.id) ? stored !== null && stored.refundedAt === null : stored === null;
    });
    if (lacking.length === 0) return { found: incoming.length, recorded: 0, refunded: 0 };
    const unmatched: string[] = [];
    const result = await this.writer.run((): StarsReconciliationResult => {
      const now = this.now();
      let recorded = 0;
      let refunded = 0;
      for (const { transaction, partner } of lacking) {
        const stored = this.payments.findCharge('stars', transaction.id);
        const wasRefunded = refundedCharges.has(transaction.id);
        if (stored !== null) {
          if (wasRefunded && stored.refundedAt === null) {
            this.payments.refunded(stored.id, now);
            refunded += 1;
          }
          continue;
        }
        if (wasRefunded) continue;
        const charge = {
          botId,
          userId: partner.user.id,
          chargeId: transaction.id,
          amount: transaction.amount,
          payload: partner.invoice_payload ?? null,
          paidAt: transaction.date * 1000,
        };
        const outcome = this.stars.record(charge, 'reconciliation', now);
        if (outcome.kind === 'recorded') recorded += 1;
        else if (outcome.kind === 'no_lead') unmatched.push(transaction.id);
      }
      return { found: incoming.length, recorded, refunded };
    }, 'full');
    for (const chargeId of unmatched) this.logger.error({ botId, chargeId }, 'a Stars payment Telegram lists came from a user who is no lead of this bot: not recorded');
    if (result.recorded > 0 || result.refunded > 0) this.logger.info({ botId, ...result }, 'Stars reconciliation changed the store');
    return result;
  }
}
