import { z } from 'zod';
import { errorText, type TextKey } from './i18n/error-text';
import { says } from './i18n/problems';
import { moneyBasisSchema } from './money-basis';
import { secretProtectionSchema } from './secret-protection';

export const languageSchema = z.enum(['auto', 'en', 'pt-BR']);

const whole = (min: number, max: number, field: TextKey & `validation.settings.field.${string}`): z.ZodNumber => {
  const what = errorText(field, {});
  return z
    .number()
    .int(says('validation.settings.notWhole', { what }))
    .min(min, says('validation.settings.tooSmall', { what, min }))
    .max(max, says('validation.settings.tooBig', { what, max }));
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The machine's own time zone, UTC when it names none. */
function machineTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

/** The operator's settings as the console edits them. */
export const settingsSchema = z.object({
  /** null: Telegram's own server. */
  telegramApiRoot: z.url({ protocol: /^https?$/, error: says('validation.settings.apiRoot') }).nullable(),
  language: languageSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, says('validation.settings.currency')),
  /** A bot with no successful poll for this long is down. */
  downGraceSeconds: whole(5, 3600, 'validation.settings.field.graceSeconds'),
  /** ...or after this many failed polls or probes in a row. */
  downAfterFailures: whole(1, 100, 'validation.settings.field.failuresInRow'),
  /** A down bot is up again only after this many good answers in a row. */
  recoverAfterSamples: whole(1, 20, 'validation.settings.field.goodAnswers'),
  /** How often each running bot asks Telegram getMe. */
  probeSeconds: whole(10, 3600, 'validation.settings.field.probeInterval'),
  /** Repeat the down alert this often while a bot stays down; 0: never. */
  alertRepeatMinutes: whole(0, 1440, 'validation.settings.field.repeatInterval'),
  /** For the money at stake: what one sale is worth, in the currency above. */
  averageTicket: z.number().min(0, says('validation.settings.ticketNegative')).max(1e9).nullable(),
  /** Share of leads that buy, in percent. */
  conversionRatePercent: z.number().min(0, says('validation.settings.conversionRate')).max(100, says('validation.settings.conversionRate')).nullable(),
  /** Price the money at stake with the two figures above even when enough sales were measured (see `money-basis.ts`). */
  moneyFromSettings: z.boolean(),
  /**
   * No lead gets more than one campaign message within this many hours, across campaigns;
   * 0: no cap. At most a week: a longer cap would quietly empty most campaigns, and a
   * typo (2400 for 24) must not mute every lead for months.
   */
  campaignCapHours: whole(0, 168, 'validation.settings.field.campaignCap'),
  /** The operator's time zone (an IANA name such as America/Sao_Paulo), for the follow-ups' quiet hours. */
  timeZone: z.string().refine(isTimeZone, says('validation.settings.timeZone')),
  /** No follow-up is sent from this hour (0–23, in the time zone above)... */
  quietHoursStart: whole(0, 23, 'validation.settings.field.quietStart'),
  /** ...until this hour; equal to the start: no quiet hours. */
  quietHoursEnd: whole(0, 23, 'validation.settings.field.quietEnd'),
  /** A follow-up step that came due while Botdeck was off is sent after it starts only within this many hours; later it is skipped. */
  followUpMissedWindowHours: whole(0, 168, 'validation.settings.field.missedWindow'),
  /** A checked backup of the database every this many hours while Botdeck runs, and at quit when the last good one is older. */
  backupEveryHours: whole(1, 168, 'validation.settings.field.backupEvery'),
  /** How many scheduled backups are kept (in the data folder, and in the second folder). */
  backupsKept: whole(1, 365, 'validation.settings.field.backupsKept'),
  /**
   * A second folder each good backup is copied to (one a cloud drive syncs); null: none.
   * An absolute path; the engine checks that it is a folder it can write to when it is saved.
   */
  backupSecondFolder: z
    .string()
    .trim()
    .max(1000, says('validation.backup.pathTooLong'))
    .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, says('validation.backup.folderPath'))
    .nullable(),
  /** Desktop only: keep the computer from sleeping while any bot runs. */
  keepAwake: z.boolean(),
  /** Desktop only: start Botdeck (in the tray) when the operator logs in. */
  launchAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  telegramApiRoot: null,
  language: 'auto',
  currency: 'BRL',
  downGraceSeconds: 30,
  downAfterFailures: 5,
  recoverAfterSamples: 3,
  probeSeconds: 60,
  alertRepeatMinutes: 0,
  averageTicket: null,
  conversionRatePercent: null,
  moneyFromSettings: false,
  campaignCapHours: 24,
  timeZone: machineTimeZone(),
  quietHoursStart: 22,
  quietHoursEnd: 8,
  followUpMissedWindowHours: 6,
  backupEveryHours: 24,
  backupsKept: 14,
  backupSecondFolder: null,
  keepAwake: false,
  launchAtLogin: false,
};

/** Telegram's own Bot API server. */
export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

const withoutTrailingSlash = (root: string): string => root.trim().replace(/\/+$/, '');

/**
 * Every request carries a bot's token in its URL, so pointing the bots at another Bot API
 * address hands that server every token: the operator confirms it first. Going back to
 * Telegram's own server needs no confirmation.
 */
export function apiRootChangeNeedsConfirmation(current: string | null, next: string | null): boolean {
  if (next === null) return false;
  const target = withoutTrailingSlash(next);
  return target !== TELEGRAM_API_ROOT && target !== withoutTrailingSlash(current ?? TELEGRAM_API_ROOT);
}

/** What the console shows: the settings, plus the Bot API address in force (an environment variable may override). */
export const settingsViewSchema = settingsSchema.extend({
  effectiveApiRoot: z.string(),
  /** Why that address is in force: the BOTDECK_TELEGRAM_API_ROOT environment variable, the setting, or neither (Telegram's own). */
  apiRootFrom: z.enum(['environment', 'setting', 'default']),
  dataDir: z.string(),
  /** How tokens are sealed at rest; null while the database is not ready. */
  secrets: secretProtectionSchema.nullable(),
  /** The figures the money at stake uses now, and where they come from. */
  moneyBasis: moneyBasisSchema,
});
export type SettingsView = z.infer<typeof settingsViewSchema>;
