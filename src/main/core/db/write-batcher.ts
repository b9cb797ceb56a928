import Database from 'better-sqlite3';

/**
 * 'full': on disk before the promise resolves, even across a power loss (a captured
 * update whose offset is about to be confirmed). 'relaxed': survives an app crash but may
 * be lost with the last moments before a power loss, for writes whose loss only causes a
 * resend (a welcome's claim or outcome). A batch is synced fully if any of its jobs asks.
 */
export type Durability = 'full' | 'relaxed';

interface Job {
  readonly work: () => unknown;
  readonly durability: Durability;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Under load, at most one commit this often; an idle store commits at once. */
const MIN_COMMIT_INTERVAL_MS = 4;

/**
 * How long a commit waits for a write lock held by another program, instead of the store's
 * busy timeout: the wait blocks the whole engine, and every job's owner retries later
 * anyway (a capture keeps its offset, so Telegram keeps the updates).
 */
const LOCKED_WAIT_MS = 100;

function isLocked(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code.startsWith('SQLITE_BUSY') || error.code.startsWith('SQLITE_LOCKED'));
}

/**
 * Groups the writes that arrive together into ONE transaction, so that twenty bots
 * recording sends and updates pay for one fsync instead of one each. A job's promise
 * resolves only after the commit, so "recorded" still means "on disk". Jobs must only
 * write to the database (they may run twice): if one throws, the batch is rolled back and
 * every job runs again in a transaction of its own, so one bad job never costs the others.
 * When another program holds the database locked, the whole batch fails at once after a
 * short wait (LOCKED_WAIT_MS), not one busy timeout per job.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private lastCommit = 0;

  constructor(private readonly db: Database.Database) {}

  run<T>(work: () => T, durability: Durability = 'full'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durability, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = this.lastCommit + MIN_COMMIT_INTERVAL_MS - performance.now();
    const flush = (): void => {
      this.timer = null;
      this.flush();
    };
    this.timer = wait > 0 ? setTimeout(flush, wait) : setImmediate(flush);
  }

  private flush(): void {
    const jobs = this.queue;
    this.queue = [];
    this.lastCommit = performance.now();
    const relaxed = jobs.every((job) => job.durability === 'relaxed');
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true });
    let results: unknown[];
    try {
      this.db.pragma(`busy_timeout = ${LOCKED_WAIT_MS}`);
      // In WAL mode NORMAL skips the fsync of this commit only; the next FULL commit syncs
      // everything before it. The store's FULL level is restored at once for other writers.
      if (relaxed) this.db.pragma('synchronous = NORMAL');
      try {
        results = this.db.transaction(() => jobs.map((job) => job.work())).immediate();
      } catch (error) {
        // Locked by another program: running each job alone would only wait again, once per job.
        if (isLocked(error)) for (const job of jobs) job.reject(error);
        else for (const job of jobs) this.runAlone(job);
        return;
      }
    } finally {
      if (relaxed) this.db.pragma('synchronous = FULL');
      this.db.pragma(`busy_timeout = ${String(busyTimeout)}`);
    }
    jobs.forEach((job, index) => {
      job.resolve(results[index]);
    });
  }

  private runAlone(job: Job): void {
    try {
      job.resolve(this.db.transaction(job.work).immediate());
    } catch (error) {
      job.reject(error);
    }
  }
}
