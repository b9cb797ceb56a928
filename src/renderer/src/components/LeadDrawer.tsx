import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { LeadDetail, LeadEvent } from '../../../shared/leads';
import { currentLocale, useI18n, useLocaleStore } from '../i18n/i18n';
import { leadEventText } from '../logic/lead-event-text';
import { optOutWay } from '../logic/lead-opt-out';
import { useLeadsStore } from '../state/leads-store';
import { call, errorText } from '../transport/client';
import { LeadPayments } from './LeadPayments';
import { useModal } from './use-modal';

/**
 * One lead: who they are, whether they receive campaigns, their timeline, their payments, and "mark as converted".
 * A modal dialog: the page behind waits until it is closed (Escape, the Close button, a click beside it).
 */
export function LeadDrawer({ leadId, onClose }: { leadId: number; onClose: () => void }): ReactElement {
  const { t, label, dateTime, money } = useI18n();
  const currency = useLocaleStore((state) => state.currency);
  const reload = useLeadsStore((state) => state.reload);
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | null>(null);
  const dialog = useRef<HTMLElement>(null);
  const amountField = useRef<HTMLInputElement>(null);
  const onDialogKey = useModal(dialog, onClose);

  useEffect(() => {
    void call('getLead', { leadId }).then(setLead, (failure: unknown) => setError(errorText(failure, currentLocale())));
  }, [leadId]);

  const eventText = (event: LeadEvent): string => {
    const text = leadEventText(event);
    switch (text.key) {
      case 'job':
        return t(`event.${text.kind}.job`, { job: text.jobId });
      case 'skipped':
        return t('event.recovery_skipped.why', { why: t(`recovery.skip.${text.why}`) });
      case 'requeued':
        return t(`event.welcome_requeued.${text.why}`);
      case 'failed':
        return `${label(`event.${text.kind}`)}: ${text.error}`;
      case 'plain':
        return label(`event.${text.kind}`);
    }
  };

  const convert = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const cents = Math.round(Number(amount.replace(',', '.')) * 100);
    if (!Number.isFinite(cents) || cents < 0) {
      setAmountError(t('lead.amount.invalid'));
      amountField.current?.focus();
      return;
    }
    try {
      await call('markConverted', { leadId, amountCents: cents });
      setLead(await call('getLead', { leadId }));
      setAmountError(null);
      setError(null);
      void reload();
    } catch (failure) {
      setAmountError(errorText(failure, currentLocale()));
      amountField.current?.focus();
    }
  };

  const setOptOut = async (optedOut: boolean): Promise<void> => {
    try {
      await call('setLeadOptOut', { leadId, optedOut });
      setLead(await call('getLead', { leadId }));
      setError(null);
      void reload();
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
    }
  };

  const optOutText = (detail: LeadDetail, at: number): string => {
    const how = optOutWay(detail.events);
    return how === null ? t('lead.optedOut', { date: dateTime(at) }) : t('lead.optedOut.how', { date: dateTime(at), how: t(`lead.optedOut.${how}`) });
  };

  return (
    <>
      <div className="drawer-backdrop" aria-hidden="true" onClick={onClose} />
      <aside ref={dialog} className="drawer" role="dialog" aria-modal="true" aria-labelledby="lead-drawer-title" tabIndex={-1} onKeyDown={onDialogKey}>
        <button type="button" className="drawer-close" onClick={onClose}>
          {t('lead.close')}
        </button>
        <h2 id="lead-drawer-title">
          <span className="drawer-kind">{t('lead.title')}</span>{' '}
          {lead !== null && [lead.firstName, lead.lastName, lead.username === null ? null : `(@${lead.username})`].filter((part) => part !== null).join(' ')}
        </h2>
        {lead === null ? (
          <p>{error ?? t('app.loading')}</p>
        ) : (
          <>
            <p className="muted drawer-facts">
              @{lead.botUsername} · {label(`leadStatus.${lead.status}`)} · {lead.source ?? t('leads.noSource')}
              {lead.revenueCents !== null && ` · ${money(lead.revenueCents)}`}
            </p>
            <div className="row">
              <span>{lead.optedOutAt === null ? t('lead.optedIn') : optOutText(lead, lead.optedOutAt)}</span>
              <button type="button" onClick={() => void setOptOut(lead.optedOutAt === null)}>
                {lead.optedOutAt === null ? t('lead.optOut') : t('lead.optIn')}
              </button>
            </div>
            <h3>{t('lead.timeline')}</h3>
            <ol className="timeline">
              {lead.events.map((event, index) => (
                <li key={index}>
                  <time>{dateTime(event.at)}</time> {eventText(event)}
                </li>
              ))}
            </ol>
            <LeadPayments
              botId={lead.botId}
              payments={lead.payments}
              onChanged={async () => {
                setLead(await call('getLead', { leadId }));
                void reload();
              }}
            />
            <form className="row" noValidate onSubmit={(event) => void convert(event)}>
              <label htmlFor="amount">{t('lead.amount', { currency })}</label>
              <input
                ref={amountField}
                id="amount"
                inputMode="decimal"
                value={amount}
                aria-invalid={amountError !== null}
                aria-describedby={amountError === null ? 'amount-help' : 'amount-help amount-error'}
                onChange={(event) => setAmount(event.target.value)}
              />
              <button type="submit">{t('lead.convert')}</button>
            </form>
            <p id="amount-help" className="muted">
              {t('lead.amount.help')}
            </p>
            {amountError !== null && (
              <p id="amount-error" className="field-error" role="alert">
                {amountError}
              </p>
            )}
            {error !== null && (
              <p className="field-error" role="alert">
                {error}
              </p>
            )}
          </>
        )}
      </aside>
    </>
  );
}
