import type { Handlers } from '../../../shared/contract';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Fleet } from '../fleet/fleet';

type BotHandlers = Pick<
  Handlers,
  'listBots' | 'addBot' | 'replaceBotToken' | 'removeBot' | 'startBot' | 'stopBot' | 'restartBot' | 'setWelcome' | 'setSendRate' | 'sendTestWelcome'
>;

/** The fleet, or the reason the bots cannot run (a refused or drifted store). */
function fleetOf(core: Core): Fleet {
  const fleet = core.fleet();
  if (fleet !== null) return fleet;
  const refusal = core.botsMayRun();
  throw new BotdeckError('BOTS_BLOCKED', refusal?.text ?? text('bots.cannotRun', {}));
}

export function botHandlers(core: Core): BotHandlers {
  return {
    listBots: () => core.fleet()?.list() ?? [],
    addBot: ({ token }) => fleetOf(core).addBot(token),
    replaceBotToken: ({ botId, token }) => fleetOf(core).replaceToken(botId, token),
    removeBot: async ({ botId }) => {
      await fleetOf(core).removeBot(botId);
      return { removed: true as const };
    },
    startBot: ({ botId }) => fleetOf(core).startBot(botId),
    stopBot: ({ botId }) => fleetOf(core).stopBot(botId),
    restartBot: ({ botId }) => fleetOf(core).restartBot(botId),
    setWelcome: ({ botId, welcome }) => fleetOf(core).setWelcome(botId, welcome),
    setSendRate: ({ botId, rate }) => fleetOf(core).setSendRate(botId, rate),
    sendTestWelcome: ({ botId, chatId }) => fleetOf(core).sendTestWelcome(botId, chatId),
  };
}
