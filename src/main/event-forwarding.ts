import type { BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL, pushedEvents } from '../shared/events';
import type { EventBus } from './core/events';
import { redactDeep } from './core/redact';

/** Pushes the engine's events to the console window, whenever one is open. */
export function forwardEvents(events: EventBus, window: () => BrowserWindow | null): void {
  for (const event of pushedEvents) {
    events.on(event, (payload) => {
      const target = window();
      // Whatever text an event carries (a failure's description, a status detail) leaves redacted.
      if (target !== null && !target.isDestroyed()) target.webContents.send(IPC_EVENT_CHANNEL, { event, payload: redactDeep(payload) });
    });
  }
}
