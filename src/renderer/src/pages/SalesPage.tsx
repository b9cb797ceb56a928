import type { ReactElement } from 'react';
import { FunnelPanel } from '../components/FunnelPanel';
import { FunnelTable } from '../components/FunnelTable';
import { useSalesFunnel } from '../components/use-sales-funnel';
import { useI18n } from '../i18n/i18n';

/** The sales funnel over a period, in total and per bot and /start source. */
export function SalesPage(): ReactElement {
  const { t } = useI18n();
  const state = useSalesFunnel();
  return (
    <section aria-labelledby="sales-title">
      <h1 id="sales-title" tabIndex={-1}>
        {t('sales.title')}
      </h1>
      <p className="muted">{t('sales.intro')}</p>
      <FunnelPanel state={state} />
      {state.funnel !== null && <FunnelTable rows={state.funnel.rows} />}
    </section>
  );
}
