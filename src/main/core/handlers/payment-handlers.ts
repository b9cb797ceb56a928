import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Fleet } from '../fleet/fleet';
import { LeadPayments } from '../payments/lead-payments';

type PaymentHandlers = Pick<Handlers, 'refundPayment' | 'reconcileStars'>;

function fleetOf(core: Core): Fleet {
  const fleet = core.fleet();
  if (fleet !== null) return fleet;
  throw new BotdeckError('BOTS_BLOCKED', core.botsMayRun()?.text ?? text('bots.cannotRun', {}));
}

/** Stars payments the operator acts on: a refund from the lead's drawer, a check against Telegram's list. */
export function paymentHandlers(core: Core): PaymentHandlers {
  return {
    refundPayment: async ({ paymentId }) => {
      const refunded = await fleetOf(core).refundStarPayment(paymentId);
      core.events.emit('lead.updated', { botId: refunded.botId, leadId: refunded.leadId });
      const db = core.store()?.db;
      const payment = db === undefined ? undefined : new LeadPayments(db).of(refunded.leadId).find((one) => one.id === paymentId);
      if (payment === undefined) throw new BotdeckError('PAYMENT_NOT_FOUND', text('payment.notFound', { id: paymentId }));
      return payment;
    },
    reconcileStars: ({ botId }) => fleetOf(core).reconcileStars(botId),
  };
}
