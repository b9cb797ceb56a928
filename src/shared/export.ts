import { z } from 'zod';

/** A finished CSV export: where it was written, and how many leads it holds. */
export const exportResultSchema = z.object({
  fileName: z.string(),
  path: z.string(),
  rows: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** Pushed while an export runs, so the console can show a progress bar. */
export const exportProgressSchema = z.object({
  fileName: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type ExportProgress = z.infer<typeof exportProgressSchema>;

export const EXPORTS_DIR = 'exports';
