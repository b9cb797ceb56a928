import type { Database } from 'better-sqlite3';
import { UPDATE_KEEP_MS, UpdateRecords } from '../bots/update-records';
import type { WriteBatcher } from '../db/write-batcher';
import type { Logger } from '../logger';
import { errorText } from '../redact';

/** Updates deleted per write: a short write lock, with the bots' own writes in between. */
const PRUNE_BATCH = 500;

export interface UpdatePrunerDeps {
  readonly db: Database;
  readonly writer: WriteBatcher;
  readonly logger: Logger;
  readonly now: () => number;
  readonly everyMs: number;
}

/** Forgets updates Telegram can no longer deliver again, in small batches through the write batcher. */
export class UpdatePruner {
  private readonly updates: UpdateRecords;
  private timer: NodeJS.Timeout | null = null;
  private pruning = false;
  private stopped = false;

  constructor(private readonly deps: UpdatePrunerDeps) {
    this.updates = new UpdateRecords(deps.db);
  }

  start(): void {
    void this.prune();
    this.timer ??= setInterval(() => void this.prune(), this.deps.everyMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async prune(): Promise<void> {
    if (this.pruning) return;
    this.pruning = true;
    const cutoff = this.deps.now() - UPDATE_KEEP_MS;
    try {
      let removed = PRUNE_BATCH;
      while (!this.stopped && removed === PRUNE_BATCH) removed = await this.deps.writer.run(() => this.updates.pruneBefore(cutoff, PRUNE_BATCH), 'relaxed');
    } catch (error) {
      this.deps.logger.warn({ error: errorText(error) }, 'deleting old updates failed; they are kept until the next try');
    } finally {
      this.pruning = false;
    }
  }
}
