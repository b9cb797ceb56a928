import type { Handlers } from '../../../shared/contract';
import { issueOperatorCode, readOperatorChat } from '../bots/operator-chat';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { openStoreOf } from './open-store';

type OperatorChatHandlers = Pick<Handlers, 'requestOperatorCode' | 'getOperatorChat'>;

export function operatorChatHandlers(core: Core): OperatorChatHandlers {
  return {
    requestOperatorCode: ({ botId }) => {
      const bot = core
        .fleet()
        ?.list()
        .find((summary) => summary.id === botId);
      if (bot === undefined) throw new BotdeckError('BOT_NOT_FOUND', `There is no bot ${botId}; it may have been removed.`);
      return issueOperatorCode(openStoreOf(core, 'no code can be made').db, { botId, username: bot.username }, Date.now());
    },
    getOperatorChat: () => readOperatorChat(openStoreOf(core, 'your chat cannot be read').db),
  };
}
