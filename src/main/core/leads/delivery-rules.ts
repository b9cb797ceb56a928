import { deliveryKinds, deliveryLanes, type DeliveryKind, type DeliveryLane, type DeliveryStatus, type LeadEventKind } from '../../../shared/leads';
import type { Durability } from '../db/write-batcher';

/*
 * Each kind of delivery's rules (lane, crash rule, events, retries) and the conditions the
 * deliveries repository's statements are built from: why a row is skipped, held, cancelled
 * or capped, as fixed SQL and the error prefixes the figures count by. The statements stay
 * with the repository, the only writer of deliveries.
 */

/**
 * What a row left `sending` by a crash becomes: sent again; given up (a promotion); or
 * given up as ambiguous (a recovery: it may have arrived, and a job never messages a lead twice).
 */
export type CrashRule = 'resend' | 'abandon' | 'ambiguous';

export const crashRules: readonly CrashRule[] = ['resend', 'abandon', 'ambiguous'];

export interface DeliveryKindRules {
  readonly lane: DeliveryLane;
  /** A duplicate welcome is cheaper than a lost lead; a duplicate promotion is spam; a recovery is never sent twice. */
  readonly afterCrash: CrashRule;
  /** Reaching the lead counts as its welcome: the lead becomes welcomed, the row counts in the welcome backlog. */
  readonly welcomes: boolean;
  /** Still pending after the bot's recovery window: held for the operator instead of going out unasked. */
  readonly holdWhenStale: boolean;
  /** Carries its own message; the others may instead send the bot's welcome as it is at send time. */
  readonly needsContent: boolean;
  /** Its stored content, when it has one, goes before the bot's welcome instead of replacing it (a recovery's apology). */
  readonly prefacesWelcome: boolean;
  /**
   * Failures other than Telegram's final answers (5xx, unknown 400s, transport) end it after
   * the sender's bound, so a campaign ends; a welcome or a recovery is tried until it goes through.
   */
  readonly boundedRetries: boolean;
  readonly sentEvent: LeadEventKind;
  readonly failedEvent: LeadEventKind;
}

/** Each kind's rules, in one place: a kind added without them does not compile. */
export const deliveryKindRules: Readonly<Record<DeliveryKind, DeliveryKindRules>> = {
  welcome: {
    lane: deliveryLanes.welcome,
    afterCrash: 'resend',
    welcomes: true,
    holdWhenStale: true,
    needsContent: false,
    prefacesWelcome: false,
    boundedRetries: false,
    sentEvent: 'welcome_sent',
    failedEvent: 'welcome_failed',
  },
  recovery: {
    lane: deliveryLanes.recovery,
    afterCrash: 'ambiguous',
    welcomes: true,
    holdWhenStale: false,
    needsContent: false,
    prefacesWelcome: true,
    boundedRetries: false,
    sentEvent: 'recovered',
    failedEvent: 'recovery_failed',
  },
  broadcast: {
    lane: deliveryLanes.broadcast,
    afterCrash: 'abandon',
    welcomes: false,
    holdWhenStale: false,
    needsContent: true,
    prefacesWelcome: false,
    boundedRetries: true,
    sentEvent: 'broadcast_sent',
    failedEvent: 'broadcast_failed',
  },
  // Paid for: sent again after a crash (a buyer who gets nothing is worse than one who gets it twice), tried until it goes through.
  purchase: {
    lane: deliveryLanes.purchase,
    afterCrash: 'resend',
    welcomes: false,
    holdWhenStale: false,
    needsContent: true,
    prefacesWelcome: false,
    boundedRetries: false,
    sentEvent: 'purchase_sent',
    failedEvent: 'purchase_failed',
  },
};

/** A campaign message a crash left `sending`, given up: the campaign's report names it apart. */
export const ABANDONED_AFTER_CRASH = 'interrupted by a crash: not sent again, a duplicate promotion would be spam';

export const CRASH: Readonly<Record<CrashRule, { readonly status: DeliveryStatus; readonly event: LeadEventKind; readonly error: string }>> = {
  resend: { status: 'pending', event: 'resend_after_crash', error: 'interrupted by a crash: sent again, the first attempt may also have arrived' },
  abandon: { status: 'failed', event: 'broadcast_abandoned_after_crash', error: ABANDONED_AFTER_CRASH },
  // Failed, not skipped: the lead was never confirmed welcomed, so it stays among the lost.
  ambiguous: { status: 'failed', event: 'recovery_abandoned_after_crash', error: 'interrupted by a crash: not sent again so nobody gets it twice' },
};

/** Rows not finished yet: waiting, claimed, or held for the operator. */
export const OPEN: readonly DeliveryStatus[] = ['pending', 'sending', 'held'];
export const HOLD_REASON = 'older than the recovery window: waiting for the operator';

/**
 * A recovery row the lead no longer needed when its turn came ends `failed` with this
 * prefix and the reason (a delivery status would need the table rebuilt): the job's
 * figures tell skipped from failed by it.
 */
export const SKIPPED_PREFIX = 'skipped: ';
/** A recovery row of a cancelled job, not sent: `failed` with this prefix. */
export const CANCELLED_PREFIX = 'cancelled: ';
export const CANCEL_REASON = `${CANCELLED_PREFIX}the operator cancelled the recovery job`;

/**
 * A broadcast row not sent when its turn came, `failed` with one of these prefixes, so a
 * campaign's results count them apart: the lead already received a campaign message within
 * the operator's cap (setting campaignCapHours), or opted out after the row was queued.
 */
export const CAPPED_PREFIX = 'capped: ';
export const OPTED_OUT_PREFIX = 'opted_out: ';
export const OPTED_OUT_REASON = `${OPTED_OUT_PREFIX}the lead opted out of campaigns`;
export const CAPPED_REASON = `${CAPPED_PREFIX}the lead received another campaign message within the frequency cap`;

/** The lead of a row of deliveries opted out of campaigns. */
export const LEAD_OPTED_OUT = '(SELECT l.opted_out_at FROM leads l WHERE l.id = deliveries.lead_id) IS NOT NULL';
/**
 * Why a follow-up's lead left its sequence, or NULL; on a row of deliveries. A follow-up is
 * exempt from the campaigns' frequency cap (the operator set its delay) and does not count
 * toward it, but never reaches an opted-out lead.
 */
export const FOLLOW_UP_LEFT = `(SELECT CASE WHEN l.archived = 1 THEN 'archived' WHEN l.status = 'blocked' THEN 'blocked' WHEN l.status = 'converted' THEN 'converted'
  WHEN l.opted_out_at IS NOT NULL THEN 'opted_out' END FROM leads l WHERE l.id = deliveries.lead_id)`;
/** Another campaign message to the row's lead went out after @since, or is going out now (its claim is its time). */
export const LEAD_BROADCAST_SINCE = `EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = deliveries.lead_id AND d.kind = 'broadcast' AND d.id <> deliveries.id
  AND d.follow_up_step_id IS NULL AND (d.status = 'sending' OR (d.status = 'sent' AND d.sent_at > @since)))`;

export const CAMPAIGN_CANCEL_REASON = `${CANCELLED_PREFIX}the operator cancelled the campaign`;

/** Rows of a job or a campaign that is not running (paused, cancelled) are neither taken nor claimed. */
export const JOB_RUNS = `(recovery_job_id IS NULL OR recovery_job_id IN (SELECT id FROM recovery_jobs WHERE status = 'running'))
  AND (campaign_id IS NULL OR campaign_id IN (SELECT id FROM campaigns WHERE status = 'running'))`;

/** Why a lead needs no recovery any more, or NULL; on a row of deliveries, in the order the reasons are reported. */
export const SKIP_REASON = `(SELECT CASE WHEN l.archived = 1 THEN 'archived' WHEN l.status = 'blocked' THEN 'blocked' WHEN l.status = 'converted' THEN 'converted'
  WHEN l.welcomed_at IS NOT NULL THEN 'welcomed' END FROM leads l WHERE l.id = deliveries.lead_id)`;

export function kindsWhere(test: (rules: DeliveryKindRules) => boolean): DeliveryKind[] {
  return deliveryKinds.filter((kind) => test(deliveryKindRules[kind]));
}

/** A SQL list of fixed words from this module's own constants (never input). */
export function sqlList(words: readonly string[]): string {
  return words.map((word) => `'${word}'`).join(', ');
}

/** For readers of the welcome backlog (the dashboard): which rows it holds, as a SQL condition on deliveries. */
export const OPEN_WELCOMES_SQL = `kind IN (${sqlList(kindsWhere((rules) => rules.welcomes))}) AND status IN (${sqlList(OPEN)})`;

/** How the claims of these rows must be committed: a lost claim of a row not sent again after a crash would send it twice. */
export function claimDurability(kinds: readonly DeliveryKind[]): Durability {
  return kinds.some((kind) => deliveryKindRules[kind].afterCrash !== 'resend') ? 'full' : 'relaxed';
}
