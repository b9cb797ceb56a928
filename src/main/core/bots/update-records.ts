import type { Database, Statement } from 'better-sqlite3';

/**
 * How long a recorded update is kept. Telegram keeps an update for at most 24 hours and
 * never delivers one below the offset a bot confirmed, so an older row can never meet a
 * redelivery; the hour beyond covers a clock set slightly wrong.
 */
export const UPDATE_KEEP_MS = 25 * 3_600_000;

/**
 * The updates table, and its only writer: one row per update a bot recorded (Telegram's
 * bot id and update id), so that a redelivery of the same update is recognised and changes
 * nothing. Nothing else reads it.
 */
export class UpdateRecords {
  private readonly q: {
    readonly insert: Statement<[number, number, number, string, number]>;
    readonly nextBot: Statement<[number], { id: number | null }>;
    readonly oldest: Statement<[number, number], { update_id: number; received_at: number }>;
    readonly removeUpTo: Statement<[number, number]>;
  };

  constructor(db: Database) {
    this.q = {
      insert: db.prepare('INSERT OR IGNORE INTO updates (telegram_bot_id, update_id, bot_id, kind, received_at) VALUES (?, ?, ?, ?, ?)'),
      nextBot: db.prepare('SELECT min(telegram_bot_id) AS id FROM updates WHERE telegram_bot_id > ?'),
      oldest: db.prepare('SELECT update_id, received_at FROM updates WHERE telegram_bot_id = ? ORDER BY update_id LIMIT ?'),
      removeUpTo: db.prepare('DELETE FROM updates WHERE telegram_bot_id = ? AND update_id <= ?'),
    };
  }

  /** Records an update; false when it was recorded before (a redelivery). */
  record(telegramBotId: number, updateId: number, botId: number, kind: string, at: number): boolean {
    return this.q.insert.run(telegramBotId, updateId, botId, kind, at).changes > 0;
  }

  /**
   * Deletes at most `limit` updates recorded before `cutoff`, oldest first, and returns how
   * many. Telegram numbers each bot's updates in the order it received them, so a bot's
   * old rows are the ones with its lowest update ids: each step reads and deletes a short
   * range of the primary key, never the whole table.
   */
  pruneBefore(cutoff: number, limit: number): number {
    let removed = 0;
    let bot = this.q.nextBot.get(Number.MIN_SAFE_INTEGER)?.id ?? null;
    while (bot !== null && removed < limit) {
      const rows = this.q.oldest.all(bot, limit - removed);
      let upTo: number | null = null;
      let count = 0;
      for (const row of rows) {
        if (row.received_at >= cutoff) break;
        upTo = row.update_id;
        count += 1;
      }
      if (upTo !== null) this.q.removeUpTo.run(bot, upTo);
      removed += count;
      bot = this.q.nextBot.get(bot)?.id ?? null;
    }
    return removed;
  }
}
