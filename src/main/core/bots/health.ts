import type { BotReason, BotState, BotStatus } from '../../../shared/bot-status';
import type { TelegramFailure } from './telegram-errors';

export interface HealthOptions {
  /** A bot with no successful getUpdates for this long is down. */
  readonly graceMs: number;
  /** ...and so is one whose polls and probes failed this many times in a row. */
  readonly downAfterFailures: number;
  /** A down bot is up again only after this many good answers in a row... */
  readonly recoverAfterSamples: number;
  /**
   * ...counting at most one per this interval, so recovery takes a stable stretch of time
   * and a flapping bot stays down instead of alerting at every flap. Also how often a
   * suspect bot is probed.
   */
  readonly recoverSampleMs: number;
  /** This many failed sends in a row make a bot degraded... */
  readonly sendFailureThreshold: number;
  /** ...and this many, down: leads arrive but none gets a welcome (a broken welcome, say). */
  readonly sendFailuresDown: number;
  /** A welcome waiting longer than this makes a bot degraded. */
  readonly welcomeBacklogMs: number;
}

export const defaultHealthOptions: HealthOptions = {
  graceMs: 30_000,
  downAfterFailures: 5,
  recoverAfterSamples: 3,
  recoverSampleMs: 5000,
  sendFailureThreshold: 3,
  sendFailuresDown: 10,
  welcomeBacklogMs: 60_000,
};

export interface QueueFigures {
  readonly pendingWelcomes: number;
  readonly heldWelcomes: number;
  readonly oldestPendingWelcomeAt: number | null;
}

type Fatal = { readonly reason: 'token_revoked' | 'token_unreadable' | 'conflict' | 'database'; readonly detail: string };
type Assessment = { state: BotState; reason: BotReason; detail: string | null };

/**
 * The health of one bot, from the engine's own signals: grammY retries network errors
 * silently, so "running" is earned by answers from Telegram, not assumed.
 *
 * Samples are the answers to getUpdates and to the periodic getMe probe. A bot is down
 * after the grace period without a successful poll, after too many failed samples in a
 * row, or at once for a fatal cause (token revoked, another program polling). Once down,
 * it is announced up only after enough good samples in a row, spread over time.
 */
export class BotHealth {
  private active = false;
  private stoppedReason: BotReason = 'stopped_by_operator';
  private stoppedDetail: string | null = null;
  private startedAt = 0;
  private lastPollOkAt: number | null = null;
  private lastFailure: { at: number; failure: TelegramFailure } | null = null;
  private fatal: Fatal | null = null;
  private floodUntil = 0;
  private consecutiveSendFailures = 0;
  private consecutiveFailures = 0;
  private goodSamples = 0;
  private lastCountedGoodAt = 0;
  private troubleSince: number | null = null;
  private resumedAt = 0;
  private readonly counters = { updates: 0, sent: 0, sendFailures: 0, pollFailures: 0, probeFailures: 0, flood429: 0 };
  private current: Assessment & { since: number };
  /** The queue figures of the last evaluation, shown with the status until the next one. */
  private queue: QueueFigures = { pendingWelcomes: 0, heldWelcomes: 0, oldestPendingWelcomeAt: null };

  constructor(
    readonly botId: number,
    private username: string,
    private readonly options: () => HealthOptions,
    now: number,
    private readonly onChange: (status: BotStatus) => void,
  ) {
    this.current = { state: 'stopped', reason: 'stopped_by_operator', detail: null, since: now };
  }

  rename(username: string): void {
    this.username = username;
  }

  started(now: number): void {
    this.active = true;
    this.startedAt = now;
    this.fatal = null;
    this.lastFailure = null;
    this.lastPollOkAt = null;
    this.consecutiveFailures = 0;
    this.goodSamples = 0;
    this.lastCountedGoodAt = 0;
  }

  /** The bot should run but cannot even start (its sealed token cannot be opened). */
  cannotStart(now: number, detail: string): void {
    this.active = true;
    this.startedAt = now;
    this.fatal = { reason: 'token_unreadable', detail };
  }

  stopped(reason: BotReason = 'stopped_by_operator', detail: string | null = null): void {
    this.active = false;
    this.stoppedReason = reason;
    this.stoppedDetail = detail;
  }

  /** The process was frozen until `now`: the grace period counts from here, not from before the pause. */
  resumedAfterPause(now: number): void {
    this.resumedAt = now;
  }

  /** Whether the bot should be probed often: it is down, or its last answers failed. */
  suspect(): boolean {
    return this.current.state === 'down' || this.consecutiveFailures > 0;
  }

  recoverSampleMs(): number {
    return this.options().recoverSampleMs;
  }

  /** The long-poll timeout to use: shorter than the grace period, or a quiet bot would look down. */
  pollTimeoutSeconds(longest: number): number {
    return Math.max(1, Math.min(longest, Math.floor(this.options().graceMs / 1000) - 5));
  }

  private good(now: number): void {
    this.consecutiveFailures = 0;
    if (this.goodSamples === 0 || now - this.lastCountedGoodAt >= this.options().recoverSampleMs) {
      this.goodSamples += 1;
      this.lastCountedGoodAt = now;
    }
  }

  private bad(failure: TelegramFailure, now: number): void {
    this.consecutiveFailures += 1;
    this.goodSamples = 0;
    this.lastFailure = { at: now, failure };
    if (failure.kind === 'unauthorized') this.fatal = { reason: 'token_revoked', detail: failure.description };
  }

  pollOk(now: number, updates: number): void {
    this.lastPollOkAt = now;
    this.counters.updates += updates;
    if (this.fatal?.reason === 'conflict' || this.fatal?.reason === 'database') this.fatal = null;
    this.good(now);
  }

  pollFailed(failure: TelegramFailure, now: number): void {
    this.counters.pollFailures += 1;
    this.bad(failure, now);
    if (failure.kind === 'conflict') this.fatal = { reason: 'conflict', detail: failure.description };
  }

  probeOk(now: number): void {
    this.good(now);
  }

  probeFailed(failure: TelegramFailure, now: number): void {
    this.counters.probeFailures += 1;
    this.bad(failure, now);
  }

  databaseFailed(detail: string): void {
    this.fatal = { reason: 'database', detail };
    this.goodSamples = 0;
  }

  sendOk(): void {
    this.counters.sent += 1;
    this.consecutiveSendFailures = 0;
  }

  /** The user blocked the bot: not the bot's fault, and proof that Telegram answers. */
  sendRefusedByUser(): void {
    this.consecutiveSendFailures = 0;
  }

  sendFailed(): void {
    this.counters.sendFailures += 1;
    this.consecutiveSendFailures += 1;
  }

  flood(until: number): void {
    this.counters.flood429 += 1;
    this.floodUntil = Math.max(this.floodUntil, until);
  }

  private assess(now: number, queue: QueueFigures): Assessment {
    if (!this.active) return { state: 'stopped', reason: this.stoppedReason, detail: this.stoppedDetail };
    if (this.fatal !== null) return { state: 'down', reason: this.fatal.reason, detail: this.fatal.detail };
    const options = this.options();
    const failure = this.lastFailure;
    const failureReason: BotReason = failure?.failure.kind === 'network' ? 'network' : 'telegram_error';
    const lastOk = Math.max(this.lastPollOkAt ?? this.startedAt, this.resumedAt);
    if (now - lastOk > options.graceMs) {
      return { state: 'down', reason: failure === null ? 'network' : failureReason, detail: failure?.failure.description ?? 'No answer from Telegram.' };
    }
    if (this.consecutiveFailures >= options.downAfterFailures && failure !== null) {
      return { state: 'down', reason: failureReason, detail: `${failure.failure.description} (${this.consecutiveFailures} failures in a row)` };
    }
    if (this.consecutiveSendFailures >= options.sendFailuresDown) {
      return { state: 'down', reason: 'send_failures', detail: `${this.consecutiveSendFailures} sends failed in a row: leads are recorded but get no message.` };
    }
    if (this.lastPollOkAt === null) return { state: 'running', reason: 'starting', detail: null };
    if (this.floodUntil > now) return { state: 'degraded', reason: 'flood_wait', detail: `Telegram asked to wait until ${new Date(this.floodUntil).toISOString()}.` };
    if (this.consecutiveSendFailures >= options.sendFailureThreshold) {
      return { state: 'degraded', reason: 'send_failures', detail: `${this.consecutiveSendFailures} sends failed in a row.` };
    }
    if (queue.oldestPendingWelcomeAt !== null && now - queue.oldestPendingWelcomeAt > options.welcomeBacklogMs) {
      return { state: 'degraded', reason: 'welcome_backlog', detail: `A welcome has waited ${Math.round((now - queue.oldestPendingWelcomeAt) / 1000)} s.` };
    }
    if (this.consecutiveFailures > 0 && failure !== null) return { state: 'degraded', reason: failureReason, detail: failure.failure.description };
    return { state: 'running', reason: 'ok', detail: null };
  }

  /** Down stays down (same reason) until enough good samples in a row; stopping ends it at once. */
  private withHysteresis(next: Assessment): Assessment {
    if (this.current.state !== 'down' || next.state === 'down' || next.state === 'stopped') return next;
    const needed = this.options().recoverAfterSamples;
    if (this.goodSamples >= needed) return next;
    return { state: 'down', reason: this.current.reason, detail: `Recovering: ${this.goodSamples} of ${needed} good answers from Telegram in a row.` };
  }

  /** Recomputes the state; announces it when the state or its reason changed. */
  evaluate(now: number, queue: QueueFigures): BotStatus {
    this.queue = queue;
    const next = this.withHysteresis(this.assess(now, queue));
    if (next.state !== this.current.state || next.reason !== this.current.reason) {
      if (next.state === 'down' && this.current.state !== 'down') this.troubleSince = Math.min(now, this.lastPollOkAt ?? this.startedAt);
      if (next.state !== 'down') this.troubleSince = null;
      this.current = { ...next, since: now };
      const status = this.status();
      this.onChange(status);
      return status;
    }
    this.current = { ...this.current, detail: next.detail };
    return this.status();
  }

  /** The state found by the last evaluation, with the counters as they are now: a read, with no effect. */
  status(): BotStatus {
    return {
      botId: this.botId,
      username: this.username,
      state: this.current.state,
      reason: this.current.reason,
      detail: this.current.detail,
      since: this.current.since,
      troubleSince: this.troubleSince,
      lastPollOkAt: this.lastPollOkAt,
      counters: { ...this.counters, consecutiveSendFailures: this.consecutiveSendFailures, consecutiveFailures: this.consecutiveFailures },
      ...this.queue,
    };
  }
}
