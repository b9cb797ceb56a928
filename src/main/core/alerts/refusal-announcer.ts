import type { RefusalAlert } from '../../../shared/store-status';
import type { Store } from '../db/store';
import { blockingDifferences } from '../db/schema';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import type { SecretStore } from '../secrets/secret-store';
import { telegramWindow } from '../telegram-window';
import type { Notifier } from './notifier';
import { sendRefusalAlert } from './refusal-alert';

export interface RefusalAnnouncerDeps {
  readonly secrets: () => SecretStore;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly attemptTimeoutMs: number;
}

/**
 * Tells the alert channels, once per run, that the bots were refused (a second refusal,
 * after a failed restore, would only repeat it), and keeps what happened for the problem
 * screen. The alert reads the store, so `stop` cuts it short before the store closes.
 */
export class RefusalAnnouncer {
  private outcome: RefusalAlert | null = null;
  private sending: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly deps: RefusalAnnouncerDeps) {}

  announce(store: Store): void {
    if (this.outcome !== null) return;
    this.outcome = { state: 'sending', sent: 0, failed: 0, detail: null };
    this.sending = sendRefusalAlert({
      db: store.db,
      secrets: this.deps.secrets(),
      notifier: this.deps.notifier,
      logger: this.deps.logger,
      env: this.deps.env,
      differences: blockingDifferences(store.status().differences),
      keptUntil: telegramWindow(store.db)?.keptUntil ?? null,
      attemptTimeoutMs: this.deps.attemptTimeoutMs,
      now: Date.now(),
      signal: this.abort.signal,
    }).then(
      (outcome) => {
        this.outcome = outcome;
        this.deps.logger.warn({ outcome }, 'the bots were refused: the database does not match');
      },
      (error: unknown) => {
        this.outcome = { state: 'unavailable', sent: 0, failed: 0, detail: errorText(error) };
      },
    );
  }

  /** What the alert came to; null when no refusal was announced. */
  state(): RefusalAlert | null {
    return this.outcome;
  }

  /** Whoever repairs, restores or quits is at the console: cut short rather than waited for. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.sending;
  }
}
