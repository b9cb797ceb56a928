import { storedBotApi } from '../bots/stored-bot-api';
import { validateWelcome, type Welcome } from '../../../shared/welcome';
import type { BotRecord, BotRecords } from '../bots/bot-records';
import type { CaptureBot } from '../bots/capture';
import type { ResolvedContent } from '../bots/content-resolver';
import { prepareContent, sendContent, type MessageContent } from '../bots/send-content';
import { BotdeckError } from '../errors';
import { errorText as text } from '../../../shared/i18n/error-text';
import { productButtonProblems } from '../payments/product-buttons';
import type { ProductRecords } from '../payments/product-records';
import type { SecretStore } from '../secrets/secret-store';
import { operatorErrorFor } from './telegram-failure-errors';

export interface WelcomeServiceDeps {
  readonly records: BotRecords;
  /** Product buttons must sell this bot's products, on a rail each offers. */
  readonly products: ProductRecords;
  readonly secrets: SecretStore;
  /** The data folder: welcome media files are read from its media folder only. */
  readonly dataDir: string;
  readonly apiRoot: () => string;
  readonly now: () => number;
}

type Media = NonNullable<Welcome['media']>;

function sameSource(a: Media | null, b: Media | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && JSON.stringify(a.source) === JSON.stringify(b.source);
}

/**
 * Each bot's welcome: kept in memory (it is read for every captured batch and every welcome
 * sent), edited by the operator, sent as a test, and the file_id Telegram gives for its
 * uploaded media remembered so it is uploaded once.
 */
export class WelcomeService {
  private readonly welcomes = new Map<number, Welcome>();

  constructor(private readonly deps: WelcomeServiceDeps) {}

  /** The welcome as last read or saved: for the engine's hot path. */
  welcome(botId: number): Welcome {
    return this.welcomes.get(botId) ?? this.current(this.deps.records.require(botId));
  }

  /** The welcome of a record just read from the store; the engine sends this one from now on. */
  current(record: BotRecord): Welcome {
    this.welcomes.set(record.id, record.welcome);
    return record.welcome;
  }

  /** How a repeated /start is welcomed, for the capture of each batch. */
  repeatRules(botId: number): Pick<CaptureBot, 'repeatPolicy' | 'debounceSeconds'> {
    const { repeatPolicy, debounceSeconds } = this.welcome(botId);
    return { repeatPolicy, debounceSeconds };
  }

  /** The bot's current welcome, checked and ready to send. */
  resolve(botId: number): ResolvedContent {
    return this.prepare(botId, this.welcome(botId));
  }

  private prepare(botId: number, { text, media, buttons }: Welcome): ResolvedContent {
    return {
      prepared: prepareContent({ text, media, buttons }, this.deps.dataDir),
      uploaded: (fileId) => this.rememberFileId(botId, media, fileId),
    };
  }

  set(botId: number, input: unknown): void {
    const current = this.current(this.deps.records.require(botId));
    const result = validateWelcome(input);
    if (!result.ok) {
      throw new BotdeckError('WELCOME_INVALID', text('welcome.invalid', { problems: result.errors }));
    }
    const next = result.value;
    const problems = productButtonProblems(this.deps.products, [botId], next.buttons);
    if (problems.length > 0) throw new BotdeckError('WELCOME_INVALID', text('welcome.invalid', { problems }));
    // Keep the uploaded file_id only while the media source is the same file or URL.
    const keep = sameSource(current.media, next.media) ? (next.media?.fileId ?? current.media?.fileId ?? null) : null;
    this.save(botId, next.media === null ? next : { ...next, media: { ...next.media, fileId: keep } });
  }

  /** Sends the bot's current welcome to one chat, so the operator sees it as a lead would. */
  async sendTest(botId: number, chatId: number): Promise<{ messageId: number }> {
    const record = this.deps.records.require(botId);
    // Refused here, before any call: a file outside the media folder never leaves the machine.
    return this.sendTestContent(record, chatId, this.prepare(botId, this.current(record)));
  }

  /**
   * Sends another message (a campaign's, say) to one chat through the bot, as a test: its
   * media is read as a welcome's, and nothing is remembered or recorded.
   */
  async sendTestMessage(botId: number, chatId: number, content: MessageContent): Promise<{ messageId: number }> {
    const record = this.deps.records.require(botId);
    return this.sendTestContent(record, chatId, { prepared: prepareContent(content, this.deps.dataDir), uploaded: () => undefined });
  }

  private async sendTestContent(record: BotRecord, chatId: number, content: ResolvedContent): Promise<{ messageId: number }> {
    const apiRoot = this.deps.apiRoot();
    const api = storedBotApi(record, this.deps.secrets, apiRoot);
    try {
      const sent = await sendContent(api, chatId, content.prepared);
      if (sent.fileId !== null) content.uploaded(sent.fileId);
      return { messageId: sent.messageId };
    } catch (error) {
      throw operatorErrorFor(error, { kind: 'send_test', apiRoot, username: record.username, chatId });
    }
  }

  /** The bot is gone: its welcome is read again from the store if it ever comes back. */
  forget(botId: number): void {
    this.welcomes.delete(botId);
  }

  /** Only while the welcome still sends the media that was uploaded: an edit meanwhile wins. */
  private rememberFileId(botId: number, sentMedia: Media | null, fileId: string): void {
    const current = this.welcomes.get(botId) ?? this.deps.records.get(botId)?.welcome;
    if (current === undefined || current.media === null || current.media.fileId !== null || !sameSource(current.media, sentMedia)) return;
    this.save(botId, { ...current, media: { ...current.media, fileId } });
  }

  private save(botId: number, welcome: Welcome): void {
    this.deps.records.setWelcome(botId, welcome, this.deps.now());
    this.welcomes.set(botId, welcome);
  }
}
