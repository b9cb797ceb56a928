import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { barPercent, funnelPeriods, type FunnelPeriod } from '../logic/sales-funnel-logic';
import type { SalesFunnelState } from './use-sales-funnel';

const STEPS = ['starts', 'welcomed', 'clicked', 'checkout', 'paid'] as const;

/** The period picker, the funnel's steps as plain bars (the numbers are the text; the bars only draw them) and the sales figures. */
export function FunnelPanel({ state }: { state: SalesFunnelState }): ReactElement {
  const { t, number, money, locale } = useI18n();
  const { choice, choose, funnel, valid } = state;
  const totals = funnel?.totals ?? null;
  const widest = totals === null ? 0 : Math.max(...STEPS.map((step) => totals[step]));
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const none = t('sales.none');
  return (
    <section className="card funnel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('sales.funnel')}</h2>
      <div className="funnel-period">
        <label htmlFor="funnel-period">{t('sales.period')}</label>
        <select id="funnel-period" value={choice.period} onChange={(event) => choose({ ...choice, period: funnelPeriods.find((p) => p === event.target.value) ?? 'today' })}>
          {funnelPeriods.map((period: FunnelPeriod) => (
            <option key={period} value={period}>
              {t(`sales.period.${period}`)}
            </option>
          ))}
        </select>
        {choice.period === 'custom' && (
          <>
            <label htmlFor="funnel-from">{t('sales.period.from')}</label>
            <input id="funnel-from" type="date" value={choice.customFrom} onChange={(event) => choose({ ...choice, customFrom: event.target.value })} />
            <label htmlFor="funnel-to">{t('sales.period.to')}</label>
            <input id="funnel-to" type="date" value={choice.customTo} onChange={(event) => choose({ ...choice, customTo: event.target.value })} />
          </>
        )}
      </div>
      {!valid && <p className="muted">{t('sales.period.invalid')}</p>}
      {valid && totals === null && <p className="muted">{t('sales.loading')}</p>}
      {totals !== null && (
        <>
          <ol className="funnel-steps" aria-label={t('sales.steps')}>
            {STEPS.map((step) => (
              <li key={step}>
                <span className="funnel-label">{t(`sales.step.${step}`)}</span>
                <span className="funnel-bar" aria-hidden="true">
                  <span style={{ width: `${barPercent(totals[step], widest)}%` }} />
                </span>
                <span className="funnel-count">{number(totals[step])}</span>
              </li>
            ))}
          </ol>
          <dl className="figures" aria-label={t('sales.figures')}>
            <div>
              <dt>{t('sales.revenue')}</dt>
              <dd>{money(totals.revenueCents, 'BRL')}</dd>
            </div>
            <div>
              <dt>{t('sales.revenueStars')}</dt>
              <dd>{t('sales.stars', { count: number(totals.revenueStars) })}</dd>
            </div>
            <div>
              <dt>{t('sales.conversion')}</dt>
              <dd>{totals.conversionRate === null ? none : percent.format(totals.conversionRate)}</dd>
            </div>
            <div>
              <dt>{t('sales.ticket')}</dt>
              <dd>{totals.averageTicketCents === null ? none : money(totals.averageTicketCents, 'BRL')}</dd>
            </div>
            <div>
              <dt>{t('sales.ticketStars')}</dt>
              <dd>{totals.averageTicketStars === null ? none : t('sales.stars', { count: number(totals.averageTicketStars) })}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
