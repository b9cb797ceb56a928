import { z } from 'zod';
import { alertLogEntrySchema, consoleTargetSchema, incidentSchema, notificationSchema } from './alerts';
import { backupStatusSchema } from './backup-status';
import { botStatusSchema } from './bot-status';
import { campaignProgressSchema } from './campaigns';
import { pushedEvents, type PushedEvent, type PushedEventName } from './events';
import { exportProgressSchema } from './export';
import { deliveryKinds } from './leads';
import { operatorChatSchema } from './operator-chat';
import { recoveryProgressSchema } from './recovery-jobs';
import { settingsViewSchema } from './settings';

const id = z.number().int();

const deliveryOutcomeSchema = z.object({
  botId: id,
  deliveryId: id,
  leadId: id,
  kind: z.enum(deliveryKinds),
  outcome: z.enum(['sent', 'blocked', 'failed', 'retry', 'paused']),
  error: z.string().nullable(),
});

/** Each pushed event's payload: what the engine emits on its bus and the console receives. */
const payloadSchemas = {
  'bot.status': botStatusSchema,
  /** The operator removed a bot: it leaves every list (its leads stay, archived). */
  'bot.removed': z.object({ botId: id }),
  'lead.created': z.object({ botId: id, leadId: id, source: z.string().nullable() }),
  'lead.updated': z.object({ botId: id, leadId: id }),
  'delivery.outcome': deliveryOutcomeSchema,
  /**
   * The engine runs again after a gap: the operator quit it, it ended unexpectedly (crash,
   * kill, power loss), or the process was frozen (the computer slept).
   */
  'engine.resumed': z.object({ offlineFrom: z.number(), offlineTo: z.number(), why: z.enum(['quit', 'crash', 'paused']) }),
  'export.progress': exportProgressSchema,
  'incident.opened': incidentSchema,
  /** An incident ended, or its figures (leads, recovered) changed. */
  'incident.updated': incidentSchema,
  /** A recovery job's figures changed (pushed a few times a second at most), or it paused, resumed, ended. */
  'recovery.progress': recoveryProgressSchema,
  /** A campaign's figures changed (pushed a few times a second at most), or it started, paused, resumed, ended. */
  'campaign.progress': campaignProgressSchema,
  'alert.logged': alertLogEntrySchema,
  'settings.changed': settingsViewSchema,
  /** The backup schedule took (or failed) a backup, or its backups became overdue. */
  'backup.status': backupStatusSchema,
  /** The operator's /start with the one-time code arrived: their chat is known now. */
  'operator.chat': operatorChatSchema,
  /** For a headless console: its browser shows the notification (the desktop shows its own). */
  'notification.show': notificationSchema,
  /** The host asks the console to show a page, e.g. after a click on a notification. */
  'console.open': consoleTargetSchema,
  /** A bot's products were created, changed or removed (by this console or another). */
  'products.changed': z.object({ botId: id }),
  /** The PIX gateway was connected, changed or removed, failed, or answered well after a failure: read it again. */
  'pixGateway.changed': z.object({ connected: z.boolean() }),
} as const satisfies { readonly [K in PushedEventName]: z.ZodType };

export type PushedEventPayloads = { [K in PushedEventName]: z.output<(typeof payloadSchemas)[K]> };

/** The same schemas, typed by event name so a generic caller gets the payload's type back. */
const payloadSchemaByName: { readonly [K in PushedEventName]: z.ZodType<PushedEventPayloads[K]> } = payloadSchemas;

const frameSchema = z.object({ event: z.enum(pushedEvents), payload: z.unknown() });

function checkedEvent<K extends PushedEventName>(event: K, payload: unknown): PushedEvent<K> | null {
  const parsed = payloadSchemaByName[event].safeParse(payload);
  return parsed.success ? { event, payload: parsed.data } : null;
}

/**
 * A pushed event received from outside the process (the headless console's WebSocket),
 * checked against its payload's schema; null when it is not one this console knows.
 */
export function parsePushedEvent(raw: unknown): PushedEvent | null {
  const frame = frameSchema.safeParse(raw);
  return frame.success ? checkedEvent(frame.data.event, frame.data.payload) : null;
}
