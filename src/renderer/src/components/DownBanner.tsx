import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';

/** Shown on every page while any bot is down. */
export function DownBanner(): ReactElement | null {
  const { t } = useI18n();
  // Select the stable array and filter here: a selector returning a new array would re-render forever.
  const bots = useBotsStore((state) => state.bots);
  const down = bots.filter((bot) => bot.status.state === 'down');
  if (down.length === 0) return null;
  return (
    <div className="banner" role="alert">
      {t('banner.down', { count: down.length, names: down.map((bot) => `@${bot.username}`).join(', ') })}
    </div>
  );
}
