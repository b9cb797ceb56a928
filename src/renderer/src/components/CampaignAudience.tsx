import type { ReactElement } from 'react';
import { campaignSegments } from '../../../shared/campaigns';
import { useI18n } from '../i18n/i18n';
import type { AudienceDraft, FieldProblem } from '../logic/campaign-logic';
import { useBotsStore } from '../state/bots-store';

function FieldError({ problem }: { problem: string | undefined }): ReactElement | null {
  return problem === undefined ? null : (
    <p className="field-error" role="alert">
      {problem}
    </p>
  );
}

/** The audience builder: bots, segment, sources, first-seen range, last seen, languages, converted; each field's problem next to it. */
export function CampaignAudience({
  value,
  onChange,
  problems,
}: {
  value: AudienceDraft;
  onChange: (next: AudienceDraft) => void;
  problems: readonly FieldProblem[];
}): ReactElement {
  const { t } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const problem = (field: string): string | undefined => problems.find((found) => found.path === field || found.path.startsWith(`${field}.`))?.message;
  const update = (patch: Partial<AudienceDraft>): void => {
    onChange({ ...value, ...patch });
  };
  const toggleBot = (botId: number, on: boolean): void => {
    update({ bots: on ? [...value.bots, botId] : value.bots.filter((id) => id !== botId) });
  };

  return (
    <fieldset className="campaign-audience">
      <legend>{t('campaigns.audience')}</legend>
      <div role="group" aria-label={t('campaigns.audience.bots')}>
        <span>{t('campaigns.audience.bots')}</span> {bots.length === 0 && <span className="muted">{t('campaigns.audience.noBots')}</span>}
        {bots.map((bot) => (
          <label key={bot.id} className="checkbox">
            <input type="checkbox" checked={value.bots.includes(bot.id)} onChange={(event) => toggleBot(bot.id, event.target.checked)} />@{bot.username}
          </label>
        ))}
        <FieldError problem={problem('bots')} />
      </div>
      <div className="row">
        <label htmlFor="campaign-segment">{t('campaigns.audience.segment')}</label>
        <select id="campaign-segment" value={value.segment} onChange={(event) => update({ segment: campaignSegments.find((segment) => segment === event.target.value) ?? 'all' })}>
          {campaignSegments.map((segment) => (
            <option key={segment} value={segment}>
              {t(`campaigns.segment.${segment}`)}
            </option>
          ))}
        </select>
      </div>
      <label>
        {t('campaigns.audience.sources')}{' '}
        <input value={value.sources} placeholder={t('campaigns.audience.listHint')} onChange={(event) => update({ sources: event.target.value })} />
      </label>
      <FieldError problem={problem('sources')} />
      <div className="row">
        <label>
          {t('campaigns.audience.firstSeenFrom')} <input type="date" value={value.firstSeenFrom} onChange={(event) => update({ firstSeenFrom: event.target.value })} />
        </label>
        <label>
          {t('campaigns.audience.firstSeenTo')} <input type="date" value={value.firstSeenTo} onChange={(event) => update({ firstSeenTo: event.target.value })} />
        </label>
      </div>
      <FieldError problem={problem('firstSeenFrom') ?? problem('firstSeenTo')} />
      <label>
        {t('campaigns.audience.lastSeen')}{' '}
        <input type="number" min={1} inputMode="numeric" value={value.lastSeenMoreThanDays} onChange={(event) => update({ lastSeenMoreThanDays: event.target.value })} />
      </label>
      <FieldError problem={problem('lastSeenMoreThanDays')} />
      <label>
        {t('campaigns.audience.languages')}{' '}
        <input value={value.languages} placeholder={t('campaigns.audience.languagesHint')} onChange={(event) => update({ languages: event.target.value })} />
      </label>
      <FieldError problem={problem('languages')} />
      <label className="checkbox">
        <input type="checkbox" checked={value.includeConverted} onChange={(event) => update({ includeConverted: event.target.checked })} />
        {t('campaigns.audience.includeConverted')}
      </label>
    </fieldset>
  );
}
