import { accessSync, constants, statSync } from 'node:fs';
import type { Handlers } from '../../../shared/contract';
import { apiRootChangeNeedsConfirmation, type Settings, type SettingsView } from '../../../shared/settings';
import { telegramApiRoot } from '../bots/telegram-api-root';
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
  return { ...settings, effectiveApiRoot: telegramApiRoot(db(core), core.env), dataDir: core.dataDir, secrets: core.secretProtection() };
}

/** The second backup folder must be there now: a typo would otherwise only show at the next backup, hours later. */
function assertBackupFolder(folder: string): void {
  let problem: string | null = null;
  try {
    if (!statSync(folder).isDirectory()) problem = `${folder} is a file, not a folder.`;
    else accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    problem = code === 'ENOENT' ? `There is no folder ${folder}. Create it (or check the cloud drive is there) first.` : `Botdeck cannot write to ${folder}.`;
  }
  if (problem !== null) throw new BotdeckError('BACKUP_FOLDER_UNUSABLE', `${problem} Backups are copied there only when it is a folder Botdeck can write to.`);
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
      if (typeof patch.backupSecondFolder === 'string') assertBackupFolder(patch.backupSecondFolder);
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
