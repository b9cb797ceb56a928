import type { Database, Statement } from 'better-sqlite3';
import { deliveryKinds, deliveryLanes, type DeliveryKind, type DeliveryLane, type DeliveryStatus, type LeadEventKind } from '../../../shared/leads';
import type { QueueFigures } from '../bots/health';
import type { MessageContent } from '../bots/send-content';
import type { Durability } from '../db/write-batcher';
import type { RecoverySkipReason } from '../../../shared/recovery-jobs';
import { BotdeckError } from '../errors';
import { LeadEvents, type ArchiveReason, type LeadEventDetails } from './lead-events';
import { LeadRecords } from './lead-records';

/**
 * What a row left `sending` by a crash becomes: sent again; given up (a promotion); or
 * given up as ambiguous (a recovery: it may have arrived, and a job never messages a lead twice).
 */
export type CrashRule = 'resend' | 'abandon' | 'ambiguous';

const crashRules: readonly CrashRule[] = ['resend', 'abandon', 'ambiguous'];

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
};

/** A campaign message a crash left `sending`, given up: the campaign's report names it apart. */
export const ABANDONED_AFTER_CRASH = 'interrupted by a crash: not sent again, a duplicate promotion would be spam';

const CRASH: Readonly<Record<CrashRule, { readonly status: DeliveryStatus; readonly event: LeadEventKind; readonly error: string }>> = {
  resend: { status: 'pending', event: 'resend_after_crash', error: 'interrupted by a crash: sent again, the first attempt may also have arrived' },
  abandon: { status: 'failed', event: 'broadcast_abandoned_after_crash', error: ABANDONED_AFTER_CRASH },
  // Failed, not skipped: the lead was never confirmed welcomed, so it stays among the lost.
  ambiguous: { status: 'failed', event: 'recovery_abandoned_after_crash', error: 'interrupted by a crash: not sent again so nobody gets it twice' },
};

/** Rows not finished yet: waiting, claimed, or held for the operator. */
const OPEN: readonly DeliveryStatus[] = ['pending', 'sending', 'held'];
const HOLD_REASON = 'older than the recovery window: waiting for the operator';

/**
 * A recovery row the lead no longer needed when its turn came ends `failed` with this
 * prefix and the reason (a delivery status would need the table rebuilt): the job's
 * figures tell skipped from failed by it.
 */
export const SKIPPED_PREFIX = 'skipped: ';
/** A recovery row of a cancelled job, not sent: `failed` with this prefix. */
export const CANCELLED_PREFIX = 'cancelled: ';
const CANCEL_REASON = `${CANCELLED_PREFIX}the operator cancelled the recovery job`;

/**
 * A broadcast row not sent when its turn came, `failed` with one of these prefixes, so a
 * campaign's results count them apart: the lead already received a campaign message within
 * the operator's cap (setting campaignCapHours), or opted out after the row was queued.
 */
export const CAPPED_PREFIX = 'capped: ';
export const OPTED_OUT_PREFIX = 'opted_out: ';
const OPTED_OUT_REASON = `${OPTED_OUT_PREFIX}the lead opted out of campaigns`;
const CAPPED_REASON = `${CAPPED_PREFIX}the lead received another campaign message within the frequency cap`;

/** The lead of a row of deliveries opted out of campaigns. */
const LEAD_OPTED_OUT = '(SELECT l.opted_out_at FROM leads l WHERE l.id = deliveries.lead_id) IS NOT NULL';
/** Another broadcast to the row's lead went out after @since, or is going out now (its claim is its time). */
const LEAD_BROADCAST_SINCE = `EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = deliveries.lead_id AND d.kind = 'broadcast' AND d.id <> deliveries.id
  AND (d.status = 'sending' OR (d.status = 'sent' AND d.sent_at > @since)))`;

const CAMPAIGN_CANCEL_REASON = `${CANCELLED_PREFIX}the operator cancelled the campaign`;

/** Rows of a job or a campaign that is not running (paused, cancelled) are neither taken nor claimed. */
const JOB_RUNS = `(recovery_job_id IS NULL OR recovery_job_id IN (SELECT id FROM recovery_jobs WHERE status = 'running'))
  AND (campaign_id IS NULL OR campaign_id IN (SELECT id FROM campaigns WHERE status = 'running'))`;

/** Why a lead needs no recovery any more, or NULL; on a row of deliveries, in the order the reasons are reported. */
const SKIP_REASON = `(SELECT CASE WHEN l.archived = 1 THEN 'archived' WHEN l.status = 'blocked' THEN 'blocked' WHEN l.status = 'converted' THEN 'converted'
  WHEN l.welcomed_at IS NOT NULL THEN 'welcomed' END FROM leads l WHERE l.id = deliveries.lead_id)`;

function kindsWhere(test: (rules: DeliveryKindRules) => boolean): DeliveryKind[] {
  return deliveryKinds.filter((kind) => test(deliveryKindRules[kind]));
}

/** A SQL list of fixed words from this module's own constants (never input). */
function sqlList(words: readonly string[]): string {
  return words.map((word) => `'${word}'`).join(', ');
}

const DELIVERY_COLUMNS = 'bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at';

/**
 * One row per lead of the list, in the list's order. json_each keeps that order and the
 * statement's text fixed whatever the number of leads; CROSS JOIN keeps the list outside,
 * each lead found by its id: SQLite otherwise may put the bot's leads outside and read the
 * whole list once per lead (10,000 leads: 15 s, the engine frozen, instead of 0.1 s).
 * Exported for the test of its query plan.
 */
export const ENQUEUE_SQL = `INSERT INTO deliveries (${DELIVERY_COLUMNS}, recovery_job_id, campaign_id)
  SELECT l.bot_id, l.id, l.chat_id, @kind, @lane, @content, 'pending', 0, @notBefore, @now, @now, @job, @campaign
  FROM json_each(@leads) AS j CROSS JOIN leads l ON l.id = j.value WHERE l.bot_id = @botId AND l.archived = 0 ORDER BY j.key
  RETURNING id`;

/** For readers of the welcome backlog (the dashboard): which rows it holds, as a SQL condition on deliveries. */
export const OPEN_WELCOMES_SQL = `kind IN (${sqlList(kindsWhere((rules) => rules.welcomes))}) AND status IN (${sqlList(OPEN)})`;

/** How the claims of these rows must be committed: a lost claim of a row not sent again after a crash would send it twice. */
export function claimDurability(kinds: readonly DeliveryKind[]): Durability {
  return kinds.some((kind) => deliveryKindRules[kind].afterCrash !== 'resend') ? 'full' : 'relaxed';
}

/** A row the sender may take. `content` is the message as JSON; null means the bot's welcome as it is now. */
export interface DueDelivery {
  readonly id: number;
  readonly leadId: number;
  readonly chatId: number;
  readonly kind: DeliveryKind;
  readonly content: string | null;
  readonly attempts: number;
}

export interface EnqueueRequest {
  readonly botId: number;
  readonly kind: DeliveryKind;
  /** Leads of this bot; archived leads and other bots' leads are skipped. */
  readonly leadIds: readonly number[];
  /** The message; null sends the bot's welcome as it is when the row goes out (not for a kind that needs content). */
  readonly content: MessageContent | null;
  /** The kind's own lane unless given. */
  readonly lane?: DeliveryLane;
  /** Not sent before this time; now unless given. */
  readonly notBefore?: number;
  /** The recovery job the rows belong to: one job queues a lead once. */
  readonly recoveryJobId?: number;
  /** The campaign the rows belong to: one campaign queues a lead once. */
  readonly campaignId?: number;
}

interface DueRow {
  id: number;
  lead_id: number;
  chat_id: number;
  kind: DeliveryKind;
  content: string | null;
  attempts: number;
}

interface EnqueueParams {
  botId: number;
  kind: DeliveryKind;
  lane: DeliveryLane;
  content: string | null;
  leads: string;
  notBefore: number;
  now: number;
  job: number | null;
  campaign: number | null;
}

/**
 * The only writer of the deliveries table: the queue every kind of message goes through,
 * with each kind's crash rule applied here rather than by its callers. The outcome of a
 * send changes the lead and its timeline in the same call, through the lead's own records.
 * Statements are prepared once; the set-wide ones (crash, hold, close) are one statement
 * per rule, never one per row.
 */
export class DeliveriesRepository {
  private readonly leads: LeadRecords;
  private readonly events: LeadEvents;
  private readonly s: {
    readonly enqueue: Statement<EnqueueParams, { id: number }>;
    readonly enqueueWelcome: Statement<[number, number, number, number, number, number]>;
    readonly due: Statement<[number, number, number], DueRow>;
    readonly nextDue: Statement<[number, number], { at: number | null }>;
    readonly openWelcome: Statement<[number], { id: number; status: DeliveryStatus }>;
    readonly requeue: Statement<[number, number, number]>;
    readonly claim: Statement<[number, number]>;
    readonly skip: Statement<[number, number], { lead_id: number; why: RecoverySkipReason }>;
    readonly skipBroadcast: Statement<{ now: number; id: number; capped: 0 | 1; since: number }, { lead_id: number; error: string }>;
    readonly replaceHeldEvents: Statement<[number, number, string]>;
    readonly replaceHeld: Statement<[string, number, string]>;
    readonly cancelEvents: Statement<[number, number]>;
    readonly cancel: Statement<[string, number, number]>;
    readonly cancelCampaignEvents: Statement<[number, string, number]>;
    readonly cancelCampaign: Statement<[string, number, number]>;
    readonly sent: Statement<[number, number, number, number], { recovery_job_id: number | null }>;
    readonly click: Statement<[number, number, number], { id: number; campaign_id: number | null }>;
    readonly finished: Statement<[DeliveryStatus, number, string, number]>;
    readonly retry: Statement<[number, number, string, number]>;
    readonly retryBelow: Statement<[number, number, string, number, number]>;
    readonly release: Statement<[number, number]>;
    readonly heldEvents: Statement<[number, number, number]>;
    readonly hold: Statement<[number, number, number]>;
    readonly crash: readonly { readonly events: Statement<[number]>; readonly rows: Statement<[number]> }[];
    readonly close: Statement<[string, number, number]>;
    readonly queue: Statement<[number], { pending: number; held: number; oldest: number | null }>;
  };

  constructor(private readonly db: Database) {
    this.leads = new LeadRecords(db);
    this.events = new LeadEvents(db);
    const open = sqlList(OPEN);
    const held = sqlList(kindsWhere((rules) => rules.holdWhenStale));
    const heldEvent: LeadEventKind = 'welcome_held';
    const replacedEvent: LeadEventKind = 'welcome_replaced';
    const cancelledEvent: LeadEventKind = 'recovery_cancelled';
    const broadcastFailedEvent: LeadEventKind = 'broadcast_failed';
    this.s = {
      enqueue: db.prepare(ENQUEUE_SQL),
      enqueueWelcome: db.prepare(`INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES (?, ?, ?, 'welcome', ${deliveryLanes.welcome}, NULL, 'pending', 0, ?, ?, ?)`),
      due: db.prepare(
        `SELECT id, lead_id, chat_id, kind, content, attempts FROM deliveries WHERE bot_id = ? AND status = 'pending' AND not_before <= ? AND ${JOB_RUNS} ORDER BY lane, id LIMIT ?`,
      ),
      nextDue: db.prepare(`SELECT min(not_before) AS at FROM deliveries WHERE bot_id = ? AND status = 'pending' AND not_before > ? AND ${JOB_RUNS}`),
      // A recovery of a paused job is not the lead's welcome on its way: a new /start queues one (the recovery is then skipped).
      openWelcome: db.prepare(`SELECT id, status FROM deliveries WHERE lead_id = ? AND ${OPEN_WELCOMES_SQL} AND ${JOB_RUNS} ORDER BY id LIMIT 1`),
      requeue: db.prepare("UPDATE deliveries SET status = 'pending', not_before = ?, updated_at = ?, error = NULL WHERE id = ? AND status = 'held'"),
      claim: db.prepare(`UPDATE deliveries SET status = 'sending', updated_at = ? WHERE id = ? AND status = 'pending' AND ${JOB_RUNS}`),
      skip: db.prepare(
        `UPDATE deliveries SET status = 'failed', updated_at = ?, error = '${SKIPPED_PREFIX}' || ${SKIP_REASON}
         WHERE id = ? AND kind = 'recovery' AND status = 'pending' AND ${JOB_RUNS} AND ${SKIP_REASON} IS NOT NULL
         RETURNING lead_id, substr(error, ${SKIPPED_PREFIX.length + 1}) AS why`,
      ),
      skipBroadcast: db.prepare(
        `UPDATE deliveries SET status = 'failed', updated_at = @now, error = CASE WHEN ${LEAD_OPTED_OUT} THEN '${OPTED_OUT_REASON}' ELSE '${CAPPED_REASON}' END
         WHERE id = @id AND kind = 'broadcast' AND status = 'pending' AND (${LEAD_OPTED_OUT} OR (@capped = 1 AND ${LEAD_BROADCAST_SINCE}))
         RETURNING lead_id, error`,
      ),
      replaceHeldEvents: db.prepare(
        `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT lead_id, '${replacedEvent}', ?, json_object('deliveryId', id, 'jobId', ?) FROM deliveries
         WHERE kind = 'welcome' AND status = 'held' AND lead_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      ),
      replaceHeld: db.prepare(
        "UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE kind = 'welcome' AND status = 'held' AND lead_id IN (SELECT value FROM json_each(?))",
      ),
      cancelEvents: db.prepare(
        `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT lead_id, '${cancelledEvent}', ?, json_object('deliveryId', id, 'jobId', recovery_job_id) FROM deliveries
         WHERE recovery_job_id = ? AND status IN ('pending', 'held') ORDER BY id`,
      ),
      cancel: db.prepare("UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE recovery_job_id = ? AND status IN ('pending', 'held')"),
      cancelCampaignEvents: db.prepare(
        `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT lead_id, '${broadcastFailedEvent}', ?, json_object('deliveryId', id, 'error', ?) FROM deliveries
         WHERE campaign_id = ? AND status IN ('pending', 'held') ORDER BY id`,
      ),
      cancelCampaign: db.prepare("UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE campaign_id = ? AND status IN ('pending', 'held')"),
      sent: db.prepare("UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?, updated_at = ?, error = NULL WHERE id = ? RETURNING recovery_job_id"),
      // A lead's deliveries are few (the deliveries_lead index); a message id names one in its chat.
      click: db.prepare('UPDATE deliveries SET clicked_at = coalesce(clicked_at, ?) WHERE lead_id = ? AND message_id = ? RETURNING id, campaign_id'),
      finished: db.prepare('UPDATE deliveries SET status = ?, updated_at = ?, error = ? WHERE id = ?'),
      retry: db.prepare("UPDATE deliveries SET status = 'pending', attempts = attempts + 1, not_before = ?, updated_at = ?, error = ? WHERE id = ?"),
      retryBelow: db.prepare("UPDATE deliveries SET status = 'pending', attempts = attempts + 1, not_before = ?, updated_at = ?, error = ? WHERE id = ? AND attempts + 1 < ?"),
      release: db.prepare("UPDATE deliveries SET status = 'pending', updated_at = ? WHERE id = ?"),
      heldEvents: db.prepare(
        `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT lead_id, '${heldEvent}', ?, json_object('deliveryId', id) FROM deliveries
         WHERE bot_id = ? AND kind IN (${held}) AND status = 'pending' AND created_at < ?`,
      ),
      hold: db.prepare(
        `UPDATE deliveries SET status = 'held', updated_at = ?, error = '${HOLD_REASON}' WHERE bot_id = ? AND kind IN (${held}) AND status = 'pending' AND created_at < ?`,
      ),
      crash: crashRules.map((rule) => {
        const kinds = sqlList(kindsWhere((rules) => rules.afterCrash === rule));
        const { status, event, error } = CRASH[rule];
        return {
          events: db.prepare<[number]>(
            `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT lead_id, '${event}', ?, json_object('deliveryId', id) FROM deliveries WHERE status = 'sending' AND kind IN (${kinds})`,
          ),
          rows: db.prepare<[number]>(`UPDATE deliveries SET status = '${status}', updated_at = ?, error = '${error}' WHERE status = 'sending' AND kind IN (${kinds})`),
        };
      }),
      close: db.prepare(`UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE bot_id = ? AND status IN (${open})`),
      queue: db.prepare(
        `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending')) AS pending,
                count(*) FILTER (WHERE status = 'held') AS held,
                min(created_at) FILTER (WHERE status IN ('pending', 'sending')) AS oldest
         FROM deliveries WHERE bot_id = ? AND ${OPEN_WELCOMES_SQL}`,
      ),
    };
  }

  /**
   * Queues one message for many leads of a bot in one statement: "this content, these
   * leads, this lane". Returns the new deliveries' ids in the order of the leads queued.
   * The kind's crash rule and its events follow from the kind; the sender wakes on its own
   * within a second, or at once when the caller wakes it.
   */
  enqueue(request: EnqueueRequest, now: number): number[] {
    if (request.content === null && deliveryKindRules[request.kind].needsContent) {
      throw new BotdeckError('BAD_INPUT', `A ${request.kind} needs its message: nothing was queued.`);
    }
    const params: EnqueueParams = {
      botId: request.botId,
      kind: request.kind,
      lane: request.lane ?? deliveryKindRules[request.kind].lane,
      content: request.content === null ? null : JSON.stringify(request.content),
      leads: JSON.stringify(request.leadIds),
      notBefore: request.notBefore ?? now,
      now,
      job: request.recoveryJobId ?? null,
      campaign: request.campaignId ?? null,
    };
    return this.s.enqueue.all(params).map((row) => row.id);
  }

  /** The welcome of one lead just captured: the capture's hot path, one prepared insert. */
  enqueueWelcome(botId: number, leadId: number, chatId: number, now: number): void {
    this.s.enqueueWelcome.run(botId, leadId, chatId, now, now, now);
  }

  /** The lead's welcome or recovery not finished yet, if any. */
  openWelcome(leadId: number): { readonly id: number; readonly status: DeliveryStatus } | null {
    return this.s.openWelcome.get(leadId) ?? null;
  }

  /** A held row goes out after all (the lead sent /start again). */
  releaseHeld(deliveryId: number, leadId: number, now: number): void {
    if (this.s.requeue.run(now, now, deliveryId).changes === 1) this.events.record(leadId, 'welcome_requeued', now, { deliveryId, why: 'lead_started_again' });
  }

  /** Rows of a bot due now, in lane order, at most `limit`. */
  due(botId: number, now: number, limit: number): DueDelivery[] {
    return this.s.due.all(botId, now, limit).map((row) => ({ id: row.id, leadId: row.lead_id, chatId: row.chat_id, kind: row.kind, content: row.content, attempts: row.attempts }));
  }

  /** When the next row of a bot waiting for a later time becomes due; null when none waits. */
  nextDueAt(botId: number, now: number): number | null {
    return this.s.nextDue.get(botId, now)?.at ?? null;
  }

  /**
   * Marks a pending row `sending` before its call; false when it is no longer pending, or
   * belongs to a recovery job that is not running. A recovery whose lead no longer needs it
   * (welcomed meanwhile, converted, archived, blocked the bot) is skipped here instead: this
   * is the last moment before the call, in the claim's own transaction, so nothing the
   * lead did before it is missed and Telegram is never called for it. So is a broadcast
   * whose lead opted out, or got another broadcast less than `capMs` ago (0: no cap).
   */
  claim(deliveryId: number, now: number, capMs: number): boolean {
    const skipped = this.s.skip.get(now, deliveryId);
    if (skipped !== undefined) {
      this.events.record(skipped.lead_id, 'recovery_skipped', now, { deliveryId, why: skipped.why });
      return false;
    }
    const broadcast = this.s.skipBroadcast.get({ now, id: deliveryId, capped: capMs > 0 ? 1 : 0, since: now - capMs });
    if (broadcast !== undefined) {
      const why = broadcast.error.startsWith(OPTED_OUT_PREFIX) ? 'opted_out' : 'capped';
      this.events.record(broadcast.lead_id, 'broadcast_skipped', now, { deliveryId, why });
      return false;
    }
    return this.s.claim.run(now, deliveryId).changes === 1;
  }

  /** The held welcomes of these leads close: a recovery job sends in their place, so each lead gets one message. */
  replaceHeldWelcomes(leadIds: readonly number[], jobId: number, now: number): number {
    const leads = JSON.stringify(leadIds);
    this.s.replaceHeldEvents.run(now, jobId, leads);
    return this.s.replaceHeld.run(`replaced by recovery job ${jobId}`, now, leads).changes;
  }

  /** The job's rows not taken yet are given up, each with an event on its lead; rows already sending finish. */
  cancelRecoveryJob(jobId: number, now: number): void {
    this.s.cancelEvents.run(now, jobId);
    this.s.cancel.run(CANCEL_REASON, now, jobId);
  }

  /** The campaign's rows not taken yet fail as cancelled, each with an event on its lead; rows already sending finish. */
  cancelCampaign(campaignId: number, now: number): void {
    this.s.cancelCampaignEvents.run(now, CAMPAIGN_CANCEL_REASON, campaignId);
    this.s.cancelCampaign.run(CAMPAIGN_CANCEL_REASON, now, campaignId);
  }

  /** Telegram took the message: the row is sent, the lead welcomed if the kind welcomes, and the timeline says so (with its recovery job, if any). */
  finishSent(row: Pick<DueDelivery, 'id' | 'leadId' | 'kind'>, messageId: number, at: number): void {
    const rules = deliveryKindRules[row.kind];
    const jobId = this.s.sent.get(at, messageId, at, row.id)?.recovery_job_id ?? null;
    if (rules.welcomes) this.leads.welcomed(row.leadId, at);
    // A recovery says which job won the lead back, on its timeline.
    this.events.record(row.leadId, rules.sentEvent, at, jobId === null ? { deliveryId: row.id, messageId } : { deliveryId: row.id, messageId, jobId });
  }

  /**
   * A press on a button of the message `messageId` in the lead's chat: the delivery that sent
   * it keeps its first press, and is returned (with its campaign) so the click is attributed.
   * Null for a message Botdeck did not send.
   */
  clicked(leadId: number, messageId: number, at: number): { readonly deliveryId: number; readonly campaignId: number | null } | null {
    const row = this.s.click.get(at, leadId, messageId);
    return row === undefined ? null : { deliveryId: row.id, campaignId: row.campaign_id };
  }

  /** No retry: `blocked` (403; the lead becomes blocked unless converted) or `failed`. */
  finishFailed(row: Pick<DueDelivery, 'id' | 'leadId' | 'kind'>, status: 'failed' | 'blocked', reason: string, at: number): void {
    this.s.finished.run(status, at, reason, row.id);
    const detail: LeadEventDetails['blocked'] = { deliveryId: row.id, error: reason };
    if (status === 'blocked') {
      this.leads.refused(row.leadId);
      this.events.record(row.leadId, 'blocked', at, detail);
    } else {
      this.events.record(row.leadId, deliveryKindRules[row.kind].failedEvent, at, detail);
    }
  }

  /** Tried again at `notBefore`, counting this attempt. */
  retry(deliveryId: number, notBefore: number, error: string, at: number): void {
    this.s.retry.run(notBefore, at, error, deliveryId);
  }

  /**
   * Tried again at `notBefore` unless this attempt is the `bound`th (counted from the row
   * itself: the sender's copy of the row may be older); false when it is, and nothing changed.
   */
  retryWithin(deliveryId: number, bound: number, notBefore: number, error: string, at: number): boolean {
    return this.s.retryBelow.run(notBefore, at, error, deliveryId, bound).changes === 1;
  }

  /** Back to pending without counting an attempt (the bot was paused, or stops). */
  release(deliveryId: number, at: number): void {
    this.s.release.run(at, deliveryId);
  }

  /** Rows of the kinds that hold, pending since before `cutoff`, wait for the operator. */
  holdStale(botId: number, cutoff: number, now: number): void {
    this.db
      .transaction(() => {
        this.s.heldEvents.run(now, botId, cutoff);
        this.s.hold.run(now, botId, cutoff);
      })
      .immediate();
  }

  /**
   * At start, before any sender runs: each row a crash left `sending` follows its kind's
   * rule (sent again, or given up), with an event on the lead saying which.
   */
  requeueAfterCrash(now: number): void {
    this.db
      .transaction(() => {
        for (const rule of this.s.crash) {
          rule.events.run(now);
          rule.rows.run(now);
        }
      })
      .immediate();
  }

  /** The bot can no longer send (removed, or another bot took its slot): its open rows fail. */
  closeForBot(botId: number, reason: ArchiveReason, now: number): void {
    this.s.close.run(`not sent: ${reason.replace('_', ' ')}`, now, botId);
  }

  /** The bot's welcome backlog, for its health. */
  queueFigures(botId: number): QueueFigures {
    const row = this.s.queue.get(botId);
    return { pendingWelcomes: row?.pending ?? 0, heldWelcomes: row?.held ?? 0, oldestPendingWelcomeAt: row?.oldest ?? null };
  }
}
