import type { BotReason, BotState, BotStatus } from '../../../shared/bot-status';
import type { TelegramFailure } from './telegram-errors';

export interface HealthOptions {
  /** A bot with no successful getUpdates for this long is down. */
  readonly graceMs: number;
  /** This many failed sends in a row make a bot degraded. */
  readonly sendFailureThreshold: number;
  /** A welcome waiting longer than this makes a bot degraded. */
  readonly welcomeBacklogMs: number;
}

export const defaultHealthOptions: HealthOptions = { graceMs: 30_000, sendFailureThreshold: 3, welcomeBacklogMs: 60_000 };

export interface QueueFigures {
  readonly pendingWelcomes: number;
  readonly heldWelcomes: number;
  readonly oldestPendingWelcomeAt: number | null;
}

type Fatal = { readonly reason: 'token_revoked' | 'token_unreadable' | 'conflict' | 'database'; readonly detail: string };

/**
 * The health of one bot, from the engine's own signals: grammY retries network errors
 * silently, so "running" is earned by successful getUpdates calls, not assumed.
 */
export class BotHealth {
  private active = false;
  private stoppedReason: BotReason = 'stopped_by_operator';
  private stoppedDetail: string | null = null;
  private startedAt = 0;
  private lastPollOkAt: number | null = null;
  private lastPollFailure: { at: number; failure: TelegramFailure } | null = null;
  private fatal: Fatal | null = null;
  private floodUntil = 0;
  private consecutiveSendFailures = 0;
  private readonly counters = { updates: 0, sent: 0, sendFailures: 0, pollFailures: 0, flood429: 0 };
  private current: { state: BotState; reason: BotReason; detail: string | null; since: number };

  constructor(
    readonly botId: number,
    private username: string,
    private readonly options: HealthOptions,
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
    this.lastPollFailure = null;
    this.lastPollOkAt = null;
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

  pollOk(now: number, updates: number): void {
    this.lastPollOkAt = now;
    this.counters.updates += updates;
    if (this.fatal?.reason === 'conflict' || this.fatal?.reason === 'database') this.fatal = null;
  }

  pollFailed(failure: TelegramFailure, now: number): void {
    this.counters.pollFailures += 1;
    this.lastPollFailure = { at: now, failure };
    if (failure.kind === 'unauthorized') this.fatal = { reason: 'token_revoked', detail: failure.description };
    if (failure.kind === 'conflict') this.fatal = { reason: 'conflict', detail: failure.description };
  }

  databaseFailed(detail: string): void {
    this.fatal = { reason: 'database', detail };
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

  private assess(now: number, queue: QueueFigures): { state: BotState; reason: BotReason; detail: string | null } {
    if (!this.active) return { state: 'stopped', reason: this.stoppedReason, detail: this.stoppedDetail };
    if (this.fatal !== null) return { state: 'down', reason: this.fatal.reason, detail: this.fatal.detail };
    const failure = this.lastPollFailure;
    const failureReason: BotReason = failure?.failure.kind === 'network' ? 'network' : 'telegram_error';
    const lastOk = this.lastPollOkAt ?? this.startedAt;
    if (now - lastOk > this.options.graceMs) {
      return { state: 'down', reason: failure === null ? 'network' : failureReason, detail: failure?.failure.description ?? 'No answer from Telegram.' };
    }
    if (this.lastPollOkAt === null) return { state: 'running', reason: 'starting', detail: null };
    if (this.floodUntil > now) return { state: 'degraded', reason: 'flood_wait', detail: `Telegram asked to wait until ${new Date(this.floodUntil).toISOString()}.` };
    if (this.consecutiveSendFailures >= this.options.sendFailureThreshold) {
      return { state: 'degraded', reason: 'send_failures', detail: `${this.consecutiveSendFailures} sends failed in a row.` };
    }
    if (queue.oldestPendingWelcomeAt !== null && now - queue.oldestPendingWelcomeAt > this.options.welcomeBacklogMs) {
      return { state: 'degraded', reason: 'welcome_backlog', detail: `A welcome has waited ${Math.round((now - queue.oldestPendingWelcomeAt) / 1000)} s.` };
    }
    if (failure !== null && failure.at > lastOk) return { state: 'degraded', reason: failureReason, detail: failure.failure.description };
    return { state: 'running', reason: 'ok', detail: null };
  }

  /** Recomputes the state; announces it when the state or its reason changed. */
  evaluate(now: number, queue: QueueFigures): BotStatus {
    const next = this.assess(now, queue);
    if (next.state !== this.current.state || next.reason !== this.current.reason) {
      this.current = { ...next, since: now };
      const status = this.snapshot(queue);
      this.onChange(status);
      return status;
    }
    this.current = { ...this.current, detail: next.detail };
    return this.snapshot(queue);
  }

  snapshot(queue: QueueFigures): BotStatus {
    return {
      botId: this.botId,
      username: this.username,
      state: this.current.state,
      reason: this.current.reason,
      detail: this.current.detail,
      since: this.current.since,
      lastPollOkAt: this.lastPollOkAt,
      counters: { ...this.counters, consecutiveSendFailures: this.consecutiveSendFailures },
      ...queue,
    };
  }
}
