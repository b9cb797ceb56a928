import { z } from 'zod';
import type { LeadEvent } from '../../../shared/leads';
import { recoverySkipReasons } from '../../../shared/recovery-jobs';

/**
 * What a timeline entry says beyond its kind, read from the event's detail: the recovery job
 * behind it, why a recovery was skipped, Telegram's answer to a failed send. The detail is
 * stored JSON, so it is checked, not trusted: an entry whose detail does not fit is shown by
 * its kind alone.
 */
export type LeadEventText =
  | { readonly key: 'plain'; readonly kind: string }
  | { readonly key: 'job'; readonly kind: JobEventKind; readonly jobId: number }
  | { readonly key: 'skipped'; readonly why: (typeof recoverySkipReasons)[number] }
  | { readonly key: 'failed'; readonly kind: string; readonly error: string }
  | { readonly key: 'requeued'; readonly why: 'lead_started_again' | 'transport_failure' };

const withJob = z.object({ jobId: z.number().int().positive() });
const withSkip = z.object({ why: z.enum(recoverySkipReasons) });
const withError = z.object({ error: z.string().min(1) });
const withRequeue = z.object({ why: z.enum(['lead_started_again', 'transport_failure']) });

/** The kinds whose detail names the recovery job that wrote them. */
const JOB_KINDS = ['recovered', 'recovery_cancelled', 'welcome_replaced'] as const;
type JobEventKind = (typeof JOB_KINDS)[number];
const FAILED_KINDS: ReadonlySet<string> = new Set(['welcome_failed', 'recovery_failed', 'broadcast_failed', 'blocked']);

export function leadEventText(event: Pick<LeadEvent, 'kind' | 'detail'>): LeadEventText {
  const jobKind = JOB_KINDS.find((kind) => kind === event.kind);
  if (jobKind !== undefined) {
    const detail = withJob.safeParse(event.detail);
    if (detail.success) return { key: 'job', kind: jobKind, jobId: detail.data.jobId };
  }
  if (event.kind === 'recovery_skipped') {
    const detail = withSkip.safeParse(event.detail);
    if (detail.success) return { key: 'skipped', why: detail.data.why };
  }
  if (event.kind === 'welcome_requeued') {
    const detail = withRequeue.safeParse(event.detail);
    if (detail.success) return { key: 'requeued', why: detail.data.why };
  }
  if (FAILED_KINDS.has(event.kind)) {
    const detail = withError.safeParse(event.detail);
    if (detail.success) return { key: 'failed', kind: event.kind, error: detail.data.error };
  }
  return { key: 'plain', kind: event.kind };
}
