import type { Database } from 'better-sqlite3';
import type { Api } from 'grammy';
import type { WriteBatcher } from '../db/write-batcher';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { backoffDelay, defaultSendBackoff, type BackoffPolicy } from './backoff';
import type { BotHealth } from './health';
import { sendContent, type PreparedContent } from './send-content';
import { classifyTelegramError, type TelegramFailure } from './telegram-errors';
import { TokenBucket } from './token-bucket';
import { WakeSignal } from './wake-signal';
import { errorText } from '../redact';

export type DeliveryKind = 'welcome' | 'recovery' | 'broadcast';

export interface SenderOptions {
  /** Messages per second for this bot (Telegram allows about 30). */
  readonly ratePerSecond: number;
  /** Minimum time between two messages to the same chat (Telegram allows about one a second). */
  readonly perChatGapMs: number;
  /** Sends in flight at once; enough to keep the rate up when Telegram answers slowly. */
  readonly maxInFlight: number;
  readonly backoff: BackoffPolicy;
}

export const defaultSenderOptions: SenderOptions = { ratePerSecond: 25, perChatGapMs: 1100, maxInFlight: 8, backoff: defaultSendBackoff };

export interface SenderDeps {
  readonly db: Database;
  /** Shared by the fleet: claims and outcomes of all bots commit together. */
  readonly writer: WriteBatcher;
  readonly botId: number;
  readonly api: Api;
  readonly options: SenderOptions;
  readonly health: BotHealth;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  /** The content of a delivery, checked: its own for broadcasts, the bot's current welcome otherwise. */
  readonly contentFor: (kind: DeliveryKind, content: string | null) => PreparedContent;
  readonly rememberFileId: (fileId: string) => void;
  /** Telegram said the token is no longer valid: the bot must stop. */
  readonly onUnauthorized: (description: string) => void;
}

interface DeliveryRow {
  id: number;
  lead_id: number;
  chat_id: number;
  kind: DeliveryKind;
  content: string | null;
  attempts: number;
}

const SENT_EVENT: Record<DeliveryKind, string> = { welcome: 'welcome_sent', recovery: 'recovered', broadcast: 'broadcast_sent' };
const FAILED_EVENT: Record<DeliveryKind, string> = { welcome: 'welcome_failed', recovery: 'recovery_failed', broadcast: 'broadcast_failed' };
const IDLE_CHECK_MS = 1000;
/** How long a loaded batch of candidate rows may be reused after new work was announced. */
const RELOAD_AFTER_WAKE_MS = 10;
const CANDIDATES = 200;

/**
 * Drains one bot's deliveries table: welcomes first, then recoveries, then broadcasts;
 * evenly spaced under the bot's rate; never two messages to one chat within the gap.
 * A row is marked `sending` before the call, so after a crash the engine knows which
 * sends are ambiguous.
 */
export class Sender {
  private readonly signal = new WakeSignal();
  private readonly bucket: TokenBucket;
  private readonly chatsInFlight = new Set<number>();
  private readonly chatReadyAt = new Map<number, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private pausedUntil = 0;
  private loop: Promise<void> | null = null;
  private candidates: DeliveryRow[] = [];
  private stale = true;
  private loadedAt = 0;
  private readonly q;

  constructor(private readonly deps: SenderDeps) {
    this.bucket = new TokenBucket(deps.options.ratePerSecond);
    const db = deps.db;
    this.q = {
      candidates: db.prepare<[number, number], DeliveryRow>(
        `SELECT id, lead_id, chat_id, kind, content, attempts FROM deliveries WHERE bot_id = ? AND status = 'pending' AND not_before <= ? ORDER BY lane, id LIMIT ${CANDIDATES}`,
      ),
      nextDue: db.prepare<[number, number], { at: number | null }>("SELECT min(not_before) AS at FROM deliveries WHERE bot_id = ? AND status = 'pending' AND not_before > ?"),
      claim: db.prepare("UPDATE deliveries SET status = 'sending', updated_at = ? WHERE id = ? AND status = 'pending'"),
      sent: db.prepare("UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?, updated_at = ?, error = NULL WHERE id = ?"),
      welcomed: db.prepare("UPDATE leads SET welcomed_at = coalesce(welcomed_at, ?), status = CASE WHEN status IN ('new', 'blocked') THEN 'welcomed' ELSE status END WHERE id = ?"),
      finished: db.prepare('UPDATE deliveries SET status = ?, updated_at = ?, error = ? WHERE id = ?'),
      blockLead: db.prepare("UPDATE leads SET status = 'blocked' WHERE id = ? AND status != 'converted'"),
      retry: db.prepare("UPDATE deliveries SET status = 'pending', attempts = ?, not_before = ?, updated_at = ?, error = ? WHERE id = ?"),
      release: db.prepare("UPDATE deliveries SET status = 'pending', updated_at = ? WHERE id = ?"),
      event: db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, ?, ?, ?)'),
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New work may be due (a lead was captured): look at the table again soon. */
  wake(): void {
    this.stale = true;
    this.signal.wake();
  }

  /** Stops taking rows and waits for the sends already in flight to be recorded. */
  async stop(): Promise<void> {
    this.signal.cancel();
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  private async run(): Promise<void> {
    const { options, now } = this.deps;
    while (!this.signal.isCancelled()) {
      const t = now();
      if (this.pausedUntil > t) {
        await this.signal.sleep(this.pausedUntil - t);
        continue;
      }
      const { rows, waitMs } = this.take(t, options.maxInFlight - this.inFlight.size);
      if (rows.length === 0) {
        await this.signal.sleep(waitMs);
        continue;
      }
      // The claims are written before the calls: after a crash, `sending` marks the ambiguous
      // rows. A broadcast's claim must survive even a power loss (a lost claim would send the
      // promotion twice); a welcome's may not, since a lost claim only means a resend.
      const durability = rows.some((row) => row.kind === 'broadcast') ? 'full' : 'relaxed';
      let claimed: DeliveryRow[];
      try {
        claimed = await this.deps.writer.run(() => rows.filter((row) => this.q.claim.run(t, row.id).changes === 1), durability);
      } catch (error) {
        // Not claimed (another program holds the database locked, say): the rows stay pending for a later look.
        this.deps.logger.error({ botId: this.deps.botId, error: errorText(error) }, 'claiming deliveries failed');
        for (const row of rows) {
          this.chatsInFlight.delete(row.chat_id);
          this.chatReadyAt.delete(row.chat_id);
        }
        this.candidates = [];
        await this.signal.sleep(IDLE_CHECK_MS);
        continue;
      }
      for (const row of rows) {
        if (claimed.includes(row)) this.dispatch(row);
        else this.chatsInFlight.delete(row.chat_id);
      }
    }
  }

  /** Takes as many due rows as the free send slots and the token bucket allow, reserving their chats. */
  private take(t: number, room: number): { rows: DeliveryRow[]; waitMs: number } {
    const rows: DeliveryRow[] = [];
    let waitMs = IDLE_CHECK_MS;
    while (rows.length < room) {
      const pick = this.pick(t);
      if (pick.row === null) {
        waitMs = pick.waitMs;
        break;
      }
      const wait = this.bucket.delay(t);
      if (wait > 0) {
        waitMs = wait;
        break;
      }
      const row = pick.row;
      this.candidates = this.candidates.filter((candidate) => candidate.id !== row.id);
      this.bucket.take(t);
      this.chatsInFlight.add(row.chat_id);
      this.chatReadyAt.set(row.chat_id, t + this.deps.options.perChatGapMs);
      rows.push(row);
    }
    return { rows, waitMs };
  }

  private pick(t: number): { row: DeliveryRow | null; waitMs: number } {
    const reload = this.candidates.length === 0 || t - this.loadedAt >= IDLE_CHECK_MS || (this.stale && t - this.loadedAt >= RELOAD_AFTER_WAKE_MS);
    if (reload) {
      this.candidates = this.q.candidates.all(this.deps.botId, t);
      this.loadedAt = t;
      this.stale = false;
    }
    let waitMs = this.stale ? RELOAD_AFTER_WAKE_MS : IDLE_CHECK_MS;
    for (const row of this.candidates) {
      if (this.chatsInFlight.has(row.chat_id)) continue;
      const ready = this.chatReadyAt.get(row.chat_id) ?? 0;
      if (ready <= t) return { row, waitMs: 0 };
      waitMs = Math.min(waitMs, ready - t);
    }
    const due = this.q.nextDue.get(this.deps.botId, t)?.at ?? null;
    if (due !== null) waitMs = Math.min(waitMs, due - t);
    return { row: null, waitMs: Math.max(1, waitMs) };
  }

  private dispatch(row: DeliveryRow): void {
    const task = this.deliver(row)
      .catch((error: unknown) => {
        this.deps.logger.error({ error: errorText(error), deliveryId: row.id }, 'recording a delivery outcome failed');
      })
      .finally(() => {
        this.chatsInFlight.delete(row.chat_id);
        this.inFlight.delete(task);
        this.signal.wake();
      });
    this.inFlight.add(task);
  }

  private emit(row: DeliveryRow, outcome: 'sent' | 'blocked' | 'failed' | 'retry' | 'paused', error: string | null): void {
    this.deps.events.emit('delivery.outcome', { botId: this.deps.botId, deliveryId: row.id, leadId: row.lead_id, kind: row.kind, outcome, error });
  }

  private async deliver(row: DeliveryRow): Promise<void> {
    const { now, health } = this.deps;
    let content: PreparedContent;
    try {
      content = this.deps.contentFor(row.kind, row.content);
    } catch (error) {
      await this.fail(row, 'failed', `The message cannot be built: ${errorText(error)}`);
      return;
    }
    try {
      const sent = await sendContent(this.deps.api, row.chat_id, content);
      const at = now();
      await this.deps.writer.run(() => {
        this.q.sent.run(at, sent.messageId, at, row.id);
        if (row.kind !== 'broadcast') this.q.welcomed.run(at, row.lead_id);
        this.q.event.run(row.lead_id, SENT_EVENT[row.kind], at, JSON.stringify({ deliveryId: row.id, messageId: sent.messageId }));
      }, 'relaxed');
      health.sendOk();
      if (sent.fileId !== null && content.media !== null && content.media.fileId === null) this.deps.rememberFileId(sent.fileId);
      this.emit(row, 'sent', null);
      this.deps.events.emit('lead.updated', { botId: this.deps.botId, leadId: row.lead_id });
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure === null) throw error;
      await this.handleFailure(row, failure);
    }
  }

  private async fail(row: DeliveryRow, status: 'failed' | 'blocked', reason: string): Promise<void> {
    const at = this.deps.now();
    await this.deps.writer.run(() => {
      this.q.finished.run(status, at, reason, row.id);
      if (status === 'blocked') this.q.blockLead.run(row.lead_id);
      this.q.event.run(row.lead_id, status === 'blocked' ? 'blocked' : FAILED_EVENT[row.kind], at, JSON.stringify({ deliveryId: row.id, error: reason }));
    });
    this.emit(row, status, reason);
    this.deps.events.emit('lead.updated', { botId: this.deps.botId, leadId: row.lead_id });
  }

  private async handleFailure(row: DeliveryRow, failure: TelegramFailure): Promise<void> {
    const { health, now, options } = this.deps;
    const at = now();
    switch (failure.kind) {
      case 'flood': {
        // Telegram said exactly how long to wait: pause this bot's sender for that, no more; a wait
        // it gave another send that ends later still holds (retrying before it would be punished).
        this.pausedUntil = Math.max(this.pausedUntil, at + failure.retryAfterSeconds * 1000);
        health.flood(this.pausedUntil);
        await this.deps.writer.run(() => this.q.release.run(at, row.id));
        this.emit(row, 'paused', failure.description);
        return;
      }
      case 'forbidden':
        health.sendRefusedByUser();
        await this.fail(row, 'blocked', failure.description);
        return;
      case 'bad_request':
        health.sendFailed();
        await this.fail(row, 'failed', failure.description);
        return;
      case 'unauthorized':
        await this.deps.writer.run(() => this.q.release.run(at, row.id));
        this.emit(row, 'retry', failure.description);
        this.deps.onUnauthorized(failure.description);
        return;
      case 'conflict':
      case 'server':
      case 'network': {
        health.sendFailed();
        const attempts = row.attempts + 1;
        if (attempts >= options.backoff.maxAttempts) {
          await this.fail(row, 'failed', `Gave up after ${attempts} attempts: ${failure.description}`);
          return;
        }
        await this.deps.writer.run(() => this.q.retry.run(attempts, at + backoffDelay(attempts, options.backoff), at, failure.description, row.id));
        this.emit(row, 'retry', failure.description);
        return;
      }
    }
  }
}
