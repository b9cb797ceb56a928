import type { ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, StarTransaction, Update } from '@grammyjs/types';

/** A bot the fake knows; the token must be `${id}:` followed by 35 token characters, like a real one. */
export interface FakeBotSpec {
  token: string;
  id: number;
  username: string;
  firstName?: string;
}

/** The person on the other side of the chat; their private chat id is their user id. */
export interface FakeUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

export type MediaKind = 'photo' | 'video' | 'animation' | 'document' | 'audio';
export type MediaSource = 'upload' | 'file_id' | 'url';

export interface SentMedia {
  kind: MediaKind;
  fileId: string;
  /** True when the bytes came as a multipart file part. */
  uploaded: boolean;
  source: MediaSource;
  /** Only for uploads: the part's filename and byte count. */
  filename?: string;
  size?: number;
}

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** One message the bot managed to send. */
export interface SentMessage {
  method: string;
  chatId: number;
  messageId: number;
  /** The text or caption as the bot sent it, before parse_mode was applied. */
  text?: string;
  caption?: string;
  parseMode?: string;
  replyMarkup?: ReplyMarkup;
  media?: SentMedia;
  at: number;
}

/** An invoice the bot sent (sendInvoice), in Telegram Stars. */
export interface SentInvoice {
  chatId: number;
  messageId: number;
  title: string;
  description: string;
  payload: string;
  currency: 'XTR';
  /** The single price's label and amount, in Stars. */
  label: string;
  amount: number;
  replyMarkup?: ReplyMarkup;
  at: number;
}

export interface PayOptions {
  /** How long Telegram waits for answerPreCheckoutQuery before failing the purchase; default 10 000 ms. */
  deadlineMs?: number;
}

/** How a purchase ended, and how long the bot took to answer its pre-checkout query (real milliseconds). */
export type PayResult =
  | { outcome: 'paid'; chargeId: string; preCheckoutUpdateId: number; paymentUpdateId: number; answeredInMs: number }
  | { outcome: 'refused'; errorMessage: string; preCheckoutUpdateId: number; answeredInMs: number }
  /** `delivered` is false when the bot's allowed_updates left pre_checkout_query out. */
  | { outcome: 'timed_out'; preCheckoutUpdateId: number; delivered: boolean };

/**
 * How a call ended: 'ok', the HTTP error code, 'dropped' when the fake cut the socket
 * (drop fault, outage, close), 'aborted' when the client went away before the answer, or
 * 'lost' when the call took effect but its answer was cut (the 'answer_lost' fault).
 */
export type CallStatus = 'ok' | number | 'dropped' | 'aborted' | 'lost';

/** One request the fake received, whatever became of it. */
export interface CallRecord {
  method: string;
  /** When the request arrived, not when it was answered (long polls answer late). */
  at: number;
  /** Parsed fields; a file part appears as `{ filename, size }` under its part name. */
  params: Record<string, unknown>;
  status: CallStatus;
  /** The wait a 429 asked for, in seconds. */
  retryAfter?: number;
}

export type FaultKind =
  | 'unauthorized'
  | 'conflict'
  | 'flood'
  | 'forbidden'
  | 'user_deactivated'
  | 'cant_initiate'
  | 'chat_not_found'
  | 'server_error'
  | 'latency'
  | 'drop'
  /** The call reaches the fake and takes effect (a getUpdates confirms its offset), then the connection dies before the answer. */
  | 'answer_lost'
  /** A send takes effect at once (the message is delivered) and its answer comes `ms` later (not for getUpdates). */
  | 'late_answer'
  /** 400 about the message itself (`description`, default BUTTON_URL_INVALID): content Telegram refuses that a client cannot check first. */
  | 'bad_request';

export interface Fault {
  kind: FaultKind;
  /** Method names (case-insensitive, like Telegram); default: every method. */
  methods?: string[];
  /** Only calls whose chat_id is listed; calls without a chat_id never match. */
  chatIds?: number[];
  /** Only calls whose parameters (text, caption, reply_markup... as sent) contain this text. */
  contains?: string;
  /** Telegram's answer, for 'bad_request'. */
  description?: string;
  /** How many matching calls it affects; default: unlimited. */
  times?: number;
  /** Seconds, for 'flood'; default 1. */
  retryAfter?: number;
  /** Milliseconds: for 'latency' and 'late_answer' the wait (default 100); for a fault that answers, a wait before its answer (default none). */
  ms?: number;
}

export interface FakeTelegramOptions {
  /**
   * Enforce Telegram's sending limits (30 per second per bot, 1 per second per chat). A 429
   * blocks the bot for its retry_after, which grows as violations repeat; a send retried to
   * the same chat before that wait is over is answered with a longer one.
   */
  rateLimit?: boolean;
  /** Clock for message dates, records and the rate enforcer; long-poll timers stay real. */
  now?: () => number;
}

export type RawUpdate = Omit<Update, 'update_id'>;

export interface FakeTelegram {
  /** Pass as grammY's `client.apiRoot`; no trailing slash. */
  readonly apiRoot: string;
  addBot(bot: FakeBotSpec): void;

  // The user side: each returns the update_id it enqueued (an update of a kind the bot's
  // allowed_updates leaves out gets an id but is dropped, as Telegram drops it).
  sendStart(token: string, user: FakeUser, payload?: string): number;
  sendText(token: string, user: FakeUser, text: string): number;
  pressButton(token: string, user: FakeUser, data: string, messageId: number): number;
  blockBot(token: string, user: FakeUser): number;
  unblockBot(token: string, user: FakeUser): number;
  /** A Telegram account that exists but has not written to the bot: sends to it get 403 "bot can't initiate conversation". */
  addUser(user: FakeUser): void;
  /** The user deleted their account: sends to them get 403 "user is deactivated", from every bot. */
  deactivateUser(user: FakeUser): void;
  enqueueRaw(token: string, update: RawUpdate): number;
  redeliver(token: string, updateId: number): void;
  /**
   * The user pays an invoice the bot sent: a pre_checkout_query update, then, once the bot
   * answers ok, a message with successful_payment and a Star transaction. No answer by the
   * deadline fails the purchase, as on Telegram.
   */
  pay(token: string, user: FakeUser, invoice: SentInvoice, options?: PayOptions): Promise<PayResult>;
  /** Hands the successful_payment update of this charge to the bot again, as a duplicate. */
  redeliverPayment(token: string, chargeId: string): void;

  // What the bot did.
  sent(token: string, chatId?: number): SentMessage[];
  calls(token: string, method?: string): CallRecord[];
  answeredCallbacks(token: string): string[];
  /** Invoices the bot sent, in order. */
  invoices(token: string, chatId?: number): SentInvoice[];
  /** Each accepted answerPreCheckoutQuery, in order, with the error message of a refusal. */
  preCheckoutAnswers(token: string): ({ id: string; ok: true } | { id: string; ok: false; errorMessage: string })[];
  /** The bot's Star transactions as getStarTransactions lists them: oldest first. */
  starTransactions(token: string): StarTransaction[];
  /** Each answered button press, in order, with the text it showed the user (none when silent). */
  callbackAnswers(token: string): { id: string; text?: string }[];
  confirmedOffset(token: string): number;
  /** When an update was first handed to the bot in a getUpdates answer; undefined if not yet. */
  handedOutAt(token: string, updateId: number): number | undefined;
  /** Updates still waiting for confirmation, in delivery order. */
  pendingUpdates(token: string): Update[];
  /** True while a getUpdates for this bot is being held open. */
  isPolling(token: string): boolean;
  /** The address setWebhook set; '' when none (getUpdates works only then). */
  webhookUrl(token: string): string;

  // Faults.
  fault(token: string, fault: Fault): void;
  clearFaults(token?: string): void;
  /**
   * 'cut' (default): every connection is cut, as when the network is unplugged.
   * 'silent': requests, the polls in flight included, get no answer at all until the
   * outage ends (then they are cut), as behind a dead router.
   */
  setOutage(down: boolean, mode?: 'cut' | 'silent'): void;
  /** The same, for one bot's calls only (its token): the other bots carry on. */
  setBotOutage(token: string, down: boolean, mode?: 'cut' | 'silent'): void;
  setRateLimit(on: boolean): void;
  count429(token?: string): number;

  close(): Promise<void>;
}
