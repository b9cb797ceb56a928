import type { Database, Statement } from 'better-sqlite3';
import { deliveryLanes, type DeliveryKind, type DeliveryLane, type DeliveryStatus, type LeadEventKind } from '../../../shared/leads';
import type { QueueFigures } from '../bots/health';
import type { MessageContent } from '../bots/send-content';
import type { FollowUpSkipReason } from '../../../shared/follow-ups';
import type { RecoverySkipReason } from '../../../shared/recovery-jobs';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import {
  CAMPAIGN_CANCEL_REASON,
  CANCEL_REASON,
  CAPPED_REASON,
  CRASH,
  crashRules,
  deliveryKindRules,
  FOLLOW_UP_LEFT,
  HOLD_REASON,
  JOB_RUNS,
  kindsWhere,
  LEAD_BROADCAST_SINCE,
  LEAD_OPTED_OUT,
  OPEN,
  OPEN_WELCOMES_SQL,
  OPTED_OUT_PREFIX,
  OPTED_OUT_REASON,
  SKIP_REASON,
  SKIPPED_PREFIX,
  sqlList,
} from './delivery-rules';
import { LeadEvents, type ArchiveReason, type LeadEventDetails } from './lead-events';
import { LeadRecords } from './lead-records';

const DELIVERY_COLUMNS = 'bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at';

/**
 * One row per lead of the list, in the list's order. json_each keeps that order and the
 * statement's text fixed whatever the number of leads; CROSS JOIN keeps the list outside,
 * each lead found by its id: SQLite otherwise may put the bot's leads outside and read the
 * whole list once per lead (10,000 leads: 15 s, the engine frozen, instead of 0.1 s).
 * Exported for the test of its query plan.
 */
export const ENQUEUE_SQL = `INSERT INTO deliveries (${DELIVERY_COLUMNS}, recovery_job_id, campaign_id, follow_up_step_id)
  SELECT l.bot_id, l.id, l.chat_id, @kind, @lane, @content, 'pending', 0, @notBefore, @now, @now, @job, @campaign, @followUp
  FROM json_each(@leads) AS j CROSS JOIN leads l ON l.id = j.value WHERE l.bot_id = @botId AND l.archived = 0 ORDER BY j.key
  RETURNING id`;

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
  /** The follow-up step the rows send (broadcast kind): exempt from the frequency cap, skipped at claim time once the lead left the sequence. */
  readonly followUpStepId?: number;
}

/** The message whose button a lead pressed, with what sent it. */
export interface PressedDelivery {
  readonly deliveryId: number;
  readonly campaignId: number | null;
  readonly followUpStepId: number | null;
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
  followUp: number | null;
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
  private purchase: Statement<{ botId: number; leadId: number; content: string; paymentId: number; now: number }> | null = null;
  private readonly s: {
    readonly enqueue: Statement<EnqueueParams, { id: number }>;
    readonly enqueueWelcome: Statement<[number, number, number, number, number, number]>;
    readonly due: Statement<[number, number, number], DueRow>;
    readonly nextDue: Statement<[number, number], { at: number | null }>;
    readonly openWelcome: Statement<[number], { id: number; status: DeliveryStatus }>;
    readonly requeue: Statement<[number, number, number]>;
    readonly claim: Statement<[number, number]>;
    readonly skip: Statement<[number, number], { lead_id: number; why: RecoverySkipReason }>;
    readonly skipFollowUp: Statement<[number, number], { lead_id: number; step_id: number; why: FollowUpSkipReason }>;
    readonly skipBroadcast: Statement<{ now: number; id: number; capped: 0 | 1; since: number }, { lead_id: number; error: string }>;
    readonly replaceHeldEvents: Statement<[number, number, string]>;
    readonly replaceHeld: Statement<[string, number, string]>;
    readonly cancelEvents: Statement<[number, number]>;
    readonly cancel: Statement<[string, number, number]>;
    readonly cancelCampaignEvents: Statement<[number, string, number]>;
    readonly cancelCampaign: Statement<[string, number, number]>;
    readonly sent: Statement<[number, number, number, number], { recovery_job_id: number | null }>;
    readonly click: Statement<[number, number, number], { id: number; campaign_id: number | null; follow_up_step_id: number | null }>;
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
      skipFollowUp: db.prepare(
        `UPDATE deliveries SET status = 'failed', updated_at = ?, error = '${SKIPPED_PREFIX}' || ${FOLLOW_UP_LEFT}
         WHERE id = ? AND follow_up_step_id IS NOT NULL AND status = 'pending' AND ${FOLLOW_UP_LEFT} IS NOT NULL
         RETURNING lead_id, follow_up_step_id AS step_id, substr(error, ${SKIPPED_PREFIX.length + 1}) AS why`,
      ),
      skipBroadcast: db.prepare(
        `UPDATE deliveries SET status = 'failed', updated_at = @now, error = CASE WHEN ${LEAD_OPTED_OUT} THEN '${OPTED_OUT_REASON}' ELSE '${CAPPED_REASON}' END
         WHERE id = @id AND kind = 'broadcast' AND status = 'pending' AND (${LEAD_OPTED_OUT} OR (@capped = 1 AND follow_up_step_id IS NULL AND ${LEAD_BROADCAST_SINCE}))
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
      click: db.prepare('UPDATE deliveries SET clicked_at = coalesce(clicked_at, ?) WHERE lead_id = ? AND message_id = ? RETURNING id, campaign_id, follow_up_step_id'),
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
      throw new BotdeckError('BAD_INPUT', text('input.deliveryNeedsMessage', { kind: request.kind }));
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
      followUp: request.followUpStepId ?? null,
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
   * whose lead opted out, or got another campaign message less than `capMs` ago (0: no
   * cap), and a follow-up whose lead left the sequence (converted, blocked, opted out).
   */
  claim(deliveryId: number, now: number, capMs: number): boolean {
    const skipped = this.s.skip.get(now, deliveryId);
    if (skipped !== undefined) {
      this.events.record(skipped.lead_id, 'recovery_skipped', now, { deliveryId, why: skipped.why });
      return false;
    }
    const left = this.s.skipFollowUp.get(now, deliveryId);
    if (left !== undefined) {
      this.events.record(left.lead_id, 'follow_up_skipped', now, { deliveryId, stepId: left.step_id, why: left.why });
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
  clicked(leadId: number, messageId: number, at: number): PressedDelivery | null {
    const row = this.s.click.get(at, leadId, messageId);
    return row === undefined ? null : { deliveryId: row.id, campaignId: row.campaign_id, followUpStepId: row.follow_up_step_id };
  }

  /** What a payment bought goes to the lead, first in the queue; one row per payment, whatever calls this again. */
  enqueuePurchase(botId: number, leadId: number, content: MessageContent, paymentId: number, now: number): void {
    // Prepared on first use: stores older than migration 020 (test fixtures) have no payment_id column.
    // OR IGNORE: the payment's unique row means a second confirmation queues nothing more.
    this.purchase ??= this.db.prepare(
      `INSERT OR IGNORE INTO deliveries (${DELIVERY_COLUMNS}, payment_id)
       SELECT @botId, id, chat_id, 'purchase', ${deliveryLanes.purchase}, @content, 'pending', 0, @now, @now, @now, @paymentId FROM leads WHERE id = @leadId`,
    );
    this.purchase.run({ botId, leadId, content: JSON.stringify(content), paymentId, now });
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
