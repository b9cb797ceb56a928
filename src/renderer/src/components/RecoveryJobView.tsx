import { useEffect, useRef, useState, type ReactElement } from 'react';
import { recoverySkipReasons, type RecoveryJob, type RecoveryJobDetail } from '../../../shared/recovery-jobs';
import { useI18n, currentLocale } from '../i18n/i18n';
import { doneShare, isJobOpen, skippedTotal } from '../logic/recovery-logic';
import { useNavStore } from '../state/nav-store';
import { useRecoveryStore } from '../state/recovery-store';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { ReportExport } from './ReportExport';
import { useIncidentWords } from './incident-words';
import { useRecoveryWords } from './recovery-words';
import { ConfirmDialog } from './ConfirmDialog';

export const RECOVERY_JOB_ID = 'recovery-job';
/** Leads per page of the report: a screenful to read, not the engine's largest page. */
const REPORT_PAGE = 100;

/** One job: its live figures, pause/resume/cancel, and the per-lead report a page at a time. Keyed by the job, so another job starts afresh. */
export function RecoveryJobView({ jobId, onClose }: { jobId: number; onClose: () => void }): ReactElement {
  const { t, number, dateTime } = useI18n();
  const words = useRecoveryWords();
  const duration = useIncidentWords().duration;
  const go = useNavStore((state) => state.go);
  const listed = useRecoveryStore((state) => state.jobs?.find((job) => job.id === jobId) ?? null);
  const put = useRecoveryStore((state) => state.put);
  const [offset, setOffset] = useState(0);
  const [detail, setDetail] = useState<RecoveryJobDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const region = useRef<HTMLElement>(null);

  useEffect(() => {
    region.current?.scrollIntoView({ block: 'start' });
  }, [jobId]);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void call('getRecoveryJob', { jobId, offset, limit: REPORT_PAGE }).then(
        (loaded) => {
          if (alive) setDetail(loaded);
        },
        (failure: unknown) => {
          if (alive) setError(errorText(failure, currentLocale()));
        },
      );
    };
    load();
    // The report's outcomes move with the job: read the page again after its progress, at most once a second.
    const stop = refreshOnEngineEvents(['recovery.progress'], 1000, load, (event) => event.event === 'recovery.progress' && event.payload.jobId === jobId);
    return () => {
      alive = false;
      stop();
    };
  }, [jobId, offset]);

  const shown = detail?.id === jobId ? detail : null;
  // The pushed figures are the freshest; the report's own copy stands in for a job older than the list.
  const job: RecoveryJob | null = listed ?? shown;

  const act = async (action: 'pauseRecovery' | 'resumeRecovery' | 'cancelRecovery'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      put(await call(action, { jobId }));
      setConfirmingCancel(false);
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
    } finally {
      setBusy(false);
    }
  };

  const title = t('recovery.job.title', { job: jobId });
  return (
    <section id={RECOVERY_JOB_ID} ref={region} className="recovery-job" aria-label={title}>
      <div className="row">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          {t('recovery.job.close')}
        </button>
      </div>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {job === null ? (
        error === null && <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <>
          <p className="muted">
            {words.scope(job.scope)} · {t('recovery.job.createdAt', { time: dateTime(job.createdAt) })}
            {job.finishedAt !== null && ` · ${t('recovery.job.finishedAt', { time: dateTime(job.finishedAt) })}`}
          </p>
          <p className="muted">{job.message.kind === 'welcome' ? t('recovery.message.welcome') : t('recovery.job.apology', { text: job.message.text })}</p>
          {job.announce && <p className="muted">{t('recovery.job.announced')}</p>}
          <div className="row">
            <span className={`badge job-${job.progress.status}`} data-status={job.progress.status}>
              {t(`recovery.status.${job.progress.status}`)}
            </span>
            <progress max={1} value={doneShare(job.progress)} aria-label={t('recovery.job.progress')} />
            {job.progress.status === 'running' && (
              <button type="button" disabled={busy} onClick={() => void act('pauseRecovery')}>
                {t('recovery.job.pause')}
              </button>
            )}
            {job.progress.status === 'paused' && (
              <button type="button" disabled={busy} onClick={() => void act('resumeRecovery')}>
                {t('recovery.job.resume')}
              </button>
            )}
            {isJobOpen(job.progress.status) && !confirmingCancel && (
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirmingCancel(true)}>
                {t('recovery.job.cancel')}
              </button>
            )}
          </div>
          {confirmingCancel && isJobOpen(job.progress.status) && (
            <ConfirmDialog
              label={t('recovery.job.cancel')}
              message={t('recovery.job.cancel.confirm', { n: number(job.progress.remaining) })}
              onCancel={() => setConfirmingCancel(false)}
            >
              <button type="button" className="danger" disabled={busy} onClick={() => void act('cancelRecovery')}>
                {t('recovery.job.cancel.yes')}
              </button>
              <button type="button" onClick={() => setConfirmingCancel(false)}>
                {t('recovery.job.cancel.no')}
              </button>
            </ConfirmDialog>
          )}
          <dl className="figures" aria-label={t('recovery.job.figures')}>
            <div>
              <dt>{t('recovery.job.sent')}</dt>
              <dd>{t('recovery.job.ofTotal', { n: number(job.progress.sent), total: number(job.progress.total) })}</dd>
            </div>
            <div>
              <dt>{t('recovery.job.skipped')}</dt>
              <dd>{number(skippedTotal(job.progress))}</dd>
            </div>
            <div>
              <dt>{t('recovery.job.failed')}</dt>
              <dd>{number(job.progress.failed)}</dd>
            </div>
            <div>
              <dt>{t('recovery.job.blocked')}</dt>
              <dd>{number(job.progress.blocked)}</dd>
            </div>
            {job.progress.cancelled > 0 && (
              <div>
                <dt>{t('recovery.job.cancelled')}</dt>
                <dd>{number(job.progress.cancelled)}</dd>
              </div>
            )}
            <div>
              <dt>{t('recovery.job.remaining')}</dt>
              <dd>{number(job.progress.remaining)}</dd>
            </div>
            <div>
              <dt>{t('recovery.job.rate')}</dt>
              <dd>{job.progress.ratePerSecond === null ? '–' : t('recovery.job.perSecond', { n: number(Math.round(job.progress.ratePerSecond * 10) / 10) })}</dd>
            </div>
            <div>
              <dt>{t('recovery.job.eta')}</dt>
              <dd>{job.progress.etaMs === null ? '–' : duration(job.progress.etaMs)}</dd>
            </div>
          </dl>
          {skippedTotal(job.progress) > 0 && (
            <p className="muted">
              {t('recovery.job.skippedWhy', {
                reasons: recoverySkipReasons
                  .filter((why) => job.progress.skipped[why] > 0)
                  .map((why) => t(`recovery.skippedCount.${why}`, { n: number(job.progress.skipped[why]) }))
                  .join(' · '),
              })}
            </p>
          )}
          {job.progress.waitingBots.length > 0 && (
            <div className="caution" role="status">
              {job.progress.waitingBots.map((bot) => (
                <p key={bot.botId}>{t('recovery.job.botWaits', { bot: words.bot(bot.botId), n: number(bot.remaining) })}</p>
              ))}
              <button type="button" onClick={() => go('bots')}>
                {t('recovery.job.openBots')}
              </button>
            </div>
          )}
          {(job.alreadyInJobs.length > 0 || job.welcomesOnTheirWay > 0) && (
            <ul className="recovery-notes" aria-label={t('recovery.leftOut')}>
              {job.alreadyInJobs.map((entry) => (
                <li key={entry.jobId}>{t('recovery.inJob', { n: number(entry.leads), job: entry.jobId })}</li>
              ))}
              {job.welcomesOnTheirWay > 0 && <li>{t('recovery.onTheirWay', { n: number(job.welcomesOnTheirWay) })}</li>}
            </ul>
          )}

          <h3>{t('recovery.report.title')}</h3>
          <ReportExport exportReport={() => call('exportRecoveryReport', { jobId })} />
          {shown === null ? (
            <p aria-busy="true">{t('app.loading')}</p>
          ) : (
            <>
              <div className="table-scroll">
                <table className="data-table" aria-label={t('recovery.report.title')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('recovery.col.name')}</th>
                      <th scope="col">{t('recovery.col.bot')}</th>
                      <th scope="col">{t('recovery.col.outcome')}</th>
                      <th scope="col">{t('recovery.col.reason')}</th>
                      <th scope="col">{t('recovery.col.at')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.leads.map((lead) => (
                      <tr key={lead.leadId} data-outcome={lead.outcome}>
                        <td>
                          {lead.firstName}
                          {lead.username !== null && <div className="sub">@{lead.username}</div>}
                        </td>
                        <td>{words.bot(lead.botId)}</td>
                        <td className={`outcome-${lead.outcome}`}>{words.outcome(lead)}</td>
                        <td>{words.why(lead)}</td>
                        <td>{dateTime(lead.at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {shown.progress.total > REPORT_PAGE && (
                <div className="row">
                  <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - REPORT_PAGE))}>
                    {t('recovery.report.previous')}
                  </button>
                  <span>
                    {t('recovery.report.range', {
                      from: number(offset + 1),
                      to: number(Math.min(offset + REPORT_PAGE, shown.progress.total)),
                      total: number(shown.progress.total),
                    })}
                  </span>
                  <button type="button" disabled={offset + REPORT_PAGE >= shown.progress.total} onClick={() => setOffset(offset + REPORT_PAGE)}>
                    {t('recovery.report.next')}
                  </button>
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
