import type { Database, Statement } from 'better-sqlite3';
import { recoverySkipReasons, type RecoveryLead } from '../../../shared/recovery-jobs';
import { CANCELLED_PREFIX, SKIPPED_PREFIX } from '../leads/delivery-rules';

interface ReportRow {
  lead_id: number;
  bot_id: number;
  bot_username: string;
  first_name: string;
  username: string | null;
  status: 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'held';
  error: string | null;
  at: number;
}

/** A lead of a job's report, with its bot's username. */
export interface ReportEntry {
  readonly botUsername: string;
  readonly lead: RecoveryLead;
}

/** A job's per-lead report, read from its deliveries (reads only), in the order the leads were queued. */
export class RecoveryReport {
  private readonly page: Statement<[number, number, number], ReportRow>;

  constructor(db: Database) {
    this.page = db.prepare(
      `SELECT d.lead_id, d.bot_id, b.username AS bot_username, l.first_name, l.username, d.status, d.error, coalesce(d.sent_at, d.updated_at) AS at
       FROM deliveries d JOIN leads l ON l.id = d.lead_id JOIN bots b ON b.id = d.bot_id WHERE d.recovery_job_id = ? ORDER BY d.id LIMIT ? OFFSET ?`,
    );
  }

  leads(jobId: number, offset: number, limit: number): ReportEntry[] {
    return this.page.all(jobId, limit, offset).map((row) => ({ botUsername: row.bot_username, lead: reportLead(row) }));
  }
}

function reportLead(row: ReportRow): RecoveryLead {
  const base = { leadId: row.lead_id, botId: row.bot_id, firstName: row.first_name, username: row.username, at: row.at };
  const error = row.error ?? '';
  switch (row.status) {
    case 'pending':
    case 'held':
      return { ...base, outcome: 'waiting', why: null };
    case 'sending':
      return { ...base, outcome: 'sending', why: null };
    case 'sent':
      return { ...base, outcome: 'sent', why: null };
    case 'blocked':
      return { ...base, outcome: 'blocked', why: row.error };
    case 'failed': {
      const skip = recoverySkipReasons.find((why) => error === `${SKIPPED_PREFIX}${why}`);
      if (skip !== undefined) return { ...base, outcome: 'skipped', why: skip };
      if (error.startsWith(CANCELLED_PREFIX)) return { ...base, outcome: 'cancelled', why: error.slice(CANCELLED_PREFIX.length) };
      return { ...base, outcome: 'failed', why: row.error };
    }
  }
}
