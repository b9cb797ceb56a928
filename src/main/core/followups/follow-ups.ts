import type { Database, Statement } from 'better-sqlite3';
import type { FollowUpSequence } from '../../../shared/follow-ups';
import { alertLocale } from '../alerts/alert-text';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Logger } from '../logger';
import { readSettings } from '../operator-settings';
import { refuseProductButtons } from '../payments/product-buttons';
import { ProductRecords } from '../payments/product-records';
import { errorText } from '../redact';
import { FollowUpEnrollments } from './follow-up-enrollments';
import { FollowUpFigures, noFigures } from './follow-up-figures';
import { FollowUpRunner, type FollowUpRules } from './follow-up-runner';
import { FollowUpSteps, type StepInput } from './follow-up-steps';
import { isQuiet } from './quiet-hours';

export interface FollowUpsDeps {
  readonly db: Database;
  readonly logger: Logger;
  readonly now: () => number;
  /** How often new leads are enrolled and due steps queued. */
  readonly tickEveryMs?: number;
  /** Leads looked at per transaction; a tick runs a few batches, so the bots' own writes never wait long. */
  readonly batchSize?: number;
}

const HOUR_MS = 3_600_000;
const BATCHES_PER_TICK = 5;
/** A lead welcomed just before a look may be written just after it: each look reaches this far back (the enrollment is idempotent). */
const ENROLL_SLACK_MS = 60_000;

/**
 * The bots' follow-up sequences: what the console edits, and the tick that enrolls leads
 * welcomed since the sequence was created (or turned on) and queues the steps that came
 * due. Outside the quiet hours only; a step held by them goes when they end.
 */
export class FollowUps {
  private readonly steps: FollowUpSteps;
  private readonly enrollments: FollowUpEnrollments;
  private readonly figures: FollowUpFigures;
  private readonly runner: FollowUpRunner;
  private readonly bot: Statement<[number], { id: number }>;
  private readonly products: ProductRecords;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: FollowUpsDeps) {
    this.steps = new FollowUpSteps(deps.db);
    this.enrollments = new FollowUpEnrollments(deps.db);
    this.figures = new FollowUpFigures(deps.db);
    this.runner = new FollowUpRunner(deps.db);
    this.bot = deps.db.prepare('SELECT id FROM bots WHERE id = ? AND removed_at IS NULL');
    this.products = new ProductRecords(deps.db);
  }

  start(): void {
    this.timer ??= setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        // A locked or failing store this time: the next tick tries again; nothing is lost or sent twice.
        this.deps.logger.error({ error: errorText(error) }, 'queuing the follow-ups failed');
      }
    }, this.deps.tickEveryMs ?? 1000);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Enrolls the newly welcomed leads, then (outside the quiet hours) queues or skips the steps now due. */
  tick(): void {
    const now = this.deps.now();
    for (const sequence of this.steps.enabledSequences()) {
      this.deps.db.transaction(() => {
        this.enrollments.enrollWelcomed(sequence.bot_id, Math.max(sequence.enroll_from, sequence.scanned_to - ENROLL_SLACK_MS), now);
        this.steps.scanned(sequence.bot_id, now);
      })();
    }
    const rules = this.rules();
    if (isQuiet(now, rules.quiet)) return;
    const batch = this.deps.batchSize ?? 200;
    for (let i = 0; i < BATCHES_PER_TICK; i += 1) if (this.runner.runBatch(now, rules, batch) < batch) return;
  }

  get(botId: number): FollowUpSequence {
    this.requireBot(botId);
    const sequence = this.steps.sequence(botId);
    const figures = this.figures.ofBot(botId);
    return {
      botId,
      enabled: sequence?.enabled === 1,
      enrollFrom: sequence?.enroll_from ?? null,
      active: this.enrollments.active(botId),
      steps: this.steps.steps(botId).map((step) => ({
        id: step.id,
        delay: step.delay,
        condition: step.condition,
        message: step.message,
        enabled: step.enabled,
        figures: figures.get(step.id) ?? noFigures(),
      })),
    };
  }

  saveStep(botId: number, stepId: number | undefined, input: StepInput, maxSteps: number): FollowUpSequence {
    this.requireBot(botId);
    if (stepId === undefined && this.steps.steps(botId).length >= maxSteps) {
      throw new BotdeckError('BAD_INPUT', text('input.sequenceFull', { max: maxSteps }));
    }
    refuseProductButtons(this.products, [botId], input.message.buttons, 'message');
    this.changeSteps(botId, (now) => this.steps.save(botId, stepId, input, now));
    return this.get(botId);
  }

  removeStep(botId: number, stepId: number): FollowUpSequence {
    this.requireBot(botId);
    this.changeSteps(botId, (now) => this.steps.remove(botId, stepId, now));
    return this.get(botId);
  }

  moveStep(botId: number, stepId: number, direction: 'up' | 'down'): FollowUpSequence {
    this.requireBot(botId);
    this.changeSteps(botId, (now) => this.steps.move(botId, stepId, direction, now));
    return this.get(botId);
  }

  setEnabled(botId: number, enabled: boolean): FollowUpSequence {
    this.requireBot(botId);
    this.changeSteps(botId, (now) => this.steps.setEnabled(botId, enabled, now));
    return this.get(botId);
  }

  /** Enrolls the bot's earlier leads welcomed since `since` (the operator's choice); their delays count from now. */
  enrollSince(botId: number, since: number): number {
    this.requireBot(botId);
    if (this.steps.sequence(botId) === null) throw new BotdeckError('FOLLOW_UP_SEQUENCE_EMPTY', text('followUp.sequenceEmptyEnroll', {}));
    return this.enrollments.enrollSince(botId, since, this.deps.now());
  }

  /** A change of the steps, and every lead still in the sequence looked at again, in one transaction. */
  private changeSteps(botId: number, change: (now: number) => void): void {
    const now = this.deps.now();
    this.deps.db
      .transaction(() => {
        change(now);
        this.enrollments.wake(botId, now);
      })
      .immediate();
  }

  private rules(): FollowUpRules {
    const settings = readSettings(this.deps.db);
    return {
      quiet: { timeZone: settings.timeZone, start: settings.quietHoursStart, end: settings.quietHoursEnd },
      missedWindowMs: settings.followUpMissedWindowHours * HOUR_MS,
      locale: alertLocale(settings.language),
    };
  }

  private requireBot(botId: number): void {
    if (this.bot.get(botId) === undefined) throw new BotdeckError('BOT_NOT_FOUND', text('bot.notFoundReload', { id: botId }));
  }
}
