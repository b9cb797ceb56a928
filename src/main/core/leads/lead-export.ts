import type { Database } from 'better-sqlite3';
import { leadFilterSchema, type LeadFilter } from '../../../shared/leads';
import { nextTurn } from '../csv-export-file';
import { validated } from './lead-input';
import { exportClause, parseSearch, type Param } from './lead-plan';
import { SearchIndex } from './search-index';

/** Rows per written chunk: big enough to amortise the write, small enough that building it holds the engine for a few milliseconds only. */
export const EXPORT_PAGE_ROWS = 1000;

/**
 * Ids one query looks through at most, counting or reading: a filter that matches few
 * leads would otherwise scan the whole table in one go, holding the engine meanwhile.
 */
const SCAN_IDS = 50_000;

/** The CSV's columns and the SQL that reads each, in the same order (`l` is leads, `b` is bots). */
const COLUMNS = [
  ['id', 'l.id'],
  ['bot', 'b.username'],
  ['user_id', 'l.user_id'],
  ['username', 'l.username'],
  ['first_name', 'l.first_name'],
  ['last_name', 'l.last_name'],
  ['language_code', 'l.language_code'],
  ['source', 'l.source'],
  ['source_invalid', 'l.source_invalid'],
  ['status', 'l.status'],
  ['starts', 'l.starts'],
  ['first_seen_at', 'l.first_seen_at'],
  ['last_seen_at', 'l.last_seen_at'],
  ['welcomed_at', 'l.welcomed_at'],
  ['converted_at', 'l.converted_at'],
  ['revenue_cents', 'l.revenue_cents'],
  ['archived', "CASE l.archived WHEN 1 THEN 'TRUE' ELSE 'FALSE' END"],
] as const;

/** Positions of the times (ms since the epoch), written as ISO 8601 in UTC. */
const TIME_COLUMNS = new Set(COLUMNS.flatMap(([name], index) => (name.endsWith('_at') ? [index] : [])));

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/u;

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (= + - @, or a
 * leading tab or carriage return) gets a leading apostrophe: lead names come from
 * Telegram users, who can type anything.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // One test for the common case of plain text; a million rows hold seventeen million fields.
  if (!NEEDS_CARE.test(value)) return value;
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const DAY_MS = 86_400_000;
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * ISO 8601 in UTC, as Date#toISOString writes it, but without a Date per field: rows come
 * in id order, which is nearly time order, so the date part is remembered per day.
 */
function isoWriter(): (ms: number) => string {
  let day = Number.NaN;
  let prefix = '';
  return (ms) => {
    const today = Math.floor(ms / DAY_MS);
    if (today !== day) {
      day = today;
      prefix = new Date(today * DAY_MS).toISOString().slice(0, -13);
    }
    const rest = ms - today * DAY_MS;
    return `${prefix}${two(Math.floor(rest / 3_600_000))}:${two(Math.floor(rest / 60_000) % 60)}:${two(Math.floor(rest / 1000) % 60)}.${three(rest % 1000)}Z`;
  };
}

function csvLine(values: readonly unknown[], iso: (ms: number) => string): string {
  let line = '';
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    if (index > 0) line += ',';
    if (typeof value === 'number') line += TIME_COLUMNS.has(index) ? iso(value) : String(value);
    else if (typeof value === 'string') line += csvField(value);
  }
  return `${line}\r\n`;
}

/**
 * Writes every lead matching the filter as CSV that spreadsheets open as UTF-8 (a byte
 * order mark, CRLF line ends, a header row, times in ISO 8601 UTC), in id order, one
 * chunk per page of EXPORT_PAGE_ROWS rows. The total is counted, and the rows read, in
 * ranges of ids, each query bounded, with `betweenPages` (a turn of the event loop) after
 * each; `write` may return a promise, and the next read waits for it. No statement stays
 * open across them, so the engine keeps running and using the connection meanwhile.
 * Leads that arrive during the export are left out (the last id is fixed at the start).
 * Returns the number of rows written.
 */
export async function exportLeadsCsv(
  db: Database,
  filter: LeadFilter,
  write: (chunk: string) => void | Promise<void>,
  onProgress?: (done: number, total: number) => void,
  betweenPages: () => Promise<void> = nextTurn,
): Promise<number> {
  const checked = validated(() => leadFilterSchema.parse(filter));
  // A search reads the trigram index: the leads captured since the last one enter it first.
  if (parseSearch(checked.search)?.match != null) new SearchIndex(db).catchUp();
  const last = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM leads').get()?.id ?? 0;
  const { sql, params } = exportClause(checked);
  const range = `${sql.idColumn} > ? AND ${sql.idColumn} <= ?`;
  const count = db.prepare<Param[], { n: number }>(`SELECT count(*) AS n FROM ${sql.from} WHERE ${sql.where} AND ${range}`);
  // Raw rows (arrays, not objects) halve the cost of reading a million of them.
  const page = db
    .prepare<Param[], unknown[]>(
      `SELECT ${COLUMNS.map(([, column]) => column).join(', ')} FROM ${sql.from} JOIN bots b ON b.id = l.bot_id
       WHERE ${sql.where} AND ${range} ORDER BY ${sql.idColumn} LIMIT ?`,
    )
    .raw(true);

  let total = 0;
  for (let from = 0; from < last; from += SCAN_IDS) {
    total += count.get(...params, from, Math.min(last, from + SCAN_IDS))?.n ?? 0;
    await betweenPages();
  }
  const iso = isoWriter();
  await write(`\uFEFF${COLUMNS.map(([name]) => name).join(',')}\r\n`);
  onProgress?.(0, total);
  let done = 0;
  let after = 0;
  let rows: unknown[][] = [];
  while (after < last) {
    const upTo = Math.min(last, after + SCAN_IDS);
    const room = EXPORT_PAGE_ROWS - rows.length;
    const records = page.all(...params, after, upTo, room);
    rows = rows.concat(records);
    const lastId = records.at(-1)?.[0];
    // A full read may stop short of the range's end; otherwise the whole range was read.
    after = records.length === room && typeof lastId === 'number' ? lastId : upTo;
    if (rows.length === EXPORT_PAGE_ROWS || (after >= last && rows.length > 0)) {
      await write(rows.map((values) => csvLine(values, iso)).join(''));
      done += rows.length;
      rows = [];
      // Leads can change between pages (a status, an archive), so the count taken at the start is only a guide.
      onProgress?.(done, Math.max(total, done));
    }
    await betweenPages();
  }
  return done;
}
