import type { Database, Statement } from 'better-sqlite3';
import type { FollowUpSkipReason } from '../../../shared/follow-ups';
import type { LeadEventKind, LeadStatus } from '../../../shared/leads';
import type { OptOutWay } from '../../../shared/opt-out';
import type { PaymentRail, PaymentRecordedBy } from '../../../shared/products';
import type { RecoverySkipReason } from '../../../shared/recovery-jobs';

/** Why a bot's leads left the active set. */
export type ArchiveReason = 'bot_replaced' | 'bot_removed';

interface SendOutcome {
  readonly deliveryId: number;
  readonly messageId: number;
}

interface SendFailure {
  readonly deliveryId: number;
  readonly error: string;
}

interface DeliveryRef {
  readonly deliveryId: number;
}

interface EventDetails {
  started: { readonly payload: string | null; readonly source: string | null; readonly invalid: boolean };
  welcome_sent: SendOutcome;
  /** jobId: the recovery job that sent it (none for a recovery queued without a job). */
  recovered: SendOutcome & { readonly jobId?: number };
  broadcast_sent: SendOutcome;
  welcome_failed: SendFailure;
  recovery_failed: SendFailure;
  /** A recovery not sent because the lead no longer needed it (see recoverySkipReasons). */
  recovery_skipped: DeliveryRef & { readonly why: RecoverySkipReason };
  recovery_cancelled: DeliveryRef & { readonly jobId: number };
  /** A held welcome closed because a recovery job sends in its place. */
  welcome_replaced: DeliveryRef & { readonly jobId: number };
  broadcast_failed: SendFailure;
  /** A broadcast not sent: the lead opted out, or got another campaign message within the cap. */
  broadcast_skipped: DeliveryRef & { readonly why: 'capped' | 'opted_out' };
  /** A follow-up step not sent to the lead (its delivery, when it was queued before the lead left). */
  follow_up_skipped: { readonly deliveryId?: number; readonly stepId: number; readonly why: FollowUpSkipReason };
  /** A send answered 403 carries its delivery; the user's own block (my_chat_member) nothing. */
  blocked: SendFailure | null;
  unblocked: null;
  opted_out: { readonly how: OptOutWay };
  /** Only the operator opts a lead back in. */
  opted_in: { readonly how: 'operator' };
  welcome_held: DeliveryRef;
  welcome_requeued: DeliveryRef & { readonly why: 'lead_started_again' | 'transport_failure' };
  /** The pressed message's delivery and campaign, when Botdeck sent that message (not for presses recorded before migration 016). */
  clicked: { readonly data: string | null; readonly deliveryId?: number; readonly campaignId?: number };
  converted: { readonly amountCents: number; readonly previousAmountCents: number | null; readonly previousStatus: LeadStatus };
  /** A product's button was pressed: a payment was started on that rail (amount in Stars or centavos). */
  checkout_started: { readonly checkoutId: number; readonly productId: number; readonly rail: PaymentRail; readonly amount: number };
  /** A PIX charge expired unpaid. */
  checkout_expired: { readonly checkoutId: number };
  /** A payment confirmed by Telegram or the gateway; the lead is converted by it. */
  paid: { readonly paymentId: number; readonly productId: number | null; readonly rail: PaymentRail; readonly amount: number; readonly by: PaymentRecordedBy };
  /** A payment given back; the conversion it made is reversed when no other payment stands. */
  refunded: { readonly paymentId: number; readonly rail: PaymentRail; readonly amount: number; readonly previousStatus: LeadStatus };
  purchase_sent: SendOutcome;
  purchase_failed: SendFailure;
  archived: { readonly reason: ArchiveReason };
  resend_after_crash: DeliveryRef;
  broadcast_abandoned_after_crash: DeliveryRef;
  recovery_abandoned_after_crash: DeliveryRef;
}

/** The detail each kind of event is written with; a kind added without one does not compile. */
export type LeadEventDetails = { readonly [K in LeadEventKind]: EventDetails[K] };

/** The leads' timelines: the only writer of lead_events besides the deliveries repository's set-based statements. */
export class LeadEvents {
  private readonly insert: Statement<[number, LeadEventKind, number, string | null]>;
  private readonly archived: Statement<[number, string, number, number, ArchiveReason]>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, ?, ?, ?)');
    const kind: LeadEventKind = 'archived';
    this.archived = db.prepare(
      `INSERT INTO lead_events (lead_id, kind, at, detail) SELECT id, '${kind}', ?, ? FROM leads WHERE bot_id = ? AND archived_at = ? AND archived_reason = ?`,
    );
  }

  record<K extends LeadEventKind>(leadId: number, kind: K, at: number, detail: LeadEventDetails[K]): void {
    this.insert.run(leadId, kind, at, detail === null ? null : JSON.stringify(detail));
  }

  /** One 'archived' event for each lead of the bot archived at this moment for this reason. */
  archivedForBot(botId: number, reason: ArchiveReason, at: number): void {
    const detail: LeadEventDetails['archived'] = { reason };
    this.archived.run(at, JSON.stringify(detail), botId, at, reason);
  }
}
