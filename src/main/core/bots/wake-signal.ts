/** A sleep that ends early when `wake()` or `cancel()` is called: how the loops wait without polling. */
export class WakeSignal {
  private waiters = new Set<() => void>();
  private cancelled = false;

  isCancelled(): boolean {
    return this.cancelled;
  }

  sleep(ms: number): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }

  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake();
  }
}
