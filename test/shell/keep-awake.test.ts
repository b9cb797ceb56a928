import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BotState, BotStatus } from '../../src/shared/bot-status';
import { EventBus } from '../../src/main/core/events';
import { anyBotActive, followBotActivity, KeepAwake } from '../../src/main/keep-awake';
import { botStatus } from '../support/bot-status';
import { powerSaveBlocker } from '../support/fake-electron';

const status = (botId: number, state: BotState): BotStatus => botStatus(botId, { state });

beforeEach(() => {
  vi.clearAllMocks();
  powerSaveBlocker.started.clear();
});

describe('keep awake', () => {
  it('blocks app suspension only while the setting is on and a bot is active', () => {
    const keepAwake = new KeepAwake(powerSaveBlocker);
    keepAwake.update({ enabled: true });
    expect(powerSaveBlocker.start).not.toHaveBeenCalled();
    keepAwake.update({ anyBotActive: true });
    expect(powerSaveBlocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    expect(keepAwake.isHolding()).toBe(true);

    keepAwake.update({ anyBotActive: false });
    expect(powerSaveBlocker.stop).toHaveBeenCalledTimes(1);
    expect(powerSaveBlocker.started.size).toBe(0);
    expect(keepAwake.isHolding()).toBe(false);

    keepAwake.update({ anyBotActive: true });
    keepAwake.update({ enabled: false });
    expect(powerSaveBlocker.started.size).toBe(0);
  });

  it('never starts a second blocker', () => {
    const keepAwake = new KeepAwake(powerSaveBlocker);
    keepAwake.update({ enabled: true, anyBotActive: true });
    keepAwake.update({ enabled: true, anyBotActive: true });
    keepAwake.update({ anyBotActive: true });
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(1);
    expect(powerSaveBlocker.started.size).toBe(1);
  });

  it('starts again when the blocker went away, and stops only a started one', () => {
    const keepAwake = new KeepAwake(powerSaveBlocker);
    keepAwake.update({ enabled: true, anyBotActive: true });
    powerSaveBlocker.started.clear();
    keepAwake.update({ anyBotActive: true });
    expect(powerSaveBlocker.start).toHaveBeenCalledTimes(2);
    powerSaveBlocker.started.clear();
    keepAwake.release();
    expect(powerSaveBlocker.stop).not.toHaveBeenCalled();
    keepAwake.release();
    expect(powerSaveBlocker.isStarted).toHaveBeenCalled();
  });

  it('counts every bot not stopped by the operator as active', () => {
    expect(anyBotActive([])).toBe(false);
    expect(anyBotActive([status(1, 'stopped')])).toBe(false);
    for (const state of ['running', 'degraded', 'down'] as const) expect(anyBotActive([status(1, 'stopped'), status(2, state)])).toBe(true);
  });

  it('follows the bots from the engine events until unsubscribed', () => {
    const events = new EventBus();
    const keepAwake = new KeepAwake(powerSaveBlocker);
    keepAwake.update({ enabled: true });
    const stop = followBotActivity(events, [status(1, 'stopped'), status(2, 'running')], keepAwake);
    expect(keepAwake.isHolding()).toBe(true);
    events.emit('bot.status', status(2, 'stopped'));
    expect(keepAwake.isHolding()).toBe(false);
    events.emit('bot.status', status(3, 'down'));
    expect(keepAwake.isHolding()).toBe(true);
    stop();
    events.emit('bot.status', status(3, 'stopped'));
    expect(keepAwake.isHolding()).toBe(true);
  });
});
