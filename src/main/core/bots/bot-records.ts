import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { defaultWelcome, savedWelcomeSchema, type Welcome } from '../../../shared/welcome';
import { BotdeckError } from '../errors';
import { errorText as text, type TextLocale } from '../../../shared/i18n/error-text';
import { alertLocale } from '../alerts/alert-text';
import { readSettings } from '../operator-settings';
import type { SealedValue } from '../secrets/secret-store';

export interface BotRecord {
  readonly id: number;
  readonly telegramId: number;
  readonly username: string;
  readonly name: string;
  readonly tokenSealed: string;
  readonly tokenHint: string;
  readonly desiredState: 'running' | 'stopped';
  readonly welcome: Welcome;
  readonly sendRate: number;
  readonly createdAt: number;
}

interface BotRow {
  id: number;
  telegram_id: number;
  username: string;
  name: string;
  token_sealed: string;
  token_hint: string;
  desired_state: 'running' | 'stopped';
  welcome: string;
  send_rate: number;
  created_at: number;
}

const COLUMNS = 'id, telegram_id, username, name, token_sealed, token_hint, desired_state, welcome, send_rate, created_at';

/** How Botdeck before the media folder stored a file: by any location on disk. */
const locatedMedia = z.looseObject({ media: z.looseObject({ source: z.object({ type: z.literal('file'), path: z.string() }) }) });

/** A welcome stored with a file location keeps it under its own type, so it shows but is never sent. */
function namingLocations(raw: unknown): unknown {
  const located = locatedMedia.safeParse(raw);
  if (!located.success) return raw;
  return { ...located.data, media: { ...located.data.media, source: { type: 'path', path: located.data.media.source.path } } };
}

/**
 * A welcome that no longer validates (edited by hand, or written by an older rule) must not
 * stop the engine: the bot falls back to the default welcome until the operator saves one.
 */
/** The saved welcome; one that cannot be read any more gives way to the default, in the operator's language. */
function readWelcome(row: BotRow, locale: () => TextLocale): Welcome {
  let raw: unknown;
  try {
    raw = JSON.parse(row.welcome);
  } catch {
    raw = null;
  }
  const parsed = savedWelcomeSchema.safeParse(namingLocations(raw));
  return parsed.success ? parsed.data : defaultWelcome(row.name, locale());
}

function toRecord(row: BotRow, locale: () => TextLocale): BotRecord {
  return {
    id: row.id,
    telegramId: row.telegram_id,
    username: row.username,
    name: row.name,
    tokenSealed: row.token_sealed,
    tokenHint: row.token_hint,
    desiredState: row.desired_state,
    welcome: readWelcome(row, locale),
    sendRate: row.send_rate,
    createdAt: row.created_at,
  };
}

/** The bots table: every query about bots in one place. Removed bots stay, marked. */
export class BotRecords {
  constructor(private readonly db: Database) {}

  private readonly locale = (): TextLocale => alertLocale(readSettings(this.db).language);

  active(): BotRecord[] {
    return this.db
      .prepare<[], BotRow>(`SELECT ${COLUMNS} FROM bots WHERE removed_at IS NULL ORDER BY id`)
      .all()
      .map((row) => toRecord(row, this.locale));
  }

  get(id: number): BotRecord | null {
    const row = this.db.prepare<[number], BotRow>(`SELECT ${COLUMNS} FROM bots WHERE id = ? AND removed_at IS NULL`).get(id);
    return row === undefined ? null : toRecord(row, this.locale);
  }

  /** The bot, or the error the operator sees when it is gone. */
  require(id: number): BotRecord {
    const record = this.get(id);
    if (record === null) throw new BotdeckError('BOT_NOT_FOUND', text('bot.notFound', { id }));
    return record;
  }

  byTelegramId(telegramId: number): BotRecord | null {
    const row = this.db.prepare<[number], BotRow>(`SELECT ${COLUMNS} FROM bots WHERE telegram_id = ? AND removed_at IS NULL`).get(telegramId);
    return row === undefined ? null : toRecord(row, this.locale);
  }

  insert(bot: { telegramId: number; username: string; name: string; tokenSealed: string; tokenHint: string; welcome: Welcome }, now: number): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO bots (telegram_id, username, name, token_sealed, token_hint, desired_state, welcome, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'stopped', ?, ?, ?)",
        )
        .run(bot.telegramId, bot.username, bot.name, bot.tokenSealed, bot.tokenHint, JSON.stringify(bot.welcome), now, now).lastInsertRowid,
    );
  }

  setDesiredState(id: number, state: 'running' | 'stopped', now: number): void {
    this.db.prepare('UPDATE bots SET desired_state = ?, updated_at = ? WHERE id = ?').run(state, now, id);
  }

  setWelcome(id: number, welcome: Welcome, now: number): void {
    this.db.prepare('UPDATE bots SET welcome = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(welcome), now, id);
  }

  setSendRate(id: number, rate: number, now: number): void {
    this.db.prepare('UPDATE bots SET send_rate = ?, updated_at = ? WHERE id = ?').run(rate, now, id);
  }

  /** Same Telegram bot, new token: identity and leads stay. */
  updateToken(id: number, token: { sealed: string; hint: string; username: string; name: string }, now: number): void {
    this.db
      .prepare('UPDATE bots SET token_sealed = ?, token_hint = ?, username = ?, name = ?, updated_at = ? WHERE id = ?')
      .run(token.sealed, token.hint, token.username, token.name, now, id);
  }

  /** Every sealed token, removed bots' too, for sealing again with a better store. */
  sealedTokens(): SealedValue[] {
    return this.db.prepare<[], SealedValue>('SELECT id, token_sealed AS sealed FROM bots ORDER BY id').all();
  }

  /** The same token, sealed another way: nothing the operator changed. */
  resealToken(id: number, sealed: string): void {
    this.db.prepare('UPDATE bots SET token_sealed = ? WHERE id = ?').run(sealed, id);
  }

  /** A different Telegram bot takes the slot: its update ids start afresh. */
  replaceIdentity(id: number, identity: { telegramId: number; sealed: string; hint: string; username: string; name: string }, now: number): void {
    this.db
      .prepare('UPDATE bots SET telegram_id = ?, token_sealed = ?, token_hint = ?, username = ?, name = ?, update_offset = 0, updated_at = ? WHERE id = ?')
      .run(identity.telegramId, identity.sealed, identity.hint, identity.username, identity.name, now, id);
  }

  markRemoved(id: number, now: number): void {
    this.db.prepare("UPDATE bots SET removed_at = ?, desired_state = 'stopped', updated_at = ? WHERE id = ?").run(now, now, id);
  }
}
