import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { BotSummary } from '../../../shared/bot-summary';
import type { OperatorChat, OperatorCode } from '../../../shared/operator-chat';
import { currentLocale, useI18n } from '../i18n/i18n';
import { call, errorText, onEngineEvent } from '../transport/client';

/**
 * "Send yourself a /start": the bot's t.me link with a one-time code, then a wait until the
 * engine reports the chat that sent it. The code keeps a lead's /start from being taken for
 * the operator's. The bot must be running to hear it.
 */
export function OperatorChatLink({ bot, onLearned }: { bot: BotSummary; onLearned?: (chat: OperatorChat) => void }): ReactElement {
  const { t, time } = useI18n();
  const [code, setCode] = useState<OperatorCode | null>(null);
  const [learned, setLearned] = useState<OperatorChat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fetchCode = useCallback(
    () =>
      call('requestOperatorCode', { botId: bot.id }).then(
        (issued) => setCode(issued),
        (failure: unknown) => setError(errorText(failure, currentLocale())),
      ),
    [bot.id],
  );

  useEffect(() => {
    void fetchCode();
  }, [fetchCode]);

  const again = (): void => {
    setError(null);
    setLearned(null);
    void fetchCode();
  };

  useEffect(
    () =>
      onEngineEvent((event) => {
        if (event.event !== 'operator.chat' || event.payload.botId !== bot.id) return;
        setLearned(event.payload);
        onLearned?.(event.payload);
      }),
    [bot.id, onLearned],
  );

  return (
    <div className="operator-chat-link">
      <p className="muted">{t('firstRun.chat.help')}</p>
      {code !== null && learned === null && (
        <>
          <p>
            <a href={code.link} target="_blank" rel="noreferrer">
              {t('firstRun.chat.link', { name: bot.username })}
            </a>{' '}
            <code>{code.link}</code>
          </p>
          <p className="muted">{t('firstRun.chat.expires', { time: time(code.expiresAt) })}</p>
          <p role="status" aria-live="polite">
            {t('firstRun.chat.waiting')}
          </p>
        </>
      )}
      {learned !== null && (
        <p className="notice" role="status">
          {t('firstRun.chat.learned', { id: learned.chatId, name: learned.botUsername })}
        </p>
      )}
      <button type="button" onClick={again}>
        {t('firstRun.chat.again')}
      </button>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
