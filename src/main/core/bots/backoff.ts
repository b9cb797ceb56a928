export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

export const defaultSendBackoff: BackoffPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 6 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so bots
 * that failed together do not retry together, and no retry comes sooner than half its step.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
