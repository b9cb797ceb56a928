import type { Database, Statement } from 'better-sqlite3';
import {
  LEAD_TOTAL_CAP,
  leadFilterSchema,
  leadPageRequestSchema,
  leadStatuses,
  markConvertedSchema,
  setLeadOptOutSchema,
  type LeadCounts,
  type LeadDelivery,
  type LeadDetail,
  type LeadEvent,
  type LeadFilter,
  type LeadPage,
  type LeadPageRequest,
  type LeadRow,
  type LeadSort,
  type LeadStatus,
} from '../../../shared/leads';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { LeadCountsSummary, splitByDay } from './lead-counts';
import { LeadEvents } from './lead-events';
import { validated } from './lead-input';
import {
  ARCHIVED_INDEX,
  clause,
  filterIndex,
  narrowsSet,
  orderBy,
  parseSearch,
  routeAccess,
  SORTS,
  sqlDirection,
  type Access,
  type Arm,
  type Clause,
  type ClauseOptions,
  type Param,
  type Route,
  type SearchTerms,
  type Seek,
} from './lead-plan';
import { LeadRecords } from './lead-records';
import { ROW_COLUMNS, toLeadRow, type LeadRecord } from './lead-rows';
import { SearchIndex } from './search-index';

/** A search with at most this many trigram hits is read hit by hit, counted and sorted in one pass. */
const FEW_HITS = 5000;

const MAX_CACHED_STATEMENTS = 500;

interface EventRecord {
  kind: string;
  at: number;
  detail: string | null;
}

interface DeliveryRecord {
  id: number;
  kind: LeadDelivery['kind'];
  status: LeadDelivery['status'];
  created_at: number;
  sent_at: number | null;
  error: string | null;
}

function parseDetail(detail: string | null): unknown {
  if (detail === null) return null;
  try {
    return JSON.parse(detail) as unknown;
  } catch {
    return detail;
  }
}

function leadId(value: number): number {
  return validated(() => markConvertedSchema.shape.leadId.parse(value));
}

/**
 * The reads behind the leads screen, and the sale it records (through the lead records).
 *
 * Statements with fixed SQL are prepared once; filtered ones are assembled from fixed
 * fragments and cached by their text, which depends on the filter's shape (which fields
 * are set), never on its values.
 *
 * A page is planned from how many leads match, counted first through an index that holds
 * every filter column (so counting reads no table rows) and only up to LEAD_TOTAL_CAP + 1.
 * Up to the cap, the matches are read from that index and sorted; beyond it they are
 * dense enough that walking the sort column's index finds a page within a few thousand
 * entries. Indexes are named with INDEXED BY: the store verifies the schema before
 * anything runs, so they exist, and the plan does not hang on statistics.
 */
export class LeadQueries {
  private readonly db: Database;
  private readonly cache = new Map<string, Statement<Param[]>>();
  private readonly records: LeadRecords;
  private readonly events: LeadEvents;
  private readonly searchIndex: SearchIndex;
  private readonly summary: LeadCountsSummary;
  private readonly s: {
    readonly rowsByIds: Statement<[string], LeadRecord>;
    readonly row: Statement<[number], LeadRecord>;
    readonly events: Statement<[number], EventRecord>;
    readonly deliveries: Statement<[number], DeliveryRecord>;
    readonly hits: Statement<[string, number], { n: number }>;
    readonly minId: Statement<[], { id: number | null }>;
    readonly maxId: Statement<[], { id: number | null }>;
    readonly idAt: Statement<[number], { id: number }>;
  };

  constructor(db: Database) {
    this.db = db;
    this.records = new LeadRecords(db);
    this.events = new LeadEvents(db);
    this.searchIndex = new SearchIndex(db);
    this.summary = new LeadCountsSummary(db);
    this.s = {
      // json_each keeps the page's order (its key) and the statement's text fixed.
      rowsByIds: db.prepare(`SELECT ${ROW_COLUMNS} FROM json_each(?) AS page CROSS JOIN leads l ON l.id = page.value JOIN bots b ON b.id = l.bot_id ORDER BY page.key`),
      row: db.prepare(`SELECT ${ROW_COLUMNS} FROM leads l JOIN bots b ON b.id = l.bot_id WHERE l.id = ?`),
      events: db.prepare('SELECT kind, at, detail FROM lead_events WHERE lead_id = ? ORDER BY at, id'),
      deliveries: db.prepare('SELECT id, kind, status, created_at, sent_at, error FROM deliveries WHERE lead_id = ? ORDER BY created_at, id'),
      hits: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM leads_fts WHERE leads_fts MATCH ? LIMIT ?)'),
      minId: db.prepare('SELECT min(id) AS id FROM leads'),
      maxId: db.prepare('SELECT max(id) AS id FROM leads'),
      idAt: db.prepare('SELECT l.id AS id FROM leads l INDEXED BY leads_active_first_seen WHERE l.archived = 0 AND l.first_seen_at >= ? ORDER BY l.first_seen_at, l.id LIMIT 1'),
    };
  }

  private statement<R>(sql: string): Statement<Param[], R> {
    let statement = this.cache.get(sql);
    if (statement === undefined) {
      // Shapes are few, but the number of short search words is not bounded by much: start over rather than grow.
      if (this.cache.size >= MAX_CACHED_STATEMENTS) this.cache.clear();
      statement = this.db.prepare<Param[]>(sql);
      this.cache.set(sql, statement);
    }
    return statement as Statement<Param[], R>;
  }

  private count(filter: LeadFilter, options: ClauseOptions, cap: number): number {
    const c = clause(filter, options);
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${c.from} WHERE ${c.where} LIMIT ?)`;
    return this.statement<{ n: number }>(sql).get(...c.params, cap)?.n ?? 0;
  }

  private ids(filter: LeadFilter, options: ClauseOptions, order: string, limit: number, offset: number): number[] {
    const c = clause(filter, options);
    const sql = `SELECT l.id AS id FROM ${c.from} WHERE ${c.where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return this.statement<{ id: number }>(sql)
      .all(...c.params, limit, offset)
      .map((row) => row.id);
  }

  /** A search reads the trigram index: the leads captured since the last one enter it first. */
  private indexForSearch(filter: LeadFilter): void {
    if (parseSearch(filter.search)?.match != null) this.searchIndex.catchUp();
  }

  /** True when the search's words are specific enough to read every hit. */
  private fewHits(search: SearchTerms | null): boolean {
    return search?.match != null && (this.s.hits.get(search.match, FEW_HITS + 1)?.n ?? 0) <= FEW_HITS;
  }

  private route(filter: LeadFilter, search: SearchTerms | null): Route {
    if (search === null) return 'filter-index';
    const narrow = this.count(filter, { arm: 'active', access: filterIndex(filter), seek: 'bot-status', search: null }, LEAD_TOTAL_CAP + 1);
    if (narrow <= LEAD_TOTAL_CAP) return 'filter-index';
    // Checking a common substring against a broad filter costs one index entry per lead
    // the filter matches, or one row read per hit; with no filter at all the hits win.
    if (search.match != null) return narrowsSet(filter) ? 'filter-index' : 'fts';
    return 'table';
  }

  /** One page of leads and how many match (exactly up to LEAD_TOTAL_CAP; beyond it, totalIsCapped). */
  page(input: LeadPageRequest): LeadPage {
    const request = validated(() => leadPageRequestSchema.parse(input));
    this.indexForSearch(request.filter);
    return this.db.transaction((): LeadPage => {
      const { filter, sort, offset, limit } = request;
      const search = parseSearch(filter.search);
      const arm: Arm = filter.includeArchived === true ? 'both' : 'active';

      if (this.fewHits(search)) {
        const all = this.ids(filter, { arm, access: { kind: 'fts' }, seek: 'none', search }, orderBy(sort), -1, 0);
        return this.finish(all.slice(offset, offset + limit), all.length);
      }

      const route = this.route(filter, search);
      const cap = LEAD_TOTAL_CAP + 1;
      const activeOptions: ClauseOptions = { arm: 'active', ...routeAccess(route, filter), search };
      const archivedOptions: ClauseOptions = { arm: 'archived', access: ARCHIVED_INDEX, seek: 'bot-status', search };
      let active: number;
      let archived: number;
      if (search === null) {
        active = this.count(filter, activeOptions, cap);
        archived = arm === 'both' ? this.count(filter, archivedOptions, cap) : 0;
      } else {
        // A search is checked lead by lead, so its matches are collected (up to the cap)
        // rather than counted; under the cap they are then sorted by id lookups instead
        // of being searched for a second time.
        const found = this.collect(filter, activeOptions, cap);
        const foundArchived = arm === 'both' ? this.collect(filter, archivedOptions, cap) : [];
        const all = [...found, ...foundArchived];
        if (all.length < cap) return this.finish(offset >= all.length ? [] : this.sortIds(all, sort, limit, offset), all.length);
        active = found.length;
        archived = foundArchived.length;
      }
      const matched = active + archived;
      if (matched === 0 || (matched < cap && offset >= matched)) return this.finish([], matched);

      const many = active >= cap;
      if (arm === 'active') return this.finish(this.activeIds(filter, sort, search, route, many, limit, offset), matched);
      // Archived leads are few: take the first offset+limit of each half and sort the union.
      const head = offset + limit;
      const candidates = [...this.activeIds(filter, sort, search, route, many, head, 0), ...this.ids(filter, archivedOptions, orderBy(sort), head, 0)];
      return this.finish(this.sortIds(candidates, sort, limit, offset), matched);
    })();
  }

  private collect(filter: LeadFilter, options: ClauseOptions, cap: number): number[] {
    const c = clause(filter, options);
    // Plucked: up to ten thousand ids, without an object each.
    return this.statement<number>(`SELECT l.id AS id FROM ${c.from} WHERE ${c.where} LIMIT ?`)
      .pluck()
      .all(...c.params, cap);
  }

  /** [offset, offset + limit) of these leads in the requested order, each read by id. */
  private sortIds(ids: readonly number[], sort: LeadSort, limit: number, offset: number): number[] {
    const sql = `SELECT l.id AS id FROM leads l WHERE l.id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy(sort)} LIMIT ? OFFSET ?`;
    return this.statement<{ id: number }>(sql)
      .all(JSON.stringify(ids), limit, offset)
      .map((row) => row.id);
  }

  private finish(ids: readonly number[], matched: number): LeadPage {
    const rows = ids.length === 0 ? [] : this.s.rowsByIds.all(JSON.stringify(ids)).map(toLeadRow);
    return { rows, total: Math.min(matched, LEAD_TOTAL_CAP), totalIsCapped: matched > LEAD_TOTAL_CAP };
  }

  /** The ids of active leads at [offset, offset + limit) in the requested order. */
  private activeIds(filter: LeadFilter, sort: LeadSort, search: SearchTerms | null, route: Route, many: boolean, limit: number, offset: number): number[] {
    const spec = SORTS[sort.column];
    // Sort every match when they are few, when walking the sort index could pass most
    // leads before reaching them (a first-seen range far from where the walk starts, a
    // search for names sorted by name), or when each index entry would cost a row read.
    const sortAll = !many || route === 'table' || (route === 'fts' && spec.searched) || (spec.followsFirstSeen && this.rangeIsCloser(filter, sort));
    if (sortAll) {
      // The filter index holds every sort column; the other routes read each match anyway.
      return this.ids(filter, { arm: 'active', ...routeAccess(route, filter), search }, orderBy(sort), limit, offset);
    }
    const direction = sqlDirection(sort);
    const access: Access = { kind: 'index', name: spec.index };
    const seek: Seek = spec.seekStatus ? 'status' : 'none';
    if (!spec.nullable) return this.ids(filter, { arm: 'active', access, seek, search }, orderBy(sort), limit, offset);

    // A nullable column's index holds only the leads with a value; the others follow in id order.
    const withValue: ClauseOptions = { arm: 'active', access, seek, search, nullKey: { key: spec.key, isNull: false } };
    const first = this.ids(filter, withValue, `${spec.key}${spec.collate} ${direction}, l.id ${direction}`, limit, offset);
    if (first.length === limit) return first;
    const before = first.length > 0 ? offset + first.length : this.count(filter, withValue, offset);
    const withoutValue: ClauseOptions = { arm: 'active', access: { kind: 'table' }, seek: 'none', search, nullKey: { key: spec.key, isNull: true } };
    return [...first, ...this.ids(filter, withoutValue, `l.id ${direction}`, limit - first.length, Math.max(0, offset - before))];
  }

  /**
   * For a sort whose index lists leads roughly in first-seen order, compares the leads
   * inside the first-seen range with those the walk would pass before reaching it. Ids
   * grow with first-seen time, so both are differences of ids found by two seeks.
   */
  private rangeIsCloser(filter: LeadFilter, sort: LeadSort): boolean {
    if (filter.firstSeenFrom === undefined && filter.firstSeenTo === undefined) return false;
    const min = this.s.minId.get()?.id ?? 0;
    const end = (this.s.maxId.get()?.id ?? 0) + 1;
    const at = (time: number | undefined, fallback: number): number => (time === undefined ? fallback : (this.s.idAt.get(time)?.id ?? end));
    const low = at(filter.firstSeenFrom, min);
    const high = at(filter.firstSeenTo, end);
    const passed = sort.direction === 'desc' ? end - high : low - min;
    return high - low < passed;
  }

  /** Exact counts for a filter: by status, the total and the recorded revenue. */
  counts(input: LeadFilter): LeadCounts {
    const filter = validated(() => leadFilterSchema.parse(input));
    this.indexForSearch(filter);
    return this.db.transaction((): LeadCounts => {
      const byStatus: Record<LeadStatus, number> = { new: 0, welcomed: 0, clicked: 0, converted: 0, blocked: 0 };
      let revenueCents = 0;
      const search = parseSearch(filter.search);
      if (search === null) {
        revenueCents += this.countWithoutSearch(filter, byStatus);
      } else {
        const route: Route = this.fewHits(search) ? 'fts' : this.route(filter, search);
        revenueCents += this.addGrouped(clause(filter, { arm: 'active', ...routeAccess(route, filter), search }), byStatus);
        if (filter.includeArchived === true) revenueCents += this.addGrouped(clause(filter, { arm: 'archived', access: ARCHIVED_INDEX, seek: 'bot-status', search }), byStatus);
      }
      const total = leadStatuses.reduce((sum, status) => sum + byStatus[status], 0);
      return { total, byStatus, revenueCents };
    })();
  }

  /** Adds the matches of a clause by status; returns their revenue. */
  private addGrouped(c: Clause, byStatus: Record<LeadStatus, number>): number {
    let revenueCents = 0;
    const sql = `SELECT l.status AS status, count(*) AS n, coalesce(sum(l.revenue_cents), 0) AS revenue FROM ${c.from} WHERE ${c.where} GROUP BY l.status`;
    for (const row of this.statement<{ status: LeadStatus; n: number; revenue: number }>(sql).all(...c.params)) {
      byStatus[row.status] += row.n;
      revenueCents += row.revenue;
    }
    return revenueCents;
  }

  /**
   * Counts without a search: whole days of first-seen time from the day buckets of
   * `lead_counts` (migration 006), the parts of days at the ends of a range from the
   * filter index. A source is not in the buckets: its leads are counted from the index
   * that seeks it.
   */
  private countWithoutSearch(filter: LeadFilter, byStatus: Record<LeadStatus, number>): number {
    const statuses = filter.statuses ?? leadStatuses;
    if (filter.source !== undefined) return this.countFromIndexes(filter, statuses, byStatus);
    const split = splitByDay(filter.firstSeenFrom, filter.firstSeenTo);
    let revenueCents = split.days === null ? 0 : this.summary.add(filter, split.days, statuses, byStatus);
    for (const edge of split.edges) revenueCents += this.countFromIndexes({ ...filter, ...edge }, statuses, byStatus);
    return revenueCents;
  }

  /**
   * Counts from the leads' indexes: active leads one status at a time through the filter
   * index, which seeks bot and status and holds the revenue (a GROUP BY would sort every
   * entry); archived ones, which are few, grouped.
   */
  private countFromIndexes(filter: LeadFilter, statuses: readonly LeadStatus[], byStatus: Record<LeadStatus, number>): number {
    let revenueCents = 0;
    const options: ClauseOptions = { arm: 'active', access: filterIndex(filter), seek: 'bot-status', search: null };
    for (const status of statuses) {
      const c = clause({ ...filter, statuses: [status] }, options);
      const row = this.statement<{ n: number; revenue: number }>(`SELECT count(*) AS n, coalesce(sum(l.revenue_cents), 0) AS revenue FROM ${c.from} WHERE ${c.where}`).get(
        ...c.params,
      );
      byStatus[status] += row?.n ?? 0;
      revenueCents += row?.revenue ?? 0;
    }
    if (filter.includeArchived === true) revenueCents += this.addGrouped(clause(filter, { arm: 'archived', access: ARCHIVED_INDEX, seek: 'bot-status', search: null }), byStatus);
    return revenueCents;
  }

  /** One lead with its timeline and its deliveries, oldest first (its payments are the payments folder's). */
  detail(id: number): Omit<LeadDetail, 'payments'> {
    const lead = leadId(id);
    return this.db.transaction((): Omit<LeadDetail, 'payments'> => {
      const record = this.s.row.get(lead);
      if (record === undefined) throw new BotdeckError('LEAD_NOT_FOUND', text('lead.notFound', { id: lead }));
      const events: LeadEvent[] = this.s.events.all(lead).map((event) => ({ kind: event.kind, at: event.at, detail: parseDetail(event.detail) }));
      const deliveries: LeadDelivery[] = this.s.deliveries.all(lead).map((delivery) => ({
        id: delivery.id,
        kind: delivery.kind,
        status: delivery.status,
        createdAt: delivery.created_at,
        sentAt: delivery.sent_at,
        error: delivery.error,
      }));
      return { ...toLeadRow(record), events, deliveries };
    })();
  }

  /**
   * Records a sale: the lead becomes converted with this amount and its timeline gets a
   * 'converted' event, in one transaction. Marking again corrects the amount.
   */
  markConverted(id: number, amountCents: number, now: number): LeadRow {
    const input = validated(() => markConvertedSchema.parse({ leadId: id, amountCents }));
    return this.db.transaction((): LeadRow => {
      const before = this.s.row.get(input.leadId);
      if (before === undefined) throw new BotdeckError('LEAD_NOT_FOUND', text('lead.notFound', { id: input.leadId }));
      this.records.converted(input.leadId, input.amountCents, now);
      this.events.record(input.leadId, 'converted', now, { amountCents: input.amountCents, previousAmountCents: before.revenue_cents, previousStatus: before.status });
      const after = this.s.row.get(input.leadId);
      if (after === undefined) throw new BotdeckError('INTERNAL', text('internal.leadVanishedConverting', { id: input.leadId }));
      return toLeadRow(after);
    })();
  }

  /** The operator opts a lead out of campaigns, or back in; the row as it is after. Setting what already holds changes nothing. */
  setOptOut(id: number, optedOut: boolean, now: number): LeadRow {
    const input = validated(() => setLeadOptOutSchema.parse({ leadId: id, optedOut }));
    return this.db.transaction((): LeadRow => {
      if (this.s.row.get(input.leadId) === undefined) throw new BotdeckError('LEAD_NOT_FOUND', text('lead.notFound', { id: input.leadId }));
      if (input.optedOut) this.records.optOut(input.leadId, 'operator', now);
      else this.records.optIn(input.leadId, now);
      const after = this.s.row.get(input.leadId);
      if (after === undefined) throw new BotdeckError('INTERNAL', text('internal.leadVanishedOptOut', { id: input.leadId }));
      return toLeadRow(after);
    })();
  }
}
