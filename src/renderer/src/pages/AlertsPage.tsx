import { Fragment, useEffect, useRef, type ReactElement, type ReactNode } from 'react';
import type { Incident } from '../../../shared/alerts';
import { AlertChannels } from '../components/AlertChannels';
import { AlertHistory } from '../components/AlertHistory';
import { INCIDENT_PANEL_ID, IncidentPanel, IncidentState, useMoneyTexts } from '../components/IncidentPanel';
import { useIncidentWords } from '../components/incident-words';
import { useNow } from '../components/use-now';
import { useI18n } from '../i18n/i18n';
import { incidentDurationMs, isOpen, moneyAtStake, sameLocalDay } from '../logic/alerts-logic';
import { useNavStore } from '../state/nav-store';
import { usePagedNewestFirst, type PageQuery } from '../state/use-paged-newest-first';
import { call, onEngineEvent } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

const PAGE = 50;

const loadPage = (query: PageQuery): Promise<readonly Incident[]> => call('listIncidents', query);

/** A bot's @user_name may break after its underscores, so a long one takes two lines, not the table's width. */
function breakable(name: string): ReactNode[] {
  return name.split(/(?<=_)/).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/** The incidents timeline, newest first; a row opens its detail panel. */
function Incidents(): ReactElement {
  const { t, dateTime, time, number } = useI18n();
  const words = useIncidentWords();
  const moneyTexts = useMoneyTexts();
  const selected = useNavStore((state) => state.incidentId);
  const select = useNavStore((state) => state.selectIncident);
  const go = useNavStore((state) => state.go);
  const { loaded, busy, error, loadOlder, reload, upsert } = usePagedNewestFirst(loadPage, PAGE);
  const now = useNow(loaded?.rows.some(isOpen) === true);

  useEffect(() => {
    // The money at stake is worked out from the settings: a new average ticket or rate changes every row.
    const stopSettings = refreshOnEngineEvents(['settings.changed'], 500, reload);
    // An incident event carries the whole row: patch the list in place, no reload.
    const stop = onEngineEvent((event) => {
      if (event.event !== 'incident.opened' && event.event !== 'incident.updated') return;
      upsert(event.payload);
    });
    return () => {
      stop();
      stopSettings();
    };
  }, [reload, upsert]);

  const rows = loaded?.rows ?? [];
  const moneyUnset = rows.some((incident) => moneyAtStake(incident).kind === 'unset');
  return (
    <section aria-labelledby="incidents-title">
      <h2 id="incidents-title">{t('incidents.title')}</h2>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {loaded !== null && rows.length === 0 && <p className="muted">{t('incidents.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table incidents" aria-label={t('incidents.title')}>
            <thead>
              <tr>
                <th scope="col">{t('incidents.col.state')}</th>
                <th scope="col">{t('incidents.col.bot')}</th>
                <th scope="col">{t('incidents.col.cause')}</th>
                <th scope="col">{t('incidents.col.when')}</th>
                <th scope="col">{t('incidents.col.duration')}</th>
                <th scope="col">{t('incidents.col.leadsShort')}</th>
                <th scope="col">{t('incidents.col.atStake')}</th>
                <th scope="col">{t('incidents.col.alerts')}</th>
                <th scope="col">{t('incidents.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((incident) => {
                const open = isOpen(incident);
                const money = moneyTexts(incident);
                const classes = [open ? 'incident-open' : '', selected === incident.id ? 'incident-selected' : ''].filter((name) => name !== '').join(' ');
                // Detected and ended are minutes after the start: the date is said once, unless the day changed.
                const later = (at: number): string => (sameLocalDay(at, incident.startedAt) ? time(at) : dateTime(at));
                return (
                  // The whole row is a click target for the mouse; the Details button is the keyboard's way in.
                  <tr key={incident.id} className={classes === '' ? undefined : classes} data-incident-id={incident.id} onClick={() => select(incident.id)}>
                    <td>
                      <IncidentState incident={incident} />
                    </td>
                    <td className="incident-bot">{breakable(words.who(incident))}</td>
                    <td className="incident-cause">
                      {words.cause(incident)}
                      {incident.detail !== null && (
                        // Clamped to two lines; the whole text is in the tooltip and in the details panel.
                        <div className="sub clamp-2" title={incident.detail}>
                          {incident.detail}
                        </div>
                      )}
                    </td>
                    <td>
                      <div className="nowrap">{dateTime(incident.startedAt)}</div>
                      <div className="sub">{t('incidents.detectedAt', { time: later(incident.detectedAt) })}</div>
                      <div className="sub">{incident.endedAt === null ? t('incidents.ongoing') : t('incidents.endedAt', { time: later(incident.endedAt) })}</div>
                    </td>
                    <td>
                      <div className="nowrap">{words.duration(incidentDurationMs(incident, now))}</div>
                      {incident.endReason !== null && <div className="sub">{t(`incidents.end.${incident.endReason}`)}</div>}
                    </td>
                    <td>
                      {incident.leads === 0
                        ? number(0)
                        : t(incident.recovered === 1 ? 'incidents.leadsRecovered.one' : 'incidents.leadsRecovered', {
                            leads: number(incident.leads),
                            recovered: number(incident.recovered),
                          })}
                    </td>
                    <td>{money.summary}</td>
                    <td className="number">{number(incident.alertsSent)}</td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={selected === incident.id}
                        aria-controls={selected === incident.id ? INCIDENT_PANEL_ID : undefined}
                        onClick={(event) => {
                          event.stopPropagation();
                          select(selected === incident.id ? null : incident.id);
                        }}
                      >
                        {t('incidents.details')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {moneyUnset && (
        // Said once under the table, not in every row: the cells read "not set".
        <p className="muted row">
          {t('incidents.moneyHint')}
          <button type="button" onClick={() => go('settings')}>
            {t('incidents.openSettings')}
          </button>
        </p>
      )}
      {loaded?.hasOlder === true && (
        <button type="button" disabled={busy} onClick={() => void loadOlder()}>
          {t('incidents.loadOlder')}
        </button>
      )}
    </section>
  );
}

export function AlertsPage(): ReactElement {
  const { t } = useI18n();
  const selected = useNavStore((state) => state.incidentId);
  const select = useNavStore((state) => state.selectIncident);
  // Closing the panel gives focus back to the Details button that opened it.
  const returnTo = useRef<number | null>(null);
  const closePanel = (incidentId: number): void => {
    returnTo.current = incidentId;
    select(null);
  };
  useEffect(() => {
    const incidentId = returnTo.current;
    if (selected !== null || incidentId === null) return;
    returnTo.current = null;
    document.querySelector<HTMLElement>(`[data-incident-id="${String(incidentId)}"] button`)?.focus();
  }, [selected]);
  return (
    <section aria-labelledby="alerts-title" className="alerts">
      <h1 id="alerts-title" tabIndex={-1}>
        {t('alerts.title')}
      </h1>
      <p className="muted">{t('alerts.intro')}</p>
      <Incidents />
      <AlertChannels />
      <AlertHistory />
      {selected !== null && <IncidentPanel incidentId={selected} onClose={() => closePanel(selected)} />}
    </section>
  );
}
