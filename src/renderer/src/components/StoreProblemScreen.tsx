import { useEffect, useState, type ReactElement } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { renderText } from '../../../shared/i18n/error-text';
import type { SchemaDifference, StoreStatus } from '../../../shared/store-status';
import { useI18n, currentLocale } from '../i18n/i18n';
import { formatDuration } from '../logic/alerts-logic';
import { splitDifferences, telegramTimeLeft, wayOut } from '../logic/store-problem-logic';
import { useStatusStore } from '../state/status-store';
import { call, errorText } from '../transport/client';
import { ConfirmDialog } from './ConfirmDialog';

/** How often the screen reads the status again: the alert's outcome and the countdown move. */
const REFRESH_MS = 5000;

function DifferenceList({ differences, label }: { differences: readonly SchemaDifference[]; label: string }): ReactElement {
  const { t } = useI18n();
  return (
    <ul aria-label={label}>
      {differences.map((difference) => (
        <li key={`${difference.kind}:${difference.table ?? ''}:${difference.name}`}>
          {difference.message} <span className={`remedy remedy-${difference.remedy}`}>{t(`problem.remedy.${difference.remedy}`)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Full window: the console cannot work on this database, says why, and offers the way out. */
export function StoreProblemScreen({ appInfo, store }: { appInfo: AppInfo; store: StoreStatus }): ReactElement {
  const { t, dateTime, number, locale } = useI18n();
  const load = useStatusStore((state) => state.load);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const way = wayOut(store);
  const { blocking, tolerated } = splitDifferences(store.differences);
  const duration = (ms: number): string => formatDuration(ms, (unit, value) => t(`duration.${unit}`, { n: value }));

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      // The core reopened the store: once it is ready the console starts as usual.
      await load();
    } catch (error) {
      setFailure(errorText(error, currentLocale()));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const keep = store.telegramWindow;
  const left = keep === null ? 0 : telegramTimeLeft(keep, now);
  const alert = store.refusalAlert;

  return (
    <main className="status-page">
      <header>
        <h1>Botdeck</h1>
        <span className="version">v{appInfo.version}</span>
      </header>
      <section className="problem" role="alert" aria-labelledby="problem-title">
        <h2 id="problem-title">{store.state === 'mismatch' ? t('problem.mismatch.title') : t('problem.refused.title')}</h2>
        <p className="problem-code">{store.error?.code}</p>
        {keep !== null && (
          <p className="problem-window">
            {left > 0
              ? t('problem.window.open', { left: duration(left), until: dateTime(keep.keptUntil), beat: dateTime(keep.lastHeartbeatAt) })
              : t('problem.window.closed', { beat: dateTime(keep.lastHeartbeatAt) })}
          </p>
        )}
        {alert !== null && (
          <p className="problem-alert">
            {alert.state === 'sending'
              ? t('problem.alert.sending')
              : alert.state === 'unavailable'
                ? t('problem.alert.unavailable', { detail: alert.detail ?? '' })
                : alert.sent + alert.failed === 0
                  ? t('problem.alert.none')
                  : t('problem.alert.done', { sent: alert.sent, failed: alert.failed })}
          </p>
        )}
        {store.differences.length === 0 ? (
          <pre className="problem-message">{store.error === null ? null : renderText(locale, store.error.text)}</pre>
        ) : (
          <>
            <p>{t('problem.mismatch.lead')}</p>
            <DifferenceList differences={blocking} label="Schema differences" />
            {tolerated.length > 0 && (
              <>
                <p>{t('problem.tolerated')}</p>
                <DifferenceList differences={tolerated} label="Tolerated differences" />
              </>
            )}
          </>
        )}
        {failure !== null && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
        {way === 'repair' && (
          <p>
            {t('problem.repair.help')}{' '}
            <button type="button" disabled={busy} onClick={() => void act(() => call('repairStore'))}>
              {busy ? t('problem.repair.busy') : t('problem.repair')}
            </button>
          </p>
        )}
        {way === 'restore' && (
          <>
            <p>{store.restoreChoices.length === 0 ? t('problem.restore.none') : t('problem.restore.help')}</p>
            <ul aria-label={t('problem.restore.list')}>
              {store.restoreChoices.map(({ backup, leadsLost }) => (
                <li key={backup.name}>
                  <code>{backup.name}</code> · {dateTime(Date.parse(backup.createdAt))} ·{' '}
                  {leadsLost === null ? t('problem.restore.lossUnknown') : t('problem.restore.loss', { n: number(leadsLost) })}{' '}
                  {confirming === backup.name ? (
                    <ConfirmDialog inline label={t('settings.restore.confirm')} message={t('settings.restore.confirm')} onCancel={() => setConfirming(null)}>
                      <button type="button" className="danger" disabled={busy} onClick={() => void act(() => call('restoreBackup', { name: backup.name }))}>
                        {t('settings.restore.yes')}
                      </button>{' '}
                      <button type="button" onClick={() => setConfirming(null)}>
                        {t('bots.remove.no')}
                      </button>
                    </ConfirmDialog>
                  ) : (
                    <button type="button" aria-label={t('settings.restore.named', { name: backup.name })} onClick={() => setConfirming(backup.name)}>
                      {t('settings.restore')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        <p>
          {t('problem.safe')} <code>botdeck --doctor --data-dir &quot;{appInfo.dataDir}&quot;</code> {t('problem.safe.dev')}{' '}
          <code>npm run doctor -- --data-dir &quot;{appInfo.dataDir}&quot;</code>
        </p>
      </section>
    </main>
  );
}
