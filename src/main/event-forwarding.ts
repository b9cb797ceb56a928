import type { BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL } from '../shared/events';
import { onPushedEvents, type EventBus } from './core/events';
import { redactData } from './core/redact';

/** Pushes the engine's events to the console window, whenever one is open. */
export function forwardEvents(events: EventBus, window: () => BrowserWindow | null): void {
  onPushedEvents(events, (event) => {
    const target = window();
    // Whatever text an event carries (a failure's description, a status detail) leaves redacted.
    if (target !== null && !target.isDestroyed()) target.webContents.send(IPC_EVENT_CHANNEL, redactData(event));
  });
}
