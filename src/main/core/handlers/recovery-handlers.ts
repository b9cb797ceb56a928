import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BotState } from '../../../shared/bot-status';
import type { Handlers } from '../../../shared/contract';
import { EXPORTS_DIR } from '../../../shared/export';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { readSettings } from '../operator-settings';
import { MoneyBasisReader } from '../payments/money-basis';
import { incidentLoss, recoveryOverview, type LossContext } from '../recovery/loss-report';
import type { RecoveryJobs } from '../recovery/recovery-jobs';
import { exportRecoveryReport } from '../recovery/recovery-report-export';
import { openStoreOf } from './open-store';

type RecoveryHandlers = Pick<
  Handlers,
  | 'getRecoveryOverview'
  | 'getIncidentLoss'
  | 'previewRecovery'
  | 'startRecovery'
  | 'pauseRecovery'
  | 'resumeRecovery'
  | 'cancelRecovery'
  | 'listRecoveryJobs'
  | 'getRecoveryJob'
  | 'exportRecoveryReport'
>;

function lossContext(core: Core, db: Database): LossContext {
  // The fleet keeps each bot's last evaluated status in memory: reading it costs nothing.
  const botStates = new Map<number, BotState>((core.fleet()?.list() ?? []).map((bot) => [bot.id, bot.status.state]));
  const now = Date.now();
  return { now, settings: new MoneyBasisReader(db).priced(readSettings(db), now), botStates };
}

function jobsOf(core: Core): RecoveryJobs {
  const jobs = core.recovery();
  if (jobs === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedRecovery', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  return jobs;
}

export function recoveryHandlers(core: Core): RecoveryHandlers {
  return {
    getRecoveryOverview: (request) => {
      const { db } = openStoreOf(core, text('store.cannot.unwelcomed', {}));
      return recoveryOverview(db, request, lossContext(core, db));
    },
    getIncidentLoss: ({ incidentId }) => {
      const { db } = openStoreOf(core, text('store.cannot.incident', {}));
      return incidentLoss(db, incidentId, lossContext(core, db));
    },
    previewRecovery: ({ scope }) => jobsOf(core).preview(scope),
    startRecovery: ({ scope, message, announce }) => jobsOf(core).create(scope, message, announce),
    pauseRecovery: ({ jobId }) => jobsOf(core).pause(jobId),
    resumeRecovery: ({ jobId }) => jobsOf(core).resume(jobId),
    cancelRecovery: ({ jobId }) => jobsOf(core).cancel(jobId),
    listRecoveryJobs: () => jobsOf(core).list(),
    getRecoveryJob: ({ jobId, offset, limit }) => jobsOf(core).detail(jobId, offset, limit),
    exportRecoveryReport: ({ jobId }) => exportRecoveryReport(jobsOf(core), join(core.dataDir, EXPORTS_DIR), jobId),
  };
}
