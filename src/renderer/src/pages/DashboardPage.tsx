import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { outageAlertsSomeone } from '../../../shared/alert-reach';
import type { ChannelView } from '../../../shared/alerts';
import type { BotSummary } from '../../../shared/bot-summary';
import type { DashboardFigures } from '../../../shared/dashboard';
import { BackupSummary } from '../components/BackupSummary';
import type { OperatorChat } from '../../../shared/operator-chat';
import { BotCard } from '../components/BotCard';
import { FunnelPanel } from '../components/FunnelPanel';
import { LeadsChart } from '../components/LeadsChart';
import { LossCard } from '../components/LossCard';
import { PixGatewayWarning } from '../components/PixGatewayWarning';
import { useSalesFunnel } from '../components/use-sales-funnel';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useFirstRunStore, type FirstRunStep } from '../state/first-run-store';
import { useNavStore } from '../state/nav-store';
import { useOperatorChatStore } from '../state/operator-chat-store';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { FirstRunPage } from './FirstRunPage';

const HOUR = 3_600_000;

/** Where a resumed first-run path picks up: the first thing still missing. */
function resumeAt(bots: readonly BotSummary[], chat: OperatorChat | null): { step: FirstRunStep; botId: number | null } {
  const bot = bots[0];
  if (bot === undefined) return { step: 'token', botId: null };
  if (bot.desiredState !== 'running') return { step: 'start', botId: bot.id };
  return { step: chat === null ? 'chat' : 'alerts', botId: bot.id };
}

export function DashboardPage(): ReactElement {
  const { t, number, locale } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const botsLoaded = useBotsStore((state) => state.loaded);
  const act = useBotsStore((state) => state.act);
  const firstRun = useFirstRunStore();
  const chat = useOperatorChatStore((state) => state.chat);
  const go = useNavStore((state) => state.go);
  const [figures, setFigures] = useState<DashboardFigures | null>(null);
  const [channels, setChannels] = useState<readonly ChannelView[] | null>(null);
  const funnel = useSalesFunnel();
  const openFirstRun = firstRun.open;
  const showFirstRun = botsLoaded && bots.length === 0 && !firstRun.skipped && !firstRun.active;

  // No bots yet: the first-run path replaces the empty dashboard (unless the operator skipped it).
  useEffect(() => {
    if (showFirstRun) openFirstRun('token', null);
  }, [showFirstRun, openFirstRun]);

  useEffect(() => {
    void call('listAlertChannels').then(setChannels);
  }, [firstRun.active]);

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
  const stopped = bots.filter((bot) => bot.desiredState !== 'running');

  // A bot added outside the path (the Bots page) while it was open ends it: the dashboard has something to show.
  if ((firstRun.active && (firstRun.botId !== null || bots.length === 0)) || showFirstRun) return <FirstRunPage />;
  const resume = resumeAt(bots, chat);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title" tabIndex={-1}>
        {t('dashboard.title')}
      </h1>
      {channels !== null && !outageAlertsSomeone(channels) && (
        <p className="warning" role="status">
          {t('dashboard.noAlerts')}{' '}
          <button type="button" className="link" onClick={() => go('alerts')}>
            {t('dashboard.noAlerts.add')}
          </button>
        </p>
      )}
      <PixGatewayWarning />
      {stopped.length > 0 && (
        <p className="warning" role="status">
          {t('dashboard.stopped', { names: stopped.map((bot) => `@${bot.username}`).join(', ') })}
        </p>
      )}
      {(bots.length === 0 || chat === null) && (
        <p>
          <button type="button" onClick={() => openFirstRun(resume.step, resume.botId)}>
            {t('firstRun.resume')}
          </button>
        </p>
      )}
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
      <FunnelPanel state={funnel} />
      <LossCard />
      <BackupSummary detailed={false} />
      {bots.length === 0 ? (
        <p>{t('dashboard.empty')}</p>
      ) : (
        <div className="cards">
          {bots.map((bot) => (
            <BotCard
              key={bot.id}
              bot={bot}
              onStart={() => void act('startBot', bot.id)}
              leadsToday={perBot.get(bot.id)?.leadsToday ?? null}
              leadsTotal={perBot.get(bot.id)?.leadsTotal ?? null}
            />
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
