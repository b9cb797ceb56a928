import { z } from 'zod';
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
  problems: z.array(errorInfoSchema),
  healthy: z.boolean(),
});
export type StoreReport = z.infer<typeof storeReportSchema>;
