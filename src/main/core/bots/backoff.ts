/** How the wait grows from one try to the next. */
export interface BackoffSteps {
  readonly baseMs: number;
  readonly maxMs: number;
}

export interface BackoffPolicy extends BackoffSteps {
  readonly maxAttempts: number;
}

/** A send is tried until it goes through or Telegram refuses it for good: transport failures are never final. */
export const defaultSendBackoff: BackoffSteps = { baseMs: 1000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so bots
 * that failed together do not retry together, and no retry comes sooner than half its step.
 */
export function backoffDelay(attempt: number, policy: BackoffSteps, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
