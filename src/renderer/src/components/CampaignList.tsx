import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { useCampaignsStore } from '../state/campaigns-store';
import { useNavStore } from '../state/nav-store';
import { CAMPAIGN_VIEW_ID } from './CampaignView';
import { useProgressWords } from './campaign-progress-words';

/** The campaigns, newest first, with their live progress; a row opens the campaign. */
export function CampaignList(): ReactElement {
  const { t, number, dateTime, money } = useI18n();
  const words = useProgressWords();
  const { campaigns, error } = useCampaignsStore();
  const selected = useNavStore((state) => state.campaignId);
  const select = useNavStore((state) => state.selectCampaign);
  return (
    <section aria-labelledby="campaigns-list-title">
      <h2 id="campaigns-list-title">{t('campaigns.list.title')}</h2>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {campaigns !== null && campaigns.length === 0 && <p className="muted">{t('campaigns.list.empty')}</p>}
      {campaigns !== null && campaigns.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-label={t('campaigns.list.title')}>
            <thead>
              <tr>
                <th scope="col">{t('campaigns.col.name')}</th>
                <th scope="col">{t('recovery.col.status')}</th>
                <th scope="col">{t('campaigns.col.when')}</th>
                <th scope="col">{t('campaigns.figure.sent')}</th>
                <th scope="col">{t('campaigns.figure.failed')}</th>
                <th scope="col">{t('campaigns.figure.blocked')}</th>
                <th scope="col">{t('campaigns.figure.remaining')}</th>
                <th scope="col">{t('campaigns.figure.rate')}</th>
                <th scope="col">{t('campaigns.figure.eta')}</th>
                <th scope="col">{t('campaigns.col.results')}</th>
                <th scope="col">{t('incidents.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id} className={selected === campaign.id ? 'incident-selected' : undefined} data-campaign-id={campaign.id}>
                  <td>{campaign.name}</td>
                  <td>
                    <span className={`badge job-${campaign.status}`} data-status={campaign.status}>
                      {t(`campaigns.status.${campaign.status}`)}
                    </span>
                  </td>
                  <td>
                    {campaign.status === 'scheduled' && campaign.scheduledAt !== null
                      ? t('campaigns.when.scheduled', { time: dateTime(campaign.scheduledAt) })
                      : dateTime(campaign.startedAt ?? campaign.createdAt)}
                  </td>
                  <td className="number">{t('recovery.job.ofTotal', { n: number(campaign.progress.sent), total: number(campaign.progress.recipients) })}</td>
                  <td className="number">{number(campaign.progress.failed)}</td>
                  <td className="number">{number(campaign.progress.blocked)}</td>
                  <td className="number">{number(campaign.progress.remaining)}</td>
                  <td>{words.rate(campaign.progress)}</td>
                  <td>{words.eta(campaign.progress)}</td>
                  <td>
                    {t('campaigns.results', {
                      clicks: number(campaign.progress.clicks),
                      conversions: number(campaign.progress.conversions),
                      revenue: money(campaign.progress.revenueCents),
                    })}
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-expanded={selected === campaign.id}
                      aria-controls={selected === campaign.id ? CAMPAIGN_VIEW_ID : undefined}
                      aria-label={t('campaigns.view.open', { name: campaign.name })}
                      onClick={() => select(selected === campaign.id ? null : campaign.id)}
                    >
                      {t('incidents.details')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
