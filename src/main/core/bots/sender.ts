import type { Database } from 'better-sqlite3';
import type { Api } from 'grammy';
import type { WriteBatcher } from '../db/write-batcher';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { backoffDelay, defaultSendBackoff, type BackoffSteps } from './backoff';
import type { BotHealth } from './health';
import type { ContentResolver, ResolvedContent } from './content-resolver';
import { sendContent } from './send-content';
import { classifyTelegramError, type TelegramFailure } from './telegram-errors';
import { TokenBucket } from './token-bucket';
import { CallPacer } from './call-pacer';
import { WakeSignal } from './wake-signal';
import { DeliveriesRepository, type DueDelivery } from '../leads/deliveries-repository';
import { claimDurability, deliveryKindRules } from '../leads/delivery-rules';
import { errorText } from '../redact';

export interface SenderOptions {
  /** Messages per second for this bot (Telegram allows about 30). */
  readonly ratePerSecond: number;
  /** Minimum time between two messages to the same chat (Telegram allows about one a second). */
  readonly perChatGapMs: number;
  /** Sends in flight at once; enough to keep the rate up when Telegram answers slowly. */
  readonly maxInFlight: number;
  /** Waits between tries when Telegram cannot be reached or answers 5xx; there is no last try but for the kinds with bounded retries. */
  readonly backoff: BackoffSteps;
  /** Tries of a kind with bounded retries (a campaign message) before it fails with the last answer. */
  readonly retryBound: RetryBound;
}

export interface RetryBound {
  /** Telegram answered with an error that may pass (5xx, 409, a 400 other than "chat not found"). */
  readonly answered: number;
  /** Telegram could not be reached: more tries, as these failures usually end with the outage. */
  readonly unreachable: number;
}

/**
 * 3 tries for an answered error: one that fails three times, seconds apart, is this message's
 * own problem, not a passing one. 10 for transport failures: the sender waits longer after
 * each (1 s doubling to 60 s), so the 10th comes after 2 to 4 minutes of failing, a short
 * outage passes, and a message that can never go through (a media upload that always times
 * out) ends instead of keeping its campaign open forever.
 */
export const defaultRetryBound: RetryBound = { answered: 3, unreachable: 10 };

export const defaultSenderOptions: SenderOptions = { ratePerSecond: 25, perChatGapMs: 1100, maxInFlight: 8, backoff: defaultSendBackoff, retryBound: defaultRetryBound };

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
  /** What each delivery sends: its own content for broadcasts, the bot's current welcome otherwise. */
  readonly content: ContentResolver;
  /** The operator's frequency cap in ms (0: none), read at each claim: a broadcast to a lead messaged more recently is skipped. */
  readonly campaignCapMs: () => number;
  /** Telegram said the token is no longer valid: the bot must stop. */
  readonly onUnauthorized: (description: string) => void;
}

const IDLE_CHECK_MS = 1000;
/** How long a loaded batch of candidate rows may be reused after new work was announced. */
const RELOAD_AFTER_WAKE_MS = 10;
const CANDIDATES = 200;
/**
 * One token saved up: a loop that wakes late takes the next row at once instead of losing
 * the lateness at every row. The pacer still spaces the calls, so the rate to Telegram holds.
 */
const BUCKET_CAPACITY = 2;

/**
 * Drains one bot's deliveries table: welcomes first, then recoveries, then broadcasts;
 * evenly spaced under the bot's rate; never two messages to one chat within the gap.
 * A row is marked `sending` before the call, so after a crash the engine knows which
 * sends are ambiguous.
 */
export class Sender {
  private readonly signal = new WakeSignal();
  private readonly bucket: TokenBucket;
  /**
   * The bucket spaces the rows as they are taken; each call then waits for its claim to
   * commit (and, for some kinds, for the disk), so calls whose claims committed together
   * would reach Telegram together. The pacer spaces the calls themselves.
   */
  private readonly pace: CallPacer;
  private readonly chatsInFlight = new Set<number>();
  private readonly chatReadyAt = new Map<number, number>();
  /** Telegram calls not answered yet: what `maxInFlight` limits. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Deliveries taken and not recorded yet (their calls answered or not). */
  private readonly recording = new Set<Promise<void>>();
  private pausedUntil = 0;
  /** Telegram could not be reached: no row is taken before this (unless a poll gets an answer first). */
  private unreachableUntil = 0;
  private unreachableTries = 0;
  /** After a failed claim, when to try claiming again. */
  private claimsRetryAt = 0;
  /** Rows taken whose claims are still committing: they count against the send slots. */
  private claiming = 0;
  private loop: Promise<void> | null = null;
  private candidates: DueDelivery[] = [];
  private stale = true;
  private loadedAt = 0;
  private readonly deliveries: DeliveriesRepository;

  constructor(private readonly deps: SenderDeps) {
    this.bucket = new TokenBucket(deps.options.ratePerSecond, BUCKET_CAPACITY);
    this.pace = new CallPacer(deps.options.ratePerSecond);
    this.deliveries = new DeliveriesRepository(deps.db);
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** New work may be due (a lead was captured): look at the table again soon. */
  wake(): void {
    this.stale = true;
    this.signal.wake();
  }

  /** A poll got Telegram's answer after failing: stop waiting out the network and send at once. */
  telegramAnswers(): void {
    if (this.unreachableUntil === 0) return;
    this.unreachableUntil = 0;
    this.unreachableTries = 0;
    this.signal.wake();
  }

  /** Stops taking rows and waits for the sends already in flight to be recorded. */
  async stop(): Promise<void> {
    this.signal.cancel();
    await this.loop;
    // A claim still committing dispatches its rows when it does: wait for those too.
    while (this.recording.size > 0) await Promise.all([...this.recording]);
  }

  private async run(): Promise<void> {
    const { options, now } = this.deps;
    while (!this.signal.isCancelled()) {
      const t = now();
      const pause = Math.max(this.pausedUntil, this.claimsRetryAt, this.unreachableUntil);
      if (pause > t) {
        await this.signal.sleep(pause - t);
        continue;
      }
      const { rows, waitMs } = this.take(t, options.maxInFlight - this.inFlight.size - this.claiming);
      if (rows.length === 0) {
        await this.signal.sleep(waitMs);
        continue;
      }
      // Not awaited: while these claims commit, the loop may take the rows the next free slots allow.
      this.claiming += rows.length;
      const task = this.claimAndDispatch(rows, t).finally(() => {
        this.recording.delete(task);
      });
      this.recording.add(task);
    }
  }

  private async claimAndDispatch(rows: readonly DueDelivery[], t: number): Promise<void> {
    // The claims are written before the calls: after a crash, `sending` marks the ambiguous
    // rows, and the claim of a row not sent again after a crash must survive a power loss.
    const durability = claimDurability(rows.map((row) => row.kind));
    let claimed: DueDelivery[];
    try {
      // Prompt: the calls wait on this commit, while outcomes can wait for the next batch.
      claimed = await this.deps.writer.run(
        () => {
          // The cap is a setting read from the store: only a batch that holds a campaign message needs it.
          const capMs = rows.some((row) => row.kind === 'broadcast') ? this.deps.campaignCapMs() : 0;
          return rows.filter((row) => this.deliveries.claim(row.id, t, capMs));
        },
        durability,
        { prompt: true },
      );
    } catch (error) {
      // Not claimed (another program holds the database locked, say): the rows stay pending for a later look.
      this.deps.logger.error({ botId: this.deps.botId, error: errorText(error) }, 'claiming deliveries failed');
      for (const row of rows) {
        this.chatsInFlight.delete(row.chatId);
        this.chatReadyAt.delete(row.chatId);
      }
      this.candidates = [];
      this.claimsRetryAt = this.deps.now() + IDLE_CHECK_MS;
      return;
    } finally {
      this.claiming -= rows.length;
      this.signal.wake();
    }
    // Telegram asked for a pause while these claims committed: they go back to pending, unsent.
    const paused = this.pausedUntil > this.deps.now();
    for (const row of rows) {
      if (!claimed.includes(row)) this.chatsInFlight.delete(row.chatId);
      else if (paused) this.releaseUnsent(row);
      else this.dispatch(row);
    }
  }

  /** A claimed row that must not go out now: back to pending, its chat free again. */
  private releaseUnsent(row: DueDelivery): void {
    const task = this.deps.writer
      .run(() => {
        this.deliveries.release(row.id, this.deps.now());
      }, 'relaxed')
      .catch((error: unknown) => {
        this.deps.logger.error({ error: errorText(error), deliveryId: row.id }, 'releasing a delivery failed');
      })
      .finally(() => {
        this.chatsInFlight.delete(row.chatId);
        this.chatReadyAt.delete(row.chatId);
        this.recording.delete(task);
        this.candidates = [];
        this.signal.wake();
      });
    this.recording.add(task);
  }

  /** Takes as many due rows as the free send slots and the token bucket allow, reserving their chats. */
  private take(t: number, room: number): { rows: DueDelivery[]; waitMs: number } {
    const rows: DueDelivery[] = [];
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
      this.candidates.splice(pick.index, 1);
      this.bucket.take(t);
      this.chatsInFlight.add(row.chatId);
      this.chatReadyAt.set(row.chatId, t + this.deps.options.perChatGapMs);
      rows.push(row);
    }
    return { rows, waitMs };
  }

  private pick(t: number): { row: DueDelivery; index: number } | { row: null; waitMs: number } {
    const reload = this.candidates.length === 0 || t - this.loadedAt >= IDLE_CHECK_MS || (this.stale && t - this.loadedAt >= RELOAD_AFTER_WAKE_MS);
    if (reload) {
      this.candidates = this.deliveries.due(this.deps.botId, t, CANDIDATES);
      this.loadedAt = t;
      this.stale = false;
    }
    let waitMs = this.stale ? RELOAD_AFTER_WAKE_MS : IDLE_CHECK_MS;
    for (const [index, row] of this.candidates.entries()) {
      if (this.chatsInFlight.has(row.chatId)) continue;
      const ready = this.chatReadyAt.get(row.chatId) ?? 0;
      if (ready <= t) return { row, index };
      waitMs = Math.min(waitMs, ready - t);
    }
    const due = this.deliveries.nextDueAt(this.deps.botId, t);
    if (due !== null) waitMs = Math.min(waitMs, due - t);
    return { row: null, waitMs: Math.max(1, waitMs) };
  }

  /**
   * A sent message frees its send slot as soon as Telegram answers, while its outcome waits
   * for the next commit: the slot limits calls to Telegram, and the chat stays reserved
   * until the outcome is recorded.
   */
  private dispatch(row: DueDelivery): void {
    let answered = (): void => undefined;
    const call = new Promise<void>((resolve) => {
      answered = resolve;
    });
    this.inFlight.add(call);
    void call.then(() => {
      this.inFlight.delete(call);
      this.signal.wake();
    });
    const task = this.pace
      .turn()
      .then(() => this.deliverUnlessPaused(row, answered))
      .catch((error: unknown) => {
        this.deps.logger.error({ error: errorText(error), deliveryId: row.id }, 'recording a delivery outcome failed');
      })
      .finally(() => {
        this.chatsInFlight.delete(row.chatId);
        this.recording.delete(task);
        answered();
        this.signal.wake();
      });
    this.recording.add(task);
  }

  private emit(row: DueDelivery, outcome: 'sent' | 'blocked' | 'failed' | 'retry' | 'paused', error: string | null): void {
    this.deps.events.emit('delivery.outcome', { botId: this.deps.botId, deliveryId: row.id, leadId: row.leadId, kind: row.kind, outcome, error });
  }

  /** After waiting its turn: a 429 that came meanwhile puts the row back to pending, unsent. */
  private async deliverUnlessPaused(row: DueDelivery, answered: () => void): Promise<void> {
    if (this.pausedUntil <= this.deps.now()) return this.deliver(row, answered);
    await this.deps.writer.run(() => {
      this.deliveries.release(row.id, this.deps.now());
    }, 'relaxed');
    this.chatReadyAt.delete(row.chatId);
    this.candidates = [];
  }

  /** Calls `answered` once Telegram took the message, before its outcome is written. */
  private async deliver(row: DueDelivery, answered: () => void): Promise<void> {
    const { now, health } = this.deps;
    let content: ResolvedContent;
    try {
      content = this.deps.content.resolve({ botId: this.deps.botId, kind: row.kind, content: row.content });
    } catch (error) {
      await this.fail(row, 'failed', `The message cannot be built: ${errorText(error)}`);
      return;
    }
    try {
      const sent = await sendContent(this.deps.api, row.chatId, content.prepared);
      answered();
      const at = now();
      await this.deps.writer.run(() => this.deliveries.finishSent(row, sent.messageId, at), 'relaxed');
      health.sendOk();
      this.unreachableTries = 0;
      if (sent.fileId !== null) content.uploaded(sent.fileId);
      this.emit(row, 'sent', null);
      this.deps.events.emit('lead.updated', { botId: this.deps.botId, leadId: row.leadId });
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure === null) throw error;
      await this.handleFailure(row, failure);
    }
  }

  private async fail(row: DueDelivery, status: 'failed' | 'blocked', reason: string): Promise<void> {
    const at = this.deps.now();
    await this.deps.writer.run(() => this.deliveries.finishFailed(row, status, reason, at));
    this.emit(row, status, reason);
    this.deps.events.emit('lead.updated', { botId: this.deps.botId, leadId: row.leadId });
  }

  private async handleFailure(row: DueDelivery, failure: TelegramFailure): Promise<void> {
    const { health, now, options } = this.deps;
    const at = now();
    switch (failure.kind) {
      case 'flood': {
        // Telegram said exactly how long to wait: pause this bot's sender for that, no more; a wait
        // it gave another send that ends later still holds (retrying before it would be punished).
        this.pausedUntil = Math.max(this.pausedUntil, at + failure.retryAfterSeconds * 1000);
        health.flood(this.pausedUntil);
        await this.deps.writer.run(() => this.deliveries.release(row.id, at));
        this.emit(row, 'paused', failure.description);
        return;
      }
      case 'forbidden':
        health.sendRefusedByUser();
        await this.fail(row, 'blocked', failure.description);
        return;
      case 'bad_request':
        health.sendFailed();
        // "chat not found" is final for every kind; another 400 is final but for a kind with bounded retries.
        if (failure.chatNotFound || !deliveryKindRules[row.kind].boundedRetries) await this.fail(row, 'failed', failure.description);
        else await this.retryWithin(row, options.retryBound.answered, at + backoffDelay(row.attempts + 1, options.backoff), failure.description);
        return;
      case 'unauthorized':
        await this.deps.writer.run(() => this.deliveries.release(row.id, at));
        this.emit(row, 'retry', failure.description);
        this.deps.onUnauthorized(failure.description);
        return;
      case 'network': {
        // Nobody can be reached: the whole sender waits (longer each time, or until a poll
        // gets an answer) rather than trying every row against a dead network. The row keeps
        // its place in the queue; a lead never loses the welcome to an outage.
        health.sendFailed();
        // Sends that failed together during one wait count as one try.
        if (at >= this.unreachableUntil) this.unreachableTries += 1;
        this.unreachableUntil = Math.max(this.unreachableUntil, at + backoffDelay(this.unreachableTries, options.backoff));
        await this.retryWithin(row, options.retryBound.unreachable, at, failure.description);
        return;
      }
      case 'conflict':
      case 'server': {
        // Telegram answers but fails this call: this row tries again later, the others go on.
        health.sendFailed();
        await this.retryWithin(row, options.retryBound.answered, at + backoffDelay(row.attempts + 1, options.backoff), failure.description);
        return;
      }
    }
  }

  /**
   * Tried again at `notBefore`; a kind with bounded retries fails instead once this try is
   * the `bound`th, with Telegram's last answer (or the transport's error) as its reason.
   */
  private async retryWithin(row: DueDelivery, bound: number, notBefore: number, description: string): Promise<void> {
    const at = this.deps.now();
    const bounded = deliveryKindRules[row.kind].boundedRetries;
    const retried = await this.deps.writer.run(() => {
      if (bounded) return this.deliveries.retryWithin(row.id, bound, notBefore, description, at);
      this.deliveries.retry(row.id, notBefore, description, at);
      return true;
    });
    if (retried) this.emit(row, 'retry', description);
    else await this.fail(row, 'failed', `${description} (given up after ${bound} tries)`);
  }
}
