import type { Database, Statement } from 'better-sqlite3';
import type { FollowUpSkipReason } from '../../../shared/follow-ups';
import type { LeadStatus } from '../../../shared/leads';
import type { AlertLocale } from '../alerts/alert-text';
import { campaignContent } from '../campaigns/campaign-content';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import { LeadEvents } from '../leads/lead-events';
import { FollowUpEnrollments, type DueEnrollment, type EnrollmentEnd } from './follow-up-enrollments';
import { FollowUpSteps, type StepRecord } from './follow-up-steps';
import { quietEnd, type QuietHours } from './quiet-hours';

/** The operator's rules for this pass, read from the settings. */
export interface FollowUpRules {
  readonly quiet: QuietHours;
  /** A step that came due while Botdeck was off goes out only this long after it could have. */
  readonly missedWindowMs: number;
  readonly locale: AlertLocale;
}

/** How soon a lead whose last step is still on its way is looked at again. */
export const RECHECK_MS = 30_000;

interface LeadState {
  status: LeadStatus;
  archived: 0 | 1;
  opted_out: 0 | 1;
  clicked: 0 | 1;
}

/**
 * Moves leads through their bot's sequence: each due step is queued as a broadcast-priority
 * delivery (so welcomes and recovery go first, and Telegram's answers follow the broadcast
 * rules), or skipped with its reason. One batch is one transaction: a crash keeps either
 * all of a batch's sends or none, and the unique (step, lead) key keeps a step from
 * reaching a lead twice.
 */
export class FollowUpRunner {
  private readonly steps: FollowUpSteps;
  private readonly enrollments: FollowUpEnrollments;
  private readonly deliveries: DeliveriesRepository;
  private readonly events: LeadEvents;
  private readonly lead: Statement<[number], LeadState>;

  constructor(private readonly db: Database) {
    this.steps = new FollowUpSteps(db);
    this.enrollments = new FollowUpEnrollments(db);
    this.deliveries = new DeliveriesRepository(db);
    this.events = new LeadEvents(db);
    this.lead = db.prepare(
      `SELECT status, archived, opted_out_at IS NOT NULL AS opted_out,
         EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.kind = 'clicked') AS clicked
       FROM leads l WHERE id = ?`,
    );
  }

  /** Looks at up to `limit` leads due now, in one transaction; returns how many it looked at. */
  runBatch(now: number, rules: FollowUpRules, limit: number): number {
    return this.db
      .transaction(() => {
        const due = this.enrollments.due(now, limit);
        const stepsByBot = new Map<number, StepRecord[]>();
        for (const enrollment of due) {
          let steps = stepsByBot.get(enrollment.botId);
          if (steps === undefined) {
            steps = this.steps.steps(enrollment.botId).filter((step) => step.enabled);
            stepsByBot.set(enrollment.botId, steps);
          }
          this.advance(enrollment, steps, now, rules);
        }
        return due.length;
      })
      .immediate();
  }

  /**
   * The lead's next step is the first enabled one after the last step that reached it (or
   * was passed over), in the sequence's current order. It goes only once the one before is
   * finished, `delay` after the lead's start (and not before the step existed).
   */
  private advance(enrollment: DueEnrollment, steps: readonly StepRecord[], now: number, rules: FollowUpRules): void {
    const { leadId } = enrollment;
    const sends = this.enrollments.sendsOf(leadId);
    let last = -1;
    steps.forEach((step, index) => {
      if (sends.has(step.id)) last = index;
    });
    for (;;) {
      const previous = steps[last];
      if (previous !== undefined && sends.get(previous.id)?.open === true) {
        this.enrollments.checkAt(leadId, now + RECHECK_MS);
        return;
      }
      const step = steps[last + 1];
      if (step === undefined) {
        this.enrollments.end(leadId, 'done');
        return;
      }
      const dueAt = Math.max(enrollment.startsAt + step.delayMs, step.createdAt);
      if (dueAt > now) {
        this.enrollments.checkAt(leadId, dueAt);
        return;
      }
      const lead = this.lead.get(leadId);
      const left = lead === undefined ? 'archived' : leftReason(lead);
      if (lead === undefined || left !== null) {
        this.skip(step, leadId, dueAt, now, left ?? 'archived');
        this.enrollments.end(leadId, left ?? 'archived');
        return;
      }
      if (now - quietEnd(dueAt, rules.quiet) > rules.missedWindowMs) {
        this.skip(step, leadId, dueAt, now, 'missed');
        sends.set(step.id, { stepId: step.id, open: false });
      } else if (!conditionHolds(step, lead)) {
        this.skip(step, leadId, dueAt, now, 'condition');
        sends.set(step.id, { stepId: step.id, open: false });
      } else {
        const [deliveryId] = this.deliveries.enqueue(
          { botId: enrollment.botId, kind: 'broadcast', leadIds: [leadId], content: campaignContent(step.message, rules.locale), followUpStepId: step.id },
          now,
        );
        if (deliveryId === undefined) {
          // Not a lead of this bot any more (its slot's bot was replaced): it leaves the sequence.
          this.skip(step, leadId, dueAt, now, 'archived');
          this.enrollments.end(leadId, 'archived');
          return;
        }
        this.enrollments.queued(step.id, leadId, dueAt, now, deliveryId);
        sends.set(step.id, { stepId: step.id, open: true });
      }
      last += 1;
    }
  }

  private skip(step: StepRecord, leadId: number, dueAt: number, now: number, why: FollowUpSkipReason): void {
    this.enrollments.skipped(step.id, leadId, dueAt, now, why);
    this.events.record(leadId, 'follow_up_skipped', now, { stepId: step.id, why });
  }
}

function leftReason(lead: LeadState): Exclude<EnrollmentEnd, 'done'> | null {
  if (lead.archived === 1) return 'archived';
  if (lead.status === 'blocked') return 'blocked';
  if (lead.status === 'converted') return 'converted';
  if (lead.opted_out === 1) return 'opted_out';
  return null;
}

function conditionHolds(step: StepRecord, lead: LeadState): boolean {
  if (step.condition === 'clicked') return lead.clicked === 1;
  if (step.condition === 'not_clicked') return lead.clicked === 0;
  return true;
}
