import type { Database, Statement } from 'better-sqlite3';
import { channelConfigSchema, type ChannelConfig, type ChannelKind, type ChannelView } from '../../../shared/alerts';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { SealedValue, SecretStore } from '../secrets/secret-store';
import { errorText } from '../redact';

interface ChannelRow {
  id: number;
  kind: ChannelKind;
  name: string;
  enabled: number;
  config_sealed: string;
  hint: string;
  created_at: number;
  last_attempt_at: number | null;
  last_ok_at: number | null;
  last_error: string | null;
}

export interface StoredChannel {
  readonly view: ChannelView;
  readonly sealed: string;
}

function toView(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled === 1,
    hint: row.hint,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    lastOkAt: row.last_ok_at,
    lastError: row.last_error,
  };
}

/**
 * The operator's alert channels. A destination (webhook URL, bot token and chat) is a
 * secret, sealed like bot tokens; only its hint is ever read back by the console.
 */
export class ChannelRecords {
  private readonly one: Statement<[number], ChannelRow>;

  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
  ) {
    this.one = db.prepare('SELECT * FROM alert_channels WHERE id = ?');
  }

  list(): StoredChannel[] {
    return this.db
      .prepare<[], ChannelRow>('SELECT * FROM alert_channels ORDER BY id')
      .all()
      .map((row) => ({ view: toView(row), sealed: row.config_sealed }));
  }

  get(id: number): StoredChannel {
    const row = this.one.get(id);
    if (row === undefined) throw new BotdeckError('CHANNEL_NOT_FOUND', text('channel.notFound', { id }));
    return { view: toView(row), sealed: row.config_sealed };
  }

  /** The destination, unsealed and checked again: a value sealed by another keychain or an older app gives a clear error. */
  config(channel: StoredChannel): ChannelConfig {
    let plain: string;
    try {
      plain = this.secrets.unseal(channel.sealed);
    } catch (error) {
      throw new BotdeckError('SECRET_UNREADABLE', text('secret.channelUnreadable', { name: channel.view.name, detail: errorText(error) }), { cause: error });
    }
    const parsed = channelConfigSchema.safeParse(JSON.parse(plain));
    if (!parsed.success || parsed.data.kind !== channel.view.kind) {
      throw new BotdeckError('CHANNEL_INVALID', text('channel.savedInvalid', { name: channel.view.name }));
    }
    return parsed.data;
  }

  insert(input: { name: string; enabled: boolean; config: ChannelConfig; hint: string }, now: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO alert_channels (kind, name, enabled, config_sealed, hint, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.config.kind, input.name, input.enabled ? 1 : 0, this.secrets.seal(JSON.stringify(input.config)), input.hint, now, now).lastInsertRowid,
    );
  }

  update(id: number, change: { name?: string | undefined; enabled?: boolean | undefined; config?: { value: ChannelConfig; hint: string } | undefined }, now: number): void {
    const current = this.get(id);
    this.db
      .prepare('UPDATE alert_channels SET name = ?, enabled = ?, config_sealed = ?, hint = ?, updated_at = ? WHERE id = ?')
      .run(
        change.name ?? current.view.name,
        (change.enabled ?? current.view.enabled) ? 1 : 0,
        change.config === undefined ? current.sealed : this.secrets.seal(JSON.stringify(change.config.value)),
        change.config?.hint ?? current.view.hint,
        now,
        id,
      );
  }

  /** Every sealed destination, for sealing again with a better store. */
  sealedConfigs(): SealedValue[] {
    return this.db.prepare<[], SealedValue>('SELECT id, config_sealed AS sealed FROM alert_channels ORDER BY id').all();
  }

  /** The same destination, sealed another way: nothing the operator changed. */
  resealConfig(id: number, sealed: string): void {
    this.db.prepare('UPDATE alert_channels SET config_sealed = ? WHERE id = ?').run(sealed, id);
  }

  remove(id: number): void {
    this.get(id);
    this.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id);
  }

  recordOutcome(id: number, at: number, error: string | null): void {
    if (error === null) this.db.prepare('UPDATE alert_channels SET last_attempt_at = ?, last_ok_at = ?, last_error = NULL WHERE id = ?').run(at, at, id);
    else this.db.prepare('UPDATE alert_channels SET last_attempt_at = ?, last_error = ? WHERE id = ?').run(at, error, id);
  }
}
