import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { DashboardFigures } from '../../../shared/dashboard';
import { BackupSummary } from '../components/BackupSummary';
import { BotCard } from '../components/BotCard';
import { LeadsChart } from '../components/LeadsChart';
import { LossCard } from '../components/LossCard';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

const HOUR = 3_600_000;

export function DashboardPage(): ReactElement {
  const { t, number, locale } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const [figures, setFigures] = useState<DashboardFigures | null>(null);

  useEffect(() => {
    const load = (): void => {
      const now = Date.now();
      void call('dashboardFigures', { now, utcOffsetMinutes: -new Date(now).getTimezoneOffset() }).then(setFigures);
    };
    load();
    return refreshOnEngineEvents(['lead.created', 'lead.updated', 'delivery.outcome'], 1000, load);
  }, []);

  const hourFormat = useCallback((ms: number) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(ms), [locale]);
  const dayFormat = useCallback((ms: number) => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit' }).format(ms), [locale]);
  const share = figures?.welcomedShareToday ?? null;
  const perBot = new Map(figures?.perBot.map((bot) => [bot.botId, bot]) ?? []);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title" tabIndex={-1}>
        {t('dashboard.title')}
      </h1>
      {figures !== null && (
        <dl className="figures" aria-label={t('dashboard.figures')}>
          <div>
            <dt>{t('dashboard.leadsToday')}</dt>
            <dd>{number(figures.leadsToday)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.welcomed')}</dt>
            <dd>{share === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent' }).format(share)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.pending')}</dt>
            <dd>{number(figures.pendingWelcomes)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.blocked')}</dt>
            <dd>{number(figures.blockedToday)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.clicks')}</dt>
            <dd>{number(figures.clicksToday)}</dd>
          </div>
          <div>
            <dt>{t('dashboard.leadsTotal')}</dt>
            <dd>{number(figures.leadsTotal)}</dd>
          </div>
        </dl>
      )}
      <LossCard />
      <BackupSummary detailed={false} />
      {bots.length === 0 ? (
        <p>{t('dashboard.empty')}</p>
      ) : (
        <div className="cards">
          {bots.map((bot) => (
            <BotCard key={bot.id} bot={bot} leadsToday={perBot.get(bot.id)?.leadsToday ?? null} leadsTotal={perBot.get(bot.id)?.leadsTotal ?? null} />
          ))}
        </div>
      )}
      {figures !== null && (
        <div className="charts">
          <LeadsChart title={t('dashboard.chart.hourly')} values={figures.hourly} from={figures.hourlyFrom} stepMs={HOUR} format={hourFormat} />
          <LeadsChart title={t('dashboard.chart.daily')} values={figures.daily} from={figures.dailyFrom} stepMs={24 * HOUR} format={dayFormat} />
        </div>
      )}
    </section>
  );
}
