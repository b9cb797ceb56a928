import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { settingsSchema } from '../../../shared/settings';
import { currentLocale, useI18n } from '../i18n/i18n';
import { call, errorText } from '../transport/client';

const patchSchema = settingsSchema.pick({ backupEveryHours: true, backupsKept: true, backupSecondFolder: true });
type Fields = Record<keyof typeof patchSchema.shape, string>;

/**
 * The backup schedule's settings. The second folder is a typed path in both the desktop app
 * and the headless console; the engine checks that it is a folder it can write to.
 */
export function BackupSettings(): ReactElement | null {
  const { t } = useI18n();
  const [fields, setFields] = useState<Fields | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void call('getSettings').then(
      (settings) =>
        setFields({
          backupEveryHours: String(settings.backupEveryHours),
          backupsKept: String(settings.backupsKept),
          backupSecondFolder: settings.backupSecondFolder ?? '',
        }),
      (error: unknown) => setNotice({ kind: 'error', text: errorText(error, currentLocale()) }),
    );
  }, []);
  if (fields === null) return notice === null ? null : <p className="field-error">{notice.text}</p>;
  const folder = fields.backupSecondFolder.trim();
  const patch = patchSchema.safeParse({
    backupEveryHours: Number(fields.backupEveryHours),
    backupsKept: Number(fields.backupsKept),
    backupSecondFolder: folder === '' ? null : folder,
  });
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!patch.success) return;
    try {
      await call('updateSettings', patch.data);
      setNotice({ kind: 'ok', text: t('backups.settings.saved') });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
    }
  };
  const input = (name: keyof Fields, label: string, help?: string): ReactElement => (
    <div className="setting-field">
      <label htmlFor={`backup-${name}`}>{label}</label>
      <input
        id={`backup-${name}`}
        autoComplete="off"
        inputMode={name === 'backupSecondFolder' ? undefined : 'numeric'}
        value={fields[name]}
        aria-describedby={help === undefined ? undefined : `backup-${name}-help`}
        onChange={(event) => {
          setFields({ ...fields, [name]: event.target.value });
          setNotice(null);
        }}
      />
      {help !== undefined && (
        <p id={`backup-${name}-help`} className="muted">
          {help}
        </p>
      )}
    </div>
  );
  return (
    <form className="settings-group" aria-labelledby="backup-settings-title" onSubmit={(event) => void save(event)}>
      <h4 id="backup-settings-title">{t('backups.settings')}</h4>
      <p className="muted">{t('backups.settings.help')}</p>
      {input('backupEveryHours', t('backups.settings.every'))}
      {input('backupsKept', t('backups.settings.kept'))}
      {input('backupSecondFolder', t('backups.settings.secondFolder'), t('backups.settings.secondFolder.help'))}
      {!patch.success && (
        <p className="field-error" role="alert">
          {patch.error.issues[0]?.message}
        </p>
      )}
      <button type="submit" disabled={!patch.success}>
        {t('backups.settings.save')}
      </button>
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
    </form>
  );
}
