import { z } from 'zod';
import { errorCodes } from './errors';
import { errorTextSchema } from './i18n/error-text';

export const schemaDifferenceSchema = z.object({
  kind: z.enum([
    'missing_table',
    'extra_table',
    'missing_column',
    'extra_column',
    'changed_column',
    'missing_index',
    'extra_index',
    'changed_index',
    'missing_object',
    'extra_object',
    'changed_object',
  ]),
  /** The table concerned; null for a view or trigger. */
  table: z.string().nullable(),
  /** The table, column, index, view or trigger name. */
  name: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  message: z.string(),
  /**
   * repair: rebuilt from the app's own schema without touching a row (after a backup).
   * tolerate: something the operator added that the app can live with; shown as a warning.
   * restore: cannot be repaired without guessing at data; only a backup brings it back.
   */
  remedy: z.enum(['repair', 'tolerate', 'restore']),
});
export type SchemaDifference = z.infer<typeof schemaDifferenceSchema>;

export const migrationRefSchema = z.object({ version: z.number().int(), name: z.string() });
export type MigrationRef = z.infer<typeof migrationRefSchema>;

/** What opening a backup read-only found: `PRAGMA integrity_check` and the schema version it should have. */
export const backupCheckSchema = z.object({
  result: z.enum(['ok', 'failed']),
  /** Why it failed, for the operator; null when ok. */
  detail: z.string().nullable(),
  checkedAt: z.number().int(),
  userVersion: z.number().int().nullable(),
});
export type BackupCheck = z.infer<typeof backupCheckSchema>;

export const backupInfoSchema = z.object({
  name: z.string(),
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  createdAt: z.string(),
  /** safety: before a migration, restore or repair (kept 10); scheduled: the schedule's or "Back up now" (checked, kept K). */
  kind: z.enum(['safety', 'scheduled']),
  /** The recorded integrity check; null for a backup that was not checked. */
  check: backupCheckSchema.nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const errorInfoSchema = z.object({ code: z.enum(errorCodes), text: errorTextSchema, message: z.string() });

/** A backup offered when the drift cannot be repaired, with what restoring it would cost. */
export const restoreChoiceSchema = z.object({
  backup: backupInfoSchema,
  /** Leads in the live file captured after the backup's newest lead; null when it cannot be told. */
  leadsLost: z.number().int().nonnegative().nullable(),
});
export type RestoreChoice = z.infer<typeof restoreChoiceSchema>;

/** How long Telegram still keeps the /starts that arrived since the engine last ran. */
export const telegramWindowSchema = z.object({
  lastHeartbeatAt: z.number().int(),
  /** Telegram drops an unconfirmed update 24 h after it arrived: the oldest waiting ones go first. */
  keptUntil: z.number().int(),
});
export type TelegramWindow = z.infer<typeof telegramWindowSchema>;

/** The one alert sent through the operator's channels when the bots were refused. */
export const refusalAlertSchema = z.object({
  state: z.enum(['sending', 'done', 'unavailable']),
  sent: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Why no alert could go out (the channel table is unreadable), or the failures. */
  detail: z.string().nullable(),
});
export type RefusalAlert = z.infer<typeof refusalAlertSchema>;

export const storeStatusSchema = z.object({
  /**
   * ready: migrated and verified (differences, if any, are tolerated extras), bots may run. mismatch: the schema differs from what the
   * code expects, bots must not run. refused: the file could not be opened safely.
   */
  state: z.enum(['ready', 'mismatch', 'refused']),
  file: z.string(),
  schemaVersion: z.number().int().nullable(),
  appSchemaVersion: z.number().int(),
  migratedNow: z.array(migrationRefSchema),
  differences: z.array(schemaDifferenceSchema),
  backups: z.array(backupInfoSchema),
  /** Filled only when the drift cannot be repaired: the backups newest first, with their cost. */
  restoreChoices: z.array(restoreChoiceSchema),
  telegramWindow: telegramWindowSchema.nullable(),
  refusalAlert: refusalAlertSchema.nullable(),
  error: errorInfoSchema.nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;
