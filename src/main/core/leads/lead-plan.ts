import { leadStatuses, type LeadFilter, type LeadSort, type LeadSortColumn } from '../../../shared/leads';

/**
 * The leads screen's plan: a filter and a sort turned into SQL fragments, and the index
 * each reads through (the read API is lead-queries.ts). Values only ever travel as bound
 * parameters; the strings that reach ORDER BY and INDEXED BY are fixed here.
 */

export type Param = string | number | null;

interface SortSpec {
  readonly key: string;
  readonly collate: string;
  /** The active-lead index (migration 003) that yields this order. */
  readonly index: string;
  /**
   * Leads without a value come after the others (in id order) whichever the direction,
   * and ties break on id; for the other columns ties break on first-seen time, then id.
   */
  readonly nullable: boolean;
  /**
   * Walking this index can pass many leads before reaching an old or recent first-seen
   * range: last-seen follows first-seen, and a few large groups of equal values list
   * their leads in first-seen order.
   */
  readonly followsFirstSeen: boolean;
  /** The index is led by status, so naming every status lets it seek each one in order. */
  readonly seekStatus: boolean;
  /** A text search looks into this column, so its hits may sit together anywhere in the index. */
  readonly searched: boolean;
}

/** The only strings that ever reach ORDER BY. */
export const SORTS: Readonly<Record<LeadSortColumn, SortSpec>> = {
  first_seen_at: { key: 'l.first_seen_at', collate: '', index: 'leads_active_first_seen', nullable: false, followsFirstSeen: false, seekStatus: false, searched: false },
  last_seen_at: { key: 'l.last_seen_at', collate: '', index: 'leads_active_last_seen', nullable: false, followsFirstSeen: true, seekStatus: false, searched: false },
  username: { key: 'l.username', collate: ' COLLATE NOCASE', index: 'leads_active_username', nullable: true, followsFirstSeen: false, seekStatus: false, searched: true },
  first_name: { key: 'l.first_name', collate: ' COLLATE NOCASE', index: 'leads_active_first_name', nullable: false, followsFirstSeen: false, seekStatus: false, searched: true },
  status: { key: 'l.status', collate: '', index: 'leads_active_status', nullable: false, followsFirstSeen: false, seekStatus: true, searched: false },
  starts: { key: 'l.starts', collate: '', index: 'leads_active_starts', nullable: false, followsFirstSeen: true, seekStatus: false, searched: false },
  revenue_cents: { key: 'l.revenue_cents', collate: '', index: 'leads_active_revenue', nullable: true, followsFirstSeen: false, seekStatus: false, searched: false },
};

export function sqlDirection(sort: LeadSort): 'ASC' | 'DESC' {
  return sort.direction === 'asc' ? 'ASC' : 'DESC';
}

/** The full order of a sort; the sort indexes list their columns in this order. */
export function orderBy(sort: LeadSort): string {
  const spec = SORTS[sort.column];
  const direction = sqlDirection(sort);
  if (spec.nullable) return `(${spec.key} IS NULL), ${spec.key}${spec.collate} ${direction}, l.id ${direction}`;
  if (sort.column === 'first_seen_at') return `l.first_seen_at ${direction}, l.id ${direction}`;
  return `${spec.key}${spec.collate} ${direction}, l.first_seen_at ${direction}, l.id ${direction}`;
}

/** The search box, split: 3+ character words use the trigram index, shorter ones are matched with LIKE. */
export interface SearchTerms {
  /** An FTS5 query: every long word as a quoted phrase (a substring), all required. */
  readonly match: string | null;
  /** LIKE patterns (escaped with \) for the words too short for trigrams. */
  readonly likes: readonly string[];
}

export function parseSearch(search: string | undefined): SearchTerms | null {
  if (search === undefined) return null;
  // A leading @ is how usernames are written; the stored username has none.
  const words = search
    .split(/\s+/u)
    .map((word) => word.replace(/^@+/u, ''))
    .filter((word) => word.length > 0);
  if (words.length === 0) return null;
  // The trigram tokenizer counts code points, so this does too.
  const long = words.filter((word) => Array.from(word).length >= 3);
  const short = words.filter((word) => Array.from(word).length < 3);
  return {
    // Inside double quotes FTS5 reads everything as text; only the quote itself needs doubling.
    match: long.length === 0 ? null : long.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND '),
    likes: short.map((word) => `%${word.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`),
  };
}

/** Which leads a clause reads: the active ones (partial indexes apply), the archived ones, or both. */
export type Arm = 'active' | 'archived' | 'both';

/** How the rows are reached. */
export type Access = { readonly kind: 'index'; readonly name: string } | { readonly kind: 'table' } | { readonly kind: 'fts' };

/** Which unfiltered columns to spell out in full so that an index led by them is entered by seeks. */
export type Seek = 'none' | 'status' | 'bot-status';

export interface ClauseOptions {
  readonly arm: Arm;
  readonly access: Access;
  readonly seek: Seek;
  readonly search: SearchTerms | null;
  /** For the two halves of a sort on a nullable column. */
  readonly nullKey?: { readonly key: string; readonly isNull: boolean };
}

export interface Clause {
  readonly from: string;
  readonly where: string;
  readonly params: Param[];
}

/** FROM and WHERE for a filter. Values only ever travel as bound parameters. */
export function clause(filter: LeadFilter, options: ClauseOptions): Clause {
  const where: string[] = [];
  const params: Param[] = [];
  let from: string;
  if (options.access.kind === 'fts') {
    if (options.search?.match == null) throw new Error('an FTS-driven clause needs a search');
    // The search index yields the candidates; each is then read by id.
    from = 'leads_fts CROSS JOIN leads l ON l.id = leads_fts.rowid';
    where.push('leads_fts MATCH ?');
    params.push(options.search.match);
  } else {
    from = options.access.kind === 'index' ? `leads l INDEXED BY ${options.access.name}` : 'leads l NOT INDEXED';
    if (options.search?.match != null) {
      where.push('l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)');
      params.push(options.search.match);
    }
  }
  if (options.arm !== 'both') where.push(options.arm === 'active' ? 'l.archived = 0' : 'l.archived = 1');
  if (filter.botIds !== undefined) {
    where.push('l.bot_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.botIds));
  } else if (options.seek === 'bot-status') {
    where.push('l.bot_id IN (SELECT id FROM bots)');
  }
  if (filter.statuses !== undefined || options.seek !== 'none') {
    where.push('l.status IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.statuses ?? leadStatuses));
  }
  if (filter.source === null) {
    where.push('l.source IS NULL');
  } else if (filter.source !== undefined) {
    where.push('l.source = ?');
    params.push(filter.source);
  }
  if (filter.firstSeenFrom !== undefined) {
    where.push('l.first_seen_at >= ?');
    params.push(filter.firstSeenFrom);
  }
  if (filter.firstSeenTo !== undefined) {
    where.push('l.first_seen_at < ?');
    params.push(filter.firstSeenTo);
  }
  for (const like of options.search?.likes ?? []) {
    where.push("(l.username LIKE ? ESCAPE '\\' OR l.first_name LIKE ? ESCAPE '\\' OR l.last_name LIKE ? ESCAPE '\\')");
    params.push(like, like, like);
  }
  if (options.nullKey !== undefined) where.push(`${options.nullKey.key} ${options.nullKey.isNull ? 'IS NULL' : 'IS NOT NULL'}`);
  return { from, where: where.length === 0 ? '1' : where.join(' AND '), params };
}

/**
 * FROM and WHERE for reading every lead of a filter in id order (the CSV export), and
 * the id column to page on: the trigram hits drive when there is a search for 3+
 * characters, otherwise the table is read in id order.
 */
export function exportClause(filter: LeadFilter): { readonly sql: { readonly from: string; readonly where: string; readonly idColumn: string }; readonly params: Param[] } {
  const search = parseSearch(filter.search);
  const access: Access = search?.match != null ? { kind: 'fts' } : { kind: 'table' };
  const c = clause(filter, { arm: filter.includeArchived === true ? 'both' : 'active', access, seek: 'none', search });
  return { sql: { from: c.from, where: c.where, idColumn: access.kind === 'fts' ? 'leads_fts.rowid' : 'l.id' }, params: c.params };
}

/** The index that finds a filter's active leads by seeking bot and status: with the source when one is asked for. */
export function filterIndex(filter: LeadFilter): Access {
  return { kind: 'index', name: filter.source === undefined ? 'leads_active_bot_status' : 'leads_active_bot_status_source' };
}

export const ARCHIVED_INDEX: Access = { kind: 'index', name: 'leads_archived_bot_status' };

/**
 * How the active leads of a filter are counted and, when they are few, sorted:
 * - through the filter index, which holds every filter and sort column (no search, or a
 *   search whose filter alone matches few leads; a search is then checked per entry);
 * - through the trigram hits, each read by id (a common substring and no narrowing filter);
 * - through the whole table in id order (only 1–2 character words and a broad filter).
 */
export type Route = 'filter-index' | 'fts' | 'table';

export function routeAccess(route: Route, filter: LeadFilter): { readonly access: Access; readonly seek: Seek } {
  if (route === 'filter-index') return { access: filterIndex(filter), seek: 'bot-status' };
  return { access: route === 'fts' ? { kind: 'fts' } : { kind: 'table' }, seek: 'none' };
}

export function narrowsSet(filter: LeadFilter): boolean {
  return filter.botIds !== undefined || filter.statuses !== undefined || filter.source !== undefined || filter.firstSeenFrom !== undefined || filter.firstSeenTo !== undefined;
}
