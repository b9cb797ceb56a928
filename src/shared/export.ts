import { z } from 'zod';

/** A finished CSV export: where it was written, and how many leads it holds. */
export const exportResultSchema = z.object({
  fileName: z.string(),
  path: z.string(),
  rows: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof exportResultSchema>;

/** Pushed while an export runs, so the console can show a progress bar. */
export interface ExportProgress {
  readonly fileName: string;
  readonly done: number;
  readonly total: number;
}

export const EXPORTS_DIR = 'exports';
