import type { ReactElement } from 'react';
import type { CampaignProgress } from '../../../shared/campaigns';
import { useI18n } from '../i18n/i18n';
import { useProgressWords } from './campaign-progress-words';

/** A campaign's figures: recipients, sent, failed, blocked, cancelled, remaining, rate, time left. */
export function CampaignFigures({ progress }: { progress: CampaignProgress }): ReactElement {
  const { t, number } = useI18n();
  const words = useProgressWords();
  const figures: readonly (readonly [string, string])[] = [
    [t('campaigns.figure.recipients'), number(progress.recipients)],
    [t('campaigns.figure.sent'), number(progress.sent)],
    [t('campaigns.figure.failed'), number(progress.failed)],
    [t('campaigns.figure.blocked'), number(progress.blocked)],
    ...(progress.cancelled > 0 ? [[t('campaigns.figure.cancelled'), number(progress.cancelled)] as const] : []),
    [t('campaigns.figure.remaining'), number(progress.remaining)],
    [t('campaigns.figure.rate'), words.rate(progress)],
    [t('campaigns.figure.eta'), words.eta(progress)],
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
