import { useEffect, useRef, useState, type ReactElement } from 'react';
import { optOutButtonLabels, type Campaign } from '../../../shared/campaigns';
import { useI18n, currentLocale } from '../i18n/i18n';
import { buttonsAsSent, campaignDoneShare, isCampaignOpen } from '../logic/campaign-logic';
import { useCampaignsStore } from '../state/campaigns-store';
import { call, errorText } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';
import { AudienceCountLine } from './AudienceCountLine';
import { CampaignFigures } from './CampaignFigures';
import { CampaignLaunch } from './CampaignLaunch';
import { CampaignReport } from './CampaignReport';
import { TelegramPreview } from './TelegramPreview';
import { useCampaignWords } from './campaign-words';
import { useAudienceCount } from './use-audience-count';
import { ConfirmDialog } from './ConfirmDialog';

export const CAMPAIGN_VIEW_ID = 'campaign-view';
/**
 * After a click or a conversion, when to read the campaign again: past the engine's 5 s
 * recount of its results, so the read includes them (a done campaign pushes no progress).
 */
const RESULTS_REFRESH_MS = 6000;

/** A draft or scheduled campaign: its audience counted now, and started or (re)scheduled from here. */
function DraftLaunch({ campaign }: { campaign: Campaign }): ReactElement {
  const put = useCampaignsStore((state) => state.put);
  const count = useAudienceCount(campaign.audience);
  return (
    <>
      <AudienceCountLine count={count} />
      <CampaignLaunch
        leads={count.kind === 'counted' ? count.leads : null}
        disabled={false}
        onStart={async () => put(await call('startCampaign', { campaignId: campaign.id }))}
        onSchedule={async (at) => put(await call('scheduleCampaign', { campaignId: campaign.id, at }))}
      />
    </>
  );
}

/** One campaign: its audience in words, its message as sent, live progress, and its controls (cancel asks first). Keyed by the campaign. */
export function CampaignView({ campaignId, onClose }: { campaignId: number; onClose: () => void }): ReactElement {
  const { t, number, dateTime, locale } = useI18n();
  const words = useCampaignWords();
  const listed = useCampaignsStore((state) => state.campaigns?.find((campaign) => campaign.id === campaignId) ?? null);
  const put = useCampaignsStore((state) => state.put);
  const [error, setError] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const region = useRef<HTMLElement>(null);

  useEffect(() => {
    region.current?.scrollIntoView({ block: 'start' });
  }, [campaignId]);

  // One older than the list's last 200 is read once, and kept in the store so its progress patches it.
  useEffect(() => {
    if (listed !== null) return;
    void call('getCampaign', { campaignId }).then(put, (failure: unknown) => setError(errorText(failure, currentLocale())));
  }, [campaignId, listed, put]);

  const started = listed !== null && listed.status !== 'draft' && listed.status !== 'scheduled';
  useEffect(() => {
    if (!started) return undefined;
    return refreshOnEngineEvents(['lead.updated'], RESULTS_REFRESH_MS, () => {
      void call('getCampaign', { campaignId }).then(put, (failure: unknown) => setError(errorText(failure, currentLocale())));
    });
  }, [campaignId, started, put]);

  const act = async (action: 'pauseCampaign' | 'resumeCampaign' | 'cancelCampaign'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      put(await call(action, { campaignId }));
      setConfirmingCancel(false);
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
    } finally {
      setBusy(false);
    }
  };

  const campaign = listed;
  const canCancel = campaign !== null && campaign.status !== 'done' && campaign.status !== 'cancelled';
  const title = campaign === null ? t('campaigns.view.titleId', { id: campaignId }) : t('campaigns.view.title', { name: campaign.name });
  return (
    <section id={CAMPAIGN_VIEW_ID} ref={region} className="recovery-job campaign-view" aria-label={title}>
      <div className="row">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          {t('campaigns.view.close')}
        </button>
      </div>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {campaign === null ? (
        error === null && <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <>
          <p className="muted">{words.audience(campaign.audience)}</p>
          <p className="muted">
            {t('campaigns.view.createdAt', { time: dateTime(campaign.createdAt) })}
            {campaign.status === 'scheduled' && campaign.scheduledAt !== null && ` · ${t('campaigns.when.scheduled', { time: dateTime(campaign.scheduledAt) })}`}
            {campaign.startedAt !== null && ` · ${t('campaigns.view.startedAt', { time: dateTime(campaign.startedAt) })}`}
            {campaign.finishedAt !== null && ` · ${t('campaigns.view.finishedAt', { time: dateTime(campaign.finishedAt) })}`}
          </p>
          <div className="row">
            <span className={`badge job-${campaign.status}`} data-status={campaign.status}>
              {t(`campaigns.status.${campaign.status}`)}
            </span>
            <progress max={1} value={campaignDoneShare(campaign.progress)} aria-label={t('recovery.job.progress')} />
            {campaign.status === 'running' && (
              <button type="button" disabled={busy} onClick={() => void act('pauseCampaign')}>
                {t('recovery.job.pause')}
              </button>
            )}
            {campaign.status === 'paused' && (
              <button type="button" disabled={busy} onClick={() => void act('resumeCampaign')}>
                {t('recovery.job.resume')}
              </button>
            )}
            {canCancel && !confirmingCancel && (
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirmingCancel(true)}>
                {t('campaigns.view.cancel')}
              </button>
            )}
          </div>
          {confirmingCancel && canCancel && (
            <ConfirmDialog
              label={t('campaigns.view.cancel')}
              message={isCampaignOpen(campaign.status) ? t('campaigns.view.cancelOpen', { n: number(campaign.progress.remaining) }) : t('campaigns.view.cancelDraft')}
              onCancel={() => setConfirmingCancel(false)}
            >
              <button type="button" className="danger" disabled={busy} onClick={() => void act('cancelCampaign')}>
                {t('campaigns.view.cancelYes')}
              </button>
              <button type="button" onClick={() => setConfirmingCancel(false)}>
                {t('campaigns.view.cancelNo')}
              </button>
            </ConfirmDialog>
          )}
          {(campaign.status === 'draft' || campaign.status === 'scheduled') && <DraftLaunch campaign={campaign} />}
          <CampaignFigures progress={campaign.progress} />
          <TelegramPreview welcome={{ ...campaign.message, buttons: buttonsAsSent(campaign.message, optOutButtonLabels[locale]) }} label={t('welcome.preview')} />
          {campaign.status !== 'draft' && campaign.status !== 'scheduled' && <CampaignReport campaignId={campaign.id} />}
        </>
      )}
    </section>
  );
}
