import { botStatusSchema, type BotStatus } from '../../src/shared/bot-status';

/** Every counter at zero, whatever counters the status has. */
const zeroCounters = Object.fromEntries(Object.keys(botStatusSchema.shape.counters.shape).map((key) => [key, 0])) as BotStatus['counters'];

/**
 * A quiet bot's status: @bot<id>, running (or, when `overrides.state` is 'stopped', stopped by
 * the operator), every counter at zero. `overrides` replaces any field.
 */
export function botStatus(botId: number, overrides: Partial<BotStatus> = {}): BotStatus {
  const state = overrides.state ?? 'running';
  return {
    botId,
    username: `bot${botId}`,
    state,
    reason: state === 'stopped' ? 'stopped_by_operator' : 'ok',
    detail: null,
    since: 0,
    troubleSince: null,
    lastPollOkAt: null,
    counters: { ...zeroCounters },
    pendingWelcomes: 0,
    heldWelcomes: 0,
    oldestPendingWelcomeAt: null,
    ...overrides,
  };
}
