import { z } from 'zod';
import { says, saysText } from './i18n/problems';
import { OPT_OUT_CALLBACK_DATA } from './opt-out';
import { checkMessageText } from './telegram-html';
import { buttonsSchema, MAX_BUTTONS, mediaSchema, refuseReservedButtons, textAndMediaParsed } from './welcome';

/**
 * Campaigns: a message sent once to an audience of leads, now or at a time. The engine
 * freezes the audience into one broadcast delivery per lead when the campaign starts.
 */

export { OPT_OUT_CALLBACK_DATA };

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** The label of the "stop receiving offers" button, in the operator's language. */
export const optOutButtonLabels = { en: 'Stop receiving offers', 'pt-BR': 'Não quero mais receber ofertas' } as const;

/** `checkout_not_paid`: the abandoned checkouts (see `src/main/core/campaigns/audience.ts`). */
export const campaignSegments = ['all', 'not_converted', 'clicked_not_converted', 'never_welcomed', 'checkout_not_paid'] as const;
export type CampaignSegment = (typeof campaignSegments)[number];

/** Telegram's limit on a /start payload, which is where a source comes from. */
const MAX_SOURCE = 64;
const MAX_DAYS = 3650;

const unique = (values: readonly unknown[]): boolean => new Set(values).size === values.length;

/**
 * Which leads a campaign reaches. Blocked, archived and opted-out leads are always left out,
 * converted ones unless `includeConverted`. Each list, when given, holds at least one value.
 */
export const audienceFilterSchema = z
  .strictObject(
    {
      bots: z
        .array(id, { error: says('validation.campaign.botsList') })
        .min(1, { error: says('validation.campaign.botsMin') })
        .refine(unique, { error: says('validation.campaign.botTwice') }),
      segment: z.enum(campaignSegments, { error: says('validation.campaign.segment') }).default('all'),
      /** The /start payload's source, any of these. */
      sources: z
        .array(
          z
            .string({ error: says('validation.campaign.sourceText') })
            .min(1, { error: says('validation.campaign.sourceEmpty') })
            .max(MAX_SOURCE, { error: says('validation.campaign.sourceTooLong', { max: MAX_SOURCE }) }),
          { error: says('validation.campaign.sourcesList') },
        )
        .min(1, { error: says('validation.campaign.sourcesMin') })
        .optional(),
      /** First seen from this time, included. */
      firstSeenFrom: epochMs.optional(),
      /** First seen up to this time, included. */
      firstSeenTo: epochMs.optional(),
      lastSeenMoreThanDays: z
        .number({ error: says('validation.campaign.lastSeenDays', { max: MAX_DAYS }) })
        .int({ error: says('validation.campaign.lastSeenDays', { max: MAX_DAYS }) })
        .min(1, { error: says('validation.campaign.lastSeenDays', { max: MAX_DAYS }) })
        .max(MAX_DAYS, { error: says('validation.campaign.lastSeenDays', { max: MAX_DAYS }) })
        .optional(),
      /** Telegram's language codes (like "en" or "pt-br"), compared ignoring case. */
      languages: z
        .array(
          z
            .string({ error: says('validation.campaign.language') })
            .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, { error: says('validation.campaign.language') })
            .transform((code) => code.toLowerCase()),
          { error: says('validation.campaign.languagesList') },
        )
        .min(1, { error: says('validation.campaign.languagesMin') })
        .optional(),
      includeConverted: z.boolean({ error: says('validation.campaign.includeConverted') }).default(false),
    },
    { error: says('validation.campaign.audience') },
  )
  .refine((filter) => filter.firstSeenFrom === undefined || filter.firstSeenTo === undefined || filter.firstSeenFrom <= filter.firstSeenTo, {
    error: says('validation.campaign.firstSeenBackwards'),
    path: ['firstSeenTo'],
  });
export type AudienceFilter = z.infer<typeof audienceFilterSchema>;
export type AudienceFilterInput = z.input<typeof audienceFilterSchema>;

/** A campaign's message: the welcome editor's text, media and buttons, and the opt-out button (on unless turned off). */
export const campaignMessageSchema = z
  .strictObject(
    {
      text: z.string({ error: says('validation.campaign.textMissing') }),
      media: mediaSchema.nullable().default(null),
      buttons: buttonsSchema.default([]),
      optOutButton: z.boolean({ error: says('validation.campaign.optOutOnOff') }).default(true),
    },
    { error: says('validation.campaign.message') },
  )
  .superRefine(
    (message, ctx) => {
      const checked = checkMessageText(message.text, message.media !== null);
      if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['text'], message: saysText(checked.text), params: { offset: checked.offset } });
    },
    { when: textAndMediaParsed },
  )
  .superRefine((message, ctx) => {
    if (message.media?.source.type === 'path') {
      ctx.addIssue({ code: 'custom', path: ['media', 'source'], message: says('validation.campaign.mediaAgain') });
    }
    refuseReservedButtons(message.buttons, ctx);
    const total = message.buttons.reduce((sum, row) => sum + row.length, 0);
    if (message.optOutButton && total === MAX_BUTTONS) {
      ctx.addIssue({ code: 'custom', path: ['buttons'], message: says('validation.campaign.optOutTooMany', { count: MAX_BUTTONS + 1 }) });
    }
  });
export type CampaignMessage = z.infer<typeof campaignMessageSchema>;

export const campaignStatuses = ['draft', 'scheduled', 'running', 'paused', 'done', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

const MAX_NAME = 100;
export const campaignNameSchema = z
  .string({ error: says('validation.campaign.nameMissing') })
  .trim()
  .min(1, { error: says('validation.campaign.nameMissing') })
  .max(MAX_NAME, { error: says('validation.campaign.nameTooLong', { max: MAX_NAME }) });

export const createCampaignRequestSchema = z.strictObject({ name: campaignNameSchema, audience: audienceFilterSchema, message: campaignMessageSchema });
export type CreateCampaignRequest = z.input<typeof createCampaignRequestSchema>;

export const campaignIdRequestSchema = z.strictObject({ campaignId: id });
/** A test send of a message to the operator's own chat, through one bot. */
export const sendTestCampaignRequestSchema = z.strictObject({
  botId: id,
  chatId: z.number({ error: says('validation.campaign.chatIdMissing') }).int({ error: says('validation.campaign.chatIdWhole') }),
  message: campaignMessageSchema,
});
export const scheduleCampaignRequestSchema = z.strictObject({ campaignId: id, at: epochMs });

/** The exact number of leads a filter reaches now. */
export const audienceCountSchema = z.object({ leads: count });
export type AudienceCount = z.infer<typeof audienceCountSchema>;

/**
 * A campaign's figures and results, as pushed while it runs and read by a call (like a
 * recovery job's). Results sit beside the counts, not in an object of their own: they are
 * counted from the same deliveries and pushed by the same event, and the console shows them
 * together; conversions may still grow for 7 days after the campaign is done.
 */
export const campaignProgressSchema = z.object({
  campaignId: id,
  status: z.enum(campaignStatuses),
  /** The frozen audience: one row per lead; 0 before it starts. */
  recipients: count,
  sent: count,
  /** Telegram refused the message, or it could not be sent; not the capped, opted-out or cancelled rows. */
  failed: count,
  blocked: count,
  /** Not taken when the operator cancelled. */
  cancelled: count,
  /** Not sent: the lead had another campaign message within the frequency cap. */
  capped: count,
  /** Not sent: the lead opted out of campaigns after the audience was frozen. */
  optedOut: count,
  remaining: count,
  /** Leads who pressed a button of their campaign message. */
  clicks: count,
  /** Leads who converted within 7 days of their campaign message (from the moment it was sent). */
  conversions: count,
  /** Those conversions' sale amounts, in cents. */
  revenueCents: count,
  /** Messages a second over the last sends; null before there are two. */
  ratePerSecond: z.number().nonnegative().nullable(),
  /** At that rate; null when unknown or nothing remains. */
  etaMs: count.nullable(),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

export const campaignSchema = z.object({
  id,
  name: z.string(),
  status: z.enum(campaignStatuses),
  audience: audienceFilterSchema,
  message: campaignMessageSchema,
  scheduledAt: epochMs.nullable(),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
  progress: campaignProgressSchema,
});
export type Campaign = z.infer<typeof campaignSchema>;

/** What became of a campaign's message to one lead. */
export const campaignOutcomes = ['sent', 'failed', 'blocked', 'capped', 'opted_out', 'cancelled', 'pending', 'abandoned_after_crash'] as const;
export type CampaignOutcome = (typeof campaignOutcomes)[number];

export const MAX_REPORT_PAGE = 100;

export const campaignReportRequestSchema = z.strictObject({
  campaignId: id,
  offset: z
    .number({ error: says('validation.campaign.reportOffset') })
    .int({ error: says('validation.campaign.reportOffset') })
    .nonnegative({ error: says('validation.campaign.reportOffset') })
    .default(0),
  limit: z
    .number({ error: says('validation.campaign.reportPage', { max: MAX_REPORT_PAGE }) })
    .int({ error: says('validation.campaign.reportPage', { max: MAX_REPORT_PAGE }) })
    .min(1, { error: says('validation.campaign.reportPage', { max: MAX_REPORT_PAGE }) })
    .max(MAX_REPORT_PAGE, { error: says('validation.campaign.reportPage', { max: MAX_REPORT_PAGE }) })
    .default(50),
});

/** One lead of a campaign's report, in the order the audience was frozen. */
export const campaignReportRowSchema = z.object({
  leadId: id,
  /** First and last name. */
  name: z.string(),
  username: z.string().nullable(),
  /** The bot's username. */
  bot: z.string(),
  outcome: z.enum(campaignOutcomes),
  /** Telegram's answer (failed, blocked) or why it was not sent; null when sent or pending. */
  reason: z.string().nullable(),
  sentAt: epochMs.nullable(),
  /** The first press on a button of this message. */
  clickedAt: epochMs.nullable(),
  /** The lead's conversion, when it counts for the campaign (within 7 days of the message), with its amount. */
  convertedAt: epochMs.nullable(),
  amountCents: count.nullable(),
});
export type CampaignReportRow = z.infer<typeof campaignReportRowSchema>;

export const campaignReportSchema = z.object({ total: count, rows: z.array(campaignReportRowSchema) });
export type CampaignReport = z.infer<typeof campaignReportSchema>;
