import { useEffect, type ReactElement } from 'react';
import type { ConsoleTarget } from '../../shared/alerts';
import { renderText } from '../../shared/i18n/error-text';
import type { SettingsView } from '../../shared/settings';
import { AppShell } from './components/AppShell';
import { StoreProblemScreen } from './components/StoreProblemScreen';
import { useI18n, useLocaleStore } from './i18n/i18n';
import { useBotsStore } from './state/bots-store';
import { useIncidentsStore } from './state/incidents-store';
import { useNavStore } from './state/nav-store';
import { useOperatorChatStore } from './state/operator-chat-store';
import { useProductsStore } from './state/products-store';
import { useStatusStore } from './state/status-store';
import { startBrowserNotifications } from './transport/browser-notifications';
import { call, hasDesktopBridge, onEngineEvent } from './transport/client';
import { refreshOnEngineEvents } from './transport/engine-refresh';

export function App(): ReactElement {
  const { t, locale } = useI18n();
  const { appInfo, store, loadError, load } = useStatusStore();
  const loadBots = useBotsStore((state) => state.load);
  const applyStatus = useBotsStore((state) => state.applyStatus);
  const choose = useLocaleStore((state) => state.choose);
  const setCurrency = useLocaleStore((state) => state.setCurrency);
  const loadIncidents = useIncidentsStore((state) => state.load);
  const applyIncident = useIncidentsStore((state) => state.apply);
  const openIncident = useNavStore((state) => state.openIncident);
  const openRecoveryJob = useNavStore((state) => state.openRecoveryJob);
  const loadOperatorChat = useOperatorChatStore((state) => state.load);
  const applyOperatorChat = useOperatorChatStore((state) => state.apply);
  const loadProducts = useProductsStore((state) => state.load);
  const ready = store?.state === 'ready';

  useEffect(() => {
    void load();
  }, [load]);

  // Screen readers read the console in its own language, not the browser's.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    if (!ready) return undefined;
    void loadBots();
    void loadIncidents();
    void loadOperatorChat();
    void loadProducts();
    const applySettings = (settings: SettingsView): void => {
      choose(settings.language);
      setCurrency(settings.currency);
    };
    void call('getSettings').then(applySettings);
    // A notification's click (the desktop shell's, or this browser's) opens what it is about.
    const open = (target: ConsoleTarget): void => {
      if (target.page === 'alerts') openIncident(target.incidentId);
      else openRecoveryJob(target.jobId);
    };
    // Live state arrives as pushed events; the console never polls. Lead and delivery events
    // change the cards' figures: refresh them at most twice a second, however busy the bots.
    const stopStatus = onEngineEvent((event) => {
      if (event.event === 'bot.status') applyStatus(event.payload);
      // The banner's open incidents are patched in place: an incident event carries the whole row.
      else if (event.event === 'incident.opened' || event.event === 'incident.updated') applyIncident(event.payload);
      // Settings saved elsewhere (another console, the tray) change the language and currency here too.
      else if (event.event === 'settings.changed') applySettings(event.payload);
      // The desktop shell after a click on its notification: show the incident or the recovery job.
      else if (event.event === 'console.open') open(event.payload);
      // The operator's /start with the one-time code: test sends and the alert form offer this chat.
      else if (event.event === 'operator.chat') applyOperatorChat(event.payload);
    });
    // Lead and delivery events change the cards' figures, a removal (maybe from another console) the list.
    const stopRefresh = refreshOnEngineEvents(['lead.created', 'delivery.outcome', 'bot.removed'], 500, () => void loadBots());
    // Products changed here or in another console, a bot removed, a sale recorded on a lead: the lists and counts refresh.
    const stopProducts = refreshOnEngineEvents(['products.changed', 'bot.removed', 'lead.updated'], 300, () => void loadProducts());
    // A browser console shows the notifications itself; the desktop app's come from the OS, through the shell.
    const stopNotifications = hasDesktopBridge() ? () => undefined : startBrowserNotifications(open);
    return () => {
      stopStatus();
      stopRefresh();
      stopProducts();
      stopNotifications();
    };
  }, [ready, loadBots, loadIncidents, loadOperatorChat, loadProducts, applyOperatorChat, applyStatus, applyIncident, openIncident, openRecoveryJob, choose, setCurrency]);

  if (loadError !== null) {
    return (
      <main className="status-page" role="alert">
        <h1>Botdeck</h1>
        <p>{renderText(locale, loadError.text)}</p>
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
