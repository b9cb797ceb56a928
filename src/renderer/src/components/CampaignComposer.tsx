import { useState, type FormEvent, type ReactElement } from 'react';
import { createCampaignRequestSchema, optOutButtonLabels, type Campaign, type CampaignMessage, type CreateCampaignRequest } from '../../../shared/campaigns';
import { useI18n, currentLocale } from '../i18n/i18n';
import { audienceInput, buttonsAsSent, emptyAudience, problemsOf, problemsUnder, type AudienceDraft } from '../logic/campaign-logic';
import { useCampaignsStore } from '../state/campaigns-store';
import { useNavStore } from '../state/nav-store';
import { call, errorText } from '../transport/client';
import { AudienceCountLine } from './AudienceCountLine';
import { CampaignAudience } from './CampaignAudience';
import { CampaignLaunch } from './CampaignLaunch';
import { CampaignTestSend } from './CampaignTestSend';
import { useProductsStore } from '../state/products-store';
import { MessageEditor } from './MessageEditor';
import { TelegramPreview } from './TelegramPreview';
import { useAudienceCount } from './use-audience-count';

const emptyMessage: CampaignMessage = { text: '', media: null, buttons: [], optOutButton: true };

/**
 * Composes a campaign: name, audience with its exact count, message with its preview; saves it
 * as a draft, starts it now or schedules it. `onDone` is told once it is saved and launched.
 */
export function CampaignComposer({ onDone }: { onDone: () => void }): ReactElement {
  const { t, locale } = useI18n();
  const put = useCampaignsStore((state) => state.put);
  const select = useNavStore((state) => state.selectCampaign);
  const [name, setName] = useState('');
  const [audience, setAudience] = useState<AudienceDraft>(emptyAudience);
  const [message, setMessage] = useState<CampaignMessage>(emptyMessage);
  // The draft this form saved, with what it saved: a launch that failed after the save reuses it rather than saving a twin.
  const [saved, setSaved] = useState<{ key: string; campaign: Campaign } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const request: CreateCampaignRequest = { name, audience: audienceInput(audience), message };
  const requestKey = JSON.stringify(request);
  const problems = problemsOf(createCampaignRequestSchema.safeParse(request), locale);
  const nameProblem = problems.find((problem) => problem.path === 'name')?.message;
  const count = useAudienceCount(request.audience);
  // A product button sells one bot's product: offered for the bots the audience reaches (the engine refuses a mix).
  const allProducts = useProductsStore((state) => state.products);
  const products = (allProducts ?? []).filter((product) => audience.bots.includes(product.botId));

  const saveDraft = async (): Promise<Campaign> => {
    if (saved !== null && saved.key === requestKey) return saved.campaign;
    const campaign = await call('createCampaign', request);
    setSaved({ key: requestKey, campaign });
    put(campaign);
    return campaign;
  };
  const launched = (campaign: Campaign): void => {
    put(campaign);
    select(campaign.id);
    onDone();
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      launched(await saveDraft());
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="welcome-editor campaign-composer" aria-label={t('campaigns.composer.title')} onSubmit={(event) => void submit(event)}>
      <div className="welcome-fields">
        <h2>{t('campaigns.composer.title')}</h2>
        <label htmlFor="campaign-name">{t('campaigns.composer.name')}</label>
        <input id="campaign-name" value={name} maxLength={120} aria-invalid={nameProblem !== undefined} onChange={(event) => setName(event.target.value)} />
        {nameProblem !== undefined && (
          <p className="field-error" role="alert">
            {nameProblem}
          </p>
        )}
        <CampaignAudience value={audience} onChange={setAudience} problems={problemsUnder(problems, 'audience')} />
        <AudienceCountLine count={count} />
        <fieldset>
          <legend>{t('campaigns.composer.message')}</legend>
          <MessageEditor
            idPrefix="campaign"
            value={message}
            onChange={(change) => setMessage((current) => ({ ...current, ...change(current) }))}
            errors={problemsUnder(problems, 'message')}
            onError={(failure) => setError(errorText(failure, currentLocale()))}
            products={products}
          />
          <label className="checkbox">
            <input type="checkbox" checked={message.optOutButton} onChange={(event) => setMessage((current) => ({ ...current, optOutButton: event.target.checked }))} />
            {t('campaigns.composer.optOut', { label: optOutButtonLabels[locale] })}
          </label>
          <CampaignTestSend message={message} ready={problemsUnder(problems, 'message').length === 0} />
        </fieldset>
        {error !== null && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || problems.length > 0}>
          {t('campaigns.composer.saveDraft')}
        </button>
        <CampaignLaunch
          leads={count.kind === 'counted' ? count.leads : null}
          disabled={busy || problems.length > 0}
          onStart={async () => launched(await call('startCampaign', { campaignId: (await saveDraft()).id }))}
          onSchedule={async (at) => launched(await call('scheduleCampaign', { campaignId: (await saveDraft()).id, at }))}
        />
      </div>
      <TelegramPreview welcome={{ ...message, buttons: buttonsAsSent(message, optOutButtonLabels[locale]) }} label={t('welcome.preview')} products={products} />
    </form>
  );
}
