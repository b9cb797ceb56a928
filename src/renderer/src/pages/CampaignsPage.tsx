import { useEffect, useState, type ReactElement } from 'react';
import { CampaignComposer } from '../components/CampaignComposer';
import { CampaignList } from '../components/CampaignList';
import { CampaignView } from '../components/CampaignView';
import { useI18n } from '../i18n/i18n';
import { useCampaignsStore } from '../state/campaigns-store';
import { useNavStore } from '../state/nav-store';
import { onEngineEvent } from '../transport/client';

/** Broadcasts: the composer, the campaigns with their live progress, and one campaign in detail. */
export function CampaignsPage(): ReactElement {
  const { t } = useI18n();
  const campaignId = useNavStore((state) => state.campaignId);
  const select = useNavStore((state) => state.selectCampaign);
  const load = useCampaignsStore((state) => state.load);
  const applyProgress = useCampaignsStore((state) => state.applyProgress);
  // Counts the campaigns composed here: each one done starts the composer afresh (keys apart from the view's: siblings).
  const [composed, setComposed] = useState(0);

  useEffect(() => {
    void load();
    // Progress is patched into the list as it is pushed, a few times a second.
    return onEngineEvent((event) => {
      if (event.event === 'campaign.progress') applyProgress(event.payload);
    });
  }, [load, applyProgress]);

  return (
    <section aria-labelledby="campaigns-title" className="recovery campaigns">
      <h1 id="campaigns-title" tabIndex={-1}>
        {t('campaigns.title')}
      </h1>
      <p className="muted">{t('campaigns.intro')}</p>
      <CampaignComposer key={`composer-${composed}`} onDone={() => setComposed((n) => n + 1)} />
      <CampaignList />
      {campaignId !== null && <CampaignView key={`campaign-${campaignId}`} campaignId={campaignId} onClose={() => select(null)} />}
    </section>
  );
}
