import { errorText } from '../transport/client';
import { useState, type FormEvent, type ReactElement } from 'react';
import { campaignMessageSchema, type CampaignMessage } from '../../../shared/campaigns';
import type { Product } from '../../../shared/products';
import { delayUnits, followUpConditions, followUpDelaySchema, type FollowUpCondition, type FollowUpDelay } from '../../../shared/follow-ups';
import { useI18n, currentLocale } from '../i18n/i18n';
import { problemsOf } from '../logic/campaign-logic';
import { MessageEditor } from './MessageEditor';
import { TelegramPreview } from './TelegramPreview';

export interface StepDraft {
  readonly delay: FollowUpDelay;
  readonly condition: FollowUpCondition;
  readonly message: CampaignMessage;
  readonly enabled: boolean;
}

export const newStepDraft: StepDraft = {
  delay: { amount: 2, unit: 'hours' },
  condition: 'any',
  message: { text: '', media: null, buttons: [], optOutButton: true },
  enabled: true,
};

interface Props {
  readonly idPrefix: string;
  readonly initial: StepDraft;
  readonly onSave: (draft: StepDraft) => Promise<void>;
  readonly onCancel: () => void;
  /** The bot's products, for product buttons. */
  readonly products: readonly Product[];
}

/** One follow-up step: its delay after the welcome, its condition, its message (the welcome editor's fields) with a preview. */
export function FollowUpStepEditor({ idPrefix, initial, onSave, onCancel, products }: Props): ReactElement {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<StepDraft>(initial);
  const [amount, setAmount] = useState(String(initial.delay.amount));
  const [failure, setFailure] = useState<string | null>(null);
  const delay = followUpDelaySchema.safeParse({ amount: Number(amount), unit: draft.delay.unit });
  const message = campaignMessageSchema.safeParse(draft.message);
  const errors = problemsOf(message, locale);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!delay.success) return;
    try {
      await onSave({ ...draft, delay: delay.data });
    } catch (error) {
      setFailure(errorText(error, currentLocale()));
    }
  };
  return (
    <form className="welcome-editor" aria-label={t('followups.editor')} onSubmit={(event) => void save(event)}>
      <div className="welcome-fields">
        <div className="row">
          <input type="number" min={1} aria-label={t('followups.delay')} aria-invalid={!delay.success} value={amount} onChange={(event) => setAmount(event.target.value)} />
          <select
            aria-label={t('followups.unit')}
            value={draft.delay.unit}
            onChange={(event) => setDraft({ ...draft, delay: { ...draft.delay, unit: event.target.value === 'minutes' ? 'minutes' : 'hours' } })}
          >
            {delayUnits.map((unit) => (
              <option key={unit} value={unit}>
                {t(`followups.unit.${unit}`)}
              </option>
            ))}
          </select>
          <select
            aria-label={t('followups.condition')}
            value={draft.condition}
            onChange={(event) => setDraft({ ...draft, condition: followUpConditions.find((c) => c === event.target.value) ?? 'any' })}
          >
            {followUpConditions.map((condition) => (
              <option key={condition} value={condition}>
                {t(`followups.condition.${condition}`)}
              </option>
            ))}
          </select>
        </div>
        {!delay.success && (
          <p className="field-error" role="alert">
            {problemsOf(delay, locale)[0]?.message}
          </p>
        )}
        <MessageEditor
          idPrefix={idPrefix}
          value={draft.message}
          onChange={(change) => setDraft((current) => ({ ...current, message: { ...current.message, ...change(current.message) } }))}
          errors={errors}
          onError={(error) => setFailure(errorText(error, currentLocale()))}
          products={products}
        />
        <div className="row">
          <label>
            <input
              type="checkbox"
              checked={draft.message.optOutButton}
              onChange={(event) => setDraft({ ...draft, message: { ...draft.message, optOutButton: event.target.checked } })}
            />{' '}
            {t('followups.optOut')}
          </label>
          <label>
            <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} /> {t('followups.stepEnabled')}
          </label>
        </div>
        <div className="row">
          <button type="submit" disabled={!delay.success || !message.success}>
            {t('followups.saveStep')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('followups.cancel')}
          </button>
        </div>
        {failure !== null && (
          <p className="field-error" role="alert">
            {failure}
          </p>
        )}
      </div>
      <TelegramPreview welcome={draft.message} label={t('welcome.preview')} products={products} />
    </form>
  );
}
