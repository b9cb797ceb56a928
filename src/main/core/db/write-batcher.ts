import Database from 'better-sqlite3';
import { open } from 'node:fs/promises';

/**
 * 'full': on disk before the promise resolves, even across a power loss (a captured
 * update whose offset is about to be confirmed). 'relaxed': survives an app crash but may
 * be lost with the last moments before a power loss, for writes whose loss only causes a
 * resend (a welcome's claim or outcome).
 */
export type Durability = 'full' | 'relaxed';

/** Flushes a file to the disk, off the main thread. */
export type FileSync = (path: string) => Promise<void>;

/** Node's fsync runs on libuv's thread pool: the engine keeps working while the disk catches up. */
export const syncFile: FileSync = async (path) => {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** How one job is committed, beyond its durability. */
export interface RunOptions<T> {
  /**
   * Someone waits on this commit to act (a call to Telegram, the next getUpdates): its batch
   * commits at the next turn of the event loop instead of after MIN_COMMIT_INTERVAL_MS,
   * together with whatever was queued meanwhile.
   */
  readonly prompt?: boolean;
  /**
   * Called as soon as the job's batch commits, before a 'full' job's flush to the disk: for
   * work that may start on what is committed (readable, and kept if the app crashes) while
   * what must wait for the disk waits for the promise. An error it throws rejects the job.
   */
  readonly onCommit?: (result: T) => void;
}

interface Job {
  readonly work: () => unknown;
  readonly durability: Durability;
  readonly onCommit: ((result: unknown) => void) | undefined;
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
 * recording sends and updates pay for one commit instead of one each. Jobs must only
 * write to the database (they may run twice): if one throws, the batch is rolled back and
 * every job runs again in a transaction of its own, so one bad job never costs the others.
 * When another program holds the database locked, the whole batch fails at once after a
 * short wait (LOCKED_WAIT_MS), not one busy timeout per job.
 *
 * In WAL mode a batch commits without waiting for the disk (synchronous = NORMAL), and the
 * WAL file is then flushed off the main thread: a 'full' job's promise resolves only after
 * a flush that began after its commit, so "recorded" still means "on disk" (what FULL
 * would give), while the engine is not frozen for the flush. A flush that fails rejects
 * the 'full' jobs it was for: their owners treat them as not recorded.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  /** The flush scheduled: at the next turn of the event loop, or after the interval. */
  private timer: { readonly kind: 'immediate'; readonly handle: NodeJS.Immediate } | { readonly kind: 'timeout'; readonly handle: NodeJS.Timeout } | null = null;
  private lastCommit = 0;
  /** The WAL file to flush; null when the store is not in WAL mode (each durable commit then syncs itself). */
  private readonly wal: string | null;
  /** Committed 'full' jobs waiting for the next flush to begin. */
  private awaitingSync: Job[] = [];
  private syncing = false;

  constructor(
    private readonly db: Database.Database,
    private readonly sync: FileSync = syncFile,
  ) {
    this.wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal' ? `${db.name}-wal` : null;
  }

  run<T>(work: () => T, durability: Durability = 'full', options: RunOptions<T> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onCommit = options.onCommit as ((result: unknown) => void) | undefined;
      this.queue.push({ work, durability, onCommit, resolve: resolve as (value: unknown) => void, reject });
      this.schedule(options.prompt === true);
    });
  }

  private schedule(prompt: boolean): void {
    if (this.timer?.kind === 'immediate') return;
    const wait = prompt ? 0 : this.lastCommit + MIN_COMMIT_INTERVAL_MS - performance.now();
    if (this.timer !== null) {
      // A prompt job does not wait for the interval a batched job is waiting out.
      if (wait > 0) return;
      clearTimeout(this.timer.handle);
    }
    const flush = (): void => {
      this.timer = null;
      this.flush();
    };
    this.timer = wait > 0 ? { kind: 'timeout', handle: setTimeout(flush, wait) } : { kind: 'immediate', handle: setImmediate(flush) };
  }

  private flush(): void {
    const jobs = this.queue;
    this.queue = [];
    this.lastCommit = performance.now();
    // Without a WAL to flush afterwards, a batch with a durable job syncs as it commits.
    const relaxed = this.wal !== null || jobs.every((job) => job.durability === 'relaxed');
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true });
    let results: unknown[];
    try {
      this.db.pragma(`busy_timeout = ${LOCKED_WAIT_MS}`);
      // In WAL mode NORMAL skips the fsync of this commit only. The store's FULL level is
      // restored at once for other writers.
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
      this.committed(job, results[index]);
    });
  }

  private runAlone(job: Job): void {
    let result: unknown;
    try {
      result = this.db.transaction(job.work).immediate();
    } catch (error) {
      job.reject(error);
      return;
    }
    this.committed(job, result);
  }

  /** A committed job: done at once, or once the disk holds it. */
  private committed(job: Job, result: unknown): void {
    try {
      job.onCommit?.(result);
    } catch (error) {
      job.reject(error);
      return;
    }
    if (job.durability === 'relaxed' || this.wal === null) {
      job.resolve(result);
      return;
    }
    this.awaitingSync.push({ ...job, resolve: () => job.resolve(result) });
    this.flushWal();
  }

  /** One flush at a time; jobs committed while one runs wait for the next, which begins after their commit. */
  private flushWal(): void {
    const wal = this.wal;
    if (this.syncing || wal === null || this.awaitingSync.length === 0) return;
    const jobs = this.awaitingSync;
    this.awaitingSync = [];
    this.syncing = true;
    this.sync(wal)
      .then(
        () => {
          for (const job of jobs) job.resolve(undefined);
        },
        (error: unknown) => {
          for (const job of jobs) job.reject(error);
        },
      )
      .finally(() => {
        this.syncing = false;
        this.flushWal();
      });
  }
}
