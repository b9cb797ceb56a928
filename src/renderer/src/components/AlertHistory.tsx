import { useEffect, type ReactElement } from 'react';
import type { AlertLogEntry } from '../../../shared/alerts';
import { useI18n } from '../i18n/i18n';
import { usePagedNewestFirst, type PageQuery } from '../state/use-paged-newest-first';
import { call, onEngineEvent } from '../transport/client';

const PAGE = 50;

const loadPage = (query: PageQuery): Promise<readonly AlertLogEntry[]> => call('listAlertLog', query);

/** Every alert sent to every channel, newest first, live. */
export function AlertHistory(): ReactElement {
  const { t, dateTime, number } = useI18n();
  const { loaded, busy, error, loadOlder, upsert } = usePagedNewestFirst(loadPage, PAGE);

  // Each entry is pushed when it starts and again as it settles (sent, failed): patch it in place.
  useEffect(
    () =>
      onEngineEvent((event) => {
        if (event.event === 'alert.logged') upsert(event.payload);
      }),
    [upsert],
  );

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {loaded !== null && loaded.rows.length === 0 && <p className="muted">{t('history.empty')}</p>}
      {loaded !== null && loaded.rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('history.title')}>
            <thead>
              <tr>
                <th scope="col">{t('history.col.time')}</th>
                <th scope="col">{t('history.col.channel')}</th>
                <th scope="col">{t('history.col.type')}</th>
                <th scope="col">{t('history.col.status')}</th>
                <th scope="col">{t('history.col.error')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.rows.map((entry) => (
                <tr key={entry.id} data-status={entry.status}>
                  <td>{dateTime(entry.createdAt)}</td>
                  <td>
                    {entry.channelName} <span className="muted">{t(`kind.${entry.channelKind}`)}</span>
                  </td>
                  <td>{t(`alertType.${entry.type}`)}</td>
                  <td className={`alert-status alert-status-${entry.status}`}>
                    {t(`alertStatus.${entry.status}`)} <span className="muted">{t('history.attempts', { count: number(entry.attempts) })}</span>
                  </td>
                  <td className="field-error">{entry.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaded?.hasOlder === true && (
        <button type="button" disabled={busy} onClick={() => void loadOlder()}>
          {t('history.loadOlder')}
        </button>
      )}
    </section>
  );
}
