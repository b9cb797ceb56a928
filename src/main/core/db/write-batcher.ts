import type { Database } from 'better-sqlite3';

interface Job {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Groups the writes of one event-loop turn into ONE transaction, so that twenty bots
 * recording sends and updates pay for one fsync instead of one each. Every job still has
 * its own savepoint: a job that throws is undone alone and its caller gets the error,
 * and a job's promise resolves only after the commit, so "recorded" still means "on disk".
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;

  constructor(private readonly db: Database) {
    // Prepared once: a batch may hold thousands of jobs, each in its own savepoint.
    this.savepoint = db.prepare('SAVEPOINT batch_job');
    this.release = db.prepare('RELEASE batch_job');
    this.rollbackTo = db.prepare('ROLLBACK TO batch_job');
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    try {
      this.db.transaction(() => {
        for (const job of jobs) {
          this.savepoint.run();
          try {
            settled.push({ job, ok: true, value: job.work() });
            this.release.run();
          } catch (error) {
            this.rollbackTo.run();
            this.release.run();
            settled.push({ job, ok: false, value: error });
          }
        }
      }).immediate();
    } catch (error) {
      // The commit itself failed (disk full, read-only): nothing of this batch was kept.
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const { job, ok, value } of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
  }
}
