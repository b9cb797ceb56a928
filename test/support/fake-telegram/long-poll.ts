import type { Update } from '@grammyjs/types';

/** How a held getUpdates ends. */
export type PollEnd =
  | { kind: 'updates'; updates: Update[] }
  /** A newer getUpdates for the same bot took over. */
  | { kind: 'conflict' }
  /** The client hung up first. */
  | { kind: 'aborted' }
  /** The fake is closing or going dark: cut the socket. */
  | { kind: 'cut' };

interface Waiter {
  take: () => Update[];
  finish: (end: PollEnd) => void;
}

/** At most one held getUpdates per bot, as on Telegram. */
export class LongPolls {
  private readonly waiting = new Map<string, Waiter>();

  /**
   * Holds until `take` yields updates (checked on every `wake`) or the timeout passes.
   * A poll already held for the token is answered with a conflict.
   */
  hold(token: string, timeoutMs: number, take: () => Update[], signal: AbortSignal): Promise<PollEnd> {
    this.supersede(token);
    return new Promise<PollEnd>((resolve) => {
      let done = false;
      const waiter: Waiter = {
        take,
        finish: (end) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (this.waiting.get(token) === waiter) this.waiting.delete(token);
          resolve(end);
        },
      };
      const onAbort = (): void => {
        waiter.finish({ kind: 'aborted' });
      };
      const timer = setTimeout(() => {
        waiter.finish({ kind: 'updates', updates: take() });
      }, timeoutMs);
      signal.addEventListener('abort', onAbort);
      this.waiting.set(token, waiter);
      if (signal.aborted) onAbort();
    });
  }

  /** A newer getUpdates arrived: the held one, if any, gets 409 as on Telegram. */
  supersede(token: string): void {
    this.waiting.get(token)?.finish({ kind: 'conflict' });
  }

  /** Answers the held poll for this token if there is now something to give it. */
  wake(token: string): void {
    const waiter = this.waiting.get(token);
    if (waiter === undefined) return;
    const updates = waiter.take();
    if (updates.length > 0) waiter.finish({ kind: 'updates', updates });
  }

  has(token: string): boolean {
    return this.waiting.has(token);
  }

  /** Cuts the held poll of one bot, if any. */
  cut(token: string): void {
    this.waiting.get(token)?.finish({ kind: 'cut' });
  }

  cutAll(): void {
    for (const waiter of [...this.waiting.values()]) waiter.finish({ kind: 'cut' });
  }
}
