import { create } from 'zustand';
import type { BotStatus } from '../../../shared/bot-status';
import type { BotSummary } from '../../../shared/bot-summary';
import { call, errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';

interface BotsState {
  readonly bots: readonly BotSummary[];
  readonly loaded: boolean;
  /** The last failed action, per bot (0: adding a bot), shown next to its control. */
  readonly errors: Readonly<Record<number, string>>;
  readonly load: () => Promise<void>;
  readonly applyStatus: (status: BotStatus) => void;
  readonly add: (token: string) => Promise<boolean>;
  readonly act: (action: 'startBot' | 'stopBot' | 'restartBot', botId: number) => Promise<void>;
  readonly remove: (botId: number) => Promise<void>;
}

const message = (error: unknown): string => errorText(error, currentLocale());

export const useBotsStore = create<BotsState>((set, get) => {
  const replace = (bot: BotSummary): void => {
    const exists = get().bots.some((b) => b.id === bot.id);
    set({ bots: exists ? get().bots.map((b) => (b.id === bot.id ? bot : b)) : [...get().bots, bot], errors: { ...get().errors, [bot.id]: '' } });
  };
  const fail = (botId: number, error: unknown): void => {
    set({ errors: { ...get().errors, [botId]: message(error) } });
  };
  return {
    bots: [],
    loaded: false,
    errors: {},
    load: async () => {
      set({ bots: await call('listBots'), loaded: true });
    },
    // Pushed by the engine: the card changes without a reload.
    applyStatus: (status) => {
      set({ bots: get().bots.map((bot) => (bot.id === status.botId ? { ...bot, status } : bot)) });
    },
    add: async (token) => {
      try {
        replace(await call('addBot', { token }));
        set({ errors: { ...get().errors, 0: '' } });
        return true;
      } catch (error) {
        fail(0, error);
        return false;
      }
    },
    act: async (action, botId) => {
      try {
        replace(await call(action, { botId }));
      } catch (error) {
        fail(botId, error);
      }
    },
    remove: async (botId) => {
      try {
        await call('removeBot', { botId });
        set({ bots: get().bots.filter((bot) => bot.id !== botId) });
      } catch (error) {
        fail(botId, error);
      }
    },
  };
});
