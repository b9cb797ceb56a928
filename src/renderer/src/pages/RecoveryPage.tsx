import { useEffect, useState, type ReactElement } from 'react';
import type { RecoveryOverview as Overview } from '../../../shared/recovery';
import { RecoveryForm } from '../components/RecoveryForm';
import { RecoveryJobList } from '../components/RecoveryJobList';
import { RecoveryJobView } from '../components/RecoveryJobView';
import { RecoveryOverview } from '../components/RecoveryOverview';
import { useI18n, currentLocale } from '../i18n/i18n';
import { useNavStore } from '../state/nav-store';
import { useRecoveryStore } from '../state/recovery-store';
import { call, errorText, onEngineEvent } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

/** How many lost leads the page lists (the figures always count them all). */
const LOST_LEADS_SHOWN = 200;

/** What the outages and refusals cost, the form that wins it back, and the jobs doing it. */
export function RecoveryPage(): ReactElement {
  const { t } = useI18n();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const jobId = useNavStore((state) => state.recoveryJobId);
  const selectJob = useNavStore((state) => state.selectRecoveryJob);
  const openForm = useNavStore((state) => state.openRecoveryForm);
  const draftSeq = useNavStore((state) => state.recoveryDraft?.seq ?? 0);
  const loadJobs = useRecoveryStore((state) => state.load);
  const applyProgress = useRecoveryStore((state) => state.applyProgress);

  useEffect(() => {
    let alive = true;
    const load = (): void => {
      void call('getRecoveryOverview', { leadLimit: LOST_LEADS_SHOWN }).then(
        (loaded) => {
          if (!alive) return;
          setOverview(loaded);
          setError(null);
        },
        (failure: unknown) => {
          if (alive) setError(errorText(failure, currentLocale()));
        },
      );
    };
    load();
    void loadJobs();
    // Every figure moves with the leads, the sends, the bots' states, the jobs and the money settings: at most once a second.
    const stopOverview = refreshOnEngineEvents(
      ['lead.created', 'lead.updated', 'delivery.outcome', 'bot.status', 'recovery.progress', 'incident.opened', 'incident.updated', 'settings.changed'],
      1000,
      load,
    );
    // Progress is patched into the jobs as it is pushed, a few times a second.
    const stopProgress = onEngineEvent((event) => {
      if (event.event === 'recovery.progress') applyProgress(event.payload);
    });
    return () => {
      alive = false;
      stopOverview();
      stopProgress();
    };
  }, [loadJobs, applyProgress]);

  return (
    <section aria-labelledby="recovery-title" className="recovery">
      <h1 id="recovery-title" tabIndex={-1}>
        {t('recovery.title')}
      </h1>
      <p className="muted">{t('recovery.intro')}</p>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="recovery-lost-title">
        <h2 id="recovery-lost-title">{t('recovery.lostTitle')}</h2>
        {overview === null ? error === null && <p aria-busy="true">{t('app.loading')}</p> : <RecoveryOverview overview={overview} onRecover={openForm} />}
      </section>
      <RecoveryForm key={`form-${draftSeq}`} overview={overview} />
      <RecoveryJobList />
      {jobId !== null && <RecoveryJobView key={`job-${jobId}`} jobId={jobId} onClose={() => selectJob(null)} />}
    </section>
  );
}
