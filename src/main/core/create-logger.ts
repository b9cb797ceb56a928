import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Logger } from './logger';
import { PRIVATE_DIR_MODE } from './private-data-dir';

/** A pino logger writing JSON lines to <data>/logs/botdeck.log (and nothing secret: see Logger). */
export function createLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs');
  // Usually the first thing made in a new data folder: made private like the folder itself.
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return pino({ level: 'info', base: null }, pino.destination({ dest: join(dir, 'botdeck.log'), sync: false, mkdir: true }));
}
