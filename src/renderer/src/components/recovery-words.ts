import type { LossReason } from '../../../shared/recovery';
import type { RecoveryLead, RecoveryScope } from '../../../shared/recovery-jobs';
import { useI18n } from '../i18n/i18n';
import { failedDetail } from '../logic/recovery-logic';
import { useBotsStore } from '../state/bots-store';

/** How recovery is worded everywhere (the page, the dashboard card, the incident). */
export function useRecoveryWords(): {
  bot: (botId: number) => string;
  scope: (scope: RecoveryScope) => string;
  /** Why a lead never got a welcome; a queued one whose bot is not running waits for the bot. */
  reason: (reason: LossReason, detail: string | null, botWaits: boolean) => string;
  /** What became of a lead of a job, and why. */
  outcome: (lead: Pick<RecoveryLead, 'outcome'>) => string;
  why: (lead: Pick<RecoveryLead, 'outcome' | 'why'>) => string;
} {
  const { t, dateTime } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const bot = (botId: number): string => {
    const found = bots.find((row) => row.id === botId);
    return found === undefined ? t('incidents.unknownBot', { id: botId }) : `@${found.username}`;
  };
  return {
    bot,
    scope: (scope) => {
      switch (scope.kind) {
        case 'all':
          return t('recovery.scope.all');
        case 'bot':
          return t('recovery.scope.botNamed', { bot: bot(scope.botId) });
        case 'incident':
          return t('recovery.scope.incidentNamed', { id: scope.incidentId });
        case 'age':
          return t('recovery.scope.window', { from: dateTime(scope.firstSeenFrom), to: dateTime(scope.firstSeenTo) });
      }
    },
    reason: (reason, detail, botWaits) => {
      if (reason === 'pending' && botWaits) return t('recovery.reason.waitingForBot');
      if (reason === 'failed' && failedDetail(detail).kind === 'cancelled') return t('recovery.reason.cancelled');
      if ((reason === 'failed' || reason === 'held') && detail !== null) return t(`recovery.reason.${reason}.detail`, { detail });
      return t(`recovery.reason.${reason}`);
    },
    outcome: (lead) => t(`recovery.outcome.${lead.outcome}`),
    why: (lead) => {
      if (lead.outcome === 'skipped') {
        const why = lead.why;
        return why === 'welcomed' || why === 'converted' || why === 'archived' || why === 'blocked' ? t(`recovery.skip.${why}`) : (why ?? '');
      }
      // The engine's own wording for a cancel is English; the console says it in the operator's language.
      if (lead.outcome === 'cancelled') return t('recovery.report.cancelledWhy');
      return lead.why ?? '';
    },
  };
}
