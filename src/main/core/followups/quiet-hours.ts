/** The hours, in the operator's time zone, during which no follow-up is sent. */
export interface QuietHours {
  readonly timeZone: string;
  /** From this hour (0–23)... */
  readonly start: number;
  /** ...until this one; equal to the start: no quiet hours. */
  readonly end: number;
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** A day and an hour of quarter hours: a quiet period never lasts longer, whatever the clock change. */
const MAX_QUARTERS = 25 * 4;

const formats = new Map<string, Intl.DateTimeFormat>();

function localHour(at: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  const hour = format.formatToParts(at).find((part) => part.type === 'hour');
  return Number(hour?.value ?? 0);
}

export function isQuiet(at: number, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  const hour = localHour(at, quiet.timeZone);
  return quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
}

/**
 * When a message due at `at` may go: `at` itself outside the quiet hours, otherwise the
 * moment they end. Every time zone's offset is a whole number of quarter hours, so a local
 * hour always begins on a quarter hour of UTC: the first quarter hour outside them is the end.
 */
export function quietEnd(at: number, quiet: QuietHours): number {
  if (!isQuiet(at, quiet)) return at;
  let t = Math.ceil(at / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  for (let i = 0; i < MAX_QUARTERS && isQuiet(t, quiet); i += 1) t += QUARTER_HOUR_MS;
  return t;
}
