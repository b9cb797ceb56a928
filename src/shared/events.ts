/** Events the engine pushes to the console, by name; payloads are the engine's event types. */
export const pushedEvents = [
  'bot.status',
  'bot.removed',
  'lead.created',
  'lead.updated',
  'delivery.outcome',
  'engine.resumed',
  'export.progress',
  'incident.opened',
  'incident.updated',
  'alert.logged',
  'settings.changed',
  'notification.show',
  'console.open',
] as const;
export type PushedEventName = (typeof pushedEvents)[number];

/** One pushed event as it crosses a process boundary. */
export interface PushedEvent {
  readonly event: PushedEventName;
  readonly payload: unknown;
}

export const IPC_EVENT_CHANNEL = 'botdeck:event';
