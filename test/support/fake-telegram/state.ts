import type { Chat, Message, Update, User, UserFromGetMe } from '@grammyjs/types';
import { StarsLedger } from './stars';
import type { CallRecord, FakeBotSpec, MediaKind, RawUpdate, SentMessage } from './types';

interface QueuedUpdate {
  update: Update;
  /** When Telegram got it: it keeps an update 24 hours at most. */
  at: number;
  /**
   * A redelivered update has an id below offsets the bot already confirmed; it must survive
   * those until it has been handed out again, or the redelivery would vanish unseen.
   */
  shielded: boolean;
}

export interface StoredFile {
  kind: MediaKind;
  uniqueId: string;
  size?: number;
  filename?: string;
}

/** File id prefixes real Telegram uses per kind, so ids look plausible in logs. */
const FILE_ID_PREFIX: Record<MediaKind, string> = {
  photo: 'AgAC',
  video: 'BAAC',
  animation: 'CgAC',
  document: 'BQAC',
  audio: 'CQAC',
};

/** How long Telegram keeps an update nobody fetched. */
export const UPDATE_TTL_MS = 24 * 3_600_000;

/** What a bot gets when it never named `allowed_updates`, or named none: all but these. */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const TOKEN_PATTERN = /^(\d+):[A-Za-z0-9_-]{35}$/;

/** A well-formed token for a fake bot id. */
export function fakeToken(id: number): string {
  return `${id}:AA${String(id).padStart(33, 'x').slice(-33)}`;
}

/** Everything the fake remembers about one bot. */
export class BotState {
  readonly token: string;
  readonly me: UserFromGetMe;
  /** The bot as it appears in `from` of its own messages. */
  readonly asSender: User;
  confirmedOffset = 0;
  readonly sent: SentMessage[] = [];
  readonly answered: string[] = [];
  /** The text each answered query showed the user, by query id (absent: answered silently). */
  readonly answerTexts = new Map<string, string>();
  readonly issuedCallbacks = new Set<string>();
  readonly blocked = new Set<number>();
  readonly files = new Map<string, StoredFile>();
  readonly stars: StarsLedger;
  /** Set by setWebhook; getUpdates is refused while it is. */
  webhookUrl = '';
  /** The last `allowed_updates` a getUpdates named: Telegram keeps it until changed. */
  private allowed: ReadonlySet<string> | null = null;

  private nextUpdateId: number;
  private queue: QueuedUpdate[] = [];
  private readonly history = new Map<number, Update>();
  private readonly chats = new Map<number, Chat>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly messages = new Map<string, Message>();
  private fileCounter = 0;
  private callbackCounter = 0;

  constructor(
    spec: FakeBotSpec,
    private readonly onEnqueue: () => void,
    private readonly now: () => number,
  ) {
    const match = TOKEN_PATTERN.exec(spec.token);
    if (match?.[1] !== String(spec.id)) {
      throw new Error(`fake-telegram: token for bot ${spec.id} must look like "${spec.id}:" + 35 characters`);
    }
    this.token = spec.token;
    const firstName = spec.firstName ?? spec.username;
    this.me = {
      id: spec.id,
      is_bot: true,
      first_name: firstName,
      username: spec.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.asSender = { id: spec.id, is_bot: true, first_name: firstName, username: spec.username };
    this.stars = new StarsLedger(spec.id);
    // Distinct, deterministic starting points per bot catch updates routed to the wrong bot.
    this.nextUpdateId = 100_000 + (spec.id % 900) * 1000 + 1;
  }

  /** Returns the update's id; an update of a kind the bot did not ask for is dropped, as on Telegram. */
  enqueue(raw: RawUpdate): number {
    const update: Update = { update_id: this.nextUpdateId++, ...raw };
    const chat = chatOf(update);
    if (chat !== undefined) this.chats.set(chat.id, chat);
    if (!this.wants(update)) return update.update_id;
    this.history.set(update.update_id, update);
    this.queue.push({ update, at: this.now(), shielded: false });
    this.onEnqueue();
    return update.update_id;
  }

  /** getUpdates' `allowed_updates`: a list replaces the remembered one, [] means the default; absent keeps it. */
  allowUpdates(kinds: readonly string[] | undefined): void {
    if (kinds === undefined) return;
    this.allowed = kinds.length === 0 ? null : new Set(kinds);
  }

  private wants(update: Update): boolean {
    return this.delivers(Object.keys(update).find((key) => key !== 'update_id') ?? '');
  }

  /** Whether updates of this kind reach the bot under its allowed_updates. */
  delivers(kind: string): boolean {
    return this.allowed === null ? !NOT_BY_DEFAULT.has(kind) : this.allowed.has(kind);
  }

  /** Updates older than 24 hours are gone for good, fetched or not. */
  private expire(): void {
    const oldest = this.now() - UPDATE_TTL_MS;
    if (this.queue.some((q) => q.at < oldest)) this.queue = this.queue.filter((q) => q.at >= oldest);
  }

  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (update === undefined) throw new Error(`fake-telegram: no update ${updateId} was ever enqueued`);
    if (this.queue.some((q) => q.update.update_id === updateId)) return;
    this.queue.push({ update, at: this.now(), shielded: true });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    this.onEnqueue();
  }

  /** getUpdates' first step: the offset confirms everything below it. */
  confirm(offset: number): void {
    if (offset < 0) {
      // A negative offset keeps only the last |offset| updates, as Telegram documents.
      this.queue = this.queue.slice(offset);
      return;
    }
    this.queue = this.queue.filter((q) => q.shielded || q.update.update_id >= offset);
    this.confirmedOffset = Math.max(this.confirmedOffset, offset);
  }

  /** When each update was first handed to the bot: "received", for latency figures. */
  readonly firstHandedOut = new Map<number, number>();

  /** The next batch; it stays queued until a later offset confirms it. */
  take(limit: number, now: number = this.now()): Update[] {
    this.expire();
    const batch = this.queue.slice(0, limit);
    for (const q of batch) {
      q.shielded = false;
      if (!this.firstHandedOut.has(q.update.update_id)) this.firstHandedOut.set(q.update.update_id, now);
    }
    return batch.map((q) => q.update);
  }

  pending(): Update[] {
    this.expire();
    return this.queue.map((q) => q.update);
  }

  dropPending(): void {
    this.queue = [];
  }

  chat(chatId: number): Chat | undefined {
    return this.chats.get(chatId);
  }

  /** Private chats share one message counter between both sides. */
  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  rememberMessage(message: Message): void {
    this.messages.set(`${message.chat.id}:${message.message_id}`, message);
  }

  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** File ids are per bot, as in Telegram: another bot's id is unknown here. */
  newFile(kind: MediaKind, upload?: { filename: string; size: number }): string {
    const n = ++this.fileCounter;
    const fileId = `${FILE_ID_PREFIX[kind]}-fake-${this.me.id}-${n}`;
    this.files.set(fileId, { kind, uniqueId: `AQAD-fake-${this.me.id}-${n}`, ...upload });
    return fileId;
  }

  newCallbackId(userId: number): string {
    const id = `${userId}${String(++this.callbackCounter).padStart(6, '0')}`;
    this.issuedCallbacks.add(id);
    return id;
  }
}

function chatOf(update: Update): Chat | undefined {
  return (
    update.message?.chat ??
    update.edited_message?.chat ??
    update.channel_post?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat ??
    update.chat_member?.chat
  );
}

/**
 * Per-token call log; kept apart from BotState so calls with unknown tokens are logged too.
 * A call is logged once answered but listed in arrival order, so a long poll sits where it began.
 */
export class CallLog {
  private readonly byToken = new Map<string, { seq: number; record: CallRecord }[]>();
  private arrivals = 0;

  /** Call on arrival; the returned number places the record when it is added. */
  arrive(): number {
    return ++this.arrivals;
  }

  add(token: string, seq: number, record: CallRecord): void {
    const list = this.byToken.get(token) ?? [];
    list.push({ seq, record });
    list.sort((a, b) => a.seq - b.seq);
    this.byToken.set(token, list);
  }

  list(token: string, method?: string): CallRecord[] {
    const wanted = method?.toLowerCase();
    return (this.byToken.get(token) ?? []).map((e) => e.record).filter((c) => wanted === undefined || c.method.toLowerCase() === wanted);
  }
}
