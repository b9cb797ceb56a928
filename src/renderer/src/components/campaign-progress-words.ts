import type { CampaignProgress } from '../../../shared/campaigns';
import { useI18n } from '../i18n/i18n';
import { useIncidentWords } from './incident-words';

/** A campaign's rate and time left as the list and the view show them ("–" while unknown). */
export function useProgressWords(): { rate: (progress: CampaignProgress) => string; eta: (progress: CampaignProgress) => string } {
  const { t, number } = useI18n();
  const duration = useIncidentWords().duration;
  return {
    rate: (progress) => (progress.ratePerSecond === null ? '–' : t('recovery.job.perSecond', { n: number(Math.round(progress.ratePerSecond * 10) / 10) })),
    eta: (progress) => (progress.etaMs === null ? '–' : duration(progress.etaMs)),
  };
}
