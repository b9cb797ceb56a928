import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { useNavStore } from '../state/nav-store';
import { useRecoveryStore } from '../state/recovery-store';
import { RECOVERY_JOB_ID } from './RecoveryJobView';
import { useRecoveryWords } from './recovery-words';

/** The recovery jobs, newest first, live; a row opens the job. */
export function RecoveryJobList(): ReactElement {
  const { t, number, dateTime } = useI18n();
  const words = useRecoveryWords();
  const { jobs, error } = useRecoveryStore();
  const selected = useNavStore((state) => state.recoveryJobId);
  const select = useNavStore((state) => state.selectRecoveryJob);
  return (
    <section aria-labelledby="recovery-jobs-title">
      <h2 id="recovery-jobs-title">{t('recovery.jobs.title')}</h2>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {jobs !== null && jobs.length === 0 && <p className="muted">{t('recovery.jobs.empty')}</p>}
      {jobs !== null && jobs.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('recovery.jobs.title')}>
            <thead>
              <tr>
                <th scope="col">{t('recovery.col.job')}</th>
                <th scope="col">{t('recovery.col.started')}</th>
                <th scope="col">{t('recovery.col.scope')}</th>
                <th scope="col">{t('recovery.col.status')}</th>
                <th scope="col">{t('recovery.col.sent')}</th>
                <th scope="col">{t('recovery.col.remaining')}</th>
                <th scope="col">{t('incidents.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} className={selected === job.id ? 'incident-selected' : undefined} data-job-id={job.id}>
                  <td className="number">{job.id}</td>
                  <td>{dateTime(job.createdAt)}</td>
                  <td>
                    {words.scope(job.scope)}
                    <div className="sub">{job.message.kind === 'welcome' ? t('recovery.message.welcome') : t('recovery.message.apology')}</div>
                  </td>
                  <td>
                    <span className={`badge job-${job.progress.status}`} data-status={job.progress.status}>
                      {t(`recovery.status.${job.progress.status}`)}
                    </span>
                  </td>
                  <td>{t('recovery.job.ofTotal', { n: number(job.progress.sent), total: number(job.progress.total) })}</td>
                  <td className="number">{number(job.progress.remaining)}</td>
                  <td>
                    <button
                      type="button"
                      aria-expanded={selected === job.id}
                      aria-controls={selected === job.id ? RECOVERY_JOB_ID : undefined}
                      aria-label={t('recovery.viewJob', { job: job.id })}
                      onClick={() => select(selected === job.id ? null : job.id)}
                    >
                      {t('incidents.details')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
