import type { Database } from 'better-sqlite3';
import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { defaultWelcome } from '../../../shared/welcome';
import type { BotRecords } from '../bots/bot-records';
import { grammySignal } from '../bots/grammy-signal';
import { maskToken, parseToken } from '../bots/token';
import { BotdeckError } from '../errors';
import { alertLocale } from '../alerts/alert-text';
import { readSettings } from '../operator-settings';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { EventBus } from '../events';
import type { DeliveriesRepository } from '../leads/deliveries-repository';
import type { LeadRecords } from '../leads/lead-records';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import type { Supervisor } from './supervisor';
import { operatorErrorFor } from './telegram-failure-errors';
import type { WelcomeService } from './welcome-service';

export interface OnboardingDeps {
  readonly db: Database;
  readonly records: BotRecords;
  readonly leads: LeadRecords;
  readonly deliveries: DeliveriesRepository;
  readonly supervisor: Supervisor;
  readonly welcomes: WelcomeService;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly now: () => number;
  readonly apiRoot: () => string;
  /** Timeout of the getMe call that checks a token. */
  readonly getMeTimeoutMs: () => number;
}

/**
 * A bot's identity over its life: added with a checked token, given a new token (the same
 * Telegram bot keeps its leads; another one starts afresh), removed. Nothing is deleted:
 * the leads of a replaced or removed bot are archived.
 */
export class Onboarding {
  constructor(private readonly deps: OnboardingDeps) {}

  /** Checks the token with Telegram, then stores the bot with its token sealed. The bot starts stopped. */
  async add(rawToken: string): Promise<number> {
    const { token, me } = await this.check(rawToken);
    if (this.deps.records.byTelegramId(me.id) !== null) throw new BotdeckError('BOT_DUPLICATE', text('bot.duplicate', { username: me.username }));
    const id = this.deps.records.insert(
      {
        telegramId: me.id,
        username: me.username,
        name: me.first_name,
        tokenSealed: this.deps.secrets.seal(token),
        tokenHint: maskToken(token),
        welcome: defaultWelcome(me.first_name, alertLocale(readSettings(this.deps.db).language)),
      },
      this.deps.now(),
    );
    this.deps.supervisor.adopt(this.deps.records.require(id));
    this.deps.logger.info({ botId: id, username: me.username }, 'bot added');
    return id;
  }

  /**
   * A new token for a bot. The same Telegram bot keeps its leads; a different bot archives
   * the old leads ('bot_replaced') and starts afresh in the same slot.
   */
  async replaceToken(botId: number, rawToken: string): Promise<void> {
    const { records, supervisor, secrets, now } = this.deps;
    const current = records.require(botId);
    const { token, me } = await this.check(rawToken);
    const wasRunning = supervisor.isRunning(botId);
    const sealed = secrets.seal(token);
    const identity = { sealed, hint: maskToken(token), username: me.username, name: me.first_name };
    if (me.id !== current.telegramId && records.byTelegramId(me.id) !== null) throw new BotdeckError('BOT_DUPLICATE', text('bot.duplicate', { username: me.username }));
    if (wasRunning) await supervisor.stopRunner(botId);
    const at = now();
    if (me.id === current.telegramId) {
      records.updateToken(botId, identity, at);
    } else {
      this.deps.db
        .transaction(() => {
          this.deps.leads.archiveBot(botId, 'bot_replaced', at);
          this.deps.deliveries.closeForBot(botId, 'bot_replaced', at);
          records.replaceIdentity(botId, { ...identity, telegramId: me.id }, at);
        })
        .immediate();
    }
    supervisor.adopt(records.require(botId));
    if (wasRunning) supervisor.startRunner(botId);
  }

  /** Stops the bot and archives its leads ('bot_removed'). Nothing is deleted. */
  async remove(botId: number): Promise<void> {
    this.deps.records.require(botId);
    await this.deps.supervisor.stopRunner(botId);
    const at = this.deps.now();
    this.deps.db
      .transaction(() => {
        this.deps.leads.archiveBot(botId, 'bot_removed', at);
        this.deps.deliveries.closeForBot(botId, 'bot_removed', at);
        this.deps.records.markRemoved(botId, at);
      })
      .immediate();
    await this.deps.supervisor.drop(botId);
    this.deps.welcomes.forget(botId);
    this.deps.events.emit('bot.removed', { botId });
  }

  private async check(rawToken: string): Promise<{ token: string; me: UserFromGetMe }> {
    const { token } = parseToken(rawToken);
    const apiRoot = this.deps.apiRoot();
    const api = new Api(token, { apiRoot });
    try {
      return { token, me: await api.getMe(grammySignal(AbortSignal.timeout(this.deps.getMeTimeoutMs()))) };
    } catch (error) {
      throw operatorErrorFor(error, { kind: 'check_token', apiRoot });
    }
  }
}
