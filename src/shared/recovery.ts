import { z } from 'zod';
import { says } from './i18n/problems';
import { incidentCauseSchema } from './alerts';
import { botStateSchema } from './bot-status';

/**
 * Why an active, unconverted lead still has no welcome, from its newest welcome or recovery
 * delivery: `pending` is queued (or being sent), `held` is older than the bot's recovery
 * window and waits for the operator, `failed` was refused for good (Telegram's reason in
 * `detail`), `blocked` the lead blocked the bot before any welcome reached them, and
 * `no_delivery` none was ever queued.
 */
export const lossReasons = ['pending', 'held', 'failed', 'blocked', 'no_delivery'] as const;
export const lossReasonSchema = z.enum(lossReasons);
export type LossReason = z.infer<typeof lossReasonSchema>;

/**
 * How long ago the lead's first /start was: under an hour (the bot may still catch up),
 * up to a day (Telegram's own window), up to a week, older.
 */
export const ageBuckets = ['under_1h', '1h_to_24h', '1d_to_7d', 'over_7d'] as const;
export const ageBucketSchema = z.enum(ageBuckets);
export type AgeBucket = z.infer<typeof ageBucketSchema>;

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
/** count × conversion rate × average ticket, in the settings' currency; null until both are set. */
const cost = z.number().nullable();
const byReasonSchema = z.record(lossReasonSchema, count);

/** Which lost leads to look at; every field narrows, an absent one does not filter. */
export const recoveryScopeSchema = z
  .strictObject({
    botId: id.optional(),
    /** Leads whose /start Telegram dated inside this incident. */
    incidentId: id.optional(),
    /** First seen at or after this time. */
    firstSeenFrom: epochMs.optional(),
    /** First seen strictly before this time. */
    firstSeenTo: epochMs.optional(),
  })
  .refine((scope) => scope.firstSeenFrom === undefined || scope.firstSeenTo === undefined || scope.firstSeenFrom <= scope.firstSeenTo, {
    error: says('validation.range.backwards'),
    path: ['firstSeenTo'],
  });
export type RecoveryScope = z.infer<typeof recoveryScopeSchema>;

export const recoveryOverviewRequestSchema = z.strictObject({
  scope: recoveryScopeSchema.default({}),
  /** How many of the lost leads to list, oldest first (the figures always count them all). */
  leadLimit: z.number().int().min(0).max(500).default(100),
});
export type RecoveryOverviewRequest = z.infer<typeof recoveryOverviewRequestSchema>;

export const lostLeadSchema = z.object({
  leadId: z.number().int(),
  botId: z.number().int(),
  name: z.string(),
  username: z.string().nullable(),
  firstSeenAt: z.number().int(),
  reason: lossReasonSchema,
  /** Telegram's answer for `failed`, the hold's reason for `held`; null otherwise. */
  detail: z.string().nullable(),
  /** The delivery the reason comes from; null for `no_delivery`. */
  deliveryId: z.number().int().nullable(),
  /** The incidents whose time the lead's /start falls in. */
  incidentIds: z.array(z.number().int()),
});
export type LostLead = z.infer<typeof lostLeadSchema>;

export const recoveryOverviewSchema = z.object({
  /** The time the figures were read at (the age buckets count back from it). */
  at: z.number().int(),
  currency: z.string(),
  /** Leads in scope who never received a welcome, active and not converted. */
  leads: count,
  cost,
  byReason: byReasonSchema,
  /** Of the pending ones, those whose bot is stopped or down right now: they wait for the bot, not for their turn. */
  pendingWhileBotNotRunning: count,
  byBot: z.array(
    z.object({
      botId: z.number().int(),
      username: z.string(),
      /** The bot's state now; null while the bots cannot run (the store is refused). */
      state: botStateSchema.nullable(),
      leads: count,
      cost,
      byReason: byReasonSchema,
    }),
  ),
  /** A lead dated inside two overlapping incidents (a bot's and the engine's) counts in both. */
  byIncident: z.array(
    z.object({
      incidentId: z.number().int(),
      botId: z.number().int().nullable(),
      cause: incidentCauseSchema,
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      leads: count,
      cost,
      byReason: byReasonSchema,
    }),
  ),
  /** Lost leads dated inside no incident (a welcome refused while everything ran). */
  withoutIncident: count,
  /** Every bucket, in the order of `ageBuckets`, empty ones included. */
  byAge: z.array(z.object({ bucket: ageBucketSchema, leads: count, cost })),
  /** Up to `leadLimit` of the leads, oldest first. */
  lostLeads: z.array(lostLeadSchema),
});
export type RecoveryOverview = z.infer<typeof recoveryOverviewSchema>;

/** A stretch of time, both ends in ms since the epoch. */
const spanSchema = z.object({ from: z.number(), to: z.number(), lengthMs: z.number().nonnegative() });

export const incidentLossSchema = z.object({
  incidentId: z.number().int(),
  botId: z.number().int().nullable(),
  username: z.string().nullable(),
  cause: incidentCauseSchema,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** /starts Telegram dated inside the incident. */
  starts: count,
  /** Of those, welcomed afterwards by the bot itself. */
  welcomedLate: count,
  /** Welcomed afterwards by a recovery. */
  recovered: count,
  /** Never welcomed, but converted or archived since: no longer a loss. */
  settled: count,
  /** Never welcomed, active and not converted: starts = welcomedLate + recovered + settled + lost. */
  lost: count,
  /** pending + held: welcomes still on their way or waiting for the operator. */
  waiting: count,
  byReason: byReasonSchema,
  cost,
  currency: z.string(),
  /**
   * While nobody confirmed the bot's updates: the incident, joined with the times the engine
   * was offline that touch it; it runs until now while the incident is open.
   */
  unconfirmed: spanSchema,
  /**
   * Telegram keeps unconfirmed updates 24 hours: a /start in this stretch (the unconfirmed
   * time but its last 24 hours) may be gone for good, and no one can count it. Null when the
   * unconfirmed time was 24 hours or less.
   */
  blindWindow: spanSchema.nullable(),
});
export type IncidentLoss = z.infer<typeof incidentLossSchema>;
