import { storedBotApi } from '../bots/stored-bot-api';
import type { BotStatus } from '../../../shared/bot-status';
import type { BotSummary } from '../../../shared/bot-summary';
import type { Settings } from '../../../shared/settings';
import { BotRecords, type BotRecord } from '../bots/bot-records';
import type { Store } from '../db/store';
import { WalCheckpointer } from '../db/wal-checkpointer';
import { WriteBatcher } from '../db/write-batcher';
import type { MessageContent } from '../bots/send-content';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import { DeliveriesRepository } from '../leads/deliveries-repository';
import { LeadRecords } from '../leads/lead-records';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import { deliveryContent } from './delivery-content';
import { EngineClock, type OfflineObserver } from './engine-clock';
import { defaultFleetOptions, healthFromSettings, type FleetOptions } from './fleet-options';
import { Onboarding } from './onboarding';
import { Supervisor } from './supervisor';
import { ConnectedPixGateway } from '../payments/connected-pix-gateway';
import { PixGatewayHealth } from '../payments/pix-gateway-health';
import { PixChargeCreator } from '../payments/pix-charge-creator';
import { PixCheckout } from '../payments/pix-checkout';
import { ProductRecords } from '../payments/product-records';
import { PixGatewaySettings } from '../payments/pix-gateway-settings';
import { PixPaidAnswerer } from '../payments/pix-paid-press';
import { PixPoller } from '../payments/pix-poller';
import { StarsCheckout } from '../payments/stars-checkout';
import { StarRefunds } from '../payments/star-refunds';
import { StarsReconciliation } from '../payments/stars-reconciliation';
import type { StoredPayment } from '../payments/payment-records';
import type { StarsReconciliationResult } from '../../../shared/payments';
import { UpdatePruner } from './update-pruner';
import { WelcomeService } from './welcome-service';

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

/**
 * Every bot the operator runs, on one store: the composition of the supervisor (slots,
 * start, stop), the engine clock (heartbeat, offline gaps, the tick), onboarding (tokens,
 * add, replace, remove) and the welcome service, and the one API the hosts call. The fleet
 * refuses to run on a store whose schema was not verified.
 */
export class Fleet {
  private options: Omit<FleetOptions, 'apiRoot'>;
  private apiRoot: string;
  private readonly records: BotRecords;
  private readonly clock: EngineClock;
  private readonly pruner: UpdatePruner;
  private readonly welcomes: WelcomeService;
  private readonly supervisor: Supervisor;
  private readonly onboarding: Onboarding;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly stars: StarsReconciliation;
  private readonly refunds: StarRefunds;
  private readonly secrets: SecretStore;
  /** Asks the PIX gateway about open charges, whether or not the bots run. */
  readonly pixPoller: PixPoller;
  /** The PIX gateway in Settings: saved once it accepts the token, tested on demand. */
  readonly pixGateway: PixGatewaySettings;
  private readonly now: () => number;
  private closed = false;

  constructor(deps: FleetDeps) {
    deps.store.assertReady();
    const { apiRoot, ...options } = deps.options;
    this.options = { ...defaultFleetOptions, ...options };
    this.apiRoot = apiRoot;
    const db = deps.store.db;
    const now = deps.now ?? Date.now;
    this.now = now;
    const writer = new WriteBatcher(db);
    this.checkpointer = WalCheckpointer.start(db, {
      file: deps.store.file,
      nativeBinding: deps.store.nativeBinding,
      onFailure: (message) => deps.logger.warn({ error: message }, 'the WAL checkpoint thread stopped; commits checkpoint on their own again'),
    });
    const deliveries = new DeliveriesRepository(db);
    const currentApiRoot = (): string => this.apiRoot;
    this.records = new BotRecords(db);
    this.clock = new EngineClock({
      db,
      writer,
      events: deps.events,
      logger: deps.logger,
      now,
      options: this.options,
      previousRunEndedCleanly: deps.store.previousSessionEndedCleanly,
    });
    this.pruner = new UpdatePruner({ db, writer, logger: deps.logger, now, everyMs: this.options.pruneUpdatesMs });
    this.secrets = deps.secrets;
    this.stars = new StarsReconciliation(db, writer, deps.logger, now);
    this.refunds = new StarRefunds({ db, records: this.records, secrets: deps.secrets, apiRoot: currentApiRoot, now, timeoutMs: () => this.options.getMeTimeoutMs });
    this.welcomes = new WelcomeService({ records: this.records, products: new ProductRecords(db), secrets: deps.secrets, dataDir: deps.dataDir, apiRoot: currentApiRoot, now });
    const pix = this.options.pix;
    const gateway = new ConnectedPixGateway(db, deps.secrets, pix.requestTimeoutMs);
    const creator = new PixChargeCreator(db, writer, now, pix.checkEveryMs);
    this.pixGateway = new PixGatewaySettings(db, deps.secrets, now, pix.requestTimeoutMs);
    const health = new PixGatewayHealth(db, deps.secrets, writer, deps.events, now);
    this.pixPoller = new PixPoller({
      db,
      writer,
      gateway,
      creator,
      health,
      events: deps.events,
      logger: deps.logger,
      now,
      options: pix,
      wake: (botId) => {
        this.supervisor.wakeSender(botId);
      },
    });
    this.supervisor = new Supervisor({
      db,
      writer,
      records: this.records,
      deliveries,
      welcomes: this.welcomes,
      content: deliveryContent(this.welcomes, deps.dataDir),
      secrets: deps.secrets,
      events: deps.events,
      logger: deps.logger,
      now,
      options: () => this.options,
      apiRoot: currentApiRoot,
      stars: this.stars,
      checkouts: { stars: new StarsCheckout(db, deps.logger), pix: new PixCheckout(db, writer, deps.logger, now, gateway, creator, health) },
      pixPaid: new PixPaidAnswerer(db, this.pixPoller, deps.logger),
    });
    this.onboarding = new Onboarding({
      db,
      records: this.records,
      leads: new LeadRecords(db),
      deliveries,
      supervisor: this.supervisor,
      welcomes: this.welcomes,
      secrets: deps.secrets,
      events: deps.events,
      logger: deps.logger,
      now,
      apiRoot: currentApiRoot,
      getMeTimeoutMs: () => this.options.getMeTimeoutMs,
    });
  }

  /**
   * Brings the engine back: the observer (the incident tracker) gets the previous run's end
   * and any offline gap before a bot starts, then the bots that were running start.
   */
  resume(observer: OfflineObserver): void {
    this.clock.begin(observer);
    // Before any bot runs: the checkouts a stop left opening are listed before a new press can add one.
    this.pixPoller.start();
    this.supervisor.resume();
    this.clock.run(this.supervisor);
    this.pruner.start();
  }

  async addBot(rawToken: string): Promise<BotSummary> {
    return this.summary(await this.onboarding.add(rawToken));
  }

  async replaceToken(botId: number, rawToken: string): Promise<BotSummary> {
    await this.onboarding.replaceToken(botId, rawToken);
    return this.summary(botId);
  }

  removeBot(botId: number): Promise<void> {
    return this.onboarding.remove(botId);
  }

  /** Each bot's sender looks at its queue now (rows were queued for it by a campaign). */
  wakeSenders(botIds: Iterable<number>): void {
    for (const botId of botIds) this.supervisor.wakeSender(botId);
  }

  /** Gives a Stars payment back through the bot's token (running or not), then records the refund. */
  refundStarPayment(paymentId: number): Promise<StoredPayment> {
    return this.refunds.refund(paymentId);
  }

  /** The operator's check of a bot's Star transactions against the store (running or not); recorded payments' deliveries go out when it runs. */
  async reconcileStars(botId: number): Promise<StarsReconciliationResult> {
    const record = this.records.require(botId);
    const api = storedBotApi(record, this.secrets, this.apiRoot);
    const result = await this.stars.run(api, botId, AbortSignal.timeout(this.options.getMeTimeoutMs * 4));
    if (result.recorded > 0) this.supervisor.wakeSender(botId);
    return result;
  }

  startBot(botId: number): BotSummary {
    this.supervisor.start(botId);
    return this.summary(botId);
  }

  async stopBot(botId: number): Promise<BotSummary> {
    await this.supervisor.stop(botId);
    return this.summary(botId);
  }

  async restartBot(botId: number): Promise<BotSummary> {
    await this.supervisor.restart(botId);
    return this.summary(botId);
  }

  setWelcome(botId: number, input: unknown): BotSummary {
    this.welcomes.set(botId, input);
    return this.summary(botId);
  }

  sendTestWelcome(botId: number, chatId: number): Promise<{ messageId: number }> {
    return this.welcomes.sendTest(botId, chatId);
  }

  /** Sends a message to one chat through the bot as a test, recorded nowhere (no lead, no delivery). */
  sendTestMessage(botId: number, chatId: number, content: MessageContent): Promise<{ messageId: number }> {
    return this.welcomes.sendTestMessage(botId, chatId, content);
  }

  /** Takes effect at the bot's next start. */
  setSendRate(botId: number, rate: number): BotSummary {
    if (!Number.isInteger(rate) || rate < 1 || rate > 30) throw new BotdeckError('BAD_INPUT', text('input.sendRate', {}));
    this.records.require(botId);
    this.records.setSendRate(botId, rate, this.now());
    this.supervisor.adopt(this.records.require(botId));
    return this.summary(botId);
  }

  /** Points every bot at another Bot API server; running bots restart on it. */
  async setApiRoot(apiRoot: string): Promise<void> {
    if (apiRoot === this.apiRoot) return;
    this.apiRoot = apiRoot;
    await this.supervisor.restartRunning();
  }

  get currentApiRoot(): string {
    return this.apiRoot;
  }

  /** The operator's health rules; they apply from the next evaluation, without restarting bots. */
  applySettings(settings: Settings): void {
    this.options = { ...this.options, ...healthFromSettings(settings, this.options) };
    this.supervisor.tick(this.now());
  }

  /** The last evaluated status: reading it changes nothing. */
  status(botId: number): BotStatus {
    return this.supervisor.status(botId);
  }

  list(): BotSummary[] {
    return this.records.active().flatMap((record) => {
      const status = this.supervisor.statusOf(record.id);
      return status === null ? [] : [this.summarize(record, status)];
    });
  }

  private summary(botId: number): BotSummary {
    return this.summarize(this.records.require(botId), this.supervisor.status(botId));
  }

  private summarize(record: BotRecord, status: BotStatus): BotSummary {
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
      status,
    };
  }

  /** Stops every bot, keeping their desired states so the next start resumes the same ones. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.stop();
    this.pruner.stop();
    await this.pixPoller.stop();
    await this.supervisor.close();
    await this.clock.finalBeat();
    await this.checkpointer?.stop();
  }
}
