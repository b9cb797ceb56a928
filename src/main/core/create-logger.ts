import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll, { type PinoRollStream } from 'pino-roll';
import type { Logger } from './logger';
import { redactingLogger } from './redacting-logger';
import { PRIVATE_DIR_MODE } from './private-data-dir';

/** When the current log file is rolled over, and how many files (the current one included) are kept at most. */
export interface LogRotation {
  readonly maxBytes: number;
  /** At least 2. */
  readonly files: number;
}

const defaultLogRotation: LogRotation = { maxBytes: 10 * 1024 * 1024, files: 5 };

/** Logs live in <data>/logs as botdeck.1.log, botdeck.2.log...: the highest number is the current file. */
export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

/**
 * Where pino writes: pino-roll opens its file asynchronously (it first looks for the
 * newest numbered file), while the hosts need a logger at once, so lines written before
 * it is open wait here in memory. A file that cannot be written (a full disk, a folder
 * gone) never stops the engine: the failure goes to stderr.
 */
class RollingDestination {
  private pending: string[] | null = [];
  private file: PinoRollStream | null = null;

  constructor(opening: Promise<PinoRollStream>) {
    opening.then(
      (file) => {
        file.on('error', (error: unknown) => {
          process.stderr.write(`botdeck: writing the log failed: ${String(error)}\n`);
        });
        this.file = file;
        for (const line of this.pending ?? []) file.write(line);
        this.pending = null;
      },
      (error: unknown) => {
        process.stderr.write(`botdeck: the log file cannot be opened (${String(error)}); logging to stderr\n`);
        for (const line of this.pending ?? []) process.stderr.write(line);
        this.pending = null;
      },
    );
    // Lines still buffered by the stream reach the file before the process ends.
    process.once('exit', () => {
      try {
        this.file?.flushSync();
      } catch {
        // Not open yet, or already closed: nothing more can be saved.
      }
    });
  }

  write(line: string): boolean {
    if (this.file !== null) return this.file.write(line);
    if (this.pending !== null) this.pending.push(line);
    else process.stderr.write(line);
    return true;
  }
}

/**
 * A pino logger writing JSON lines to <data>/logs (and nothing secret: see Logger). The
 * current file rolls over at `rotation.maxBytes`; at most `rotation.files` files are kept, the newest.
 */
export function createLogger(dataDir: string, rotation: LogRotation = defaultLogRotation): Logger {
  const dir = logsDir(dataDir);
  // Usually the first thing made in a new data folder: made private like the folder itself.
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const opening = pinoRoll({
    file: join(dir, 'botdeck'),
    extension: '.log',
    size: `${String(rotation.maxBytes)}b`,
    // pino-roll counts the files it finds after a roll, and the new one may not be created
    // yet: one fewer than the limit, so that there are never more than `files`.
    limit: { count: rotation.files - 1, removeOtherLogFiles: true },
    mkdir: true,
  });
  // Whoever logs through it (the engine, a host, the process-wide fault handler), nothing secret reaches the file.
  return redactingLogger(pino({ level: 'info', base: null }, new RollingDestination(opening)));
}
