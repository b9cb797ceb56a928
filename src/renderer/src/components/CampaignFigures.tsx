import type { ReactElement } from 'react';
import type { CampaignProgress } from '../../../shared/campaigns';
import { useI18n } from '../i18n/i18n';
import { useProgressWords } from './campaign-progress-words';

/** A campaign's figures and results: recipients, sent, failed, blocked, capped, opted out, cancelled, remaining, rate, time left, clicks, conversions, revenue. */
export function CampaignFigures({ progress }: { progress: CampaignProgress }): ReactElement {
  const { t, number, money } = useI18n();
  const words = useProgressWords();
  const figures: readonly (readonly [string, string])[] = [
    [t('campaigns.figure.recipients'), number(progress.recipients)],
    [t('campaigns.figure.sent'), number(progress.sent)],
    [t('campaigns.figure.failed'), number(progress.failed)],
    [t('campaigns.figure.blocked'), number(progress.blocked)],
    [t('campaigns.figure.capped'), number(progress.capped)],
    [t('campaigns.figure.optedOut'), number(progress.optedOut)],
    ...(progress.cancelled > 0 ? [[t('campaigns.figure.cancelled'), number(progress.cancelled)] as const] : []),
    [t('campaigns.figure.remaining'), number(progress.remaining)],
    [t('campaigns.figure.rate'), words.rate(progress)],
    [t('campaigns.figure.eta'), words.eta(progress)],
    [t('campaigns.figure.clicks'), number(progress.clicks)],
    [t('campaigns.figure.conversions'), number(progress.conversions)],
    [t('campaigns.figure.revenue'), money(progress.revenueCents)],
  ];
  return (
    <dl className="figures" aria-label={t('campaigns.figures')}>
      {figures.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
