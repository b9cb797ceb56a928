import type { Api } from 'grammy';
import { grammySignal } from './grammy-signal';
import type { BotHealth } from './health';
import { classifyTelegramError } from './telegram-errors';
import { WakeSignal } from './wake-signal';
import { errorText } from '../redact';

export interface ProbeOptions {
  /** How often a healthy bot asks getMe. */
  readonly intervalMs: number;
  /** How long one getMe may take before it counts as failed. */
  readonly timeoutMs: number;
}

export const defaultProbeOptions: ProbeOptions = { intervalMs: 60_000, timeoutMs: 10_000 };

export interface ProbeDeps {
  readonly api: Api;
  readonly health: BotHealth;
  readonly options: () => ProbeOptions;
  /** How often a suspect bot is asked (the spacing of recovery samples). */
  readonly suspectIntervalMs: () => number;
  readonly now: () => number;
  /** Telegram answered 401: the token was revoked. */
  readonly onUnauthorized: (description: string) => void;
  /** A probe succeeded after failures: the poll loop may stop waiting out its backoff. */
  readonly onBackAfterFailure: () => void;
}

/**
 * Asks Telegram getMe on a timer. A long poll can hang quietly, and a bot that waits out
 * a backoff sends nothing, so the probe gives health its samples on both sides of an
 * outage: failures to declare the bot down, good answers to declare it up again.
 */
export class BotProbe {
  private readonly signal = new WakeSignal();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: ProbeDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** A poll just failed: probe now rather than at the end of a long healthy-interval sleep. */
  nudge(): void {
    this.signal.wake();
  }

  async stop(): Promise<void> {
    this.signal.cancel();
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { api, health, now } = this.deps;
    while (!this.signal.isCancelled()) {
      await this.signal.sleep(health.suspect() ? this.deps.suspectIntervalMs() : this.deps.options().intervalMs);
      if (this.signal.isCancelled()) break;
      const wasSuspect = health.suspect();
      try {
        await api.getMe(grammySignal(AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.deps.options().timeoutMs)])));
        health.probeOk(now());
        if (wasSuspect) this.deps.onBackAfterFailure();
      } catch (error) {
        if (this.signal.isCancelled()) break;
        const failure = classifyTelegramError(error) ?? { kind: 'network' as const, description: errorText(error) };
        health.probeFailed(failure, now());
        if (failure.kind === 'unauthorized') {
          this.deps.onUnauthorized(failure.description);
          break;
        }
      }
    }
  }
}
