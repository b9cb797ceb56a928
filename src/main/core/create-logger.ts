import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Logger } from './logger';

/** A pino logger writing JSON lines to <data>/logs/botdeck.log (and nothing secret: see Logger). */
export function createLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino({ level: 'info', base: null }, pino.destination({ dest: join(dir, 'botdeck.log'), sync: false, mkdir: true }));
}
