import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: a commit that finds this many pages in the WAL copies them into the database itself. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

/**
 * While the checkpointer runs, the engine's connection checkpoints only past this many
 * pages (64 MiB): a backstop should the thread fall behind, not the usual path.
 */
const BACKSTOP_PAGES = 16_384;

/** What one checkpoint did, as SQLite reports it: frames in the WAL, and how many of them are now in the database. */
export interface CheckpointResult {
  readonly log: number;
  readonly checkpointed: number;
}

export interface WalCheckpointerOptions {
  readonly file: string;
  /** The better-sqlite3 binary the engine's connection uses (the Electron app's own build), if not the default. */
  readonly nativeBinding: string | undefined;
  readonly everyMs?: number;
  /** The thread failed or could not open the file; the engine's connection checkpoints on its own again. */
  readonly onFailure: (message: string) => void;
  readonly onCheckpoint?: (result: CheckpointResult) => void;
}

type WorkerMessage = { readonly kind: 'checkpoint'; readonly log: number; readonly checkpointed: number } | { readonly kind: 'failed'; readonly message: string };

/**
 * The thread's code, plain CommonJS so it runs the same from sources (tsx), from the built
 * app and inside the packaged one, and loads better-sqlite3 from the path the engine
 * resolved. PASSIVE never waits for the engine's readers or writers.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true, timeout: 0, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
} catch (error) {
  parentPort.postMessage({ kind: 'failed', message: String(error && error.message || error) });
}
if (db !== null) {
  const timer = setInterval(() => {
    try {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      parentPort.postMessage({ kind: 'checkpoint', log: result.log, checkpointed: result.checkpointed });
    } catch (error) {
      // Busy or locked by another program: the next round tries again.
      if (!/SQLITE_BUSY|SQLITE_LOCKED/.test(String(error && error.code))) {
        clearInterval(timer);
        parentPort.postMessage({ kind: 'failed', message: String(error && error.message || error) });
      }
    }
  }, workerData.everyMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close();
  });
}
`;

/**
 * Copies the WAL into the database from a thread of its own. By default SQLite does it
 * inside the commit that crosses 1,000 pages, on the engine's thread: under a burst that
 * was about a fifth of the engine's time per /start, and its fsyncs stall every bot on a
 * slow disk. Here the engine's commits only append to the WAL; a second connection copies
 * it every `everyMs`, coalescing pages rewritten many times in between.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopping = false;

  private constructor(
    private readonly db: Database.Database,
    options: WalCheckpointerOptions,
  ) {
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), file: options.file, nativeBinding: options.nativeBinding ?? null, everyMs: options.everyMs ?? 500 },
    });
    // The thread must not keep a quitting process alive.
    this.worker.unref();
    const fail = (message: string): void => {
      if (this.stopping) return;
      this.stopping = true;
      this.restoreDefault();
      void this.worker.terminate();
      options.onFailure(message);
    };
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'failed') fail(message.message);
      else options.onCheckpoint?.({ log: message.log, checkpointed: message.checkpointed });
    });
    this.worker.on('error', (error) => fail(error.message));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Starts checkpointing the WAL of the file `db` has open; null when it has none (not in WAL mode). */
  static start(db: Database.Database, options: WalCheckpointerOptions): WalCheckpointer | null {
    if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return null;
    return new WalCheckpointer(db, options);
  }

  private restoreDefault(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }

  /** Stops the thread, its connection closed, before the engine's connection closes or the file is swapped. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.restoreDefault();
      this.worker.postMessage('stop');
    }
    // Held while it stops: otherwise a process with nothing else to do would end in the middle
    // of its owner's shutdown, before the code after this await ever ran.
    this.worker.ref();
    await this.exited;
  }
}
