import { useState, type ReactElement } from 'react';
import { useI18n } from '../i18n/i18n';
import { useBotsStore } from '../state/bots-store';
import { useOperatorChatStore } from '../state/operator-chat-store';
import { OperatorChatLink } from './OperatorChatLink';

/**
 * Next to a chat id field: where the operator's own chat id came from (their /start with the
 * one-time code), a button to put it in the field, and the same /start flow to learn it again,
 * through `botId` when it runs, else the first running bot.
 */
export function OperatorChatSource({ current, onUse, botId = null }: { current: string; onUse: (chatId: number) => void; botId?: number | null }): ReactElement {
  const { t, dateTime } = useI18n();
  const chat = useOperatorChatStore((state) => state.chat);
  const bots = useBotsStore((state) => state.bots);
  const [learning, setLearning] = useState(false);
  const running = bots.filter((bot) => bot.desiredState === 'running');
  const through = running.find((bot) => bot.id === botId) ?? running[0];
  return (
    <div className="operator-chat-source">
      <p className="muted">
        {chat === null ? t('operatorChat.none') : t('operatorChat.source', { id: chat.chatId, name: chat.botUsername, date: dateTime(chat.learnedAt) })}{' '}
        {chat !== null && current !== String(chat.chatId) && (
          <button type="button" className="link" onClick={() => onUse(chat.chatId)}>
            {t('operatorChat.use')}
          </button>
        )}{' '}
        <button type="button" className="link" aria-expanded={learning} onClick={() => setLearning(!learning)}>
          {chat === null ? t('operatorChat.learn') : t('operatorChat.learnAgain')}
        </button>
      </p>
      {learning &&
        (through === undefined ? <p className="warning">{t('operatorChat.noRunningBot')}</p> : <OperatorChatLink bot={through} onLearned={(learned) => onUse(learned.chatId)} />)}
    </div>
  );
}
