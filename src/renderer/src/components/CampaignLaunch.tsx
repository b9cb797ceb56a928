import { useState, type ReactElement } from 'react';
import { useI18n, currentLocale } from '../i18n/i18n';
import { localDateTime } from '../logic/campaign-logic';
import { CallError, errorText } from '../transport/client';
import { ConfirmDialog } from './ConfirmDialog';

type Refusal = { readonly field: 'audience' | 'when' | 'other'; readonly message: string };

/** Where the engine's refusal belongs: an empty audience by the count, a time refused by the time field. */
function refusalOf(failure: unknown, action: 'start' | 'schedule'): Refusal {
  if (failure instanceof CallError && failure.code === 'CAMPAIGN_AUDIENCE_EMPTY') return { field: 'audience', message: errorText(failure, currentLocale()) };
  if (failure instanceof CallError && failure.code === 'BAD_INPUT' && action === 'schedule') return { field: 'when', message: errorText(failure, currentLocale()) };
  return { field: 'other', message: errorText(failure, currentLocale()) };
}

export interface CampaignLaunchProps {
  /** The audience's exact count now; null while it is counted or cannot be. */
  readonly leads: number | null;
  readonly disabled: boolean;
  readonly onStart: () => Promise<void>;
  /** At an instant the operator chose in their own time zone. */
  readonly onSchedule: (at: number) => Promise<void>;
}

/** "Start now" or "Schedule" at a local date and time, each confirmed with how many leads receive it; the engine's refusal by the field it is about. */
export function CampaignLaunch({ leads, disabled, onStart, onSchedule }: CampaignLaunchProps): ReactElement {
  const { t, number, dateTime } = useI18n();
  const [when, setWhen] = useState('');
  const [confirming, setConfirming] = useState<'start' | 'schedule' | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const at = localDateTime(when);
  const canLaunch = !disabled && !busy && leads !== null && leads > 0;

  const run = async (action: 'start' | 'schedule'): Promise<void> => {
    setBusy(true);
    setRefusal(null);
    try {
      if (action === 'start') await onStart();
      else if (at !== null) await onSchedule(at);
    } catch (failure) {
      setRefusal(refusalOf(failure, action));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };
  const refused = (field: Refusal['field']): ReactElement | null =>
    refusal?.field === field ? (
      <p className="field-error" role="alert">
        {refusal.message}
      </p>
    ) : null;

  return (
    <div className="campaign-launch">
      {refused('audience')}
      <div className="row">
        <button type="button" disabled={!canLaunch || confirming !== null} onClick={() => setConfirming('start')}>
          {t('campaigns.launch.start')}
        </button>
        <label>
          {t('campaigns.launch.when')} <input type="datetime-local" value={when} aria-invalid={refusal?.field === 'when'} onChange={(event) => setWhen(event.target.value)} />
        </label>
        <button type="button" disabled={!canLaunch || at === null || confirming !== null} onClick={() => setConfirming('schedule')}>
          {t('campaigns.launch.schedule')}
        </button>
      </div>
      {refused('when')}
      {refused('other')}
      {confirming !== null && leads !== null && (
        <ConfirmDialog
          label={t('campaigns.launch.confirmTitle')}
          message={
            confirming === 'start'
              ? t(leads === 1 ? 'campaigns.launch.confirmStart.one' : 'campaigns.launch.confirmStart', { n: number(leads) })
              : t(leads === 1 ? 'campaigns.launch.confirmSchedule.one' : 'campaigns.launch.confirmSchedule', { n: number(leads), time: at === null ? '' : dateTime(at) })
          }
          onCancel={() => setConfirming(null)}
        >
          <button type="button" disabled={busy} onClick={() => void run(confirming)}>
            {confirming === 'start' ? t('campaigns.launch.yesStart') : t('campaigns.launch.yesSchedule')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('campaigns.launch.no')}
          </button>
        </ConfirmDialog>
      )}
    </div>
  );
}
