import { useState, type FormEvent, type ReactElement } from 'react';
import { currentLocale, useI18n } from '../../i18n/i18n';
import { useBotsStore } from '../../state/bots-store';
import { useFirstRunStore } from '../../state/first-run-store';
import { call, errorText } from '../../transport/client';

/** Step 1: paste a token; the engine checks it with Telegram (getMe) and adds the bot, stopped. */
export function TokenStep(): ReactElement {
  const { t } = useI18n();
  const added = useFirstRunStore((state) => state.added);
  const reload = useBotsStore((state) => state.load);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const bot = await call('addBot', { token });
      await reload();
      added(bot.id, token.trim());
    } catch (failure) {
      setError(errorText(failure, currentLocale()));
      setBusy(false);
    }
  };

  return (
    <form className="first-run-step" aria-labelledby="first-run-token" noValidate onSubmit={(event) => void submit(event)}>
      <h2 id="first-run-token">{t('firstRun.step.token')}</h2>
      <p id="first-run-token-help" className="muted">
        {t('firstRun.token.help')}
      </p>
      <label htmlFor="first-run-token-input">{t('bots.add.label')}</label>
      <div className="row">
        <input
          id="first-run-token-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('bots.add.placeholder')}
          value={token}
          aria-invalid={error !== null}
          aria-describedby={error === null ? 'first-run-token-help' : 'first-run-token-help first-run-token-error'}
          onChange={(event) => setToken(event.target.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? t('firstRun.token.busy') : t('firstRun.token.submit')}
        </button>
      </div>
      {error !== null && (
        <p id="first-run-token-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
