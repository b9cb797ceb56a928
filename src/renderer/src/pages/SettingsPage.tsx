import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { apiRootChangeNeedsConfirmation, TELEGRAM_API_ROOT, type Settings, type SettingsView } from '../../../shared/settings';
import type { StoreReport } from '../../../shared/store-report';
import { BackupSettings } from '../components/BackupSettings';
import { BackupSummary } from '../components/BackupSummary';
import { PixGatewaySettings } from '../components/PixGatewaySettings';
import { currentLocale, useI18n, useLocaleStore, type LanguageChoice } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import { secretProtectionText } from '../logic/secret-protection-text';
import { parseOptionalDecimal, parseWhole } from '../logic/settings-input';
import {
  bounds,
  DECIMAL_FIELDS,
  EMPTY_NUMBERS,
  FORM_ORDER,
  HEALTH_FIELDS,
  numberTexts,
  WHOLE_FIELDS,
  type DecimalField,
  type NumberField,
  type WholeField,
} from '../logic/settings-numbers';
import { SettingNumberInput } from '../components/SettingNumberInput';
import { CallError, call, errorText, hasDesktopBridge } from '../transport/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { MoneyBasisNote } from '../components/MoneyBasisNote';

export function SettingsPage(): ReactElement {
  const { t, dateTime, number } = useI18n();
  const choose = useLocaleStore((state) => state.choose);
  const setCurrency = useLocaleStore((state) => state.setCurrency);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [report, setReport] = useState<StoreReport | null>(null);
  const [apiRoot, setApiRoot] = useState('');
  const [language, setLanguage] = useState<LanguageChoice>('auto');
  const [numbers, setNumbers] = useState<Record<NumberField, string>>(EMPTY_NUMBERS);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<NumberField, string>>>({});
  const [keepAwake, setKeepAwake] = useState(false);
  const [launchAtLogin, setLaunchAtLogin] = useState(false);
  const [moneyFromSettings, setMoneyFromSettings] = useState(false);
  const desktop = hasDesktopBridge();
  // A success is kept as its message's key: saving a new language shows it in that language.
  const [notice, setNotice] = useState<{ kind: 'ok'; key: MessageKey; values?: Record<string, string> } | { kind: 'error'; text: string } | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [confirmingApiRoot, setConfirmingApiRoot] = useState(false);
  const [faults, setFaults] = useState(0);

  useEffect(() => {
    void Promise.all([call('getSettings'), call('getStoreReport'), call('getAppInfo')]).then(([loaded, store, app]) => {
      setFaults(app.faults);
      setSettings(loaded);
      setApiRoot(loaded.telegramApiRoot ?? '');
      setLanguage(loaded.language);
      setNumbers(numberTexts(loaded));
      setKeepAwake(loaded.keepAwake);
      setLaunchAtLogin(loaded.launchAtLogin);
      setMoneyFromSettings(loaded.moneyFromSettings);
      setReport(store);
    });
  }, []);

  const failed = (error: unknown): void => {
    setNotice({ kind: 'error', text: errorText(error, currentLocale()) });
  };
  const setNumber = (field: NumberField, value: string): void => {
    setNumbers({ ...numbers, [field]: value });
    const { [field]: _fixed, ...rest } = fieldErrors;
    setFieldErrors(rest);
  };
  /** The numbers as the engine takes them, or the message for each field that is wrong. */
  const readNumbers = (): { ok: true; values: Partial<Settings> } | { ok: false; errors: Partial<Record<NumberField, string>> } => {
    const wholes: Partial<Record<WholeField, number>> = {};
    const decimals: Partial<Record<DecimalField, number | null>> = {};
    const errors: Partial<Record<NumberField, string>> = {};
    for (const field of WHOLE_FIELDS) {
      const { min, max } = bounds(field);
      const parsed = parseWhole(numbers[field], min, max);
      if (parsed.ok) wholes[field] = parsed.value;
      else errors[field] = t('settings.error.whole', { min: number(min), max: number(max) });
    }
    for (const field of DECIMAL_FIELDS) {
      const { min, max } = bounds(field);
      const parsed = parseOptionalDecimal(numbers[field], min, max);
      if (parsed.ok) decimals[field] = parsed.value;
      else errors[field] = t('settings.error.decimal', { min: number(min), max: number(max) });
    }
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values: { ...wholes, ...decimals } };
  };
  const save = (event: FormEvent): void => {
    event.preventDefault();
    void persist(false);
  };
  /** Saves the form; a new Bot API address first asks the operator, since it receives every token. */
  const persist = async (apiRootConfirmed: boolean): Promise<void> => {
    const read = readNumbers();
    if (!read.ok) {
      setFieldErrors(read.errors);
      setNotice({ kind: 'error', text: t('settings.error.fields') });
      const first = FORM_ORDER.find((field) => read.errors[field] !== undefined);
      if (first !== undefined) document.getElementById(`setting-${first}`)?.focus();
      return;
    }
    const root = apiRoot.trim() === '' ? null : apiRoot.trim();
    if (!apiRootConfirmed && apiRootChangeNeedsConfirmation(settings?.telegramApiRoot ?? null, root)) {
      setConfirmingApiRoot(true);
      return;
    }
    setConfirmingApiRoot(false);
    try {
      const saved = await call('updateSettings', {
        telegramApiRoot: root,
        ...(apiRootConfirmed ? { confirmApiRootChange: true } : {}),
        language,
        ...read.values,
        moneyFromSettings,
        // Only the desktop app can keep the computer awake or start at login.
        ...(desktop ? { keepAwake, launchAtLogin } : {}),
      });
      setSettings(saved);
      setNumbers(numberTexts(saved));
      setFieldErrors({});
      choose(saved.language);
      setCurrency(saved.currency);
      setNotice({ kind: 'ok', key: 'settings.saved' });
    } catch (error) {
      // The address saved meanwhile (another console) differs from what this page knew.
      if (error instanceof CallError && error.code === 'API_ROOT_CHANGE_UNCONFIRMED') setConfirmingApiRoot(true);
      else failed(error);
    }
  };
  const backUp = async (): Promise<void> => {
    try {
      const backup = await call('backupNow');
      setNotice({ kind: 'ok', key: 'settings.backedUp', values: { name: backup.name } });
      setReport(await call('getStoreReport'));
    } catch (error) {
      failed(error);
    }
  };

  const repair = async (): Promise<void> => {
    try {
      const result = await call('repairStore');
      setNotice({ kind: 'ok', key: 'settings.repaired', values: { actions: result.actions.join(' ') } });
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
      <h1 id="settings-title" tabIndex={-1}>
        {t('settings.title')}
      </h1>
      {notice !== null && (
        <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.kind === 'ok' ? t(notice.key, notice.values) : notice.text}
        </p>
      )}
      {/* Shown once loaded: a value changed before the load would be overwritten by it, then saved wrong. */}
      {settings !== null && (
        <form className="settings-form" onSubmit={save}>
          <p>
            {t('settings.dataDir')}: <code>{settings.dataDir}</code>
          </p>
          {settings.secrets != null && <p className="muted">{secretProtectionText(settings.secrets, t)}</p>}
          {faults > 0 && (
            <p className="field-error" role="status">
              {t('settings.faults', { count: faults })}
            </p>
          )}
          <label htmlFor="api-root">{t('settings.apiRoot')}</label>
          <input
            id="api-root"
            type="url"
            value={apiRoot}
            placeholder={TELEGRAM_API_ROOT}
            aria-describedby="api-root-help"
            onChange={(event) => {
              setApiRoot(event.target.value);
              setConfirmingApiRoot(false);
            }}
          />
          <p id="api-root-help" className="muted">
            {t(
              settings.apiRootFrom === 'environment' ? 'settings.apiRoot.fromEnv' : settings.apiRootFrom === 'setting' ? 'settings.apiRoot.fromSetting' : 'settings.apiRoot.help',
              {
                root: settings.effectiveApiRoot,
              },
            )}
          </p>
          {confirmingApiRoot && (
            <ConfirmDialog
              label={t('settings.apiRoot.confirm', { root: apiRoot.trim() })}
              message={t('settings.apiRoot.confirm', { root: apiRoot.trim() })}
              messageClassName="field-error"
              onCancel={() => setConfirmingApiRoot(false)}
            >
              <button type="button" className="danger" onClick={() => void persist(true)}>
                {t('settings.apiRoot.confirm.yes')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmingApiRoot(false)}>
                {t('settings.apiRoot.confirm.no')}
              </button>
            </ConfirmDialog>
          )}
          <label htmlFor="language">{t('settings.language')}</label>
          <select id="language" value={language} onChange={(event) => setLanguage(event.target.value as LanguageChoice)}>
            <option value="auto">{t('settings.language.auto')}</option>
            <option value="en">English</option>
            <option value="pt-BR">Português (Brasil)</option>
          </select>
          <fieldset className="settings-group">
            <legend>{t('settings.health')}</legend>
            <p className="muted">{t('settings.health.help')}</p>
            {HEALTH_FIELDS.map((field) => (
              <SettingNumberInput
                key={field}
                field={field}
                label={t(`settings.${field}`)}
                value={numbers[field]}
                error={fieldErrors[field]}
                onChange={(value) => setNumber(field, value)}
              />
            ))}
          </fieldset>
          <fieldset className="settings-group">
            <legend>{t('settings.money')}</legend>
            <p className="muted">{t('settings.money.help')}</p>
            <MoneyBasisNote basis={settings.moneyBasis} fromSettings={moneyFromSettings} onChange={setMoneyFromSettings} />
            <SettingNumberInput
              field="averageTicket"
              label={t('settings.averageTicket', { currency: settings.currency })}
              value={numbers.averageTicket}
              error={fieldErrors.averageTicket}
              onChange={(value) => setNumber('averageTicket', value)}
            />
            <SettingNumberInput
              field="conversionRatePercent"
              label={t('settings.conversionRatePercent')}
              value={numbers.conversionRatePercent}
              error={fieldErrors.conversionRatePercent}
              onChange={(value) => setNumber('conversionRatePercent', value)}
            />
          </fieldset>
          <fieldset className="settings-group">
            <legend>{t('settings.campaigns')}</legend>
            <p className="muted">{t('settings.campaigns.help')}</p>
            <SettingNumberInput
              field="campaignCapHours"
              label={t('settings.campaignCapHours')}
              value={numbers.campaignCapHours}
              error={fieldErrors.campaignCapHours}
              onChange={(value) => setNumber('campaignCapHours', value)}
            />
          </fieldset>
          {desktop && (
            <fieldset className="settings-group">
              <legend>{t('settings.computer')}</legend>
              <label className="checkbox">
                <input type="checkbox" checked={keepAwake} onChange={(event) => setKeepAwake(event.target.checked)} /> {t('settings.keepAwake')}
              </label>
              <label className="checkbox">
                <input type="checkbox" checked={launchAtLogin} onChange={(event) => setLaunchAtLogin(event.target.checked)} /> {t('settings.launchAtLogin')}
              </label>
            </fieldset>
          )}
          <button type="submit">{t('settings.save')}</button>
        </form>
      )}
      <h2>{t('settings.store')}</h2>
      {report !== null && (
        <div className="store-report">
          <p>{t('settings.store.version', { file: report.schemaVersion ?? '-', app: report.appSchemaVersion })}</p>
          <p>{t('settings.store.integrity', { value: report.integrity })}</p>
          {report.differences.length > 0 && (
            <>
              <h3>{t('settings.store.differences')}</h3>
              <ul aria-label={t('settings.store.differences')}>
                {report.differences.map((difference) => (
                  <li key={`${difference.kind}:${difference.table ?? ''}:${difference.name}`}>
                    {difference.message} <span className={`remedy remedy-${difference.remedy}`}>{t(`problem.remedy.${difference.remedy}`)}</span>
                  </li>
                ))}
              </ul>
              {report.differences.some((difference) => difference.remedy === 'repair') && (
                <button type="button" onClick={() => void repair()}>
                  {t('settings.repair')}
                </button>
              )}
            </>
          )}
          <h3>{t('settings.store.backups')}</h3>
          {report.backups.length === 0 ? (
            <p>{t('settings.store.noBackups')}</p>
          ) : (
            <ul>
              {report.backups.map((backup) => (
                <li key={backup.name}>
                  <code>{backup.name}</code> · {dateTime(Date.parse(backup.createdAt))} · {t(`backups.check.${backup.check?.result ?? 'none'}`)}{' '}
                  {restoring === backup.name ? (
                    <ConfirmDialog inline label={t('settings.restore.confirm')} message={t('settings.restore.confirm')} onCancel={() => setRestoring(null)}>
                      <button type="button" className="danger" onClick={() => void restore(backup.name)}>
                        {t('settings.restore.yes')}
                      </button>{' '}
                      <button type="button" onClick={() => setRestoring(null)}>
                        {t('bots.remove.no')}
                      </button>
                    </ConfirmDialog>
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
      <BackupSummary detailed />
      <BackupSettings />
      <PixGatewaySettings />
    </section>
  );
}
