import { useEffect, useState, type ReactElement } from 'react';
import type { AlertLogEntry } from '../../../shared/alerts';
import { useI18n } from '../i18n/i18n';
import { upsertNewestFirst } from '../logic/alerts-logic';
import { call, errorText, onEngineEvent } from '../transport/client';

const PAGE = 50;

interface Loaded {
  readonly rows: readonly AlertLogEntry[];
  /** A full page came back: there may be older entries to fetch. */
  readonly hasOlder: boolean;
}

/** Every alert sent to every channel, newest first, live. */
export function AlertHistory(): ReactElement {
  const { t, dateTime, number } = useI18n();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    void call('listAlertLog', { limit: PAGE }).then(
      (rows) => {
        if (alive) setLoaded({ rows, hasOlder: rows.length === PAGE });
      },
      (failure: unknown) => {
        if (alive) setError(errorText(failure));
      },
    );
    // Each entry is pushed when it starts and again as it settles (sent, failed): patch it in place.
    const stop = onEngineEvent((event) => {
      if (event.event !== 'alert.logged') return;
      const entry = event.payload as AlertLogEntry;
      setLoaded((current) => (current === null ? current : { ...current, rows: upsertNewestFirst(current.rows, entry, current.hasOlder) }));
    });
    return () => {
      alive = false;
      stop();
    };
  }, []);

  const loadOlder = async (): Promise<void> => {
    const oldest = loaded?.rows.at(-1);
    if (oldest === undefined) return;
    setBusy(true);
    try {
      const rows = await call('listAlertLog', { limit: PAGE, beforeId: oldest.id });
      setLoaded((current) => {
        const known = new Set(current?.rows.map((row) => row.id));
        return { rows: [...(current?.rows ?? []), ...rows.filter((row) => !known.has(row.id))], hasOlder: rows.length === PAGE };
      });
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">{t('history.title')}</h3>
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
