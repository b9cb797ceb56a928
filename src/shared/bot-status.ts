import { z } from 'zod';

export const botStateSchema = z.enum(['running', 'degraded', 'down', 'stopped']);
export type BotState = z.infer<typeof botStateSchema>;

/** Why a bot is in its state; the console turns each into a sentence. */
export const botReasonSchema = z.enum([
  'ok',
  'stopped_by_operator',
  'starting',
  'token_revoked',
  'token_unreadable',
  'conflict',
  'network',
  'telegram_error',
  'flood_wait',
  'send_failures',
  'welcome_backlog',
  'database',
  'store_blocked',
]);
export type BotReason = z.infer<typeof botReasonSchema>;

export const botStatusSchema = z.object({
  botId: z.number().int(),
  username: z.string(),
  state: botStateSchema,
  reason: botReasonSchema,
  detail: z.string().nullable(),
  since: z.number(),
  /** While down: the last moment updates were known to flow (the incident's start). */
  troubleSince: z.number().nullable(),
  lastPollOkAt: z.number().nullable(),
  counters: z.object({
    updates: z.number().int(),
    sent: z.number().int(),
    sendFailures: z.number().int(),
    consecutiveSendFailures: z.number().int(),
    pollFailures: z.number().int(),
    probeFailures: z.number().int(),
    /** Failed polls and probes since the last good answer. */
    consecutiveFailures: z.number().int(),
    flood429: z.number().int(),
  }),
  pendingWelcomes: z.number().int(),
  heldWelcomes: z.number().int(),
  oldestPendingWelcomeAt: z.number().nullable(),
});
export type BotStatus = z.infer<typeof botStatusSchema>;
