import type { Database, Statement } from 'better-sqlite3';
import type { RecoveryJobStatus, RecoveryProgress } from '../../../shared/recovery-jobs';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import { CANCELLED_PREFIX, SKIPPED_PREFIX } from '../leads/delivery-rules';

/** A job's rows not finished yet. */
export const OPEN_ROWS = "('pending', 'sending', 'held')";

/** How many recent sends the rate is measured over. */
const RATE_SAMPLE = 50;

interface CountsRow {
  total: number;
  sent: number;
  blocked: number;
  remaining: number;
  failed: number;
  cancelled: number;
  welcomed: number;
  converted: number;
  archived: number;
  skipped_blocked: number;
}

const skipped = (why: string): string => `'${SKIPPED_PREFIX}${why}'`;

/** The figures' statements, each read from the job's covering index (migration 013); exported for the test of their plans. */
export const PROGRESS_SQL = {
  counts: `SELECT count(*) AS total,
      count(*) FILTER (WHERE status = 'sent') AS sent,
      count(*) FILTER (WHERE status = 'blocked') AS blocked,
      count(*) FILTER (WHERE status IN ${OPEN_ROWS}) AS remaining,
      count(*) FILTER (WHERE status = 'failed' AND substr(error, 1, ${SKIPPED_PREFIX.length}) <> '${SKIPPED_PREFIX}'
        AND substr(error, 1, ${CANCELLED_PREFIX.length}) <> '${CANCELLED_PREFIX}') AS failed,
      count(*) FILTER (WHERE status = 'failed' AND substr(error, 1, ${CANCELLED_PREFIX.length}) = '${CANCELLED_PREFIX}') AS cancelled,
      count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('welcomed')}) AS welcomed,
      count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('converted')}) AS converted,
      count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('archived')}) AS archived,
      count(*) FILTER (WHERE status = 'failed' AND error = ${skipped('blocked')}) AS skipped_blocked
    FROM deliveries WHERE recovery_job_id = ?`,
  recentSends: "SELECT sent_at FROM deliveries WHERE recovery_job_id = ? AND status = 'sent' ORDER BY sent_at DESC LIMIT ?",
  remainingByBot: `SELECT bot_id, count(*) AS remaining FROM deliveries WHERE recovery_job_id = ? AND status IN ${OPEN_ROWS} GROUP BY bot_id ORDER BY bot_id`,
} as const;

/**
 * A recovery job's figures, counted from its deliveries (so they survive a restart as they
 * are), and their push to the console: each change once, a finished job's last figures
 * always.
 */
export class RecoveryProgressFigures {
  private readonly s: {
    readonly counts: Statement<[number], CountsRow>;
    readonly recentSends: Statement<[number, number], { sent_at: number }>;
    readonly remainingByBot: Statement<[number], { bot_id: number; remaining: number }>;
  };
  private readonly pushed = new Map<number, string>();

  constructor(
    db: Database,
    private readonly events: EventBus,
    /** The bots sending now: a job's rows of the others wait. */
    private readonly runningBots: () => ReadonlySet<number>,
  ) {
    this.s = {
      counts: db.prepare(PROGRESS_SQL.counts),
      recentSends: db.prepare(PROGRESS_SQL.recentSends),
      remainingByBot: db.prepare(PROGRESS_SQL.remainingByBot),
    };
  }

  /** The job's figures now; the rate and ETA only while it runs. */
  of(jobId: number, status: RecoveryJobStatus): RecoveryProgress {
    const counts = this.s.counts.get(jobId);
    if (counts === undefined) throw new BotdeckError('INTERNAL', text('internal.recoveryJobNoCounts', { id: jobId }));
    let ratePerSecond: number | null = null;
    let etaMs: number | null = null;
    if (status === 'running') {
      const sends = this.s.recentSends.all(jobId, RATE_SAMPLE);
      const newest = sends[0]?.sent_at;
      const oldest = sends.at(-1)?.sent_at;
      if (newest !== undefined && oldest !== undefined && newest > oldest) {
        ratePerSecond = ((sends.length - 1) * 1000) / (newest - oldest);
        etaMs = counts.remaining === 0 ? null : Math.round((counts.remaining / ratePerSecond) * 1000);
      }
    }
    const running = counts.remaining === 0 ? new Set<number>() : this.runningBots();
    const waitingBots = counts.remaining === 0 ? [] : this.s.remainingByBot.all(jobId).filter((bot) => !running.has(bot.bot_id));
    return {
      jobId,
      status,
      total: counts.total,
      sent: counts.sent,
      skipped: { welcomed: counts.welcomed, converted: counts.converted, archived: counts.archived, blocked: counts.skipped_blocked },
      failed: counts.failed,
      blocked: counts.blocked,
      cancelled: counts.cancelled,
      remaining: counts.remaining,
      ratePerSecond,
      etaMs,
      waitingBots: waitingBots.map((bot) => ({ botId: bot.bot_id, remaining: bot.remaining })),
    };
  }

  /** Pushes the figures as `recovery.progress` unless they are the ones pushed last for this job. */
  push(progress: RecoveryProgress): void {
    const text = JSON.stringify(progress);
    if (this.pushed.get(progress.jobId) === text) return;
    if (progress.status === 'done' || progress.status === 'cancelled') this.pushed.delete(progress.jobId);
    else this.pushed.set(progress.jobId, text);
    this.events.emit('recovery.progress', progress);
  }
}
