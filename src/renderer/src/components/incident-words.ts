import type { Incident } from '../../../shared/alerts';
import { useI18n } from '../i18n/i18n';
import { formatDuration } from '../logic/alerts-logic';

/** How an incident is worded everywhere (banner, timeline, detail). */
export function useIncidentWords(): {
  who: (incident: Pick<Incident, 'botId' | 'username'>) => string;
  cause: (incident: Pick<Incident, 'cause'>) => string;
  duration: (ms: number) => string;
} {
  const { t } = useI18n();
  return {
    // botId null is the engine itself (cause 'engine_offline'); a bot's username may be gone with the bot.
    who: (incident) =>
      incident.botId === null ? t('incidents.botdeck') : incident.username === null ? t('incidents.unknownBot', { id: incident.botId }) : `@${incident.username}`,
    // Bot causes reuse the bot card's reason sentences, so one trouble reads the same everywhere.
    cause: (incident) => t(`reason.${incident.cause}`),
    duration: (ms) => formatDuration(ms, (unit, value) => t(`duration.${unit}`, { n: value })),
  };
}
