import { useEffect, useState, type ReactElement } from 'react';
import type { BackupStatus } from '../../../shared/backup-status';
import { useI18n } from '../i18n/i18n';
import { formatDuration } from '../logic/alerts-logic';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { useNow } from './use-now';

/**
 * The age of the last good backup, and a warning when the last one failed or they are
 * overdue. On the dashboard in short; in Settings with the next due time and the second
 * folder. Nothing while the database is not ready (the schedule does not run then).
 */
export function BackupSummary({ detailed }: { readonly detailed: boolean }): ReactElement | null {
  const { t, dateTime } = useI18n();
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const now = useNow(status !== null);

  useEffect(() => {
    const load = (): void => {
      void call('getBackupStatus').then(setStatus, () => setStatus(null));
    };
    load();
    return refreshOnEngineEvents(['backup.status', 'settings.changed'], 200, load);
  }, []);

  if (status === null) return null;
  const age = (ms: number): string => formatDuration(ms, (unit, value) => t(`duration.${unit}`, { n: value }));
  const second = status.lastAttempt?.secondFolder ?? null;
  return (
    <section className="backup-summary" aria-labelledby={`backup-summary-${detailed ? 'settings' : 'dashboard'}`}>
      {/* Under Settings' store section on that page; a section of its own on the dashboard. */}
      {detailed ? <h3 id="backup-summary-settings">{t('backups.title')}</h3> : <h2 id="backup-summary-dashboard">{t('backups.title')}</h2>}
      <p>
        {status.lastGoodAt === null
          ? t('backups.none', { time: dateTime(status.nextDueAt) })
          : t('backups.lastGood', { age: age(now - status.lastGoodAt), time: dateTime(status.lastGoodAt) })}
      </p>
      {status.problem === 'failed' && (
        <p className="field-error" role="alert">
          {t('backups.failed', { reason: status.lastAttempt?.detail ?? '' })}
        </p>
      )}
      {status.problem === 'overdue' && (
        <p className="field-error" role="alert">
          {t('backups.overdue', { hours: status.everyHours })}
        </p>
      )}
      {second?.result === 'failed' && <p className="field-error">{t('backups.secondFolder.failed', { reason: second.detail ?? '' })}</p>}
      {detailed && status.running && <p className="muted">{t('backups.running')}</p>}
      {detailed && <p className="muted">{t('backups.next', { time: dateTime(status.nextDueAt) })}</p>}
      {detailed && second?.result === 'ok' && status.secondFolder !== null && <p className="muted">{t('backups.secondFolder.ok', { folder: status.secondFolder })}</p>}
    </section>
  );
}
