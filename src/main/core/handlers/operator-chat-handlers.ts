import type { Handlers } from '../../../shared/contract';
import { issueOperatorCode, readOperatorChat } from '../bots/operator-chat';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { openStoreOf } from './open-store';

type OperatorChatHandlers = Pick<Handlers, 'requestOperatorCode' | 'getOperatorChat'>;

export function operatorChatHandlers(core: Core): OperatorChatHandlers {
  return {
    requestOperatorCode: ({ botId }) => {
      const bot = core
        .fleet()
        ?.list()
        .find((summary) => summary.id === botId);
      if (bot === undefined) throw new BotdeckError('BOT_NOT_FOUND', text('bot.notFound', { id: botId }));
      return issueOperatorCode(openStoreOf(core, text('store.cannot.operatorCode', {})).db, { botId, username: bot.username }, Date.now());
    },
    getOperatorChat: () => readOperatorChat(openStoreOf(core, text('store.cannot.operatorChat', {})).db),
  };
}
