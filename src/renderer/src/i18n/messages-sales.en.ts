/** English for selling in the console: the Stars notice and the payments in the lead's drawer. */
export const salesEn = {
  'sales.starsNotice.running': 'Stars checkout needs Botdeck running: Telegram asks the bot to confirm each purchase, and a purchase left unconfirmed for 10 seconds fails.',
  'sales.starsNotice.required': 'Telegram requires Stars for digital goods sold inside its apps.',
  'lead.payments': 'Payments',
  'lead.payments.none': 'No payments yet.',
  'lead.payment.stars': '{n} Stars',
  'lead.payment.rail.stars': 'Telegram Stars',
  'lead.payment.rail.pix': 'PIX',
  'lead.payment.noProduct': 'a product Botdeck does not know',
  'lead.payment.refunded': 'refunded on {date}',
  'lead.payment.refund': 'Refund',
  'lead.payment.refund.confirm': 'Give {amount} back to this buyer? Telegram returns the Stars, and the sale stops counting.',
  'lead.payment.refund.yes': 'Refund now',
  'lead.payment.refund.no': 'Keep the payment',
  'lead.payment.refund.done': 'Refunded: {amount} went back to the buyer.',
  'lead.payments.reconcile': "Check this bot's Stars payments with Telegram",
  'lead.payments.reconciled': 'Telegram lists {found} Stars payments for this bot: {recorded} recorded now, {refunded} marked refunded now.',
} as const;
