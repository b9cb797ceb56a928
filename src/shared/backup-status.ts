import { z } from 'zod';
import { backupInfoSchema } from './store-status';

/** One run of the backup schedule (or "Back up now"): the copy, its check, and the copy to the second folder. */
export const backupAttemptSchema = z.object({
  at: z.number().int(),
  result: z.enum(['ok', 'failed']),
  /** The backup's file name when one was kept; a copy that failed its check is deleted. */
  name: z.string().nullable(),
  /** Why it failed, for the operator; null when ok. */
  detail: z.string().nullable(),
  /** The copy to the second folder; null when no folder is set or there was no good backup to copy. */
  secondFolder: z.object({ result: z.enum(['ok', 'failed']), detail: z.string().nullable() }).nullable(),
});
export type BackupAttempt = z.infer<typeof backupAttemptSchema>;

/** The backup schedule as the dashboard and Settings show it. */
export const backupStatusSchema = z.object({
  everyHours: z.number().int(),
  kept: z.number().int(),
  secondFolder: z.string().nullable(),
  /** The newest scheduled backup that passed its check; null when there is none yet. */
  lastGood: backupInfoSchema.nullable(),
  lastGoodAt: z.number().int().nullable(),
  lastAttempt: backupAttemptSchema.nullable(),
  /** When the next scheduled backup is due (it runs within a minute of it while Botdeck runs). */
  nextDueAt: z.number().int(),
  running: z.boolean(),
  /**
   * failed: the last attempt failed. overdue: no good backup for longer than the interval
   * plus an hour's grace, and none under way. null: all is well.
   */
  problem: z.enum(['failed', 'overdue']).nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;
