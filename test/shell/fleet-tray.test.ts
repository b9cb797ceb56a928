import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BotReason, BotState, BotStatus } from '../../src/shared/bot-status';
import { EventBus } from '../../src/main/core/events';
import { botMenuLabel, FleetTray, trayToolTip, worstState } from '../../src/main/fleet-tray';
import { trayIconPath } from '../../src/main/tray-icons';
import { botStatus } from '../support/bot-status';
import { FakeMenu, FakeTray } from '../support/fake-electron';

vi.mock('electron', () => import('../support/fake-electron'));

const resourcesDir = '/app/resources';

function status(botId: number, username: string, state: BotState, reason?: BotReason): BotStatus {
  return botStatus(botId, reason === undefined ? { username, state } : { username, state, reason });
}

function openTray(statuses: BotStatus[], openOnClick = false) {
  const events = new EventBus();
  const open = vi.fn();
  const quit = vi.fn();
  const tray = new FleetTray({ events, statuses, resourcesDir, openOnClick, open, quit });
  return { events, open, quit, tray, fake: FakeTray.instances.at(-1)! };
}

beforeEach(() => {
  vi.clearAllMocks();
  FakeTray.instances.length = 0;
});

describe('the worst state', () => {
  it('is red for any bot down, amber for degraded, green otherwise', () => {
    expect(worstState([])).toBe('green');
    expect(worstState([{ state: 'running' }, { state: 'stopped' }])).toBe('green');
    expect(worstState([{ state: 'stopped' }])).toBe('green');
    expect(worstState([{ state: 'running' }, { state: 'degraded' }])).toBe('amber');
    expect(worstState([{ state: 'degraded' }, { state: 'down' }, { state: 'running' }])).toBe('red');
  });
});

describe('the tray texts', () => {
  it('counts the bots by state in the tooltip', () => {
    expect(trayToolTip([])).toBe('Botdeck — no bots');
    expect(trayToolTip([{ state: 'down' }, { state: 'running' }, { state: 'running' }])).toBe('Botdeck — 2 running, 1 down');
    expect(trayToolTip([{ state: 'stopped' }, { state: 'degraded' }])).toBe('Botdeck — 1 degraded, 1 stopped');
  });

  it('names each bot with its state and, when it says something, the reason', () => {
    expect(botMenuLabel(status(1, 'shop_bot', 'running'))).toBe('@shop_bot — Running');
    expect(botMenuLabel(status(1, 'shop_bot', 'stopped'))).toBe('@shop_bot — Stopped');
    expect(botMenuLabel(status(1, 'shop_bot', 'down', 'network'))).toBe('@shop_bot — Down (Telegram cannot be reached)');
    expect(botMenuLabel(status(1, 'shop_bot', 'degraded', 'flood_wait'))).toBe('@shop_bot — Degraded (Telegram asked to slow down)');
  });
});

describe('the fleet tray', () => {
  it('opens with the icon, tooltip and menu of the bots it is given', () => {
    const { fake } = openTray([status(2, 'zeta_bot', 'running'), status(1, 'alpha_bot', 'down', 'token_revoked')]);
    expect(fake.image).toBe(trayIconPath('red', resourcesDir));
    expect(fake.image).toBe(join(resourcesDir, 'tray-red.png'));
    expect(fake.toolTip).toBe('Botdeck — 1 running, 1 down');
    expect(fake.menu().labels()).toEqual(['@alpha_bot — Down (Telegram rejected the token (revoked?))', '@zeta_bot — Running', '---', 'Open Botdeck', 'Quit Botdeck']);
    // The bot lines are information, not buttons.
    expect(
      fake
        .menu()
        .template.slice(0, 2)
        .map((item) => item.enabled),
    ).toEqual([false, false]);
  });

  it('offers only Open and Quit with no bots, in green', () => {
    const { fake } = openTray([]);
    expect(fake.image).toBe(trayIconPath('green', resourcesDir));
    expect(fake.toolTip).toBe('Botdeck — no bots');
    expect(fake.menu().labels()).toEqual(['Open Botdeck', 'Quit Botdeck']);
  });

  it('follows the worst state across transitions', () => {
    const { events, fake } = openTray([status(1, 'a_bot', 'running'), status(2, 'b_bot', 'stopped')]);
    const colours = [fake.image];
    const step = (next: BotStatus): void => {
      events.emit('bot.status', next);
      colours.push(fake.image);
    };
    step(status(1, 'a_bot', 'degraded', 'send_failures'));
    step(status(2, 'b_bot', 'down', 'network'));
    step(status(1, 'a_bot', 'running'));
    step(status(2, 'b_bot', 'running'));
    step(status(3, 'c_bot', 'down', 'conflict'));
    step(status(3, 'c_bot', 'stopped'));
    expect(colours).toEqual(['green', 'amber', 'red', 'red', 'green', 'red', 'green'].map((colour) => join(resourcesDir, `tray-${colour}.png`)));
    expect(fake.toolTip).toBe('Botdeck — 2 running, 1 stopped');
    expect(fake.menu().labels().slice(0, 3)).toEqual(['@a_bot — Running', '@b_bot — Running', '@c_bot — Stopped']);
  });

  it('touches the icon, tooltip and menu only when what they show changes', () => {
    const { events, fake } = openTray([status(1, 'a_bot', 'running')]);
    expect(FakeMenu.buildFromTemplate).toHaveBeenCalledTimes(1);
    expect(fake.setToolTip).toHaveBeenCalledTimes(1);
    expect(fake.setImage).not.toHaveBeenCalled();

    // A counter moved: nothing the operator sees changed.
    events.emit('bot.status', { ...status(1, 'a_bot', 'running'), counters: { ...status(1, 'a_bot', 'running').counters, updates: 9 } });
    expect(FakeMenu.buildFromTemplate).toHaveBeenCalledTimes(1);
    expect(fake.setToolTip).toHaveBeenCalledTimes(1);
    expect(fake.setImage).not.toHaveBeenCalled();

    events.emit('bot.status', status(1, 'a_bot', 'down', 'network'));
    expect(FakeMenu.buildFromTemplate).toHaveBeenCalledTimes(2);
    expect(fake.setToolTip).toHaveBeenCalledTimes(2);
    expect(fake.setImage).toHaveBeenCalledTimes(1);

    // Another reason for the same state: the menu line changes, not the icon nor the tooltip.
    events.emit('bot.status', status(1, 'a_bot', 'down', 'token_revoked'));
    expect(FakeMenu.buildFromTemplate).toHaveBeenCalledTimes(3);
    expect(fake.setToolTip).toHaveBeenCalledTimes(2);
    expect(fake.setImage).toHaveBeenCalledTimes(1);
  });

  it('drops a removed bot from the icon, the tooltip and the menu', () => {
    const { events, fake } = openTray([status(1, 'a_bot', 'running'), status(2, 'b_bot', 'down', 'network')]);
    expect(fake.image).toBe(join(resourcesDir, 'tray-red.png'));
    events.emit('bot.removed', { botId: 2 });
    expect(fake.image).toBe(join(resourcesDir, 'tray-green.png'));
    expect(fake.toolTip).toBe('Botdeck — 1 running');
    expect(JSON.stringify(FakeMenu.buildFromTemplate.mock.calls.at(-1))).not.toContain('b_bot');
  });

  it('calls open and quit from the menu', () => {
    const { fake, open, quit } = openTray([status(1, 'a_bot', 'running')]);
    fake.menu().click('Open Botdeck');
    expect(open).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();
    fake.menu().click('Quit Botdeck');
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('opens the app from a click on the icon only where that is the custom', () => {
    const withClick = openTray([], true);
    withClick.fake.emit('click');
    expect(withClick.open).toHaveBeenCalledTimes(1);
    const withoutClick = openTray([], false);
    withoutClick.fake.emit('click');
    expect(withoutClick.open).not.toHaveBeenCalled();
  });

  it('stops listening and removes the icon when destroyed', () => {
    const { events, fake, tray } = openTray([status(1, 'a_bot', 'running')]);
    tray.destroy();
    expect(fake.destroyed).toBe(true);
    events.emit('bot.status', status(1, 'a_bot', 'down', 'network'));
    expect(fake.setImage).not.toHaveBeenCalled();
    tray.destroy();
    expect(fake.destroy).toHaveBeenCalledTimes(1);
  });

  it('lists the bots it shows', () => {
    const { events, tray } = openTray([status(2, 'b_bot', 'running')]);
    events.emit('bot.status', status(1, 'a_bot', 'stopped'));
    expect(tray.statuses().map((bot) => [bot.username, bot.state])).toEqual([
      ['a_bot', 'stopped'],
      ['b_bot', 'running'],
    ]);
  });
});
