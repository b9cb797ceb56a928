import { useState, type ReactElement } from 'react';
import type { LeadPayment } from '../../../shared/payments';
import { currentLocale, useI18n } from '../i18n/i18n';
import { call, errorText } from '../transport/client';
import { ConfirmDialog } from './ConfirmDialog';
import { StarsNotice } from './StarsNotice';

/**
 * The lead's payments in their drawer: what was bought, on which rail, when, and whether it
 * was given back; a Stars payment can be refunded (after a confirmation), and the bot's Stars
 * payments checked against Telegram's own list.
 */
export function LeadPayments({ botId, payments, onChanged }: { botId: number; payments: readonly LeadPayment[]; onChanged: () => Promise<void> }): ReactElement {
  const { t, dateTime, money, number } = useI18n();
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const amountOf = (payment: LeadPayment): string => (payment.rail === 'stars' ? t('lead.payment.stars', { n: number(payment.amount) }) : money(payment.amount, 'BRL'));

  const act = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true);
    try {
      const done = await work();
      await onChanged();
      setStatus(done);
      setError(null);
    } catch (failure) {
      setStatus(null);
      setError(errorText(failure, currentLocale()));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const refund = (payment: LeadPayment): Promise<void> =>
    act(async () => {
      await call('refundPayment', { paymentId: payment.id });
      return t('lead.payment.refund.done', { amount: amountOf(payment) });
    });

  const reconcile = (): Promise<void> =>
    act(async () => {
      const found = await call('reconcileStars', { botId });
      return t('lead.payments.reconciled', { found: number(found.found), recorded: number(found.recorded), refunded: number(found.refunded) });
    });

  return (
    <section aria-labelledby="lead-payments-title">
      <h3 id="lead-payments-title">{t('lead.payments')}</h3>
      {payments.length === 0 ? (
        <p className="muted">{t('lead.payments.none')}</p>
      ) : (
        <ul className="lead-payments">
          {payments.map((payment) => (
            <li key={payment.id}>
              <time>{dateTime(payment.paidAt)}</time> {payment.productName ?? t('lead.payment.noProduct')} · {amountOf(payment)} · {t(`lead.payment.rail.${payment.rail}`)}
              {payment.refundedAt !== null && ` · ${t('lead.payment.refunded', { date: dateTime(payment.refundedAt) })}`}
              {payment.rail === 'stars' && payment.refundedAt === null && confirming !== payment.id && (
                <>
                  {' '}
                  <button type="button" disabled={busy} onClick={() => setConfirming(payment.id)}>
                    {t('lead.payment.refund')}
                  </button>
                </>
              )}
              {confirming === payment.id && (
                <ConfirmDialog label={t('lead.payment.refund')} message={t('lead.payment.refund.confirm', { amount: amountOf(payment) })} onCancel={() => setConfirming(null)}>
                  <button type="button" className="danger" disabled={busy} onClick={() => void refund(payment)}>
                    {t('lead.payment.refund.yes')}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    {t('lead.payment.refund.no')}
                  </button>
                </ConfirmDialog>
              )}
            </li>
          ))}
        </ul>
      )}
      <StarsNotice />
      <button type="button" disabled={busy} onClick={() => void reconcile()}>
        {t('lead.payments.reconcile')}
      </button>
      {status !== null && (
        <p className="notice" role="status">
          {status}
        </p>
      )}
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
