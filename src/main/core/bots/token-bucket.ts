/**
 * How much the interval is stretched, so jitter between our clock and Telegram's never pushes a
 * one-second window over the limit (see the call pacer): the rate given up for that room.
 */
export const RATE_SAFETY = 1.04;

/**
 * A token bucket in its "theoretical arrival time" form: one token every 1/rate seconds,
 * at most `capacity` saved up. Capacity 1 (the default) spaces messages evenly, which is
 * what keeps a bot under Telegram's per-second limit in every sliding window, not just
 * on average.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  private readonly capacity: number;
  private arrival = Number.NEGATIVE_INFINITY;

  /** `safety` stretches the interval a little so clock jitter never pushes a window over the limit. */
  constructor(ratePerSecond: number, capacity = 1, safety = RATE_SAFETY) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.intervalMs = (1000 / ratePerSecond) * safety;
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  /** Milliseconds until a token is available at `now` (0: take it now). */
  delay(now: number): number {
    const earliest = this.arrival - (this.capacity - 1) * this.intervalMs;
    return Math.max(0, earliest - now);
  }

  /** Takes a token; call only when delay(now) is 0. */
  take(now: number): void {
    this.arrival = Math.max(this.arrival, now) + this.intervalMs;
  }
}
