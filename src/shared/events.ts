import type { PushedEventPayloads } from './event-schemas';

/**
 * Events the engine pushes to the console, by name. Kept free of runtime dependencies (the
 * payloads' schemas are imported as types only) so the sandboxed preload can import it.
 */
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
  'recovery.progress',
  'campaign.progress',
  'alert.logged',
  'settings.changed',
  'backup.status',
  'operator.chat',
  'notification.show',
  'console.open',
  'products.changed',
  'pixGateway.changed',
] as const;
export type PushedEventName = (typeof pushedEvents)[number];

export type { PushedEventPayloads };

/**
 * One pushed event as it crosses a process boundary: a union discriminated by `event`, so a
 * listener that checks the name has the payload's type. `PushedEvent<'bot.status'>` is one member.
 */
export type PushedEvent<K extends PushedEventName = PushedEventName> = { [P in K]: { readonly event: P; readonly payload: PushedEventPayloads[P] } }[K];

export const IPC_EVENT_CHANNEL = 'botdeck:event';
