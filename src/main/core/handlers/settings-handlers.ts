import { accessSync, constants, statSync } from 'node:fs';
import type { Handlers } from '../../../shared/contract';
import { apiRootChangeNeedsConfirmation, type Settings, type SettingsView } from '../../../shared/settings';
import { apiRootInForce, telegramApiRoot } from '../bots/telegram-api-root';
import type { Core } from '../core';
import type { Store } from '../db/store';
import { BotdeckError } from '../errors';
import { errorText as text, type ErrorText } from '../../../shared/i18n/error-text';
import { readSettings, writeSettings } from '../operator-settings';
import { MoneyBasisReader } from '../payments/money-basis';
import { openStoreOf } from './open-store';

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'updateSettings'>;

function db(core: Core): Store['db'] {
  return openStoreOf(core, text('store.cannot.settings', {})).db;
}

function view(core: Core, settings: Settings = readSettings(db(core))): SettingsView {
  const inForce = apiRootInForce(db(core), core.env);
  const moneyBasis = new MoneyBasisReader(db(core)).basis(settings, Date.now());
  return { ...settings, effectiveApiRoot: inForce.root, apiRootFrom: inForce.from, dataDir: core.dataDir, secrets: core.secretProtection(), moneyBasis };
}

/** The second backup folder must be there now: a typo would otherwise only show at the next backup, hours later. */
function assertBackupFolder(folder: string): void {
  let problem: ErrorText | null = null;
  try {
    if (!statSync(folder).isDirectory()) problem = text('backup.folderIsFile', { folder });
    else accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    problem = code === 'ENOENT' ? text('backup.folderMissing', { folder }) : text('backup.folderNotWritable', { folder });
  }
  if (problem !== null) throw new BotdeckError('BACKUP_FOLDER_UNUSABLE', text('backup.folderUnusable', { problem }));
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
