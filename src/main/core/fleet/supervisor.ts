import type { Database } from 'better-sqlite3';
import type { BotStatus } from '../../../shared/bot-status';
import type { BotRecord, BotRecords } from '../bots/bot-records';
import { BotRunner } from '../bots/bot-runner';
import type { ContentResolver } from '../bots/content-resolver';
import { BotHealth } from '../bots/health';
import type { WriteBatcher } from '../db/write-batcher';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import type { DeliveriesRepository } from '../leads/deliveries-repository';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import type { SecretStore } from '../secrets/secret-store';
import type { ClockListener } from './engine-clock';
import type { FleetOptions } from './fleet-options';
import type { WelcomeService } from './welcome-service';
import type { PaymentRail } from '../../../shared/products';
import type { CheckoutOpener } from '../payments/checkout-opener';
import type { StarsReconciliation } from '../payments/stars-reconciliation';
import type { PixPaidHandler } from '../payments/pix-paid-press';

export interface SupervisorDeps {
  readonly db: Database;
  readonly writer: WriteBatcher;
  readonly records: BotRecords;
  readonly deliveries: DeliveriesRepository;
  readonly welcomes: WelcomeService;
  readonly content: ContentResolver;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** Read at every launch and evaluation: settings apply without a restart where they can. */
  readonly options: () => Omit<FleetOptions, 'apiRoot'>;
  readonly apiRoot: () => string;
  /** What each payment rail does once a press opened a checkout. */
  readonly checkouts: Readonly<Record<PaymentRail, CheckoutOpener>>;
  /** Checks each bot's Star transactions against the store when it starts. */
  readonly stars: StarsReconciliation;
  readonly pixPaid: PixPaidHandler;
}

interface Slot {
  record: BotRecord;
  readonly health: BotHealth;
  runner: BotRunner | null;
}

const HOUR_MS = 3_600_000;

/**
 * Each bot's slot: its health, and its runner while it runs. Starts, stops and restarts
 * bots; each has its own runner, sender, timers and health, so one bot's failure never
 * slows another. Health is evaluated on the clock's tick and after each start or stop;
 * reading a status returns the last evaluation and changes nothing.
 */
export class Supervisor implements ClockListener {
  private readonly slots = new Map<number, Slot>();

  constructor(private readonly deps: SupervisorDeps) {}

  /**
   * Brings the bots back after a stop or a crash: decides what to do with sends left
   * half-done, then starts the bots that were running.
   */
  resume(): void {
    this.deps.deliveries.requeueAfterCrash(this.deps.now());
    for (const record of this.deps.records.active()) {
      const slot = this.slotFor(record);
      if (record.desiredState === 'running') this.launch(slot);
    }
  }

  /** Takes a bot's current record into its slot, making the slot if the bot is new. */
  adopt(record: BotRecord): void {
    this.slotFor(record);
  }

  private slotFor(record: BotRecord): Slot {
    const existing = this.slots.get(record.id);
    if (existing !== undefined) {
      existing.record = record;
      existing.health.rename(record.username);
      return existing;
    }
    const { events, now, options } = this.deps;
    const slot: Slot = {
      record,
      health: new BotHealth(
        record.id,
        record.username,
        () => options().health,
        now(),
        (status) => events.emit('bot.status', status),
      ),
      runner: null,
    };
    this.slots.set(record.id, slot);
    return slot;
  }

  /** The slot with the bot's record read again (it may have changed since the slot was made). */
  private fresh(botId: number): Slot {
    return this.slotFor(this.deps.records.require(botId));
  }

  /** The bot's sender looks at its queue now, if the bot runs. */
  wakeSender(botId: number): void {
    this.slots.get(botId)?.runner?.wakeSender();
  }

  isRunning(botId: number): boolean {
    return this.slots.get(botId)?.runner != null;
  }

  start(botId: number): void {
    this.deps.records.require(botId);
    this.deps.records.setDesiredState(botId, 'running', this.deps.now());
    this.launch(this.fresh(botId));
  }

  async stop(botId: number): Promise<void> {
    this.deps.records.require(botId);
    this.deps.records.setDesiredState(botId, 'stopped', this.deps.now());
    await this.halt(this.fresh(botId));
  }

  async restart(botId: number): Promise<void> {
    await this.halt(this.fresh(botId));
    this.deps.records.setDesiredState(botId, 'running', this.deps.now());
    this.launch(this.fresh(botId));
  }

  /** Stops the bot's runner without changing what the operator asked for (its token is being replaced, say). */
  async stopRunner(botId: number): Promise<void> {
    await this.halt(this.fresh(botId));
  }

  /** Starts the bot's runner again after stopRunner(), from its current record. */
  startRunner(botId: number): void {
    this.launch(this.fresh(botId));
  }

  /** The bot was removed: its runner stops and its slot goes. */
  async drop(botId: number): Promise<void> {
    const slot = this.slots.get(botId);
    if (slot === undefined) return;
    await this.halt(slot);
    this.slots.delete(botId);
  }

  /** Restarts the running bots, on a new Bot API server for instance. */
  async restartRunning(): Promise<void> {
    const running = [...this.slots.values()].filter((slot) => slot.runner !== null);
    for (const slot of running) await this.halt(slot);
    for (const slot of running) this.launch(slot);
  }

  tick(now: number): void {
    for (const slot of this.slots.values()) this.evaluate(slot, now);
  }

  /**
   * The process was frozen (sleep, hibernation) and runs again: the bots get a fresh grace
   * period and check Telegram at once instead of being declared down for time they could not run.
   */
  resumedAfterPause(_from: number, to: number): void {
    for (const slot of this.slots.values()) {
      slot.health.resumedAfterPause(to);
      slot.runner?.checkNow();
    }
  }

  status(botId: number): BotStatus {
    const status = this.statusOf(botId);
    if (status === null) throw new BotdeckError('BOT_NOT_FOUND', text('bot.notFound', { id: botId }));
    return status;
  }

  /** The last evaluated status, or null for a bot the supervisor does not hold. */
  statusOf(botId: number): BotStatus | null {
    return this.slots.get(botId)?.health.status() ?? null;
  }

  /** Stops every bot, keeping their desired states so the next start resumes the same ones. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.slots.values()].map(async (slot) => {
        const runner = slot.runner;
        slot.runner = null;
        if (runner !== null) await runner.stop();
      }),
    );
  }

  private evaluate(slot: Slot, now: number): void {
    try {
      slot.health.evaluate(now, this.deps.deliveries.queueFigures(slot.record.id));
    } catch (error) {
      this.deps.logger.error({ error: errorText(error), botId: slot.record.id }, 'evaluating bot health failed');
    }
  }

  private launch(slot: Slot): void {
    if (slot.runner !== null) return;
    const { record } = slot;
    const { deliveries, welcomes, secrets, logger, now } = this.deps;
    const options = this.deps.options();
    const at = now();
    // Welcomes older than the bot's recovery window wait for the operator instead of going out unasked.
    deliveries.holdStale(record.id, at - welcomes.current(record).maxRecoveryAgeHours * HOUR_MS, at);
    let token: string;
    try {
      token = secrets.unseal(record.tokenSealed);
    } catch (error) {
      // This bot cannot run; the others must not be held back by it.
      slot.health.cannotStart(at, errorText(error));
      logger.error({ botId: record.id, error: errorText(error) }, 'the bot token cannot be opened');
      this.evaluate(slot, at);
      return;
    }
    const runner = new BotRunner(
      {
        botId: record.id,
        telegramBotId: record.telegramId,
        username: record.username,
        name: record.name,
        token,
        apiRoot: this.deps.apiRoot(),
        sendRate: options.rateOverride ?? record.sendRate,
      },
      {
        db: this.deps.db,
        writer: this.deps.writer,
        events: this.deps.events,
        logger,
        health: slot.health,
        poll: options.poll,
        probe: () => this.deps.options().probe,
        send: options.send,
        now,
        repeatRules: () => welcomes.repeatRules(record.id),
        content: this.deps.content,
        checkouts: this.deps.checkouts,
        stars: this.deps.stars,
        pixPaid: this.deps.pixPaid,
        onHalt: () => {
          if (slot.runner === runner) slot.runner = null;
          void runner.stop();
          this.evaluate(slot, now());
        },
      },
    );
    slot.runner = runner;
    runner.start();
    this.evaluate(slot, at);
  }

  private async halt(slot: Slot): Promise<void> {
    const runner = slot.runner;
    slot.runner = null;
    slot.health.stopped('stopped_by_operator');
    if (runner !== null) await runner.stop();
    this.evaluate(slot, this.deps.now());
  }
}
