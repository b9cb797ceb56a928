import { useEffect, useRef, type ReactElement } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { useI18n } from '../i18n/i18n';
import { AlertsPage } from '../pages/AlertsPage';
import { BotsPage } from '../pages/BotsPage';
import { CampaignsPage } from '../pages/CampaignsPage';
import { DashboardPage } from '../pages/DashboardPage';
import { FollowUpsPage } from '../pages/FollowUpsPage';
import { LeadsPage } from '../pages/LeadsPage';
import { ProductsPage } from '../pages/ProductsPage';
import { RecoveryPage } from '../pages/RecoveryPage';
import { SalesPage } from '../pages/SalesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { useNavStore, type Page } from '../state/nav-store';
import { DownBanner } from './DownBanner';

const PAGES: readonly Page[] = ['dashboard', 'bots', 'leads', 'alerts', 'recovery', 'campaigns', 'followups', 'products', 'sales', 'settings'];

export function AppShell({ appInfo }: { appInfo: AppInfo }): ReactElement {
  const { t } = useI18n();
  const { page, go } = useNavStore();
  const main = useRef<HTMLElement>(null);
  const shown = useRef<Page | null>(null);

  useEffect(() => {
    document.title = `${t(`nav.${page}`)} · Botdeck`;
  }, [t, page]);
  // A page change is announced: focus moves to the new page's heading (not on the first page shown).
  useEffect(() => {
    if (shown.current !== null && shown.current !== page) main.current?.querySelector<HTMLElement>('h1')?.focus();
    shown.current = page;
  }, [page]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">
          Botdeck <span className="version">v{appInfo.version}</span>
        </div>
        <ul>
          {PAGES.map((name) => (
            <li key={name}>
              <button type="button" className="nav-item" aria-current={page === name ? 'page' : undefined} onClick={() => go(name)}>
                {t(`nav.${name}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" ref={main}>
        <DownBanner />
        {page === 'dashboard' && <DashboardPage />}
        {page === 'bots' && <BotsPage />}
        {page === 'leads' && <LeadsPage />}
        {page === 'alerts' && <AlertsPage />}
        {page === 'recovery' && <RecoveryPage />}
        {page === 'campaigns' && <CampaignsPage />}
        {page === 'followups' && <FollowUpsPage />}
        {page === 'products' && <ProductsPage />}
        {page === 'sales' && <SalesPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
    </div>
  );
}
