import { create } from 'zustand';
import type { RecoveryJob, RecoveryProgress } from '../../../shared/recovery-jobs';
import { applyJobProgress } from '../logic/recovery-logic';
import { call, errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';

interface RecoveryState {
  /** The newest jobs first (the engine lists the last 100); null until loaded. */
  readonly jobs: readonly RecoveryJob[] | null;
  readonly error: string | null;
  readonly load: () => Promise<void>;
  /** A pushed 'recovery.progress': patched in place; a job started elsewhere, or one that just ended, reloads the list. */
  readonly applyProgress: (progress: RecoveryProgress) => void;
  /** A job the console just changed (started, paused, resumed, cancelled), as the engine answered. */
  readonly put: (job: RecoveryJob) => void;
}

export const useRecoveryStore = create<RecoveryState>((set, get) => ({
  jobs: null,
  error: null,
  load: async () => {
    try {
      set({ jobs: await call('listRecoveryJobs'), error: null });
    } catch (failure) {
      set({ error: errorText(failure, currentLocale()) });
    }
  },
  applyProgress: (progress) => {
    const { jobs } = get();
    if (jobs === null) return;
    const next = applyJobProgress(jobs, progress);
    set({ jobs: next.jobs });
    if (next.reload) void get().load();
  },
  put: (job) => {
    const jobs = get().jobs ?? [];
    set({ jobs: jobs.some((row) => row.id === job.id) ? jobs.map((row) => (row.id === job.id ? job : row)) : [job, ...jobs].sort((a, b) => b.id - a.id) });
  },
}));
