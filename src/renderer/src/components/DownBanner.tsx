import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { worstOpenIncident } from '../logic/alerts-logic';
import { useBotsStore } from '../state/bots-store';
import { useIncidentsStore } from '../state/incidents-store';
import { useNavStore } from '../state/nav-store';
import { useIncidentWords } from './incident-words';

/** Shown on every page while any bot is down or any incident is open; links to the worst incident. */
export function DownBanner(): ReactElement | null {
  const { t } = useI18n();
  const words = useIncidentWords();
  // Select the stable arrays and filter here: a selector returning a new array would re-render forever.
  const bots = useBotsStore((state) => state.bots);
  const open = useIncidentsStore((state) => state.open);
  const openIncident = useNavStore((state) => state.openIncident);
  const down = bots.filter((bot) => bot.status.state === 'down');
  const worst = worstOpenIncident(open);
  if (down.length === 0 && worst === null) return null;
  return (
    <div className="banner" role="alert">
      <span>
        {down.length > 0
          ? t('banner.down', { count: down.length, names: down.map((bot) => `@${bot.username}`).join(', ') })
          : worst !== null && t('banner.incident', { who: words.who(worst), cause: words.cause(worst) })}
      </span>
      {worst !== null && (
        <button type="button" onClick={() => openIncident(worst.id)}>
          {t('banner.view')}
        </button>
      )}
    </div>
  );
}
