import type { Database } from 'better-sqlite3';
import type { BotState } from '../../../shared/bot-status';
import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { readSettings } from '../operator-settings';
import { incidentLoss, recoveryOverview, type LossContext } from '../recovery/loss-report';
import { openStoreOf } from './open-store';

type RecoveryHandlers = Pick<Handlers, 'getRecoveryOverview' | 'getIncidentLoss'>;

function lossContext(core: Core, db: Database): LossContext {
  // The fleet keeps each bot's last evaluated status in memory: reading it costs nothing.
  const botStates = new Map<number, BotState>((core.fleet()?.list() ?? []).map((bot) => [bot.id, bot.status.state]));
  return { now: Date.now(), settings: readSettings(db), botStates };
}

export function recoveryHandlers(core: Core): RecoveryHandlers {
  return {
    getRecoveryOverview: (request) => {
      const { db } = openStoreOf(core, 'the leads without a welcome cannot be shown');
      return recoveryOverview(db, request, lossContext(core, db));
    },
    getIncidentLoss: ({ incidentId }) => {
      const { db } = openStoreOf(core, 'the incident cannot be shown');
      return incidentLoss(db, incidentId, lossContext(core, db));
    },
  };
}
