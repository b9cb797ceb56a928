import { useState, type FormEvent, type ReactElement } from 'react';
import type { BotSummary } from '../../../../shared/bot-summary';
import type { ChannelConfig } from '../../../../shared/alerts';
import { currentLocale, useI18n } from '../../i18n/i18n';
import { useFirstRunStore } from '../../state/first-run-store';
import { useOperatorChatStore } from '../../state/operator-chat-store';
import { call, errorText } from '../../transport/client';

type Where = 'desktop' | 'telegram';

/**
 * Step 5: where alerts reach the operator, through the alert channel calls: desktop
 * notifications (the desktop app already has that channel on; it is reused when enabled), or a
 * Telegram message to the chat just learned, through the bot just added or another bot. A
 * test alert goes out at once.
 */
export function AlertsStep({ bot }: { bot: BotSummary }): ReactElement {
  const { t } = useI18n();
  const chat = useOperatorChatStore((state) => state.chat);
  const keptToken = useFirstRunStore((state) => state.token);
  const finish = useFirstRunStore((state) => state.finish);
  const [where, setWhere] = useState<Where>(chat === null ? 'desktop' : 'telegram');
  const [token, setToken] = useState(keptToken ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const channelFor = async (chatId: number | null): Promise<{ id: number; name: string }> => {
    if (where === 'desktop' || chatId === null) {
      const existing = (await call('listAlertChannels')).find((channel) => channel.kind === 'desktop' && channel.enabled);
      if (existing !== undefined) return existing;
      return call('addAlertChannel', { name: t('firstRun.alerts.channel.desktop'), config: { kind: 'desktop' } });
    }
    const config: ChannelConfig = { kind: 'telegram', token: token.trim(), chatId };
    return call('addAlertChannel', { name: t('firstRun.alerts.channel.telegram'), config });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const channel = await channelFor(chat?.chatId ?? null);
      await call('testAlertChannel', { channelId: channel.id });
      setOutcome({ ok: true, text: t('firstRun.alerts.tested', { name: channel.name }) });
    } catch (failure) {
      setOutcome({ ok: false, text: errorText(failure, currentLocale()) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="first-run-step" aria-labelledby="first-run-alerts" noValidate onSubmit={(event) => void submit(event)}>
      <h2 id="first-run-alerts">{t('firstRun.step.alerts')}</h2>
      <fieldset>
        <legend>{t('firstRun.alerts.help')}</legend>
        <label>
          <input type="radio" name="first-run-where" checked={where === 'desktop'} onChange={() => setWhere('desktop')} /> {t('firstRun.alerts.desktop')}
        </label>
        <label>
          <input type="radio" name="first-run-where" checked={where === 'telegram'} disabled={chat === null} onChange={() => setWhere('telegram')} />{' '}
          {chat === null ? t('firstRun.alerts.telegramNoChat') : t('firstRun.alerts.telegram', { id: chat.chatId })}
        </label>
      </fieldset>
      {where === 'telegram' && (
        <>
          <label htmlFor="first-run-alert-token">{t('firstRun.alerts.token')}</label>
          <input
            id="first-run-alert-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('bots.add.placeholder')}
            aria-describedby="first-run-alert-token-help"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
          <p id="first-run-alert-token-help" className="muted">
            {keptToken === null ? t('firstRun.alerts.tokenAsk', { name: bot.username }) : t('firstRun.alerts.tokenKept', { name: bot.username })}
          </p>
        </>
      )}
      <div className="row">
        <button type="submit" disabled={busy || (where === 'telegram' && token.trim() === '')}>
          {busy ? t('firstRun.alerts.busy') : t('firstRun.alerts.submit')}
        </button>
      </div>
      {outcome !== null && (
        <p className={outcome.ok ? 'notice' : 'field-error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={finish}>
          {t('firstRun.done')}
        </button>
      </div>
    </form>
  );
}
