import type { Database } from 'better-sqlite3';
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';
import { API_ROOT_SETTING } from './bots/telegram-api-root';
import { getSetting, setSetting } from './db/settings';

/**
 * Where each setting lives in the settings table. Text settings keep their raw text (the
 * keys predate this file); the others are stored as JSON.
 */
const keys = {
  telegramApiRoot: API_ROOT_SETTING,
  language: 'console.language',
  currency: 'console.currency',
  downGraceSeconds: 'health.downGraceSeconds',
  downAfterFailures: 'health.downAfterFailures',
  recoverAfterSamples: 'health.recoverAfterSamples',
  probeSeconds: 'health.probeSeconds',
  alertRepeatMinutes: 'alerts.repeatMinutes',
  averageTicket: 'money.averageTicket',
  conversionRatePercent: 'money.conversionRatePercent',
  moneyFromSettings: 'money.fromSettings',
  campaignCapHours: 'campaigns.capHours',
  timeZone: 'followUps.timeZone',
  quietHoursStart: 'followUps.quietHoursStart',
  quietHoursEnd: 'followUps.quietHoursEnd',
  followUpMissedWindowHours: 'followUps.missedWindowHours',
  backupEveryHours: 'backups.everyHours',
  backupsKept: 'backups.kept',
  backupSecondFolder: 'backups.secondFolder',
  keepAwake: 'desktop.keepAwake',
  launchAtLogin: 'desktop.launchAtLogin',
} as const satisfies Record<keyof Settings, string>;

const rawText = new Set<keyof Settings>(['telegramApiRoot', 'language', 'currency', 'timeZone']);

function decode(field: keyof Settings, raw: string): unknown {
  if (rawText.has(field)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The operator's settings; a value that is missing or no longer valid reads as its default. */
export function readSettings(db: Database): Settings {
  const settings: Record<string, unknown> = { ...defaultSettings };
  for (const field of Object.keys(keys) as (keyof Settings)[]) {
    const raw = getSetting(db, keys[field]);
    if (raw === null) continue;
    const parsed = settingsSchema.shape[field].safeParse(decode(field, raw));
    if (parsed.success) settings[field] = parsed.data;
  }
  return settingsSchema.parse(settings);
}

/** The frequency cap alone, for the sender's every claim; missing or no longer valid reads as its default. */
export function readCampaignCapHours(db: Database): number {
  const raw = getSetting(db, keys.campaignCapHours);
  const parsed = settingsSchema.shape.campaignCapHours.safeParse(raw === null ? undefined : decode('campaignCapHours', raw));
  return parsed.success ? parsed.data : defaultSettings.campaignCapHours;
}

/** Saves the given settings in one transaction; null for the Bot API address means Telegram's own. */
export function writeSettings(db: Database, patch: { readonly [K in keyof Settings]?: Settings[K] | undefined }, now: Date = new Date()): void {
  db.transaction(() => {
    for (const [field, value] of Object.entries(patch) as [keyof Settings, Settings[keyof Settings] | undefined][]) {
      if (value === undefined) continue;
      if (field === 'telegramApiRoot') {
        if (value === null) db.prepare('DELETE FROM settings WHERE key = ?').run(keys.telegramApiRoot);
        else setSetting(db, keys.telegramApiRoot, String(value).replace(/\/+$/, ''), now);
        continue;
      }
      setSetting(db, keys[field], rawText.has(field) ? String(value) : JSON.stringify(value), now);
    }
  })();
}
