/** One measured figure: ours, the baseline measured in the same run, and the target if any. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly baseline: number | null;
  readonly baselineLabel: string | null;
  /** A constant to compare with (a configured rate, an old design's worst case): shown as a limit, never as a measurement. */
  readonly limit?: { readonly value: number; readonly label: string };
  readonly target: string | null;
  readonly meetsTarget: boolean | null;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new Error('no samples');
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const round = (value: number): number => Math.round(value * 100) / 100;

function baselineCell(figure: Figure): string {
  if (figure.baseline !== null) return `${round(figure.baseline)} ${figure.unit} (${figure.baselineLabel ?? ''})`;
  if (figure.limit !== undefined) return `limit ${round(figure.limit.value)} ${figure.unit} (${figure.limit.label}; not measured)`;
  return '-';
}

function ratioCell(figure: Figure): string {
  if (figure.baseline !== null) return figure.baseline === 0 ? '-' : `${round(figure.value / figure.baseline)}x`;
  if (figure.limit !== undefined && figure.limit.value !== 0) return `${round(figure.value / figure.limit.value)}x of limit`;
  return '-';
}

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.name,
    `${round(figure.value)} ${figure.unit}`,
    baselineCell(figure),
    ratioCell(figure),
    figure.target === null ? '-' : `${figure.target} ${figure.meetsTarget === true ? 'met' : 'MISSED'}`,
  ]);
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'target'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** The JSON form: one object of named numbers (figure, its baseline and ratio). */
export function toJson(figures: readonly Figure[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const figure of figures) {
    out[figure.name] = round(figure.value);
    if (figure.baseline !== null) {
      out[`${figure.name}.baseline`] = round(figure.baseline);
      out[`${figure.name}.ratio`] = figure.baseline === 0 ? 0 : round(figure.value / figure.baseline);
    } else if (figure.limit !== undefined) {
      out[`${figure.name}.limit`] = round(figure.limit.value);
    }
  }
  return out;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no samples');
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
