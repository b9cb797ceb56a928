import { z } from 'zod';
import { backupAttemptSchema } from './backup-status';
import { backupInfoSchema, errorInfoSchema, migrationRefSchema, schemaDifferenceSchema } from './store-status';

/** What the doctor finds when it looks at a data folder without changing anything. */
export const storeReportSchema = z.object({
  dataDir: z.string(),
  file: z.string(),
  exists: z.boolean(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  schemaVersion: z.number().int().nullable(),
  appSchemaVersion: z.number().int(),
  pending: z.array(migrationRefSchema),
  differences: z.array(schemaDifferenceSchema),
  integrity: z.enum(['ok', 'failed', 'not_checked']),
  integrityDetail: z.string().nullable(),
  backups: z.array(backupInfoSchema),
  /** The backup schedule's last attempt, as recorded in the database; null before the first or when unreadable. */
  lastBackupAttempt: backupAttemptSchema.nullable(),
  /** The operator's second backup folder and Botdeck's backups in it; null when none is set. */
  secondFolder: z.object({ path: z.string(), backups: z.array(backupInfoSchema), error: z.string().nullable() }).nullable(),
  problems: z.array(errorInfoSchema),
  healthy: z.boolean(),
});
export type StoreReport = z.infer<typeof storeReportSchema>;
