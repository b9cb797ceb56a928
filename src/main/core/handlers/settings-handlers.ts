import type { Handlers } from '../../../shared/contract';
import { apiRootChangeNeedsConfirmation, type Settings, type SettingsView } from '../../../shared/settings';
import { apiRootInForce, telegramApiRoot } from '../bots/telegram-api-root';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { BotdeckError } from '../errors';
import { readSettings, writeSettings } from '../operator-settings';
import { openStoreOf } from './open-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'updateSettings'>;

function db(core: Core): Store['db'] {
  return openStoreOf(core, 'settings cannot be read or saved').db;
}

function view(core: Core, settings: Settings = readSettings(db(core))): SettingsView {
  const inForce = apiRootInForce(db(core), core.env);
  return { ...settings, effectiveApiRoot: inForce.root, apiRootFrom: inForce.from, dataDir: core.dataDir, secrets: core.secretProtection() };
}

export function settingsHandlers(core: Core): SettingsHandlers {
  return {
    getSettings: () => view(core),
    updateSettings: async ({ confirmApiRootChange, ...patch }) => {
      const database = db(core);
      const next = patch.telegramApiRoot;
      if (next !== undefined && confirmApiRootChange !== true && apiRootChangeNeedsConfirmation(readSettings(database).telegramApiRoot, next)) {
        throw new BotdeckError(
          'API_ROOT_CHANGE_UNCONFIRMED',
          `Every bot's token is sent to the Bot API address in every request, so ${next} would receive the tokens of all your bots (and could run them). Confirm the change only if you run or trust that server.`,
        );
      }
      writeSettings(database, patch);
      // Bots follow a changed Bot API address at once (an environment override still wins),
      // and the health rules apply from the next evaluation.
      const settings = readSettings(database);
      await core.fleet()?.setApiRoot(telegramApiRoot(database, core.env));
      core.fleet()?.applySettings(settings);
      const saved = view(core, settings);
      core.events.emit('settings.changed', saved);
      return saved;
    },
  };
}
