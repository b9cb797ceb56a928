/** Telegram's documented sending limits, enforced on message-sending methods only. */
const PER_BOT_PER_SECOND = 30;
const WINDOW_MS = 1000;
/** Violations within this span make each new retry_after a second longer, as Telegram's grows. */
const STRIKE_MEMORY_MS = 60_000;
const MAX_ESCALATION_S = 30;

export type Admission = { ok: true } | { ok: false; retryAfter: number };

interface Block {
  until: number;
  /** The retry_after it was announced with, in seconds. */
  seconds: number;
}

interface BotWindow {
  /** Times of every send attempt in the last window, rejected ones included. */
  attempts: number[];
  /** Last successful send per chat: a rejected attempt delivered nothing to space out from. */
  lastDelivered: Map<number, number>;
  rejected: number;
  /** Every send of the bot waits for this (it sent too fast, or Telegram said so). */
  block: Block | null;
  /** The wait each chat was told: a send to it before then is an early retry. */
  chatBlocks: Map<number, Block>;
  /** When the recent violations happened. */
  strikes: number[];
}

export class RateEnforcer {
  private readonly bots = new Map<string, BotWindow>();

  /** Decides before the call is handled; `delivered` must follow when it succeeds. */
  admit(token: string, chatId: number | undefined, now: number): Admission {
    const bot = this.window(token);
    bot.attempts = bot.attempts.filter((t) => now - t < WINDOW_MS);
    bot.attempts.push(now);
    const verdict = this.judge(bot, chatId, now);
    if (!verdict.ok) bot.rejected += 1;
    return verdict;
  }

  /** A 429 answered some other way (an injected flood fault) binds the bot just the same. */
  imposed(token: string, chatId: number | undefined, now: number, seconds: number): void {
    const bot = this.window(token);
    const block = { until: now + seconds * 1000, seconds };
    // A shorter wait told to one chat does not lift a longer one the bot is under.
    if (bot.block === null || bot.block.until < block.until) bot.block = block;
    if (chatId !== undefined) bot.chatBlocks.set(chatId, block);
  }

  delivered(token: string, chatId: number, now: number): void {
    this.window(token).lastDelivered.set(chatId, now);
  }

  count429(token?: string): number {
    if (token !== undefined) return this.bots.get(token)?.rejected ?? 0;
    let total = 0;
    for (const bot of this.bots.values()) total += bot.rejected;
    return total;
  }

  private judge(bot: BotWindow, chatId: number | undefined, now: number): Admission {
    const told = chatId === undefined ? undefined : bot.chatBlocks.get(chatId);
    if (chatId !== undefined && told !== undefined && now < told.until) {
      // Retried before the wait it was given: a longer one, for the bot too if the bot was blocked.
      const punished = { until: now + told.seconds * 2000, seconds: told.seconds * 2 };
      bot.chatBlocks.set(chatId, punished);
      if (bot.block !== null && now < bot.block.until) bot.block = punished;
      return { ok: false, retryAfter: punished.seconds };
    }
    if (bot.block !== null && now < bot.block.until) {
      const seconds = Math.ceil((bot.block.until - now) / 1000);
      if (chatId !== undefined) bot.chatBlocks.set(chatId, { until: bot.block.until, seconds });
      return { ok: false, retryAfter: seconds };
    }
    if (bot.attempts.length > PER_BOT_PER_SECOND) {
      const freesAt = (bot.attempts[bot.attempts.length - 1 - PER_BOT_PER_SECOND] ?? now) + WINDOW_MS;
      const seconds = this.strike(bot, now, freesAt);
      bot.block = { until: now + seconds * 1000, seconds };
      if (chatId !== undefined) bot.chatBlocks.set(chatId, bot.block);
      return { ok: false, retryAfter: seconds };
    }
    const last = chatId === undefined ? undefined : bot.lastDelivered.get(chatId);
    if (chatId !== undefined && last !== undefined && now - last < WINDOW_MS) {
      const seconds = this.strike(bot, now, last + WINDOW_MS);
      bot.chatBlocks.set(chatId, { until: now + seconds * 1000, seconds });
      return { ok: false, retryAfter: seconds };
    }
    return { ok: true };
  }

  /** The wait for a violation: until the limit frees up, plus a second per recent violation. */
  private strike(bot: BotWindow, now: number, freesAt: number): number {
    bot.strikes = bot.strikes.filter((t) => now - t < STRIKE_MEMORY_MS);
    const escalation = Math.min(bot.strikes.length, MAX_ESCALATION_S);
    bot.strikes.push(now);
    return Math.max(1, Math.ceil((freesAt - now) / 1000)) + escalation;
  }

  private window(token: string): BotWindow {
    let bot = this.bots.get(token);
    if (bot === undefined) {
      bot = { attempts: [], lastDelivered: new Map(), rejected: 0, block: null, chatBlocks: new Map(), strikes: [] };
      this.bots.set(token, bot);
    }
    return bot;
  }
}

/** sendChatAction is a typing indicator, not a message, and Telegram does not count it. */
export function isRateLimited(method: string): boolean {
  const m = method.toLowerCase();
  return m.startsWith('send') && m !== 'sendchataction';
}
