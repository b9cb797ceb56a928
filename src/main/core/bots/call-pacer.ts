import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { RATE_SAFETY } from './token-bucket';

/**
 * Spaces a bot's calls to Telegram by when they actually start, one after another. Booking
 * slots ahead is not enough: timers that a busy moment delays all fire together after it,
 * and their calls would reach Telegram together. So each call, after its wait, checks the
 * real time of the call before it, and waits again if that was too recent. Wall-clock time:
 * this is about Telegram's clock, not the engine's injectable one.
 */
export class CallPacer {
  private readonly intervalMs: number;
  private last = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(ratePerSecond: number) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.intervalMs = (1000 / ratePerSecond) * RATE_SAFETY;
  }

  /** Resolves when this call may start; calls start in the order they asked. */
  turn(): Promise<void> {
    const mine = this.queue.then(async () => {
      for (let wait = this.waitNow(); wait > 0; wait = this.waitNow()) await sleep(wait);
      this.last = performance.now();
    });
    this.queue = mine;
    return mine;
  }

  private waitNow(): number {
    return this.last + this.intervalMs - performance.now();
  }
}
