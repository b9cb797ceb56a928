import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import type { RecoveryJobs } from '../recovery/recovery-jobs';

type RecoveryHandlers = Pick<Handlers, 'previewRecovery' | 'startRecovery' | 'pauseRecovery' | 'resumeRecovery' | 'cancelRecovery' | 'listRecoveryJobs' | 'getRecoveryJob'>;

function jobsOf(core: Core): RecoveryJobs {
  const jobs = core.recovery();
  if (jobs === null) throw new BotdeckError('BOTS_BLOCKED', `Leads cannot be recovered while the database cannot be used: ${core.botsMayRun()?.message ?? 'it is closed.'}`);
  return jobs;
}

export function recoveryHandlers(core: Core): RecoveryHandlers {
  return {
    previewRecovery: ({ scope }) => jobsOf(core).preview(scope),
    startRecovery: ({ scope, message }) => jobsOf(core).create(scope, message),
    pauseRecovery: ({ jobId }) => jobsOf(core).pause(jobId),
    resumeRecovery: ({ jobId }) => jobsOf(core).resume(jobId),
    cancelRecovery: ({ jobId }) => jobsOf(core).cancel(jobId),
    listRecoveryJobs: () => jobsOf(core).list(),
    getRecoveryJob: ({ jobId, offset, limit }) => jobsOf(core).detail(jobId, offset, limit),
  };
}
