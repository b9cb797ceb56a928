/** Telegram's documented sending limits, enforced on message-sending methods only. */
const PER_BOT_PER_SECOND = 30;
const WINDOW_MS = 1000;

export type Admission = 'ok' | 'bot' | 'chat';

interface BotWindow {
  /** Times of every send attempt in the last window, rejected ones included. */
  attempts: number[];
  /** Last successful send per chat: a rejected attempt delivered nothing to space out from. */
  lastDelivered: Map<number, number>;
  rejected: number;
}

export class RateEnforcer {
  private readonly bots = new Map<string, BotWindow>();

  /** Decides before the call is handled; `delivered` must follow when it succeeds. */
  admit(token: string, chatId: number | undefined, now: number): Admission {
    const bot = this.window(token);
    bot.attempts = bot.attempts.filter((t) => now - t < WINDOW_MS);
    bot.attempts.push(now);
    let verdict: Admission = 'ok';
    if (bot.attempts.length > PER_BOT_PER_SECOND) verdict = 'bot';
    else if (chatId !== undefined) {
      const last = bot.lastDelivered.get(chatId);
      if (last !== undefined && now - last < WINDOW_MS) verdict = 'chat';
    }
    if (verdict !== 'ok') bot.rejected += 1;
    return verdict;
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

  private window(token: string): BotWindow {
    let bot = this.bots.get(token);
    if (bot === undefined) {
      bot = { attempts: [], lastDelivered: new Map(), rejected: 0 };
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
