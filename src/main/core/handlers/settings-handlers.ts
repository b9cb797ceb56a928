import type { Handlers } from '../../../shared/contract';
import { apiRootChangeNeedsConfirmation, type Settings, type SettingsView } from '../../../shared/settings';
import { telegramApiRoot } from '../bots/telegram-api-root';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { readSettings, writeSettings } from '../operator-settings';
import { openStoreOf } from './open-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'updateSettings'>;

function db(core: Core): Store['db'] {
  return openStoreOf(core, text('store.cannot.settings', {})).db;
}

function view(core: Core, settings: Settings = readSettings(db(core))): SettingsView {
  return { ...settings, effectiveApiRoot: telegramApiRoot(db(core), core.env), dataDir: core.dataDir, secrets: core.secretProtection() };
}

export function settingsHandlers(core: Core): SettingsHandlers {
  return {
    getSettings: () => view(core),
    updateSettings: async ({ confirmApiRootChange, ...patch }) => {
      const database = db(core);
      const next = patch.telegramApiRoot;
      if (next !== undefined && confirmApiRootChange !== true && apiRootChangeNeedsConfirmation(readSettings(database).telegramApiRoot, next)) {
        throw new BotdeckError('API_ROOT_CHANGE_UNCONFIRMED', text('settings.apiRootUnconfirmed', { address: next ?? '' }));
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
