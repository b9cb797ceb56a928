import type { Handlers } from '../../../shared/contract';
import { defaultSettings, languageSchema, type Settings, type SettingsView } from '../../../shared/settings';
import { API_ROOT_SETTING, telegramApiRoot } from '../bots/telegram-api-root';
import type { Core } from '../core';
import { getSetting, setSetting } from '../db/settings';
import type { Store } from '../db/store';
import { openStoreOf } from './open-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'updateSettings'>;

const LANGUAGE = 'console.language';
const CURRENCY = 'console.currency';

function db(core: Core): Store['db'] {
  return openStoreOf(core, 'settings cannot be read or saved').db;
}

function read(core: Core): Settings {
  const database = db(core);
  const language = languageSchema.safeParse(getSetting(database, LANGUAGE));
  return {
    telegramApiRoot: getSetting(database, API_ROOT_SETTING),
    language: language.success ? language.data : defaultSettings.language,
    currency: getSetting(database, CURRENCY) ?? defaultSettings.currency,
  };
}

function view(core: Core): SettingsView {
  return { ...read(core), effectiveApiRoot: telegramApiRoot(db(core), core.env), dataDir: core.dataDir };
}

export function settingsHandlers(core: Core): SettingsHandlers {
  return {
    getSettings: () => view(core),
    updateSettings: async (patch) => {
      const database = db(core);
      const now = new Date();
      database.transaction(() => {
        if (patch.telegramApiRoot !== undefined) {
          if (patch.telegramApiRoot === null) database.prepare('DELETE FROM settings WHERE key = ?').run(API_ROOT_SETTING);
          else setSetting(database, API_ROOT_SETTING, patch.telegramApiRoot.replace(/\/+$/, ''), now);
        }
        if (patch.language !== undefined) setSetting(database, LANGUAGE, patch.language, now);
        if (patch.currency !== undefined) setSetting(database, CURRENCY, patch.currency, now);
      })();
      // Bots follow a changed Bot API address at once (an environment override still wins).
      await core.fleet()?.setApiRoot(telegramApiRoot(database, core.env));
      return view(core);
    },
  };
}
