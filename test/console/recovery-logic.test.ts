import { describe, expect, it } from 'vitest';
import { ageBuckets } from '../../src/shared/recovery';
import { MAX_APOLOGY_CHARS, type RecoveryJob, type RecoveryProgress } from '../../src/shared/recovery-jobs';
import {
  ageWindow,
  apologyCheck,
  applyJobProgress,
  botWaits,
  costCents,
  doneShare,
  failedDetail,
  jobScope,
  showsLoss,
  skippedTotal,
} from '../../src/renderer/src/logic/recovery-logic';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 30, 12, 0);

function progress(jobId: number, patch: Partial<RecoveryProgress> = {}): RecoveryProgress {
  return {
    jobId,
    status: 'running',
    total: 10,
    sent: 0,
    skipped: { welcomed: 0, converted: 0, archived: 0, blocked: 0 },
    failed: 0,
    blocked: 0,
    cancelled: 0,
    remaining: 10,
    ratePerSecond: null,
    etaMs: null,
    waitingBots: [],
    ...patch,
  };
}

function job(id: number, patch: Partial<RecoveryProgress> = {}): RecoveryJob {
  return {
    id,
    scope: { kind: 'all' },
    message: { kind: 'welcome' },
    announce: false,
    alreadyInJobs: [],
    welcomesOnTheirWay: 0,
    createdAt: NOW,
    finishedAt: null,
    progress: progress(id, patch),
  };
}

/** The overview's bucket of a lead first seen at `firstSeenAt`, as the engine's loss report cuts them. */
function engineBucket(firstSeenAt: number): (typeof ageBuckets)[number] {
  const age = NOW - firstSeenAt;
  return age < HOUR ? 'under_1h' : age < DAY ? '1h_to_24h' : age < 7 * DAY ? '1d_to_7d' : 'over_7d';
}

describe('the recovery form and figures', () => {
  it('cuts the age windows exactly where the overview cuts its buckets, without gaps or overlaps', () => {
    const edges = [0, 1, HOUR - 1, HOUR, HOUR + 1, DAY - 1, DAY, DAY + 1, 7 * DAY - 1, 7 * DAY, 7 * DAY + 1, 30 * DAY];
    for (const age of edges) {
      const firstSeenAt = NOW - age;
      const matching = ageBuckets.filter((bucket) => {
        const window = ageWindow(bucket, NOW);
        return firstSeenAt >= window.firstSeenFrom && firstSeenAt <= window.firstSeenTo;
      });
      expect(matching, `a lead ${age} ms old`).toEqual([engineBucket(firstSeenAt)]);
    }
  });

  it('turns the form’s choice into the job’s scope, and has none until a bot or an incident is picked', () => {
    expect(jobScope({ kind: 'all' }, NOW)).toEqual({ kind: 'all' });
    expect(jobScope({ kind: 'bot', botId: null }, NOW)).toBeNull();
    expect(jobScope({ kind: 'bot', botId: 3 }, NOW)).toEqual({ kind: 'bot', botId: 3 });
    expect(jobScope({ kind: 'incident', incidentId: null }, NOW)).toBeNull();
    expect(jobScope({ kind: 'incident', incidentId: 8 }, NOW)).toEqual({ kind: 'incident', incidentId: 8 });
    expect(jobScope({ kind: 'age', bucket: '1h_to_24h' }, NOW)).toEqual({ kind: 'age', firstSeenFrom: NOW - DAY + 1, firstSeenTo: NOW - HOUR });
  });

  it('counts the apology as the engine does (trimmed) and says when it is empty or too long', () => {
    expect(apologyCheck('  Desculpe!  ')).toEqual({ length: 9, limit: MAX_APOLOGY_CHARS, problem: null });
    expect(apologyCheck('   ').problem).toBe('empty');
    expect(apologyCheck('a'.repeat(MAX_APOLOGY_CHARS)).problem).toBeNull();
    expect(apologyCheck('a'.repeat(MAX_APOLOGY_CHARS + 1)).problem).toBe('too_long');
  });

  it('shows the dashboard’s loss card only for leads that are not merely next in a running bot’s queue', () => {
    const reasons = { pending: 0, held: 0, failed: 0, blocked: 0, no_delivery: 0 };
    expect(showsLoss({ leads: 0, byReason: reasons, pendingWhileBotNotRunning: 0 })).toBe(false);
    // Two new leads whose welcomes are seconds away: no loss.
    expect(showsLoss({ leads: 2, byReason: { ...reasons, pending: 2 }, pendingWhileBotNotRunning: 0 })).toBe(false);
    // The same two while their bot is stopped: they wait for it.
    expect(showsLoss({ leads: 2, byReason: { ...reasons, pending: 2 }, pendingWhileBotNotRunning: 2 })).toBe(true);
    expect(showsLoss({ leads: 3, byReason: { ...reasons, pending: 2, failed: 1 }, pendingWhileBotNotRunning: 0 })).toBe(true);
  });

  it('reads a stopped, down or unusable bot as one its welcomes wait for, and a degraded one as sending', () => {
    expect([botWaits('running'), botWaits('degraded'), botWaits('down'), botWaits('stopped'), botWaits(null)]).toEqual([false, false, true, true, true]);
  });

  it('turns the engine’s money (currency units) into cents, and keeps "not set" as null', () => {
    expect(costCents(12.345)).toBe(1235);
    expect(costCents(0)).toBe(0);
    expect(costCents(null)).toBeNull();
  });

  it('sums a job’s skips and measures how far along it is', () => {
    expect(skippedTotal({ skipped: { welcomed: 1, converted: 2, archived: 3, blocked: 4 } })).toBe(10);
    expect(doneShare({ total: 8, remaining: 6 })).toBe(0.25);
    expect(doneShare({ total: 0, remaining: 0 })).toBe(1);
  });

  it('patches pushed progress into the job list, and asks for a reload for an unknown job or one that just ended', () => {
    const jobs = [job(2), job(1)];
    const moved = applyJobProgress(jobs, progress(1, { sent: 4, remaining: 6 }));
    expect(moved.reload).toBe(false);
    expect(moved.jobs.map((row) => [row.id, row.progress.sent])).toEqual([
      [2, 0],
      [1, 4],
    ]);
    expect(applyJobProgress(jobs, progress(3)).reload).toBe(true);
    expect(applyJobProgress(jobs, progress(2, { status: 'done', remaining: 0 })).reload).toBe(true);
    expect(applyJobProgress([job(2, { status: 'done', remaining: 0 })], progress(2, { status: 'done', remaining: 0 })).reload).toBe(false);
    expect(applyJobProgress(jobs, progress(2, { status: 'paused' })).reload).toBe(false);
  });

  it('tells a recovery the operator cancelled from Telegram’s answer in a failed lead’s detail', () => {
    expect(failedDetail('cancelled: the operator cancelled the recovery job')).toEqual({ kind: 'cancelled' });
    expect(failedDetail('Bad Request: chat not found')).toEqual({ kind: 'answer', text: 'Bad Request: chat not found' });
    expect(failedDetail(null)).toEqual({ kind: 'answer', text: null });
  });
});
