import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { LeadDetail, LeadEvent } from '../../../shared/leads';
import { useI18n, useLocaleStore } from '../i18n/i18n';
import { leadEventText } from '../logic/lead-event-text';
import { optOutWay } from '../logic/lead-opt-out';
import { useLeadsStore } from '../state/leads-store';
import { call, CallError } from '../transport/client';

/** One lead: who they are, whether they receive campaigns, their timeline, and "mark as converted". */
export function LeadDrawer({ leadId, onClose }: { leadId: number; onClose: () => void }): ReactElement {
  const { t, label, dateTime, money } = useI18n();
  const currency = useLocaleStore((state) => state.currency);
  const reload = useLeadsStore((state) => state.reload);
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('getLead', { leadId }).then(setLead, (failure: unknown) => setError(failure instanceof CallError ? failure.message : String(failure)));
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
      setError(t('lead.amount.invalid'));
      return;
    }
    try {
      await call('markConverted', { leadId, amountCents: cents });
      setLead(await call('getLead', { leadId }));
      setError(null);
      void reload();
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    }
  };

  const setOptOut = async (optedOut: boolean): Promise<void> => {
    try {
      await call('setLeadOptOut', { leadId, optedOut });
      setLead(await call('getLead', { leadId }));
      setError(null);
      void reload();
    } catch (failure) {
      setError(failure instanceof CallError ? failure.message : String(failure));
    }
  };

  const optOutText = (detail: LeadDetail, at: number): string => {
    const how = optOutWay(detail.events);
    return how === null ? t('lead.optedOut', { date: dateTime(at) }) : t('lead.optedOut.how', { date: dateTime(at), how: t(`lead.optedOut.${how}`) });
  };

  return (
    <aside
      className="drawer"
      role="dialog"
      aria-label={t('lead.title')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <button type="button" className="drawer-close" onClick={onClose} autoFocus>
        {t('lead.close')}
      </button>
      {lead === null ? (
        <p>{error ?? t('app.loading')}</p>
      ) : (
        <>
          <h3>
            {lead.firstName} {lead.lastName ?? ''} {lead.username === null ? '' : `(@${lead.username})`}
          </h3>
          <p className="muted">
            @{lead.botUsername} · {label(`leadStatus.${lead.status}`)} · {lead.source ?? t('leads.noSource')}
            {lead.revenueCents !== null && ` · ${money(lead.revenueCents)}`}
          </p>
          <div className="row">
            <span>{lead.optedOutAt === null ? t('lead.optedIn') : optOutText(lead, lead.optedOutAt)}</span>
            <button type="button" onClick={() => void setOptOut(lead.optedOutAt === null)}>
              {lead.optedOutAt === null ? t('lead.optOut') : t('lead.optIn')}
            </button>
          </div>
          <h4>{t('lead.timeline')}</h4>
          <ol className="timeline">
            {lead.events.map((event, index) => (
              <li key={index}>
                <time>{dateTime(event.at)}</time> {eventText(event)}
              </li>
            ))}
          </ol>
          <form className="row" onSubmit={(event) => void convert(event)}>
            <label htmlFor="amount">{t('lead.amount.in', { currency })}</label>
            <input id="amount" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
            <button type="submit">{t('lead.convert')}</button>
          </form>
          <p className="muted">{t('lead.amount.help')}</p>
          {error !== null && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </aside>
  );
}
