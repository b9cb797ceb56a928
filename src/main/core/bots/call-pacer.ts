import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { RATE_SAFETY } from './token-bucket';

/** The least gap between two calls, as a share of 1/rate: never faster than the rate, even for two calls. */
const GUARD_SAFETY = 1.01;

/**
 * Spaces a bot's calls to Telegram by when they actually start, one after another. Booking
 * slots ahead is not enough: timers that a busy moment delays all fire together after it,
 * and their calls would reach Telegram together. So each call, after its wait, checks the
 * real time of the call before it, and waits again if that was too recent.
 *
 * The calls follow a schedule, one every 1/rate × RATE_SAFETY: a call that starts a little
 * late (a timer fires a millisecond or so after its time) does not push back the ones after
 * it, so the rate is not lost to late timers; a call held longer moves the schedule, since the
 * next one may never follow any call by less than 1/rate × GUARD_SAFETY. Any 31 calls at 30/s
 * thus span at least one guard gap and 29 schedule steps: 1,039 ms, 39 ms of room for the
 * calls' arrival at Telegram to jitter. Wall-clock time: this is about Telegram's clock, not
 * the engine's injectable one.
 */
export class CallPacer {
  private readonly stepMs: number;
  private readonly guardMs: number;
  /** When the next call may start. */
  private next = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(ratePerSecond: number) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.stepMs = (1000 / ratePerSecond) * RATE_SAFETY;
    this.guardMs = (1000 / ratePerSecond) * GUARD_SAFETY;
  }

  /** Resolves when this call may start; calls start in the order they asked. */
  turn(): Promise<void> {
    const mine = this.queue.then(async () => {
      for (let wait = this.next - performance.now(); wait > 0; wait = this.next - performance.now()) await sleep(wait);
      const started = performance.now();
      this.next = Math.max(this.next + this.stepMs, started + this.guardMs);
    });
    this.queue = mine;
    return mine;
  }
}
