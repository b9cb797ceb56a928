import { z } from 'zod';
import { errorCodes } from './errors';

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
});
export type SchemaDifference = z.infer<typeof schemaDifferenceSchema>;

export const migrationRefSchema = z.object({ version: z.number().int(), name: z.string() });
export type MigrationRef = z.infer<typeof migrationRefSchema>;

export const backupInfoSchema = z.object({
  name: z.string(),
  path: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const errorInfoSchema = z.object({ code: z.enum(errorCodes), message: z.string() });

export const storeStatusSchema = z.object({
  /**
   * ready: migrated and verified, bots may run. mismatch: the schema differs from what the
   * code expects, bots must not run. refused: the file could not be opened safely.
   */
  state: z.enum(['ready', 'mismatch', 'refused']),
  file: z.string(),
  schemaVersion: z.number().int().nullable(),
  appSchemaVersion: z.number().int(),
  migratedNow: z.array(migrationRefSchema),
  differences: z.array(schemaDifferenceSchema),
  backups: z.array(backupInfoSchema),
  error: errorInfoSchema.nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;
