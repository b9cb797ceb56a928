import type { Database } from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { channelConfigSchema, type AlertLogEntry, type AlertType, type ChannelConfig, type ChannelView } from '../../../shared/alerts';
import type { BackupStatus } from '../../../shared/backup-status';
import type { RecoveryJob } from '../../../shared/recovery-jobs';
import type { Settings } from '../../../shared/settings';
import type { BackupAlertType, BackupAlerts } from '../backups/backup-schedule';
import { backoffDelay, type BackoffPolicy } from '../bots/backoff';
import { getSetting, setSetting } from '../db/settings';
import { BotdeckError, isBotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { problemsOf } from '../../../shared/i18n/problems';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import { errorText } from '../redact';
import { AlertLog } from './alert-log';
import type { AlertMessage } from './alert-message';
import { alertLocale, alertText, backupAlertText, heartbeatMessage, recoveryDoneText, type AlertLocale } from './alert-text';
import { ChannelRecords, type StoredChannel } from './channel-records';
import { ChannelDeliveryError } from './channels/channel';
import { channelFor } from './channels';
import type { IncidentRecords } from './incident-records';
import type { Notifier } from './notifier';

export interface AlertOptions {
  /** One delivery attempt may take this long; a hanging receiver holds nothing beyond it. */
  readonly attemptTimeoutMs: number;
  /** Retries of a failing channel. */
  readonly retry: BackoffPolicy;
  /** How often heartbeat channels are pinged while the engine runs. */
  readonly heartbeatMs: number;
  /** How often open incidents are checked for a repeated reminder. */
  readonly reminderCheckMs: number;
}

export const defaultAlertOptions: AlertOptions = {
  attemptTimeoutMs: 10_000,
  retry: { baseMs: 2000, maxMs: 60_000, maxAttempts: 5 },
  heartbeatMs: 60_000,
  reminderCheckMs: 15_000,
};

export interface AlertServiceDeps {
  readonly db: Database;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly notifier: Notifier;
  readonly incidents: IncidentRecords;
  readonly settings: () => Settings;
  readonly telegramApiRoot: () => string;
  readonly options: AlertOptions;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

const DEFAULT_CHANNEL_SETTING = 'alerts.defaultChannel';

type Failure = { readonly message: string; readonly retryable: boolean };

/**
 * Tells the operator: every enabled channel gets each alert, independently, in the
 * background, retried with backoff; a failing or hanging channel only costs its own
 * retries, never the engine's time. Heartbeat channels are pinged on a timer instead.
 */
export class AlertService implements BackupAlerts {
  private readonly channels: ChannelRecords;
  private readonly log: AlertLog;
  private readonly abort = new AbortController();
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => number;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly deps: AlertServiceDeps) {
    this.channels = new ChannelRecords(deps.db, deps.secrets);
    this.log = new AlertLog(deps.db);
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.log.abandonUnfinished(this.now());
    this.addDefaultChannel();
    this.ping();
    this.timers.push(setInterval(() => this.ping(), this.deps.options.heartbeatMs));
    this.timers.push(setInterval(() => this.remind(), this.deps.options.reminderCheckMs));
  }

  /**
   * On a host with its own screen, OS notifications are on from the first start. Once:
   * a channel the operator removed stays removed.
   */
  private addDefaultChannel(): void {
    if (!this.deps.notifier.native || getSetting(this.deps.db, DEFAULT_CHANNEL_SETTING) !== null) return;
    this.deps.db.transaction(() => {
      this.channels.insert({ name: 'This computer', enabled: true, config: { kind: 'desktop' }, hint: channelFor('desktop').hint({ kind: 'desktop' }) }, this.now());
      setSetting(this.deps.db, DEFAULT_CHANNEL_SETTING, 'added');
    })();
  }

  /** Sends an alert about an incident to every enabled alert channel. Never throws. */
  announce(type: Exclude<AlertType, 'test' | 'recovery_done' | BackupAlertType>, incidentId: number): void {
    if (this.closed) return;
    try {
      const incident = this.deps.incidents.get(incidentId);
      if (incident === null) return;
      const message = alertText(type, incident, this.textContext());
      const targets = this.channels.list().filter((channel) => channel.view.enabled && channelFor(channel.view.kind).role === 'alerts');
      for (const channel of targets) this.track(this.deliverWithRetry(channel, message, type, incidentId));
      this.deps.incidents.markAlerted(incidentId, this.now());
    } catch (error) {
      this.deps.logger.error({ error: errorText(error), incidentId, type }, 'an alert could not be sent');
    }
  }

  /**
   * A recovery job ended: a notification on this computer (a click opens the job) and,
   * when the job was started to announce it, the same on every enabled alert channel but
   * the desktop one (it would show it twice). Never throws.
   */
  recoveryEnded(job: RecoveryJob): void {
    if (this.closed) return;
    try {
      const message = recoveryDoneText(job.progress, this.textContext());
      this.deps.logger.info({ jobId: job.id, status: job.progress.status, sent: job.progress.sent, failed: job.progress.failed }, 'a recovery job ended');
      const unavailable = this.deps.notifier.unavailable();
      if (unavailable === null) this.deps.notifier.show({ title: message.title, body: message.text, opens: { page: 'recovery', jobId: job.id } });
      else this.deps.logger.warn({ jobId: job.id, why: unavailable }, 'the end of a recovery job could not be shown');
      if (!job.announce) return;
      const targets = this.channels.list().filter((channel) => channel.view.enabled && channel.view.kind !== 'desktop' && channelFor(channel.view.kind).role === 'alerts');
      for (const channel of targets) this.track(this.deliverWithRetry(channel, message, 'recovery_done', null));
    } catch (error) {
      this.deps.logger.error({ error: errorText(error), jobId: job.id }, 'the end of a recovery job could not be announced');
    }
  }

  /** A backup failed, is overdue, or works again: every enabled alert channel is told (logged without an incident). Never throws. */
  backupAlert(type: BackupAlertType, status: BackupStatus): void {
    if (this.closed) return;
    try {
      const message = backupAlertText(type, status, this.textContext());
      const targets = this.channels.list().filter((channel) => channel.view.enabled && channelFor(channel.view.kind).role === 'alerts');
      for (const channel of targets) this.track(this.deliverWithRetry(channel, message, type, null));
    } catch (error) {
      this.deps.logger.error({ error: errorText(error), type }, 'a backup alert could not be sent');
    }
  }

  /** One attempt through one channel, now, for the console's test button. */
  async test(channelId: number): Promise<{ ok: true; ms: number }> {
    const channel = this.channels.get(channelId);
    const message = channelFor(channel.view.kind).role === 'heartbeat' ? { ...heartbeatMessage(this.now()), type: 'test' as const } : alertText('test', null, this.textContext());
    const entry = this.logged(this.log.start(channel.view, 'test', null, this.now()));
    const started = performance.now();
    const failure = await this.attempt(channel, message);
    const ms = Math.round(performance.now() - started);
    this.logged(this.log.finish(entry.id, failure === null ? 'sent' : 'failed', 1, failure?.message ?? null, this.now()));
    if (failure !== null) throw new BotdeckError('CHANNEL_FAILED', text('channel.failed', { detail: failure.message }));
    return { ok: true, ms };
  }

  listChannels(): ChannelView[] {
    return this.channels.list().map((channel) => channel.view);
  }

  addChannel(input: { name: string; enabled: boolean; config: unknown }): ChannelView {
    const config = this.checkedConfig(input.config);
    const id = this.channels.insert({ name: input.name, enabled: input.enabled, config, hint: channelFor(config.kind).hint(config) }, this.now());
    return this.channels.get(id).view;
  }

  updateChannel(input: { channelId: number; name?: string | undefined; enabled?: boolean | undefined; config?: unknown }): ChannelView {
    const current = this.channels.get(input.channelId);
    let config: { value: ChannelConfig; hint: string } | undefined;
    if (input.config !== undefined) {
      const value = this.checkedConfig(input.config);
      if (value.kind !== current.view.kind)
        throw new BotdeckError('CHANNEL_INVALID', text('channel.otherKind', { name: current.view.name, kind: current.view.kind, newKind: value.kind }));
      config = { value, hint: channelFor(value.kind).hint(value) };
    }
    this.channels.update(input.channelId, { name: input.name, enabled: input.enabled, config }, this.now());
    return this.channels.get(input.channelId).view;
  }

  removeChannel(channelId: number): void {
    this.channels.remove(channelId);
  }

  history(query: { limit: number; beforeId?: number | undefined }): AlertLogEntry[] {
    return this.log.list(query);
  }

  /** Stops the timers and cuts in-flight deliveries short; what was unfinished is logged as such. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.abort.abort();
    await Promise.allSettled([...this.pending]);
  }

  private checkedConfig(input: unknown): ChannelConfig {
    const parsed = channelConfigSchema.safeParse(input);
    if (!parsed.success) throw new BotdeckError('CHANNEL_INVALID', text('channel.invalid', { problems: problemsOf(parsed.error) }));
    return parsed.data;
  }

  private textContext(): { locale: AlertLocale; now: number } {
    return { locale: alertLocale(this.deps.settings().language), now: this.now() };
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private logged(entry: AlertLogEntry): AlertLogEntry {
    this.deps.events.emit('alert.logged', entry);
    return entry;
  }

  private async deliverWithRetry(channel: StoredChannel, message: AlertMessage, type: AlertType, incidentId: number | null): Promise<void> {
    const { retry } = this.deps.options;
    try {
      const entry = this.logged(this.log.start(channel.view, type, incidentId, this.now()));
      for (let attempt = 1; ; attempt += 1) {
        const failure = await this.attempt(channel, message);
        if (failure === null) {
          this.logged(this.log.finish(entry.id, 'sent', attempt, null, this.now()));
          return;
        }
        this.deps.logger.warn({ channelId: channel.view.id, kind: channel.view.kind, attempt, error: failure.message }, 'an alert channel failed');
        if (!failure.retryable || attempt >= retry.maxAttempts || this.closed) {
          this.logged(this.log.finish(entry.id, 'failed', attempt, failure.message, this.now()));
          return;
        }
        this.logged(this.log.attempted(entry.id, attempt, failure.message));
        try {
          await sleep(backoffDelay(attempt, retry), undefined, { signal: this.abort.signal });
        } catch {
          this.logged(this.log.finish(entry.id, 'failed', attempt, `${failure.message} — Botdeck stopped before trying again.`, this.now()));
          return;
        }
      }
    } catch (error) {
      this.deps.logger.error({ channelId: channel.view.id, error: errorText(error) }, 'recording an alert failed');
    }
  }

  /** One delivery; null when the channel accepted it. */
  private async attempt(channel: StoredChannel, message: AlertMessage): Promise<Failure | null> {
    let failure: Failure | null = null;
    try {
      const config = this.channels.config(channel);
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.deps.options.attemptTimeoutMs)]);
      await channelFor(config.kind).deliver(message, config, {
        fetch: this.deps.fetch ?? fetch,
        signal,
        notifier: this.deps.notifier,
        telegramApiRoot: this.deps.telegramApiRoot(),
      });
    } catch (error) {
      if (error instanceof ChannelDeliveryError) failure = { message: error.message, retryable: error.retryable };
      else if (isBotdeckError(error)) failure = { message: error.message, retryable: false };
      else failure = { message: errorText(error), retryable: true };
    }
    try {
      this.channels.recordOutcome(channel.view.id, this.now(), failure?.message ?? null);
    } catch (error) {
      this.deps.logger.warn({ channelId: channel.view.id, error: errorText(error) }, 'recording a channel outcome failed');
    }
    return failure;
  }

  /** The dead man's switch: one ping per heartbeat channel; a missed ping is simply the next one's job. */
  private ping(): void {
    if (this.closed) return;
    try {
      const message = heartbeatMessage(this.now());
      for (const channel of this.channels.list()) {
        if (!channel.view.enabled || channelFor(channel.view.kind).role !== 'heartbeat') continue;
        this.track(
          this.attempt(channel, message).then((failure) => {
            if (failure !== null) this.deps.logger.warn({ channelId: channel.view.id, error: failure.message }, 'the heartbeat ping failed');
          }),
        );
      }
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'the heartbeat could not be sent');
    }
  }

  private remind(): void {
    const minutes = this.deps.settings().alertRepeatMinutes;
    if (minutes === 0 || this.closed) return;
    try {
      for (const id of this.deps.incidents.dueForReminder(this.now() - minutes * 60_000)) this.announce('still_down', id);
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'checking for reminders failed');
    }
  }
}
