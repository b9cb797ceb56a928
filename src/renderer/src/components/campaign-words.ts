import type { AudienceFilter } from '../../../shared/campaigns';
import { useI18n } from '../i18n/i18n';
import { useRecoveryWords } from './recovery-words';

/** How a campaign's audience is worded in the list and its view: "Not converted · @shop_bot · source ads, promo · …". */
export function useCampaignWords(): { audience: (filter: AudienceFilter) => string } {
  const { t, dateTime, number } = useI18n();
  const bot = useRecoveryWords().bot;
  return {
    audience: (filter) =>
      [
        t(`campaigns.segment.${filter.segment}`),
        filter.bots.map(bot).join(', '),
        filter.sources !== undefined && t('campaigns.words.sources', { list: filter.sources.join(', ') }),
        filter.firstSeenFrom !== undefined && t('campaigns.words.firstSeenFrom', { time: dateTime(filter.firstSeenFrom) }),
        filter.firstSeenTo !== undefined && t('campaigns.words.firstSeenTo', { time: dateTime(filter.firstSeenTo) }),
        filter.lastSeenMoreThanDays !== undefined && t('campaigns.words.lastSeen', { n: number(filter.lastSeenMoreThanDays) }),
        filter.languages !== undefined && t('campaigns.words.languages', { list: filter.languages.join(', ') }),
        filter.includeConverted && t('campaigns.words.includeConverted'),
      ]
        .filter((part) => typeof part === 'string' && part !== '')
        .join(' · '),
  };
}
