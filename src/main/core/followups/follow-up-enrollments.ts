import type { Database, Statement } from 'better-sqlite3';
import type { FollowUpSkipReason } from '../../../shared/follow-ups';

/** How a lead's way through a sequence ended: through every step, or left it. */
export type EnrollmentEnd = 'done' | 'converted' | 'blocked' | 'opted_out' | 'archived';

export interface DueEnrollment {
  readonly leadId: number;
  readonly botId: number;
  readonly startsAt: number;
}

/** A step that already reached (or passed over) a lead; `open` while its delivery is not finished. */
export interface StepSend {
  readonly stepId: number;
  readonly open: boolean;
}

/**
 * Who is in which sequence and what each step did for each lead: the only writer of
 * follow_up_enrollments and follow_up_sends. The unique (step, lead) key of a send is what
 * keeps a step from reaching a lead twice.
 */
export class FollowUpEnrollments {
  private readonly s: {
    readonly enrollWelcomed: Statement<{ botId: number; from: number; now: number }>;
    readonly enrollSince: Statement<{ botId: number; since: number; now: number }>;
    readonly due: Statement<[number, number], { lead_id: number; bot_id: number; starts_at: number }>;
    readonly wake: Statement<[number, number, number]>;
    readonly checkAt: Statement<[number, number]>;
    readonly end: Statement<[EnrollmentEnd, number]>;
    readonly sends: Statement<[number], { step_id: number; open: 0 | 1 }>;
    readonly queued: Statement<[number, number, number, number, number]>;
    readonly skipped: Statement<[number, number, number, number, FollowUpSkipReason]>;
    readonly active: Statement<[number], { n: number }>;
  };

  constructor(db: Database) {
    const enroll = `INSERT INTO follow_up_enrollments (lead_id, bot_id, starts_at, enrolled_at, check_at)`;
    this.s = {
      enrollWelcomed: db.prepare(
        `${enroll} SELECT id, bot_id, welcomed_at, @now, welcomed_at FROM leads
         WHERE bot_id = @botId AND archived = 0 AND welcomed_at IS NOT NULL AND welcomed_at >= @from ON CONFLICT (lead_id) DO NOTHING`,
      ),
      // Earlier leads, at the operator's word: their delays count from now; those who already left are not enrolled.
      enrollSince: db.prepare(
        `${enroll} SELECT id, bot_id, @now, @now, @now FROM leads
         WHERE bot_id = @botId AND archived = 0 AND welcomed_at IS NOT NULL AND welcomed_at >= @since
           AND status NOT IN ('converted', 'blocked') AND opted_out_at IS NULL ON CONFLICT (lead_id) DO NOTHING`,
      ),
      // Per enabled sequence, a range of its index: the leads of a sequence turned off are not even read.
      due: db.prepare(
        `SELECT e.lead_id, e.bot_id, e.starts_at FROM follow_up_sequences q CROSS JOIN follow_up_enrollments e ON e.bot_id = q.bot_id AND e.check_at <= ?
         WHERE q.enabled = 1 ORDER BY e.check_at, e.lead_id LIMIT ?`,
      ),
      wake: db.prepare('UPDATE follow_up_enrollments SET check_at = ? WHERE bot_id = ? AND check_at > ?'),
      checkAt: db.prepare('UPDATE follow_up_enrollments SET check_at = ? WHERE lead_id = ?'),
      end: db.prepare('UPDATE follow_up_enrollments SET check_at = NULL, ended = ? WHERE lead_id = ?'),
      sends: db.prepare(
        `SELECT s.step_id, CASE WHEN d.status IN ('pending', 'sending', 'held') THEN 1 ELSE 0 END AS open
         FROM follow_up_sends s LEFT JOIN deliveries d ON d.id = s.delivery_id WHERE s.lead_id = ?`,
      ),
      queued: db.prepare('INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, delivery_id) VALUES (?, ?, ?, ?, ?)'),
      skipped: db.prepare('INSERT INTO follow_up_sends (step_id, lead_id, due_at, at, skipped) VALUES (?, ?, ?, ?, ?)'),
      active: db.prepare('SELECT count(*) AS n FROM follow_up_enrollments WHERE bot_id = ? AND check_at IS NOT NULL'),
    };
  }

  /** Enrolls the bot's leads welcomed from `from` on, not enrolled yet; their delays count from their welcome. */
  enrollWelcomed(botId: number, from: number, now: number): number {
    return this.s.enrollWelcomed.run({ botId, from, now }).changes;
  }

  /** Enrolls the bot's leads welcomed since `since` who have not converted, blocked or opted out; their delays count from now. */
  enrollSince(botId: number, since: number, now: number): number {
    return this.s.enrollSince.run({ botId, since, now }).changes;
  }

  /** Leads of enabled sequences to look at now, the longest waiting first. */
  due(now: number, limit: number): DueEnrollment[] {
    return this.s.due.all(now, limit).map((row) => ({ leadId: row.lead_id, botId: row.bot_id, startsAt: row.starts_at }));
  }

  /** The bot's steps changed: every lead still in its sequence is looked at again now. */
  wake(botId: number, now: number): void {
    this.s.wake.run(now, botId, now);
  }

  checkAt(leadId: number, at: number): void {
    this.s.checkAt.run(at, leadId);
  }

  end(leadId: number, how: EnrollmentEnd): void {
    this.s.end.run(how, leadId);
  }

  sendsOf(leadId: number): Map<number, StepSend> {
    return new Map(this.s.sends.all(leadId).map((row) => [row.step_id, { stepId: row.step_id, open: row.open === 1 }]));
  }

  queued(stepId: number, leadId: number, dueAt: number, now: number, deliveryId: number): void {
    this.s.queued.run(stepId, leadId, dueAt, now, deliveryId);
  }

  skipped(stepId: number, leadId: number, dueAt: number, now: number, why: FollowUpSkipReason): void {
    this.s.skipped.run(stepId, leadId, dueAt, now, why);
  }

  /** Leads of the bot still in its sequence. */
  active(botId: number): number {
    return this.s.active.get(botId)?.n ?? 0;
  }
}
