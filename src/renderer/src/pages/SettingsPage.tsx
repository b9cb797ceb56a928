import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { SettingsView } from '../../../shared/settings';
import type { StoreReport } from '../../../shared/store-report';
import { useI18n, useLocaleStore, type LanguageChoice } from '../i18n/i18n';
import { call, CallError } from '../transport/client';

export function SettingsPage(): ReactElement {
  const { t, dateTime } = useI18n();
  const choose = useLocaleStore((state) => state.choose);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [report, setReport] = useState<StoreReport | null>(null);
  const [apiRoot, setApiRoot] = useState('');
  const [language, setLanguage] = useState<LanguageChoice>('auto');
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([call('getSettings'), call('getStoreReport')]).then(([loaded, store]) => {
      setSettings(loaded);
      setApiRoot(loaded.telegramApiRoot ?? '');
      setLanguage(loaded.language);
      setReport(store);
    });
  }, []);

  const failed = (error: unknown): void => {
    setNotice({ kind: 'error', text: error instanceof CallError ? error.message : String(error) });
  };
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      const saved = await call('updateSettings', { telegramApiRoot: apiRoot.trim() === '' ? null : apiRoot.trim(), language });
      setSettings(saved);
      choose(saved.language);
      setNotice({ kind: 'ok', text: t('settings.saved') });
    } catch (error) {
      failed(error);
    }
  };
  const backUp = async (): Promise<void> => {
    try {
      const backup = await call('backupNow');
      setNotice({ kind: 'ok', text: t('settings.backedUp', { name: backup.name }) });
      setReport(await call('getStoreReport'));
    } catch (error) {
      failed(error);
    }
  };

  const restore = async (name: string): Promise<void> => {
    try {
      await call('restoreBackup', { name });
      // Everything behind the console was reopened: start the console afresh too.
      window.location.reload();
    } catch (error) {
      setRestoring(null);
      failed(error);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      <form className="settings-form" onSubmit={(event) => void save(event)}>
        <p>
          {t('settings.dataDir')}: <code>{settings?.dataDir ?? ''}</code>
        </p>
        <label htmlFor="api-root">{t('settings.apiRoot')}</label>
        <input id="api-root" type="url" value={apiRoot} placeholder="https://api.telegram.org" onChange={(event) => setApiRoot(event.target.value)} />
        <p className="muted">{t('settings.apiRoot.help', { root: settings?.effectiveApiRoot ?? '' })}</p>
        <label htmlFor="language">{t('settings.language')}</label>
        <select id="language" value={language} onChange={(event) => setLanguage(event.target.value as LanguageChoice)}>
          <option value="auto">{t('settings.language.auto')}</option>
          <option value="en">English</option>
          <option value="pt-BR">Português (Brasil)</option>
        </select>
        <button type="submit">{t('settings.save')}</button>
      </form>
      <h3>{t('settings.store')}</h3>
      {report !== null && (
        <div className="store-report">
          <p>{t('settings.store.version', { file: report.schemaVersion ?? '-', app: report.appSchemaVersion })}</p>
          <p>{t('settings.store.integrity', { value: report.integrity })}</p>
          <h4>{t('settings.store.backups')}</h4>
          {report.backups.length === 0 ? (
            <p>{t('settings.store.noBackups')}</p>
          ) : (
            <ul>
              {report.backups.map((backup) => (
                <li key={backup.name}>
                  <code>{backup.name}</code> · {dateTime(Date.parse(backup.createdAt))}{' '}
                  {restoring === backup.name ? (
                    <span role="alertdialog" aria-label={t('settings.restore.confirm')}>
                      {t('settings.restore.confirm')}{' '}
                      <button type="button" className="danger" onClick={() => void restore(backup.name)}>
                        {t('settings.restore.yes')}
                      </button>{' '}
                      <button type="button" onClick={() => setRestoring(null)}>
                        {t('bots.remove.no')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" aria-label={t('settings.restore.named', { name: backup.name })} onClick={() => setRestoring(backup.name)}>
                      {t('settings.restore')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <button type="button" onClick={() => void backUp()}>
            {t('settings.backupNow')}
          </button>
        </div>
      )}
    </section>
  );
}
