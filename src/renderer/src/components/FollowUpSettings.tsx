import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { settingsSchema } from '../../../shared/settings';
import { useI18n, currentLocale } from '../i18n/i18n';
import { problemsOf } from '../logic/campaign-logic';
import { call, errorText } from '../transport/client';

const patchSchema = settingsSchema.pick({ timeZone: true, quietHoursStart: true, quietHoursEnd: true, followUpMissedWindowHours: true });
type Fields = Record<keyof typeof patchSchema.shape, string>;

/** The follow-ups' settings: the time zone and quiet hours, and how late a step missed while Botdeck was off may still go. */
export function FollowUpSettings(): ReactElement {
  const { t, locale } = useI18n();
  const [fields, setFields] = useState<Fields | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void call('getSettings').then(
      (settings) =>
        setFields({
          timeZone: settings.timeZone,
          quietHoursStart: String(settings.quietHoursStart),
          quietHoursEnd: String(settings.quietHoursEnd),
          followUpMissedWindowHours: String(settings.followUpMissedWindowHours),
        }),
      (error: unknown) => setNotice({ kind: 'error', text: errorText(error, currentLocale()) }),
    );
  }, []);
  if (fields === null) return <p className="muted">{notice?.text ?? t('followups.loading')}</p>;
  const patch = patchSchema.safeParse({
    timeZone: fields.timeZone.trim(),
    quietHoursStart: Number(fields.quietHoursStart),
    quietHoursEnd: Number(fields.quietHoursEnd),
    followUpMissedWindowHours: Number(fields.followUpMissedWindowHours),
  });
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!patch.success) return;
    try {
      await call('updateSettings', patch.data);
      setNotice({ kind: 'ok', text: t('followups.settingsSaved') });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
    }
  };
  const field = (name: keyof Fields, label: string): ReactElement => (
    <label>
      {label} <input value={fields[name]} onChange={(event) => setFields({ ...fields, [name]: event.target.value })} />
    </label>
  );
  return (
    <form className="card" aria-label={t('followups.settings')} onSubmit={(event) => void save(event)}>
      <h2>{t('followups.settings')}</h2>
      <div className="row">
        {field('timeZone', t('followups.timeZone'))}
        {field('quietHoursStart', t('followups.quietStart'))}
        {field('quietHoursEnd', t('followups.quietEnd'))}
        {field('followUpMissedWindowHours', t('followups.missedWindow'))}
        <button type="submit" disabled={!patch.success}>
          {t('followups.saveSettings')}
        </button>
      </div>
      {!patch.success && (
        <p className="field-error" role="alert">
          {problemsOf(patch, locale)[0]?.message}
        </p>
      )}
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
