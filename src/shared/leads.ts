import { z } from 'zod';
import { says } from './i18n/problems';
import { leadPaymentSchema } from './payments';

/** The funnel a lead moves through; `blocked` means the user blocked the bot. */
export const leadStatuses = ['new', 'welcomed', 'clicked', 'converted', 'blocked'] as const;
export const leadStatusSchema = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof leadStatusSchema>;

/** What a delivery carries: the first message, one an outage kept from the lead, a promotion, what a buyer paid for. */
export const deliveryKinds = ['welcome', 'recovery', 'broadcast', 'purchase'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

/** `held` waits for the operator; `sending` was claimed, and after a crash is ambiguous. */
export const deliveryStatuses = ['pending', 'sending', 'sent', 'blocked', 'failed', 'held'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** Priority lanes, drained lowest first: a promotion never delays a new lead's welcome, nor a buyer's purchase. */
export const deliveryLanes = { welcome: 0, recovery: 1, broadcast: 2, purchase: 0 } as const satisfies Record<DeliveryKind, number>;
export type DeliveryLane = (typeof deliveryLanes)[DeliveryKind];

/** Every entry of a lead's timeline; the console has a label for each. */
export const leadEventKinds = [
  'started',
  'welcome_sent',
  'welcome_failed',
  'welcome_held',
  'welcome_requeued',
  'recovered',
  'recovery_failed',
  'recovery_skipped',
  'recovery_cancelled',
  'welcome_replaced',
  'broadcast_sent',
  'broadcast_failed',
  'broadcast_skipped',
  'follow_up_skipped',
  'clicked',
  'blocked',
  'unblocked',
  'opted_out',
  'opted_in',
  'converted',
  'checkout_started',
  'checkout_expired',
  'paid',
  'refunded',
  'purchase_sent',
  'purchase_failed',
  'archived',
  'resend_after_crash',
  'broadcast_abandoned_after_crash',
  'recovery_abandoned_after_crash',
] as const;
export type LeadEventKind = (typeof leadEventKinds)[number];

/** Beyond this many matches a page reports "10,000+" instead of counting every lead. */
export const LEAD_TOTAL_CAP = 10_000;

/** The largest sale markConverted accepts: 100,000,000.00 in the smallest currency unit. */
export const MAX_AMOUNT_CENTS = 10_000_000_000;

const epochMs = z.number().int().nonnegative();

/**
 * Which leads to show. Every field narrows the set; an absent field does not filter.
 * Lists must not be empty (omit the field for "all"), so an empty selection is never
 * mistaken for either "all" or "none".
 */
export const leadFilterSchema = z
  .strictObject({
    botIds: z.array(z.number().int().positive()).min(1).max(1000).optional(),
    statuses: z.array(leadStatusSchema).min(1).max(leadStatuses.length).optional(),
    /** Exact campaign; null selects the leads that came without one. */
    source: z.string().min(1).max(200).nullable().optional(),
    /** First seen at or after this time (ms since the epoch). */
    firstSeenFrom: epochMs.optional(),
    /** First seen strictly before this time, so consecutive ranges never overlap. */
    firstSeenTo: epochMs.optional(),
    /**
     * Words that must each appear somewhere in the username, first or last name ("ana sil"
     * finds Ana Silva; a leading @ is ignored). Words of 3+ characters ignore case and
     * accents and use the search index; 1–2 character words ignore only ASCII case and
     * are checked lead by lead, which is slow on a large store when no other word or
     * filter narrows the set.
     */
    search: z.string().min(1).max(100).optional(),
    includeArchived: z.boolean().optional(),
  })
  .refine((filter) => filter.firstSeenFrom === undefined || filter.firstSeenTo === undefined || filter.firstSeenFrom <= filter.firstSeenTo, {
    error: says('validation.range.backwards'),
    path: ['firstSeenTo'],
  });
export type LeadFilter = z.infer<typeof leadFilterSchema>;

export const leadSortColumns = ['first_seen_at', 'last_seen_at', 'username', 'first_name', 'status', 'starts', 'revenue_cents'] as const;
/**
 * Names sort without regard to ASCII case. Ties break on first-seen time, then id, in the
 * same direction. Username and revenue are sometimes empty: those leads come last in
 * either direction (newest id first when descending), and ties there break on id.
 */
export const leadSortSchema = z.strictObject({
  column: z.enum(leadSortColumns),
  direction: z.enum(['asc', 'desc']),
});
export type LeadSortColumn = (typeof leadSortColumns)[number];
export type LeadSort = z.infer<typeof leadSortSchema>;

export const leadPageRequestSchema = z.strictObject({
  filter: leadFilterSchema,
  sort: leadSortSchema,
  offset: z.number().int().nonnegative().max(1_000_000_000),
  limit: z.number().int().min(1).max(500),
});
export type LeadPageRequest = z.infer<typeof leadPageRequestSchema>;

/** One line of the leads table. Times are ms since the epoch. */
export const leadRowSchema = z.object({
  id: z.number().int(),
  botId: z.number().int(),
  botUsername: z.string(),
  userId: z.number().int(),
  username: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  languageCode: z.string().nullable(),
  source: z.string().nullable(),
  /** The /start payload that was not a valid campaign name, as received. */
  sourceInvalid: z.string().nullable(),
  status: leadStatusSchema,
  starts: z.number().int(),
  firstSeenAt: z.number().int(),
  lastSeenAt: z.number().int(),
  welcomedAt: z.number().int().nullable(),
  convertedAt: z.number().int().nullable(),
  revenueCents: z.number().int().nullable(),
  archived: z.boolean(),
  /** When the lead opted out of campaigns; null while they receive them. */
  optedOutAt: z.number().int().nullable(),
});
export type LeadRow = z.infer<typeof leadRowSchema>;

export const leadPageSchema = z.object({
  rows: z.array(leadRowSchema),
  /** Leads matching the filter; when totalIsCapped, at least this many (show "10,000+"). */
  total: z.number().int().nonnegative(),
  totalIsCapped: z.boolean(),
});
export type LeadPage = z.infer<typeof leadPageSchema>;

/** Exact figures for a filter (not capped): the header of the leads screen. */
export const leadCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  byStatus: z.record(leadStatusSchema, z.number().int().nonnegative()),
  /** Sum of the recorded sales of the matching leads, whatever their status is now. */
  revenueCents: z.number().int().nonnegative(),
});
export type LeadCounts = z.infer<typeof leadCountsSchema>;

export const leadEventSchema = z.object({
  kind: z.string(),
  at: z.number().int(),
  /** The event's JSON detail, parsed; the raw text when it is not JSON; null when absent. */
  detail: z.unknown(),
});
export type LeadEvent = z.infer<typeof leadEventSchema>;

export const leadDeliverySchema = z.object({
  id: z.number().int(),
  kind: z.enum(deliveryKinds),
  status: z.enum(deliveryStatuses),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type LeadDelivery = z.infer<typeof leadDeliverySchema>;

/** One lead with its timeline, its messages and its payments, all oldest first. */
export const leadDetailSchema = leadRowSchema.extend({
  events: z.array(leadEventSchema),
  deliveries: z.array(leadDeliverySchema),
  payments: z.array(leadPaymentSchema),
});
export type LeadDetail = z.infer<typeof leadDetailSchema>;

export const markConvertedSchema = z.strictObject({
  leadId: z.number().int().positive(),
  amountCents: z.number().int().nonnegative().max(MAX_AMOUNT_CENTS),
});
export type MarkConverted = z.infer<typeof markConvertedSchema>;

export const setLeadOptOutSchema = z.strictObject({
  leadId: z.number().int().positive(),
  optedOut: z.boolean(),
});
export type SetLeadOptOut = z.infer<typeof setLeadOptOutSchema>;
