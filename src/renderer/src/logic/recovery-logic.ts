/**
 * Pure helpers behind the Recovery page, the dashboard's loss card and the incident's
 * recovery action. No DOM and no React here, so the console tests run them in plain Node.
 */
import type { BotState } from '../../../shared/bot-status';
import type { AgeBucket, RecoveryOverview } from '../../../shared/recovery';
import { MAX_APOLOGY_CHARS, type RecoveryJob, type RecoveryJobStatus, type RecoveryProgress, type RecoveryScope } from '../../../shared/recovery-jobs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The scope as the form holds it: a bot or an incident may not be picked yet. */
export type ScopeChoice =
  | { readonly kind: 'all' }
  | { readonly kind: 'bot'; readonly botId: number | null }
  | { readonly kind: 'incident'; readonly incidentId: number | null }
  | { readonly kind: 'age'; readonly bucket: AgeBucket };

/**
 * The first-seen window of an age bucket at `now`, both ends included (as the engine's age
 * scope reads them), cut exactly where the overview's buckets are: "under 1 h" is a lead
 * seen less than an hour before `now`.
 */
export function ageWindow(bucket: AgeBucket, now: number): { firstSeenFrom: number; firstSeenTo: number } {
  switch (bucket) {
    case 'under_1h':
      return { firstSeenFrom: Math.max(0, now - HOUR + 1), firstSeenTo: now };
    case '1h_to_24h':
      return { firstSeenFrom: Math.max(0, now - DAY + 1), firstSeenTo: Math.max(0, now - HOUR) };
    case '1d_to_7d':
      return { firstSeenFrom: Math.max(0, now - 7 * DAY + 1), firstSeenTo: Math.max(0, now - DAY) };
    case 'over_7d':
      return { firstSeenFrom: 0, firstSeenTo: Math.max(0, now - 7 * DAY) };
  }
}

/** The job's scope for the form's choice at `now`; null while a bot or an incident is still to be picked. */
export function jobScope(choice: ScopeChoice, now: number): RecoveryScope | null {
  switch (choice.kind) {
    case 'all':
      return { kind: 'all' };
    case 'bot':
      return choice.botId === null ? null : { kind: 'bot', botId: choice.botId };
    case 'incident':
      return choice.incidentId === null ? null : { kind: 'incident', incidentId: choice.incidentId };
    case 'age':
      return { kind: 'age', ...ageWindow(choice.bucket, now) };
  }
}

/** The apology's length as the engine counts it (trimmed), and what is wrong with it, if anything. */
export function apologyCheck(text: string): { readonly length: number; readonly limit: number; readonly problem: 'empty' | 'too_long' | null } {
  const length = text.trim().length;
  return { length, limit: MAX_APOLOGY_CHARS, problem: length === 0 ? 'empty' : length > MAX_APOLOGY_CHARS ? 'too_long' : null };
}

/** Money in currency units (as the engine reports it) to cents for the i18n `money` helper; null stays null (not set). */
export function costCents(cost: number | null): number | null {
  return cost === null ? null : Math.round(cost * 100);
}

/**
 * A bot whose queued welcomes wait for it rather than for their turn: stopped or down (a
 * degraded bot still sends). Null is a bot that cannot run at all (the store is refused).
 */
export function botWaits(state: BotState | null): boolean {
  return state !== 'running' && state !== 'degraded';
}

/**
 * Whether the dashboard shows the loss card: some lead never got a welcome for a reason other
 * than being next in a running bot's queue. A new lead's welcome, seconds away, is no loss, and
 * the card does not flash on for every /start.
 */
export function showsLoss(overview: Pick<RecoveryOverview, 'leads' | 'byReason' | 'pendingWhileBotNotRunning'>): boolean {
  const queuedOnRunningBots = overview.byReason.pending - overview.pendingWhileBotNotRunning;
  return overview.leads - queuedOnRunningBots > 0;
}

export function isJobOpen(status: RecoveryJobStatus): boolean {
  return status === 'running' || status === 'paused';
}

export function skippedTotal(progress: Pick<RecoveryProgress, 'skipped'>): number {
  const { welcomed, converted, archived, blocked } = progress.skipped;
  return welcomed + converted + archived + blocked;
}

/** How far along a job is, 0 to 1: every lead that is no longer waiting counts as done. */
export function doneShare(progress: Pick<RecoveryProgress, 'total' | 'remaining'>): number {
  return progress.total === 0 ? 1 : (progress.total - progress.remaining) / progress.total;
}

/**
 * The job list after a pushed progress: the job's figures replaced in place. `reload` says the
 * list cannot be patched (a job started elsewhere), or that the job just ended (its end time is
 * not in the progress).
 */
export function applyJobProgress(jobs: readonly RecoveryJob[], progress: RecoveryProgress): { readonly jobs: readonly RecoveryJob[]; readonly reload: boolean } {
  const known = jobs.find((job) => job.id === progress.jobId);
  if (known === undefined) return { jobs, reload: true };
  const ended = isJobOpen(known.progress.status) && !isJobOpen(progress.status);
  return { jobs: jobs.map((job) => (job.id === progress.jobId ? { ...job, progress } : job)), reload: ended };
}

/**
 * The engine's prefix on a recovery given up by a cancel: the row's reason is then the
 * operator's own act, not Telegram's answer, and the console words it in its language.
 */
const CANCELLED_DETAIL = 'cancelled: ';

/** What a `failed` lost lead's detail says: a cancelled recovery, or Telegram's answer as it came. */
export function failedDetail(detail: string | null): { readonly kind: 'cancelled' } | { readonly kind: 'answer'; readonly text: string | null } {
  return detail?.startsWith(CANCELLED_DETAIL) === true ? { kind: 'cancelled' } : { kind: 'answer', text: detail };
}
