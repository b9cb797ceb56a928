import type { ReactElement } from 'react';
import { BotCard } from '../components/BotCard';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';

export function DashboardPage(): ReactElement {
  const { t } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">{t('dashboard.title')}</h2>
      {bots.length === 0 ? (
        <p>{t('dashboard.empty')}</p>
      ) : (
        <div className="cards">
          {bots.map((bot) => (
            <BotCard key={bot.id} bot={bot} />
          ))}
        </div>
      )}
    </section>
  );
}
