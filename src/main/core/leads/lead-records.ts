import type { Database, Statement } from 'better-sqlite3';
import type { LeadStatus } from '../../../shared/leads';
import type { OptOutWay } from '../../../shared/opt-out';
import { LeadCountsLedger, type CountedLead } from './lead-counts';
import { LeadEvents, type ArchiveReason } from './lead-events';
import { nextStatus, type LeadMove } from './lead-lifecycle';
import { SearchIndex, type SearchedNames } from './search-index';

/** A lead as the records read it before a change: what the lifecycle, the day counts and the search index need. */
export interface ActiveLead {
  readonly id: number;
  readonly botId: number;
  readonly status: LeadStatus;
  readonly welcomedAt: number | null;
  readonly convertedAt: number | null;
  readonly lastStartAt: number | null;
  readonly firstSeenAt: number;
  readonly revenueCents: number | null;
  readonly archived: boolean;
  readonly names: SearchedNames;
}

/** Who the lead is, as Telegram last described them. */
export interface LeadPerson extends SearchedNames {
  readonly languageCode: string | null;
}

export interface NewLead extends LeadPerson {
  readonly botId: number;
  readonly userId: number;
  readonly chatId: number;
  readonly source: string | null;
  /** The /start payload that was not a valid campaign name. */
  readonly invalid: string | null;
}

interface LeadStateRow {
  id: number;
  bot_id: number;
  status: LeadStatus;
  welcomed_at: number | null;
  converted_at: number | null;
  last_start_at: number | null;
  first_seen_at: number;
  revenue_cents: number | null;
  archived: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
}

const STATE_COLUMNS = 'id, bot_id, status, welcomed_at, converted_at, last_start_at, first_seen_at, revenue_cents, archived, username, first_name, last_name';

function toLead(row: LeadStateRow): ActiveLead {
  return {
    id: row.id,
    botId: row.bot_id,
    status: row.status,
    welcomedAt: row.welcomed_at,
    convertedAt: row.converted_at,
    lastStartAt: row.last_start_at,
    firstSeenAt: row.first_seen_at,
    revenueCents: row.revenue_cents,
    archived: row.archived === 1,
    names: { username: row.username, firstName: row.first_name, lastName: row.last_name },
  };
}

function counted(lead: ActiveLead): CountedLead {
  return { archived: lead.archived, status: lead.status, botId: lead.botId, firstSeenAt: lead.firstSeenAt, revenueCents: lead.revenueCents };
}

/** The status after a move, by the lifecycle's rules (lead-lifecycle.ts), on the lead as just read. */
function statusAfter(lead: ActiveLead, move: LeadMove): LeadStatus {
  return nextStatus({ status: lead.status, welcomed: lead.welcomedAt !== null, converted: lead.convertedAt !== null }, move) ?? lead.status;
}

/**
 * The only writer of the leads table. Every change starts from the lead as just read (the
 * capture's lookup, or by id), so the status follows the lifecycle in code, and the day
 * counts and the search index are told of it in the same transaction (no trigger on
 * `leads`: migration 007). Every statement is prepared once.
 */
export class LeadRecords {
  private readonly events: LeadEvents;
  private readonly counts: LeadCountsLedger;
  private readonly search: SearchIndex;
  private readonly s: {
    readonly find: Statement<[number, number], LeadStateRow>;
    readonly byId: Statement<[number], LeadStateRow>;
    readonly insert: Statement<NewLead & { now: number }>;
    readonly started: Statement<LeadPerson & { id: number; status: LeadStatus; now: number }>;
    readonly touch: Statement<[number, number]>;
    readonly move: Statement<[LeadStatus, number, number]>;
    readonly welcomed: Statement<[number, LeadStatus, number]>;
    readonly setStatus: Statement<[LeadStatus, number]>;
    readonly convert: Statement<{ id: number; status: LeadStatus; amount: number; now: number }>;
    readonly archive: Statement<[ArchiveReason, number, number]>;
    readonly paid: Statement<{ id: number; status: LeadStatus; revenue: number | null; now: number }>;
    readonly unconvert: Statement<{ id: number; status: LeadStatus; revenue: number | null }>;
    readonly revenue: Statement<[number | null, number]>;
  };
  private optOutS: { readonly optOut: Statement<[number, number]>; readonly optIn: Statement<[number]> } | null = null;

  constructor(private readonly db: Database) {
    this.events = new LeadEvents(db);
    this.counts = new LeadCountsLedger(db);
    this.search = new SearchIndex(db);
    this.s = {
      find: db.prepare(`SELECT ${STATE_COLUMNS} FROM leads WHERE bot_id = ? AND user_id = ? AND archived = 0`),
      byId: db.prepare(`SELECT ${STATE_COLUMNS} FROM leads WHERE id = ?`),
      insert: db.prepare(
        `INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, source_invalid, status, starts, first_seen_at, last_seen_at, last_start_at)
         VALUES (@botId, @userId, @chatId, @username, @firstName, @lastName, @languageCode, @source, @invalid, 'new', 1, @now, @now, @now)`,
      ),
      started: db.prepare(
        `UPDATE leads SET username = @username, first_name = @firstName, last_name = @lastName, language_code = @languageCode,
           starts = starts + 1, last_seen_at = @now, last_start_at = @now, status = @status
         WHERE id = @id`,
      ),
      touch: db.prepare('UPDATE leads SET last_seen_at = ? WHERE id = ?'),
      move: db.prepare('UPDATE leads SET status = ?, last_seen_at = ? WHERE id = ?'),
      welcomed: db.prepare('UPDATE leads SET welcomed_at = coalesce(welcomed_at, ?), status = ? WHERE id = ?'),
      setStatus: db.prepare('UPDATE leads SET status = ? WHERE id = ?'),
      // A repeated sale corrects the amount; the time of the first conversion stays.
      convert: db.prepare('UPDATE leads SET status = @status, converted_at = coalesce(converted_at, @now), revenue_cents = @amount WHERE id = @id'),
      archive: db.prepare('UPDATE leads SET archived = 1, archived_reason = ?, archived_at = ? WHERE bot_id = ? AND archived = 0'),
      paid: db.prepare('UPDATE leads SET status = @status, converted_at = coalesce(converted_at, @now), revenue_cents = @revenue, last_seen_at = @now WHERE id = @id'),
      unconvert: db.prepare('UPDATE leads SET status = @status, converted_at = NULL, revenue_cents = @revenue WHERE id = @id'),
      revenue: db.prepare('UPDATE leads SET revenue_cents = ? WHERE id = ?'),
    };
  }

  /** Prepared on first use: the test fixtures of stores older than migration 014 capture leads through these records too. */
  private optOutStatements(): { readonly optOut: Statement<[number, number]>; readonly optIn: Statement<[number]> } {
    this.optOutS ??= {
      optOut: this.db.prepare('UPDATE leads SET opted_out_at = ? WHERE id = ? AND opted_out_at IS NULL'),
      optIn: this.db.prepare('UPDATE leads SET opted_out_at = NULL WHERE id = ? AND opted_out_at IS NOT NULL'),
    };
    return this.optOutS;
  }

  private read(id: number): ActiveLead | null {
    const row = this.s.byId.get(id);
    return row === undefined ? null : toLead(row);
  }

  /** The bot's active lead for this Telegram user, if any. */
  find(botId: number, userId: number): ActiveLead | null {
    const row = this.s.find.get(botId, userId);
    return row === undefined ? null : toLead(row);
  }

  /** A first /start: the lead is new. */
  insert(lead: NewLead, now: number): number {
    const id = Number(this.s.insert.run({ ...lead, now }).lastInsertRowid);
    this.counts.added({ archived: false, status: 'new', botId: lead.botId, firstSeenAt: now, revenueCents: null });
    return id;
  }

  /** Another /start: counted, the person's names refreshed, and a blocked lead back in the funnel. */
  started(lead: ActiveLead, person: LeadPerson, now: number): void {
    const status = statusAfter(lead, 'started');
    this.s.started.run({ id: lead.id, ...person, status, now });
    this.counts.changed(counted(lead), { ...counted(lead), status });
    this.search.renamed(lead.id, lead.names, person);
  }

  /** The lead wrote something that changes nothing else. */
  touch(id: number, now: number): void {
    this.s.touch.run(now, id);
  }

  /** A move decided by what the lead did just now, on the lead as just read. Returns the status it has after. */
  move(lead: ActiveLead, move: LeadMove, now: number): LeadStatus {
    const status = statusAfter(lead, move);
    this.s.move.run(status, now, lead.id);
    this.counts.changed(counted(lead), { ...counted(lead), status });
    return status;
  }

  /** A welcome or a recovery reached the lead. */
  welcomed(id: number, at: number): void {
    const lead = this.read(id);
    if (lead === null) return;
    const status = statusAfter(lead, 'welcomed');
    // Welcomed before and no move: nothing changes (the first welcome's time stays).
    if (status === lead.status && lead.welcomedAt !== null) return;
    this.s.welcomed.run(at, status, id);
    this.counts.changed(counted(lead), { ...counted(lead), status });
  }

  /** A send was answered 403: the user blocked the bot or is gone. */
  refused(id: number): void {
    const lead = this.read(id);
    if (lead === null) return;
    const status = statusAfter(lead, 'refused');
    if (status === lead.status) return;
    this.s.setStatus.run(status, id);
    this.counts.changed(counted(lead), { ...counted(lead), status });
  }

  converted(id: number, amountCents: number, now: number): void {
    const lead = this.read(id);
    if (lead === null) return;
    const status = statusAfter(lead, 'converted');
    this.s.convert.run({ id, status, amount: amountCents, now });
    this.counts.changed(counted(lead), { ...counted(lead), status, revenueCents: amountCents });
  }

  /**
   * A payment confirmed: the lead is converted and the sale's centavos (0 for Stars, which
   * are not reais) are added to its revenue. Returns the status it had before, for the event.
   */
  paid(id: number, addCents: number, now: number): LeadStatus | null {
    const lead = this.read(id);
    if (lead === null) return null;
    const status = statusAfter(lead, 'converted');
    const revenue = addCents > 0 ? (lead.revenueCents ?? 0) + addCents : lead.revenueCents;
    this.s.paid.run({ id, status, revenue, now });
    this.counts.changed(counted(lead), { ...counted(lead), status, revenueCents: revenue });
    return lead.status;
  }

  /**
   * A payment given back: its centavos leave the revenue, and when no other payment stands
   * (`lastStanding`) the conversion is reversed. Returns the status it had before.
   */
  refunded(id: number, removeCents: number, lastStanding: boolean): LeadStatus | null {
    const lead = this.read(id);
    if (lead === null) return null;
    const status = lastStanding ? statusAfter(lead, 'refunded') : lead.status;
    const left = Math.max((lead.revenueCents ?? 0) - removeCents, 0);
    const revenue = lastStanding && left === 0 ? null : left;
    if (lastStanding) this.s.unconvert.run({ id, status, revenue });
    else this.s.revenue.run(revenue, id);
    this.counts.changed(counted(lead), { ...counted(lead), status, revenueCents: revenue });
    return lead.status;
  }

  /**
   * The lead receives no more campaign messages (welcomes still go out), with an
   * 'opted_out' event saying how. False when the lead is unknown or already out: the first
   * time stays, and a repeated press adds nothing to the timeline.
   */
  optOut(id: number, how: OptOutWay, now: number): boolean {
    if (this.optOutStatements().optOut.run(now, id).changes === 0) return false;
    this.events.record(id, 'opted_out', now, { how });
    return true;
  }

  /** The operator's undo: the lead receives campaigns again. False when they were not out. */
  optIn(id: number, now: number): boolean {
    if (this.optOutStatements().optIn.run(id).changes === 0) return false;
    this.events.record(id, 'opted_in', now, { how: 'operator' });
    return true;
  }

  /** Archives every active lead of a bot, each with an 'archived' event; nothing is deleted. Returns how many. */
  archiveBot(botId: number, reason: ArchiveReason, now: number): number {
    const archived = this.s.archive.run(reason, now, botId).changes;
    this.counts.archivedBot(botId);
    this.events.archivedForBot(botId, reason, now);
    return archived;
  }
}
