import type { BotStatus } from '../shared/bot-status';
import type { EventBus } from './core/events';

/** The slice of Electron's powerSaveBlocker used here (a fake in tests). */
export type PowerBlocker = Pick<Electron.PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;

export interface KeepAwakeChange {
  /** The operator's keepAwake setting. */
  readonly enabled?: boolean;
  /** Whether any bot is meant to be working (see anyBotActive). */
  readonly anyBotActive?: boolean;
}

/**
 * Keeps the computer from sleeping while the operator asked for it and a bot is working:
 * a sleeping computer stops polling Telegram and new leads go unwelcomed. It holds at most
 * one 'prevent-app-suspension' blocker, which lets the screen turn off.
 */
export class KeepAwake {
  private enabled = false;
  private botsActive = false;
  private blockerId: number | null = null;

  constructor(private readonly blocker: PowerBlocker) {}

  update(change: KeepAwakeChange): void {
    this.enabled = change.enabled ?? this.enabled;
    this.botsActive = change.anyBotActive ?? this.botsActive;
    if (this.enabled && this.botsActive) this.hold();
    else this.release();
  }

  isHolding(): boolean {
    return this.blockerId !== null && this.blocker.isStarted(this.blockerId);
  }

  /** Lets the computer sleep again (also on quit). */
  release(): void {
    if (this.blockerId === null) return;
    if (this.blocker.isStarted(this.blockerId)) this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }

  private hold(): void {
    if (this.isHolding()) return;
    this.blockerId = this.blocker.start('prevent-app-suspension');
  }
}

/** A bot is active unless the operator stopped it: a down bot is still trying to come back. */
export function anyBotActive(states: Iterable<Pick<BotStatus, 'state'>>): boolean {
  for (const status of states) if (status.state !== 'stopped') return true;
  return false;
}

/** Feeds the bots' states from the engine's events into keepAwake; returns the unsubscribe. */
export function followBotActivity(events: EventBus, initial: readonly BotStatus[], keepAwake: KeepAwake): () => void {
  const bots = new Map(initial.map((status) => [status.botId, status]));
  keepAwake.update({ anyBotActive: anyBotActive(bots.values()) });
  return events.on('bot.status', (status) => {
    bots.set(status.botId, status);
    keepAwake.update({ anyBotActive: anyBotActive(bots.values()) });
  });
}
