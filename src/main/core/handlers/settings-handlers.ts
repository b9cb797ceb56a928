import type { Handlers } from '../../../shared/contract';
import type { Settings, SettingsView } from '../../../shared/settings';
import { telegramApiRoot } from '../bots/telegram-api-root';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { readSettings, writeSettings } from '../operator-settings';
import { openStoreOf } from './open-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'updateSettings'>;

function db(core: Core): Store['db'] {
  return openStoreOf(core, 'settings cannot be read or saved').db;
}

function view(core: Core, settings: Settings = readSettings(db(core))): SettingsView {
  return { ...settings, effectiveApiRoot: telegramApiRoot(db(core), core.env), dataDir: core.dataDir, secrets: core.secretProtection() };
}

export function settingsHandlers(core: Core): SettingsHandlers {
  return {
    getSettings: () => view(core),
    updateSettings: async (patch) => {
      const database = db(core);
      writeSettings(database, patch);
      // Bots follow a changed Bot API address at once (an environment override still wins),
      // and the health rules apply from the next evaluation.
      const settings = readSettings(database);
      await core.fleet()?.setApiRoot(telegramApiRoot(database, core.env));
      core.fleet()?.applySettings(settings);
      const next = view(core, settings);
      core.events.emit('settings.changed', next);
      return next;
    },
  };
}
