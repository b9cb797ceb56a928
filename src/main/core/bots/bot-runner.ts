import type { Database } from 'better-sqlite3';
import { setMaxListeners } from 'node:events';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { WriteBatcher } from '../db/write-batcher';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { BotProbe, type ProbeOptions } from './bot-probe';
import { createCapture, type CaptureBot, type CaptureOutcome } from './capture';
import type { BotHealth } from './health';
import type { ContentResolver } from './content-resolver';
import { Sender, type SenderOptions } from './sender';
import { grammySignal } from './grammy-signal';
import { classifyTelegramError } from './telegram-errors';
import { WakeSignal } from './wake-signal';
import { errorText } from '../redact';
import { readCampaignCapHours } from '../operator-settings';
import type { PaymentRail } from '../../../shared/products';
import type { CheckoutOpener } from '../payments/checkout-opener';
import type { StarsReconciliation } from '../payments/stars-reconciliation';
import { BatchAnswers } from './batch-answers';
import type { PixPaidHandler } from '../payments/pix-paid-press';

export interface PollOptions {
  /** Long-poll timeout passed to getUpdates, in seconds. */
  readonly timeoutSeconds: number;
  /** Backoff between failed getUpdates calls. */
  readonly backoff: BackoffPolicy;
  /** Wait after a 409 before polling again. */
  readonly conflictRetryMs: number;
  /** Wait after the database refused to record an update. */
  readonly databaseRetryMs: number;
}

export const defaultPollOptions: PollOptions = {
  timeoutSeconds: 25,
  backoff: { baseMs: 1000, maxMs: 30_000, maxAttempts: Number.POSITIVE_INFINITY },
  conflictRetryMs: 15_000,
  databaseRetryMs: 5_000,
};

export interface RunnerConfig {
  readonly botId: number;
  readonly telegramBotId: number;
  readonly username: string;
  readonly name: string;
  readonly token: string;
  readonly apiRoot: string;
  readonly sendRate: number;
}

export interface RunnerDeps {
  readonly db: Database;
  readonly writer: WriteBatcher;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly health: BotHealth;
  readonly poll: PollOptions;
  readonly probe: () => ProbeOptions;
  readonly send: Omit<SenderOptions, 'ratePerSecond'>;
  readonly now: () => number;
  /** How a repeated /start is welcomed now (the operator may change it while the bot runs). */
  readonly repeatRules: () => Pick<CaptureBot, 'repeatPolicy' | 'debounceSeconds'>;
  /** What each delivery sends, handed to the bot's sender. */
  readonly content: ContentResolver;
  /** The runner stopped by itself (token revoked). */
  readonly onHalt: () => void;
  /** What each payment rail does once a press opened a checkout. */
  readonly checkouts: Readonly<Record<PaymentRail, CheckoutOpener>>;
  /** Checks the store against the bot's Star transactions at each start. */
  readonly stars: StarsReconciliation;
  /** Answers "I have paid" under a PIX charge. */
  readonly pixPaid: PixPaidHandler;
}

const HOUR_MS = 3_600_000;

const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'pre_checkout_query'] as const;

/**
 * One bot: our own long-poll loop, a grammY Bot for the Bot API and the middleware, and
 * the bot's sender. Each batch from getUpdates is recorded in one transaction (update,
 * lead, event, welcome, offset) BEFORE any middleware runs, and the next getUpdates, which
 * confirms the batch to Telegram, is sent only once that commit is on disk. grammY's built-in
 * polling is not used because it moves past an update whose handler failed.
 */
export class BotRunner {
  private readonly bot: Bot;
  private readonly sender: Sender;
  private readonly probe: BotProbe;
  private readonly signal = new WakeSignal();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  /** The getUpdates in flight; a good probe after failures cuts it short (it may hang on a dead link). */
  private pollAttempt: AbortController | null = null;
  private readonly capture: ReturnType<typeof createCapture>;
  private readonly offsetQuery;
  /** Work off the poll loop (a checkout being opened, the start's reconciliation): a stop waits for it. */
  private readonly background = new Set<Promise<void>>();
  private readonly answers: BatchAnswers;

  constructor(
    private readonly config: RunnerConfig,
    private readonly deps: RunnerDeps,
  ) {
    // Every call in flight (a burst of buyers' invoices and answers among them) listens for the stop: no leak, so no limit.
    setMaxListeners(0, this.abort.signal);
    const me: UserFromGetMe = {
      id: config.telegramBotId,
      is_bot: true,
      first_name: config.name,
      username: config.username,
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.bot = new Bot(config.token, {
      botInfo: me,
      client: { apiRoot: config.apiRoot, timeoutSeconds: deps.poll.timeoutSeconds + 15 },
    });
    this.capture = createCapture(deps.db);
    this.offsetQuery = deps.db.prepare<[number], { update_offset: number }>('SELECT update_offset FROM bots WHERE id = ?');
    this.installMiddleware();
    this.answers = new BatchAnswers(this.bot.api, deps.db, deps.logger, config.botId, this.abort.signal);
    this.sender = new Sender({
      db: deps.db,
      writer: deps.writer,
      botId: config.botId,
      api: this.bot.api,
      options: { ...deps.send, ratePerSecond: config.sendRate },
      health: deps.health,
      events: deps.events,
      logger: deps.logger,
      now: deps.now,
      content: deps.content,
      campaignCapMs: () => readCampaignCapHours(deps.db) * HOUR_MS,
      onUnauthorized: (description) => {
        this.deps.health.pollFailed({ kind: 'unauthorized', description }, this.deps.now());
        this.halt();
      },
    });
    this.probe = new BotProbe({
      api: this.bot.api,
      health: deps.health,
      options: deps.probe,
      suspectIntervalMs: () => deps.health.recoverSampleMs(),
      now: deps.now,
      onUnauthorized: () => {
        this.halt();
      },
      onBackAfterFailure: () => {
        this.pollNow();
      },
    });
  }

  private captureBot(): CaptureBot {
    return { botId: this.config.botId, telegramBotId: this.config.telegramBotId, username: this.config.username, ...this.deps.repeatRules() };
  }

  /**
   * A batch just committed, before it is on disk: its welcomes may go out now. Only a power
   * loss in the next moments can undo the commit; Telegram then delivers the batch again (its
   * offset is confirmed only once on disk) and the lead gets a second welcome, never none.
   */
  private committed(outcomes: readonly CaptureOutcome[]): void {
    const queued = (outcome: CaptureOutcome): boolean =>
      (outcome.kind === 'start' && (outcome.welcome === 'queued' || outcome.welcome === 'requeued')) || (outcome.kind === 'payment' && outcome.result.kind === 'recorded');
    if (outcomes.some(queued)) this.sender.wake();
  }

  /** A batch is on disk: the console hears of its leads. */
  private announce(outcomes: readonly CaptureOutcome[]): void {
    const botId = this.config.botId;
    for (const outcome of outcomes) {
      if (outcome.kind === 'start') {
        if (outcome.created) this.deps.events.emit('lead.created', { botId, leadId: outcome.leadId, source: outcome.source });
        else this.deps.events.emit('lead.updated', { botId, leadId: outcome.leadId });
      } else if (outcome.kind === 'operator') {
        this.deps.events.emit('operator.chat', outcome.chat);
      } else if (outcome.kind === 'payment' && outcome.result.kind === 'recorded') {
        this.deps.events.emit('lead.updated', { botId, leadId: outcome.result.leadId });
      } else if (
        (outcome.kind === 'click' || outcome.kind === 'membership' || outcome.kind === 'opt_out' || outcome.kind === 'checkout' || outcome.kind === 'checkout_refused') &&
        outcome.leadId !== null
      ) {
        this.deps.events.emit('lead.updated', { botId, leadId: outcome.leadId });
      }
    }
  }

  private installMiddleware(): void {
    // Answering a button press is a courtesy: its failure must never block anything.
    this.bot.on('callback_query', (ctx) => {
      ctx.answerCallbackQuery().catch((error: unknown) => {
        this.deps.logger.warn({ botId: this.config.botId, error: errorText(error) }, 'answerCallbackQuery failed');
      });
    });
  }

  /**
   * A press opened a checkout: its rail answers off the poll loop (a PIX charge may take the
   * gateway seconds), so the next updates (a pre-checkout among them) are never held behind it.
   */
  private openCheckout(outcome: Extract<CaptureOutcome, { kind: 'checkout' }>): void {
    this.offLoop(outcome.checkout.id, this.deps.checkouts[outcome.checkout.rail].open(this.bot.api, outcome, this.abort.signal));
  }

  /** The press's answer waits on the gateway: off the loop, and a stop waits for it. */
  private offLoop(checkoutId: number, work: Promise<void>): void {
    const opening = work.catch((error: unknown) => {
      this.deps.logger.error({ botId: this.config.botId, checkoutId, error: errorText(error) }, 'answering a payment press failed');
    });
    this.track(opening);
  }

  private track(work: Promise<void>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** A payment the store lacks (a restored backup) is recorded and delivered; a refund made elsewhere is marked. */
  private reconcileStars(): void {
    const { botId } = this.config;
    this.track(
      this.deps.stars.run(this.bot.api, botId, this.abort.signal).then(
        (result) => {
          if (result.recorded > 0) this.sender.wake();
        },
        (error: unknown) => {
          if (!this.abort.signal.aborted) this.deps.logger.warn({ botId, error: errorText(error) }, 'the Stars reconciliation at start failed');
        },
      ),
    );
  }

  start(): void {
    this.deps.health.started(this.deps.now());
    this.sender.start();
    this.probe.start();
    this.loop ??= this.pollLoop();
    this.reconcileStars();
  }

  async stop(): Promise<void> {
    this.signal.cancel();
    this.abort.abort();
    await this.loop;
    await Promise.all([this.sender.stop(), this.probe.stop(), ...this.background]);
  }

  /** Rows were queued for this bot outside its own capture (a campaign started): the sender looks now instead of at its next second. */
  wakeSender(): void {
    this.sender.wake();
  }

  /** After a pause: the poll in flight is likely dead, so ask again now and probe at once. */
  checkNow(): void {
    this.pollNow();
    this.probe.nudge();
  }

  /** Ends the poll in flight or the backoff sleep: the loop asks Telegram again at once. */
  private pollNow(): void {
    this.pollAttempt?.abort();
    this.signal.wake();
  }

  private halt(): void {
    this.signal.cancel();
    this.abort.abort();
    void this.probe.stop();
    this.deps.onHalt();
  }

  private offset(): number {
    return this.offsetQuery.get(this.config.botId)?.update_offset ?? 0;
  }

  private async pollLoop(): Promise<void> {
    const { health, now, poll, logger } = this.deps;
    let failures = 0;
    // After a failure the next poll asks without waiting, so a recovery shows at once.
    let quick = false;
    try {
      await this.bot.api.deleteWebhook({ drop_pending_updates: false }, grammySignal(this.abort.signal));
    } catch (error) {
      // Polling will surface the same problem with its own handling; note it and go on.
      logger.warn({ botId: this.config.botId, error: errorText(error) }, 'deleteWebhook failed');
    }
    while (!this.signal.isCancelled()) {
      let updates;
      const attempt = new AbortController();
      this.pollAttempt = attempt;
      try {
        updates = await this.bot.api.getUpdates(
          { offset: this.offset(), limit: 100, timeout: quick ? 0 : health.pollTimeoutSeconds(poll.timeoutSeconds), allowed_updates: [...ALLOWED_UPDATES] },
          grammySignal(AbortSignal.any([this.abort.signal, attempt.signal])),
        );
      } catch (error) {
        if (this.signal.isCancelled()) break;
        if (attempt.signal.aborted) {
          // Cut short because Telegram answers again: ask at once instead of waiting it out.
          quick = true;
          continue;
        }
        const failure = classifyTelegramError(error) ?? { kind: 'network' as const, description: errorText(error) };
        failures += 1;
        quick = true;
        const wasSuspect = health.suspect();
        health.pollFailed(failure, now());
        if (!wasSuspect) this.probe.nudge();
        if (failure.kind === 'unauthorized') {
          logger.error({ botId: this.config.botId }, 'Telegram rejected the token; the bot stops until the operator replaces it');
          this.halt();
          break;
        }
        const wait = failure.kind === 'conflict' ? poll.conflictRetryMs : failure.kind === 'flood' ? failure.retryAfterSeconds * 1000 : backoffDelay(failures, poll.backoff);
        await this.signal.sleep(wait);
        continue;
      }
      // Telegram answers again: sends held back by the outage go at once.
      if (failures > 0) this.sender.telegramAnswers();
      failures = 0;
      quick = false;
      health.pollOk(now(), updates.length);
      if (updates.length === 0) continue;
      let outcomes: CaptureOutcome[];
      try {
        const bot = this.captureBot();
        const at = now();
        // Prompt: the next getUpdates and the batch's welcomes wait on this commit.
        outcomes = await this.deps.writer.run(() => this.capture(bot, updates, at), 'full', {
          prompt: true,
          onCommit: (committed) => {
            this.committed(committed);
          },
        });
      } catch (error) {
        // Not recorded: the offset did not move, so Telegram keeps the batch for us.
        const detail = errorText(error);
        logger.error({ botId: this.config.botId, error: detail }, 'recording updates failed');
        health.databaseFailed(detail);
        await this.signal.sleep(poll.databaseRetryMs);
        continue;
      }
      this.announce(outcomes);
      // First, before anything else of the batch: Telegram fails a purchase whose pre-checkout waits 10 seconds.
      await Promise.all(outcomes.flatMap((outcome) => (outcome.kind === 'pre_checkout' ? [this.answers.preCheckout(outcome)] : [])));
      // Only button presses have middleware (the answer), an opt-out and the operator's /start their confirmation; a lead's /start needs nothing more here.
      for (const [index, update] of updates.entries()) {
        const outcome = outcomes[index];
        if (outcome?.kind === 'operator') {
          await this.answers.operatorChat(outcome);
          continue;
        }
        if (outcome?.kind === 'opt_out') {
          await this.answers.optOut(outcome, update.callback_query?.id);
          continue;
        }
        if (outcome?.kind === 'payment') {
          this.answers.payment(outcome);
          continue;
        }
        if (outcome?.kind === 'checkout') {
          this.openCheckout(outcome);
          continue;
        }
        if (outcome?.kind === 'pix_paid') {
          this.offLoop(outcome.checkoutId, this.deps.pixPaid.answer(this.bot.api, outcome, this.abort.signal));
          continue;
        }
        if (outcome?.kind === 'checkout_refused') {
          await this.answers.checkoutRefused(outcome);
          continue;
        }
        if (update.callback_query === undefined) continue;
        try {
          await this.bot.handleUpdate(update);
        } catch (error) {
          logger.warn({ botId: this.config.botId, updateId: update.update_id, error: errorText(error) }, 'a middleware failed after the update was recorded');
        }
      }
    }
  }
}
