import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { Incident, IncidentDetail } from '../../../shared/alerts';
import { useI18n, currentLocale } from '../i18n/i18n';
import { incidentDurationMs, isOpen, moneyAtStake } from '../logic/alerts-logic';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { IncidentLoss } from './IncidentLoss';
import { useIncidentWords } from './incident-words';
import { useModal } from './use-modal';
import { useNow } from './use-now';

export const INCIDENT_PANEL_ID = 'incident-panel';

/** The open/closed badge: an open incident is red, like a down bot. */
export function IncidentState({ incident }: { incident: Incident }): ReactElement {
  const { t } = useI18n();
  const open = isOpen(incident);
  return (
    <span className={`badge ${open ? 'badge-down' : 'badge-stopped'}`} data-state={open ? 'open' : 'closed'}>
      {open ? t('incidents.open') : t('incidents.closed')}
    </span>
  );
}

/**
 * "Money at stake" and "still at risk" in the incident's own currency, or "not set"; `summary`
 * is both in one phrase for the incidents table ("R$ 150,00 · R$ 100,00 still at risk").
 */
export function useMoneyTexts(): (incident: Incident) => { atStake: string; atRisk: string; summary: string } {
  const { t, money } = useI18n();
  return (incident) => {
    const figures = moneyAtStake(incident);
    if (figures.kind === 'unset') {
      const unset = t('incidents.moneyUnset');
      return { atStake: unset, atRisk: unset, summary: unset };
    }
    const atStake = money(figures.atStakeCents, figures.currency);
    const atRisk = money(figures.stillAtRiskCents, figures.currency);
    return { atStake, atRisk, summary: t('incidents.moneySummary', { atStake, atRisk }) };
  };
}

/**
 * One incident: its figures and the leads who sent /start while it lasted. A modal dialog, like
 * the lead drawer: focus stays inside until it is closed (Escape, Close, a click beside it).
 */
export function IncidentPanel({ incidentId, onClose }: { incidentId: number; onClose: () => void }): ReactElement {
  const { t, dateTime, number } = useI18n();
  const words = useIncidentWords();
  const moneyTexts = useMoneyTexts();
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<{ incidentId: number; text: string } | null>(null);
  // A detail still on screen from the previously selected incident is not shown for this one.
  const shown = detail?.incident.id === incidentId ? detail : null;
  const failure = error?.incidentId === incidentId ? error.text : null;
  const now = useNow(shown !== null && isOpen(shown.incident));
  const dialog = useRef<HTMLElement>(null);
  const onDialogKey = useModal(dialog, onClose);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void call('getIncident', { incidentId }).then(
        (loaded) => {
          if (alive) setDetail(loaded);
        },
        (failed: unknown) => {
          if (alive) setError({ incidentId, text: errorText(failed, currentLocale()) });
        },
      );
    };
    load();
    // Its leads get their welcome as the bot recovers: reload on this incident's updates (and on new
    // settings, which change its money at stake), at most once a second.
    const stop = refreshOnEngineEvents(
      ['incident.updated', 'settings.changed'],
      1000,
      load,
      (event) => event.event === 'settings.changed' || (event.event === 'incident.updated' && event.payload.id === incidentId),
    );
    return () => {
      alive = false;
      stop();
    };
  }, [incidentId]);

  const incident = shown?.incident ?? null;
  const money = incident === null ? null : moneyTexts(incident);
  return (
    <>
      <div className="drawer-backdrop" aria-hidden="true" onClick={onClose} />
      <aside
        ref={dialog}
        id={INCIDENT_PANEL_ID}
        className="drawer incident-panel"
        role="dialog"
        aria-modal="true"
        aria-label={t('incident.title')}
        tabIndex={-1}
        onKeyDown={onDialogKey}
      >
        <button type="button" className="drawer-close" onClick={onClose}>
          {t('incident.close')}
        </button>
        {shown === null || incident === null || money === null ? (
          failure === null ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : (
            <p className="field-error" role="alert">
              {failure}
            </p>
          )
        ) : (
          <>
            <h2>
              {words.who(incident)} <IncidentState incident={incident} />
            </h2>
            <p>{words.cause(incident)}</p>
            {incident.detail !== null && <p className="muted">{incident.detail}</p>}
            <dl className="incident-facts">
              <dt>{t('incidents.col.started')}</dt>
              <dd>{dateTime(incident.startedAt)}</dd>
              <dt>{t('incidents.col.detected')}</dt>
              <dd>{dateTime(incident.detectedAt)}</dd>
              <dt>{t('incidents.col.duration')}</dt>
              <dd>{words.duration(incidentDurationMs(incident, now))}</dd>
              <dt>{t('incidents.col.ended')}</dt>
              <dd>
                {incident.endReason === null || incident.endedAt === null ? t('incidents.ongoing') : `${t(`incidents.end.${incident.endReason}`)} · ${dateTime(incident.endedAt)}`}
              </dd>
              <dt>{t('incidents.col.leads')}</dt>
              <dd>{number(incident.leads)}</dd>
              <dt>{t('incidents.col.recovered')}</dt>
              <dd>{t('incidents.recoveredOf', { recovered: number(incident.recovered), leads: number(incident.leads) })}</dd>
              <dt>{t('incidents.col.atStake')}</dt>
              <dd>{money.atStake}</dd>
              <dt>{t('incidents.col.atRisk')}</dt>
              <dd>{money.atRisk}</dd>
              <dt>{t('incidents.col.alerts')}</dt>
              <dd>{number(incident.alertsSent)}</dd>
            </dl>
            <IncidentLoss incidentId={incident.id} />
            <h3>{t('incident.leads')}</h3>
            {shown.leads.length === 0 ? (
              <p className="muted">{t('incident.noLeads')}</p>
            ) : (
              <>
                {shown.leads.length < incident.leads && <p className="muted">{t('incident.shown', { shown: number(shown.leads.length), total: number(incident.leads) })}</p>}
                <table className="data-table" aria-label={t('incident.leads')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('incident.col.name')}</th>
                      <th scope="col">{t('incident.col.username')}</th>
                      <th scope="col">{t('incident.col.start')}</th>
                      <th scope="col">{t('incident.col.welcomed')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.leads.map((lead) => (
                      <tr key={lead.leadId}>
                        <td>{lead.name}</td>
                        <td>{lead.username === null ? '' : `@${lead.username}`}</td>
                        <td>{dateTime(lead.sentAt)}</td>
                        <td className={lead.welcomedAt === null ? 'waiting' : undefined}>{lead.welcomedAt === null ? t('incident.waiting') : dateTime(lead.welcomedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </>
        )}
      </aside>
    </>
  );
}
