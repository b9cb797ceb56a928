import type { Database, Statement } from 'better-sqlite3';
import type { LeadStatus } from '../../../shared/leads';
import { LeadEvents, type ArchiveReason } from './lead-events';
import { nextStatus, nextStatusSql, type LeadMove } from './lead-lifecycle';

/** An active lead as the capture needs it. */
export interface ActiveLead {
  readonly id: number;
  readonly status: LeadStatus;
  readonly welcomedAt: number | null;
  readonly convertedAt: number | null;
  readonly lastStartAt: number | null;
}

/** Who the lead is, as Telegram last described them. */
export interface LeadPerson {
  readonly username: string | null;
  readonly firstName: string;
  readonly lastName: string | null;
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

interface ActiveLeadRow {
  id: number;
  status: LeadStatus;
  welcomed_at: number | null;
  converted_at: number | null;
  last_start_at: number | null;
}

/**
 * The only writer of the leads table. Status changes follow the lifecycle (lead-lifecycle.ts):
 * computed in code when the lead was just read, or by the SQL built from the same rules.
 * Every statement is prepared once.
 */
export class LeadRecords {
  private readonly events: LeadEvents;
  private readonly s: {
    readonly find: Statement<[number, number], ActiveLeadRow>;
    readonly insert: Statement<NewLead & { now: number }>;
    readonly started: Statement<LeadPerson & { id: number; now: number }>;
    readonly touch: Statement<[number, number]>;
    readonly setStatus: Statement<[LeadStatus, number, number]>;
    readonly welcomed: Statement<[number, number]>;
    readonly refused: Statement<[number]>;
    readonly convert: Statement<{ id: number; amount: number; now: number }>;
    readonly archive: Statement<[ArchiveReason, number, number]>;
  };

  constructor(db: Database) {
    this.events = new LeadEvents(db);
    this.s = {
      find: db.prepare('SELECT id, status, welcomed_at, converted_at, last_start_at FROM leads WHERE bot_id = ? AND user_id = ? AND archived = 0'),
      insert: db.prepare(
        `INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, source_invalid, status, starts, first_seen_at, last_seen_at, last_start_at)
         VALUES (@botId, @userId, @chatId, @username, @firstName, @lastName, @languageCode, @source, @invalid, 'new', 1, @now, @now, @now)`,
      ),
      started: db.prepare(
        `UPDATE leads SET username = @username, first_name = @firstName, last_name = @lastName, language_code = @languageCode,
           starts = starts + 1, last_seen_at = @now, last_start_at = @now, status = ${nextStatusSql('started')}
         WHERE id = @id`,
      ),
      touch: db.prepare('UPDATE leads SET last_seen_at = ? WHERE id = ?'),
      setStatus: db.prepare('UPDATE leads SET status = ?, last_seen_at = ? WHERE id = ?'),
      welcomed: db.prepare(`UPDATE leads SET welcomed_at = coalesce(welcomed_at, ?), status = ${nextStatusSql('welcomed')} WHERE id = ?`),
      refused: db.prepare(`UPDATE leads SET status = ${nextStatusSql('refused')} WHERE id = ?`),
      // A repeated sale corrects the amount; the time of the first conversion stays.
      convert: db.prepare(`UPDATE leads SET status = ${nextStatusSql('converted')}, converted_at = coalesce(converted_at, @now), revenue_cents = @amount WHERE id = @id`),
      archive: db.prepare('UPDATE leads SET archived = 1, archived_reason = ?, archived_at = ? WHERE bot_id = ? AND archived = 0'),
    };
  }

  /** The bot's active lead for this Telegram user, if any. */
  find(botId: number, userId: number): ActiveLead | null {
    const row = this.s.find.get(botId, userId);
    return row === undefined ? null : { id: row.id, status: row.status, welcomedAt: row.welcomed_at, convertedAt: row.converted_at, lastStartAt: row.last_start_at };
  }

  /** A first /start: the lead is new. */
  insert(lead: NewLead, now: number): number {
    return Number(this.s.insert.run({ ...lead, now }).lastInsertRowid);
  }

  /** Another /start: counted, the person's names refreshed, and a blocked lead back in the funnel. */
  started(id: number, person: LeadPerson, now: number): void {
    this.s.started.run({ id, ...person, now });
  }

  /** The lead wrote something that changes nothing else. */
  touch(id: number, now: number): void {
    this.s.touch.run(now, id);
  }

  /** A move decided by what the lead did just now, on the lead as just read. Returns the status it has after. */
  move(lead: ActiveLead, move: LeadMove, now: number): LeadStatus {
    const status = nextStatus({ status: lead.status, welcomed: lead.welcomedAt !== null, converted: lead.convertedAt !== null }, move) ?? lead.status;
    this.s.setStatus.run(status, now, lead.id);
    return status;
  }

  /** A welcome or a recovery reached the lead. */
  welcomed(id: number, at: number): void {
    this.s.welcomed.run(at, id);
  }

  /** A send was answered 403: the user blocked the bot or is gone. */
  refused(id: number): void {
    this.s.refused.run(id);
  }

  converted(id: number, amountCents: number, now: number): void {
    this.s.convert.run({ id, amount: amountCents, now });
  }

  /** Archives every active lead of a bot, each with an 'archived' event; nothing is deleted. Returns how many. */
  archiveBot(botId: number, reason: ArchiveReason, now: number): number {
    const archived = this.s.archive.run(reason, now, botId).changes;
    this.events.archivedForBot(botId, reason, now);
    return archived;
  }
}
