import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../src/main/core/events';
import { forwardEvents } from '../../src/main/event-forwarding';
import { FakeBrowserWindow } from '../support/fake-electron';

vi.mock('electron', () => import('../support/fake-electron'));

describe('event forwarding', () => {
  it('sends every pushed engine event to the open window, and nothing once it is gone', () => {
    const events = new EventBus();
    const window = new FakeBrowserWindow({});
    let open: FakeBrowserWindow | null = window;
    forwardEvents(events, () => open as unknown as BrowserWindow | null);
    events.emit('lead.created', { botId: 1, leadId: 7, source: 'ads' });
    expect(window.webContents.send).toHaveBeenCalledWith('botdeck:event', { event: 'lead.created', payload: { botId: 1, leadId: 7, source: 'ads' } });
    window.destroyed = true;
    events.emit('lead.updated', { botId: 1, leadId: 7 });
    open = null;
    events.emit('lead.updated', { botId: 1, leadId: 8 });
    expect(window.webContents.send).toHaveBeenCalledTimes(1);
  });
});
