import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { BotSummary } from '../../../shared/bot-summary';
import { StateBadge } from '../components/StateBadge';
import { WelcomeEditor } from '../components/WelcomeEditor';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { ConfirmDialog } from '../components/ConfirmDialog';

function AddBotForm(): ReactElement {
  const { t } = useI18n();
  const add = useBotsStore((state) => state.add);
  const error = useBotsStore((state) => state.errors[0] ?? '');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const added = await add(token);
    setBusy(false);
    if (added) setToken('');
    // A refused token: back to the field, which now carries the reason (not to the page's body).
    else field.current?.focus();
  };
  return (
    <form className="add-bot" onSubmit={(event) => void submit(event)}>
      <label htmlFor="bot-token">{t('bots.add.label')}</label>
      <div className="row">
        <input
          ref={field}
          id="bot-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('bots.add.placeholder')}
          value={token}
          aria-invalid={error !== ''}
          aria-describedby={error === '' ? undefined : 'bot-token-error'}
          onChange={(event) => {
            setToken(event.target.value);
          }}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? t('bots.add.busy') : t('bots.add.submit')}
        </button>
      </div>
      {error !== '' && (
        <p id="bot-token-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function BotRow({ bot }: { bot: BotSummary }): ReactElement {
  const { t } = useI18n();
  const act = useBotsStore((state) => state.act);
  const remove = useBotsStore((state) => state.remove);
  const error = useBotsStore((state) => state.errors[bot.id] ?? '');
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const running = bot.desiredState === 'running';
  return (
    <li className="bot-row">
      <div className="bot-row-main">
        <strong>@{bot.username}</strong> <StateBadge status={bot.status} />
        <span className="muted">
          {t('bots.token')}: <code>{bot.tokenHint}</code>
        </span>
      </div>
      <div className="bot-row-actions" role="group" aria-label={t('bots.actions', { name: bot.username })}>
        {running ? (
          <button type="button" onClick={() => void act('stopBot', bot.id)}>
            {t('bots.stop')}
          </button>
        ) : (
          <button type="button" onClick={() => void act('startBot', bot.id)}>
            {t('bots.start')}
          </button>
        )}
        <button type="button" onClick={() => void act('restartBot', bot.id)}>
          {t('bots.restart')}
        </button>
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          {editing ? t('welcome.close') : t('welcome.edit')}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('bots.remove')}
        </button>
      </div>
      {!running && <p className="warning">{t('bots.notAnswering')}</p>}
      {editing && <WelcomeEditor bot={bot} />}
      {confirming && (
        <ConfirmDialog label={t('bots.remove.confirm', { name: bot.username })} message={t('bots.remove.confirm', { name: bot.username })} onCancel={() => setConfirming(false)}>
          <button type="button" className="danger" onClick={() => void remove(bot.id)}>
            {t('bots.remove.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('bots.remove.no')}
          </button>
        </ConfirmDialog>
      )}
      {error !== '' && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function BotsPage(): ReactElement {
  const { t } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  return (
    <section aria-labelledby="bots-title">
      <h1 id="bots-title" tabIndex={-1}>
        {t('bots.title')}
      </h1>
      <AddBotForm />
      <ul className="bot-list">
        {bots.map((bot) => (
          <BotRow key={bot.id} bot={bot} />
        ))}
      </ul>
    </section>
  );
}
