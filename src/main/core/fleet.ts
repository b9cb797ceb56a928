import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotStatus } from '../../shared/bot-status';
import type { BotSummary } from '../../shared/bot-summary';
import type { Settings } from '../../shared/settings';
import { defaultWelcome, validateWelcome, type Welcome } from '../../shared/welcome';
import { BotRecords, type BotRecord } from './bots/bot-records';
import { defaultProbeOptions, type ProbeOptions } from './bots/bot-probe';
import { BotRunner, defaultPollOptions, type PollOptions } from './bots/bot-runner';
import { grammySignal } from './bots/grammy-signal';
import { BotHealth, defaultHealthOptions, type HealthOptions } from './bots/health';
import { prepareContent, sendContent } from './bots/send-content';
import { defaultSenderOptions, type SenderOptions } from './bots/sender';
import { classifyTelegramError } from './bots/telegram-errors';
import { maskToken, parseToken } from './bots/token';
import { UPDATE_KEEP_MS, UpdateRecords } from './bots/update-records';
import type { Store } from './db/store';
import { WriteBatcher } from './db/write-batcher';
import { BotdeckError } from './errors';
import { DeliveriesRepository } from './leads/deliveries-repository';
import { LeadRecords } from './leads/lead-records';
import type { EngineEvents, EventBus } from './events';
import type { Logger } from './logger';
import type { SecretStore } from './secrets/secret-store';
import { errorText } from './redact';

export interface FleetOptions {
  readonly apiRoot: string;
  readonly health: HealthOptions;
  readonly poll: PollOptions;
  readonly probe: ProbeOptions;
  readonly send: Omit<SenderOptions, 'ratePerSecond'>;
  /** How often the engine records that it is alive. */
  readonly heartbeatMs: number;
  /** How often bot health is re-evaluated. */
  readonly tickMs: number;
  /**
   * A gap this long between two health ticks means the process did not run at all (the
   * laptop slept): an engine incident, not the bots' fault.
   */
  readonly pauseGapMs: number;
  /** Timeout of the getMe call that checks a new token. */
  readonly getMeTimeoutMs: number;
  /** How often recorded updates older than Telegram's window are deleted. */
  readonly pruneUpdatesMs: number;
  /**
   * Messages per second for every bot instead of each bot's own rate: for a self-hosted
   * Bot API server in front of Telegram, and for benchmarks. null in normal use.
   */
  readonly rateOverride: number | null;
}

export interface FleetDeps {
  readonly store: Store;
  /** The data folder: welcome media files are read from its media folder only. */
  readonly dataDir: string;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly options: Partial<FleetOptions> & Pick<FleetOptions, 'apiRoot'>;
  readonly now?: () => number;
}

interface Slot {
  record: BotRecord;
  readonly health: BotHealth;
  runner: BotRunner | null;
}

const HOUR_MS = 3_600_000;
/** Updates deleted per write: a short write lock, with the bots' own writes in between. */
const PRUNE_BATCH = 500;

/** The parts of the engine's timings the operator sets in Settings. */
export function healthFromSettings(settings: Settings, base: Pick<FleetOptions, 'health' | 'probe'>): Pick<FleetOptions, 'health' | 'probe'> {
  return {
    health: {
      ...base.health,
      graceMs: settings.downGraceSeconds * 1000,
      downAfterFailures: settings.downAfterFailures,
      recoverAfterSamples: settings.recoverAfterSamples,
    },
    probe: { ...base.probe, intervalMs: settings.probeSeconds * 1000 },
  };
}

/**
 * Every bot the operator runs, on one store. Each bot has its own runner, sender, timers
 * and health, so one bot's failure never slows another. The fleet refuses to run on a
 * store whose schema was not verified.
 */
export class Fleet {
  private readonly records: BotRecords;
  private readonly leads: LeadRecords;
  private readonly deliveries: DeliveriesRepository;
  private options: FleetOptions;
  private readonly slots = new Map<number, Slot>();
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private lastTickAt: number | null = null;
  private apiRoot: string;
  private readonly writer: WriteBatcher;
  private readonly updates: UpdateRecords;
  private pruning = false;
  private closed = false;

  constructor(private readonly deps: FleetDeps) {
    deps.store.assertReady();
    this.records = new BotRecords(deps.store.db);
    this.leads = new LeadRecords(deps.store.db);
    this.deliveries = new DeliveriesRepository(deps.store.db);
    this.writer = new WriteBatcher(deps.store.db);
    this.updates = new UpdateRecords(deps.store.db);
    this.apiRoot = deps.options.apiRoot;
    this.now = deps.now ?? Date.now;
    this.options = {
      health: defaultHealthOptions,
      poll: defaultPollOptions,
      probe: defaultProbeOptions,
      send: defaultSenderOptions,
      heartbeatMs: 10_000,
      tickMs: 1000,
      pauseGapMs: 15_000,
      getMeTimeoutMs: 15_000,
      pruneUpdatesMs: 600_000,
      rateOverride: null,
      ...deps.options,
    };
  }

  private get db(): Store['db'] {
    return this.deps.store.db;
  }

  /**
   * Brings the engine back after a stop or a crash: decides what to do with sends left
   * half-done, holds welcomes too old to send unasked, records how long the engine was
   * offline, then starts the bots that were running.
   */
  resume(): void {
    const now = this.now();
    this.deliveries.requeueAfterCrash(now);
    this.recordOfflineGap(now);
    for (const record of this.records.active()) {
      const slot = this.slotFor(record);
      if (record.desiredState === 'running') this.launch(slot);
    }
    this.tick();
    this.timers.push(setInterval(() => void this.beat(), this.options.heartbeatMs));
    this.timers.push(setInterval(() => this.tick(), this.options.tickMs));
    void this.pruneUpdates();
    this.timers.push(setInterval(() => void this.pruneUpdates(), this.options.pruneUpdatesMs));
  }

  /** Forgets updates Telegram can no longer deliver again, in small batches through the write batcher. */
  private async pruneUpdates(): Promise<void> {
    if (this.pruning) return;
    this.pruning = true;
    const cutoff = this.now() - UPDATE_KEEP_MS;
    try {
      let removed = PRUNE_BATCH;
      while (!this.closed && removed === PRUNE_BATCH) removed = await this.writer.run(() => this.updates.pruneBefore(cutoff, PRUNE_BATCH), 'relaxed');
    } catch (error) {
      this.deps.logger.warn({ error: errorText(error) }, 'deleting old updates failed; they are kept until the next try');
    } finally {
      this.pruning = false;
    }
  }

  private recordOfflineGap(now: number): void {
    const last = this.db.prepare<[], { beat_at: number }>('SELECT beat_at FROM heartbeat WHERE id = 1').get();
    // A crash is an incident however quickly the process came back (a supervisor restarts
    // it within seconds); after a quit only a gap longer than the heartbeat's jitter counts.
    const crashed = !this.deps.store.previousSessionEndedCleanly;
    if (last !== undefined && (crashed || now - last.beat_at > this.options.heartbeatMs * 2)) {
      this.recordGap(last.beat_at, now, crashed ? 'crash' : 'quit');
    }
    this.db.prepare('INSERT INTO heartbeat (id, started_at, beat_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, beat_at = excluded.beat_at').run(now, now);
  }

  /** Through the write batcher, so that a database locked by another program holds the engine only briefly. */
  private async beat(): Promise<void> {
    const at = this.now();
    try {
      await this.writer.run(() => this.db.prepare('UPDATE heartbeat SET beat_at = ? WHERE id = 1').run(at), 'relaxed');
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'writing the heartbeat failed');
    }
  }

  private tick(): void {
    const now = this.now();
    if (this.lastTickAt !== null && now - this.lastTickAt > this.options.pauseGapMs) this.resumeAfterPause(this.lastTickAt, now);
    this.lastTickAt = now;
    for (const slot of this.slots.values()) {
      try {
        slot.health.evaluate(now, this.deliveries.queueFigures(slot.record.id));
      } catch (error) {
        this.deps.logger.error({ error: errorText(error), botId: slot.record.id }, 'evaluating bot health failed');
      }
    }
  }

  /**
   * The process was frozen (sleep, hibernation) and runs again. The gap is the engine's
   * offline time, like one found at start; the bots get a fresh grace period and check
   * Telegram at once instead of being declared down for time they could not run.
   */
  private resumeAfterPause(from: number, to: number): void {
    this.deps.logger.warn({ offlineFrom: from, offlineTo: to }, 'the engine was paused (the computer slept?)');
    for (const slot of this.slots.values()) {
      slot.health.resumedAfterPause(to);
      slot.runner?.checkNow();
    }
    this.recordGap(from, to, 'paused');
  }

  /** One offline gap, however it was found: written down, then announced (the incident comes from the announcement). */
  private recordGap(from: number, to: number, why: EngineEvents['engine.resumed']['why']): void {
    try {
      this.db.prepare('INSERT INTO engine_gaps (offline_from, offline_to) VALUES (?, ?)').run(from, to);
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'recording an offline gap failed');
    }
    this.deps.events.emit('engine.resumed', { offlineFrom: from, offlineTo: to, why });
  }

  private slotFor(record: BotRecord): Slot {
    const existing = this.slots.get(record.id);
    if (existing !== undefined) {
      existing.record = record;
      existing.health.rename(record.username);
      return existing;
    }
    const slot: Slot = {
      record,
      health: new BotHealth(record.id, record.username, () => this.options.health, this.now(), (status) => this.deps.events.emit('bot.status', status)),
      runner: null,
    };
    this.slots.set(record.id, slot);
    return slot;
  }

  private launch(slot: Slot): void {
    if (slot.runner !== null) return;
    const record = slot.record;
    const now = this.now();
    // Welcomes older than the bot's recovery window wait for the operator instead of going out unasked.
    this.deliveries.holdStale(record.id, now - record.welcome.maxRecoveryAgeHours * HOUR_MS, now);
    let token: string;
    try {
      token = this.deps.secrets.unseal(record.tokenSealed);
    } catch (error) {
      // This bot cannot run; the others must not be held back by it.
      slot.health.cannotStart(this.now(), errorText(error));
      this.deps.logger.error({ botId: record.id, error: errorText(error) }, 'the bot token cannot be opened');
      return;
    }
    const runner = new BotRunner(
      {
        botId: record.id,
        telegramBotId: record.telegramId,
        username: record.username,
        name: record.name,
        token,
        apiRoot: this.apiRoot,
        sendRate: this.options.rateOverride ?? record.sendRate,
      },
      {
        db: this.db,
        writer: this.writer,
        events: this.deps.events,
        logger: this.deps.logger,
        health: slot.health,
        poll: this.options.poll,
        probe: () => this.options.probe,
        send: this.options.send,
        now: this.now,
        // In memory: read for every batch and every send; setWelcome keeps it current.
        welcome: () => slot.record.welcome,
        dataDir: this.deps.dataDir,
        rememberFileId: (fileId) => this.rememberFileId(record.id, fileId),
        onHalt: () => {
          slot.runner = null;
          void runner.stop();
          this.tick();
        },
      },
    );
    slot.runner = runner;
    runner.start();
    this.tick();
  }

  private async halt(slot: Slot, reason: 'stopped_by_operator' = 'stopped_by_operator'): Promise<void> {
    const runner = slot.runner;
    slot.runner = null;
    slot.health.stopped(reason);
    if (runner !== null) await runner.stop();
    slot.health.evaluate(this.now(), this.deliveries.queueFigures(slot.record.id));
  }

  private rememberFileId(botId: number, fileId: string): void {
    const record = this.records.get(botId);
    if (record === null) return;
    const media = record.welcome.media;
    if (media === null || media.fileId !== null) return;
    this.records.setWelcome(botId, { ...record.welcome, media: { ...media, fileId } }, this.now());
    this.refresh(botId);
  }

  /** Reloads a bot's record into its slot after a change. */
  private refresh(botId: number): void {
    const record = this.records.get(botId);
    const slot = this.slots.get(botId);
    if (record !== null && slot !== undefined) slot.record = record;
  }

  private async getMe(token: string): Promise<UserFromGetMe> {
    const api = new Api(token, { apiRoot: this.apiRoot });
    try {
      return await api.getMe(grammySignal(AbortSignal.timeout(this.options.getMeTimeoutMs)));
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure?.kind === 'unauthorized' || (failure?.kind === 'server' && failure.status === 404)) {
        throw new BotdeckError('BOT_TOKEN_REJECTED', 'Telegram rejected this token. Copy it again from BotFather (/mybots → API Token); if it was revoked, generate a new one there.', { cause: error });
      }
      if (failure === null || failure.kind === 'network') {
        const detail = failure?.description ?? errorText(error);
        throw new BotdeckError('TELEGRAM_UNREACHABLE', `Botdeck could not reach Telegram at ${this.apiRoot} (${detail}). Check the internet connection and try again.`, { cause: error });
      }
      throw new BotdeckError('TELEGRAM_ERROR', `Telegram answered: ${failure.description}`, { cause: error });
    }
  }

  private requireSlot(botId: number): Slot {
    const record = this.records.get(botId);
    if (record === null) throw new BotdeckError('BOT_NOT_FOUND', `There is no bot ${botId}; it may have been removed.`);
    return this.slotFor(record);
  }

  /** Checks the token with Telegram, then stores the bot with its token sealed. The bot starts stopped. */
  async addBot(rawToken: string): Promise<BotSummary> {
    const { token } = parseToken(rawToken);
    const me = await this.getMe(token);
    const existing = this.records.byTelegramId(me.id);
    if (existing !== null) throw new BotdeckError('BOT_DUPLICATE', `@${me.username} is already in Botdeck.`);
    const id = this.records.insert(
      { telegramId: me.id, username: me.username, name: me.first_name, tokenSealed: this.deps.secrets.seal(token), tokenHint: maskToken(token), welcome: defaultWelcome(me.first_name) },
      this.now(),
    );
    this.deps.logger.info({ botId: id, username: me.username }, 'bot added');
    return this.summary(this.requireSlot(id));
  }

  /**
   * A new token for a bot. The same Telegram bot keeps its leads; a different bot archives
   * the old leads ('bot_replaced') and starts afresh in the same slot.
   */
  async replaceToken(botId: number, rawToken: string): Promise<BotSummary> {
    const slot = this.requireSlot(botId);
    const { token } = parseToken(rawToken);
    const me = await this.getMe(token);
    const wasRunning = slot.runner !== null;
    const now = this.now();
    const sealed = this.deps.secrets.seal(token);
    if (me.id === slot.record.telegramId) {
      if (wasRunning) await this.halt(slot);
      this.records.updateToken(botId, { sealed, hint: maskToken(token), username: me.username, name: me.first_name }, now);
    } else {
      const other = this.records.byTelegramId(me.id);
      if (other !== null) throw new BotdeckError('BOT_DUPLICATE', `@${me.username} is already in Botdeck.`);
      if (wasRunning) await this.halt(slot);
      this.db.transaction(() => {
        this.leads.archiveBot(botId, 'bot_replaced', now);
        this.deliveries.closeForBot(botId, 'bot_replaced', now);
        this.records.replaceIdentity(botId, { telegramId: me.id, sealed, hint: maskToken(token), username: me.username, name: me.first_name }, now);
      }).immediate();
    }
    const fresh = this.requireSlot(botId);
    if (wasRunning) this.launch(fresh);
    return this.summary(fresh);
  }

  /** Stops the bot and archives its leads ('bot_removed'). Nothing is deleted. */
  async removeBot(botId: number): Promise<void> {
    const slot = this.requireSlot(botId);
    await this.halt(slot);
    const now = this.now();
    this.db.transaction(() => {
      this.leads.archiveBot(botId, 'bot_removed', now);
      this.deliveries.closeForBot(botId, 'bot_removed', now);
      this.records.markRemoved(botId, now);
    }).immediate();
    this.slots.delete(botId);
    this.deps.events.emit('bot.removed', { botId });
  }

  startBot(botId: number): BotSummary {
    this.requireSlot(botId);
    this.records.setDesiredState(botId, 'running', this.now());
    const slot = this.requireSlot(botId);
    this.launch(slot);
    return this.summary(slot);
  }

  async stopBot(botId: number): Promise<BotSummary> {
    this.requireSlot(botId);
    this.records.setDesiredState(botId, 'stopped', this.now());
    const slot = this.requireSlot(botId);
    await this.halt(slot);
    return this.summary(slot);
  }

  async restartBot(botId: number): Promise<BotSummary> {
    const slot = this.requireSlot(botId);
    await this.halt(slot);
    this.records.setDesiredState(botId, 'running', this.now());
    const fresh = this.requireSlot(botId);
    this.launch(fresh);
    return this.summary(fresh);
  }

  setWelcome(botId: number, input: unknown): BotSummary {
    const slot = this.requireSlot(botId);
    const result = validateWelcome(input);
    if (!result.ok) {
      throw new BotdeckError('WELCOME_INVALID', result.errors.map((error) => `${error.path}: ${error.message}`).join('\n'));
    }
    const previous = slot.record.welcome.media;
    const next: Welcome = result.value;
    // Keep the uploaded file_id only while the media source is the same file or URL.
    const sameSource = previous !== null && next.media !== null && JSON.stringify(previous.source) === JSON.stringify(next.media.source) && previous.kind === next.media.kind;
    const welcome: Welcome = next.media === null ? next : { ...next, media: { ...next.media, fileId: sameSource ? (next.media.fileId ?? previous.fileId) : null } };
    this.records.setWelcome(botId, welcome, this.now());
    this.refresh(botId);
    return this.summary(this.requireSlot(botId));
  }

  setSendRate(botId: number, rate: number): BotSummary {
    if (!Number.isInteger(rate) || rate < 1 || rate > 30) throw new BotdeckError('BAD_INPUT', 'The send rate must be a whole number of messages per second from 1 to 30.');
    this.requireSlot(botId);
    this.records.setSendRate(botId, rate, this.now());
    return this.summary(this.requireSlot(botId));
  }

  /** Points every bot at another Bot API server; running bots restart on it. */
  async setApiRoot(apiRoot: string): Promise<void> {
    if (apiRoot === this.apiRoot) return;
    this.apiRoot = apiRoot;
    const running = [...this.slots.values()].filter((slot) => slot.runner !== null);
    for (const slot of running) await this.halt(slot);
    for (const slot of running) this.launch(slot);
  }

  /** The operator's health rules; they apply from the next evaluation, without restarting bots. */
  applySettings(settings: Settings): void {
    this.options = { ...this.options, ...healthFromSettings(settings, this.options) };
    this.tick();
  }

  get currentApiRoot(): string {
    return this.apiRoot;
  }

  /** Sends the bot's current welcome to one chat, so the operator sees it as a lead would. */
  async sendTestWelcome(botId: number, chatId: number): Promise<{ messageId: number }> {
    const slot = this.requireSlot(botId);
    const api = new Api(this.deps.secrets.unseal(slot.record.tokenSealed), { apiRoot: this.apiRoot });
    const { text, media, buttons } = slot.record.welcome;
    // Refused here, before any call: a file outside the media folder never leaves the machine.
    const content = prepareContent({ text, media, buttons }, this.deps.dataDir);
    try {
      const sent = await sendContent(api, chatId, content);
      if (sent.fileId !== null && media !== null && media.fileId === null) this.rememberFileId(botId, sent.fileId);
      return { messageId: sent.messageId };
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure?.kind === 'bad_request' && failure.chatNotFound) {
        throw new BotdeckError('TELEGRAM_ERROR', `Telegram does not know chat ${chatId} for @${slot.record.username}. Send /start to the bot from that account first, then try again.`, { cause: error });
      }
      if (failure?.kind === 'forbidden') {
        throw new BotdeckError('TELEGRAM_ERROR', `That chat blocked @${slot.record.username}. Unblock the bot in Telegram, then try again.`, { cause: error });
      }
      if (failure === null || failure.kind === 'network') {
        throw new BotdeckError('TELEGRAM_UNREACHABLE', `Botdeck could not reach Telegram at ${this.apiRoot} (${failure?.description ?? errorText(error)}).`, { cause: error });
      }
      throw new BotdeckError('TELEGRAM_ERROR', `Telegram refused the test message: ${failure.description}`, { cause: error });
    }
  }

  status(botId: number): BotStatus {
    const slot = this.requireSlot(botId);
    return slot.health.evaluate(this.now(), this.deliveries.queueFigures(botId));
  }

  list(): BotSummary[] {
    return this.records.active().map((record) => this.summary(this.slotFor(record)));
  }

  private summary(slot: Slot): BotSummary {
    const record = slot.record;
    return {
      id: record.id,
      telegramId: record.telegramId,
      username: record.username,
      name: record.name,
      tokenHint: record.tokenHint,
      desiredState: record.desiredState,
      sendRate: record.sendRate,
      welcome: record.welcome,
      createdAt: record.createdAt,
      status: slot.health.evaluate(this.now(), this.deliveries.queueFigures(record.id)),
    };
  }

  /** Stops every bot, keeping their desired states so the next start resumes the same ones. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([...this.slots.values()].map(async (slot) => {
      const runner = slot.runner;
      slot.runner = null;
      if (runner !== null) await runner.stop();
    }));
    await this.beat();
  }
}
