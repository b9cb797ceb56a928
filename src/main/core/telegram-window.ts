import type { Database } from 'better-sqlite3';
import type { TelegramWindow } from '../../shared/store-status';

/** Telegram drops an update nobody confirmed 24 hours after it arrived. */
export const TELEGRAM_KEEPS_UPDATES_MS = 24 * 60 * 60 * 1000;

/**
 * From the engine's last heartbeat: every /start that arrived after it waits at Telegram,
 * and the oldest of them is dropped 24 h after that beat. Null when the engine never ran
 * on this file or its heartbeat cannot be read.
 */
export function telegramWindow(db: Database): TelegramWindow | null {
  try {
    const row = db.prepare<[], { beat_at: number }>('SELECT beat_at FROM heartbeat WHERE id = 1').get();
    return row === undefined ? null : { lastHeartbeatAt: row.beat_at, keptUntil: row.beat_at + TELEGRAM_KEEPS_UPDATES_MS };
  } catch {
    return null;
  }
}
