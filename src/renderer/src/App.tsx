import { useEffect, type ReactElement } from 'react';
import type { BotStatus } from '../../shared/bot-status';
import { AppShell } from './components/AppShell';
import { StoreProblemScreen } from './components/StoreProblemScreen';
import { useI18n, useLocaleStore } from './i18n/i18n';
import { useBotsStore } from './state/bots-store';
import { useStatusStore } from './state/status-store';
import { call, onEngineEvent } from './transport/client';
import { refreshOnEngineEvents } from './transport/engine-refresh';

export function App(): ReactElement {
  const { t } = useI18n();
  const { appInfo, store, loadError, load } = useStatusStore();
  const loadBots = useBotsStore((state) => state.load);
  const applyStatus = useBotsStore((state) => state.applyStatus);
  const choose = useLocaleStore((state) => state.choose);
  const setCurrency = useLocaleStore((state) => state.setCurrency);
  const ready = store?.state === 'ready';

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!ready) return undefined;
    void loadBots();
    void call('getSettings').then((settings) => {
      choose(settings.language);
      setCurrency(settings.currency);
    });
    // Live state arrives as pushed events; the console never polls. Lead and delivery events
    // change the cards' figures: refresh them at most twice a second, however busy the bots.
    const stopStatus = onEngineEvent((event) => {
      if (event.event === 'bot.status') applyStatus(event.payload as BotStatus);
    });
    const stopRefresh = refreshOnEngineEvents(['lead.created', 'delivery.outcome'], 500, () => void loadBots());
    return () => {
      stopStatus();
      stopRefresh();
    };
  }, [ready, loadBots, applyStatus, choose, setCurrency]);

  if (loadError !== null) {
    return (
      <main className="status-page" role="alert">
        <h1>Botdeck</h1>
        <p>{loadError.message}</p>
      </main>
    );
  }
  if (appInfo === null || store === null) {
    return (
      <main className="status-page" aria-busy="true">
        <p>{t('app.loading')}</p>
      </main>
    );
  }
  if (store.state !== 'ready') return <StoreProblemScreen appInfo={appInfo} store={store} />;
  return <AppShell appInfo={appInfo} />;
}
