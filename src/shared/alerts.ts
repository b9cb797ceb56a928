import { z } from 'zod';
import { botReasonSchema } from './bot-status';
import { says } from './i18n/problems';

/**
 * Where alerts go. `desktop` is the OS notification (the browser's, in headless mode);
 * `heartbeat` is not told about incidents: it is pinged every minute while the engine
 * runs, so an outside service raises the alarm when the laptop sleeps or dies.
 */
export const channelKinds = ['desktop', 'telegram', 'discord', 'slack', 'webhook', 'heartbeat'] as const;
export const channelKindSchema = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof channelKindSchema>;

const webUrl = z.url({ protocol: /^https?$/, error: says('validation.channel.address') }).max(2000, says('validation.channel.addressTooLong'));

/** What the operator enters for each kind; everything but `desktop` holds a secret and is sealed at rest. */
export const channelConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('desktop') }),
  z.strictObject({
    kind: z.literal('telegram'),
    token: z.string().regex(/^\d{5,16}:[\w-]{30,64}$/, says('validation.channel.token')),
    chatId: z.union([
      z
        .number()
        .int()
        .refine((id) => id !== 0, says('validation.channel.chatIdZero')),
      z.string().regex(/^@\w{5,32}$/, says('validation.channel.chatId')),
    ]),
  }),
  z.strictObject({ kind: z.literal('discord'), url: webUrl }),
  z.strictObject({ kind: z.literal('slack'), url: webUrl }),
  z.strictObject({ kind: z.literal('webhook'), url: webUrl }),
  z.strictObject({ kind: z.literal('heartbeat'), url: webUrl }),
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type ChannelConfigOf<K extends ChannelKind> = Extract<ChannelConfig, { kind: K }>;

const channelName = z
  .string()
  .trim()
  .min(1, says('validation.channel.nameMissing'))
  .max(60, says('validation.channel.nameTooLong', { max: 60 }));

/** A channel as the console sees it: the secret parts never leave the engine, only a hint. */
export const channelViewSchema = z.object({
  id: z.number().int(),
  kind: channelKindSchema,
  name: z.string(),
  enabled: z.boolean(),
  /** Enough to recognise the destination (host, chat id, last characters), never the secret. */
  hint: z.string(),
  createdAt: z.number(),
  lastAttemptAt: z.number().nullable(),
  lastOkAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const addChannelSchema = z.strictObject({ name: channelName, enabled: z.boolean().default(true), config: channelConfigSchema });
export const updateChannelSchema = z.strictObject({
  channelId: z.number().int().positive(),
  name: channelName.optional(),
  enabled: z.boolean().optional(),
  /** A new destination; omitted keeps the sealed one. Its kind must stay the same. */
  config: channelConfigSchema.optional(),
});

export const incidentCauseSchema = z.union([botReasonSchema, z.literal('engine_offline')]);
export type IncidentCause = z.infer<typeof incidentCauseSchema>;

export const incidentEndSchema = z.enum(['recovered', 'stopped', 'engine_stopped']);
export type IncidentEnd = z.infer<typeof incidentEndSchema>;

/** One down period of a bot, or of the whole engine (botId null), with what it cost. */
export const incidentSchema = z.object({
  id: z.number().int(),
  botId: z.number().int().nullable(),
  username: z.string().nullable(),
  cause: incidentCauseSchema,
  detail: z.string().nullable(),
  /** When the trouble began: the last moment updates were known to flow. */
  startedAt: z.number(),
  /** When Botdeck declared the bot down (after the grace period or the failures in a row). */
  detectedAt: z.number(),
  endedAt: z.number().nullable(),
  endReason: incidentEndSchema.nullable(),
  /** Leads whose /start Telegram dates inside the incident. */
  leads: z.number().int(),
  /** Of those, how many have their welcome by now. */
  recovered: z.number().int(),
  /** leads × conversion rate × average ticket; null until both are set in Settings. */
  moneyAtStake: z.number().nullable(),
  /** The same for the leads still without a welcome. */
  moneyStillAtRisk: z.number().nullable(),
  currency: z.string(),
  alertsSent: z.number().int(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  /** Only incidents that started before this id (paging backwards in time). */
  beforeId: z.number().int().positive().optional(),
  openOnly: z.boolean().default(false),
});

export const incidentLeadSchema = z.object({
  leadId: z.number().int(),
  name: z.string(),
  username: z.string().nullable(),
  sentAt: z.number(),
  welcomedAt: z.number().nullable(),
});
export const incidentDetailSchema = z.object({
  incident: incidentSchema,
  /** Up to 500 of the leads, oldest /start first. */
  leads: z.array(incidentLeadSchema),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const alertTypeSchema = z.enum(['down', 'still_down', 'recovered', 'engine_offline', 'recovery_done', 'backup_failed', 'backup_overdue', 'backup_ok', 'test']);
export type AlertType = z.infer<typeof alertTypeSchema>;

/** One alert to one channel, with how it went. */
export const alertLogEntrySchema = z.object({
  id: z.number().int(),
  channelId: z.number().int().nullable(),
  channelKind: channelKindSchema,
  channelName: z.string(),
  incidentId: z.number().int().nullable(),
  type: alertTypeSchema,
  status: z.enum(['sending', 'sent', 'failed']),
  attempts: z.number().int(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable(),
});
export type AlertLogEntry = z.infer<typeof alertLogEntrySchema>;

export const alertLogQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  beforeId: z.number().int().positive().optional(),
});

export const channelTestResultSchema = z.object({ ok: z.literal(true), ms: z.number() });

/** Where the console goes when the operator asks for it from outside (a notification click, the desktop shell). */
export const consoleTargetSchema = z.discriminatedUnion('page', [
  /** The Alerts page, on one incident (null: just the page). */
  z.object({ page: z.literal('alerts'), incidentId: z.number().int().nullable() }),
  /** The Recovery page, on one job (null: just the page). */
  z.object({ page: z.literal('recovery'), jobId: z.number().int().nullable() }),
]);
export type ConsoleTarget = z.infer<typeof consoleTargetSchema>;

/** What a notification shows, and what a click on it opens; pushed to a headless console, whose browser shows it. */
export const notificationSchema = z.object({
  title: z.string(),
  body: z.string(),
  opens: consoleTargetSchema,
});
export type NotificationContent = z.infer<typeof notificationSchema>;
