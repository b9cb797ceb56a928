import type { Database } from 'better-sqlite3';
import { TELEGRAM_API_ROOT } from '../../../shared/settings';
import { getSetting } from '../db/settings';

export const API_ROOT_ENV = 'BOTDECK_TELEGRAM_API_ROOT';
export const API_ROOT_SETTING = 'telegram.apiRoot';

/**
 * Where the Bot API lives: the environment variable wins (tests, a self-hosted server for
 * one run), then the operator's setting, then Telegram's own server.
 */
export function telegramApiRoot(db: Database, env: NodeJS.ProcessEnv): string {
  return apiRootInForce(db, env).root;
}

/** The Bot API address in force and what put it there, for the console to explain an empty field. */
export function apiRootInForce(db: Database, env: NodeJS.ProcessEnv): { readonly root: string; readonly from: 'environment' | 'setting' | 'default' } {
  const fromEnv = env[API_ROOT_ENV]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return { root: fromEnv.replace(/\/+$/, ''), from: 'environment' };
  const fromSetting = getSetting(db, API_ROOT_SETTING)?.trim();
  if (fromSetting !== undefined && fromSetting !== '') return { root: fromSetting.replace(/\/+$/, ''), from: 'setting' };
  return { root: TELEGRAM_API_ROOT, from: 'default' };
}
