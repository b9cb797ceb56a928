import { z } from 'zod';
import { says } from './i18n/problems';
import { campaignMessageSchema } from './campaigns';

/**
 * Follow-ups: per bot, a sequence of steps, each "so long after the welcome, if the lead has
 * not converted (and has / has not clicked), send this message". The engine sends each step
 * once per lead, in order.
 */

const id = z.number().int().positive();
const count = z.number().int().nonnegative();
const epochMs = z.number().int().nonnegative();

export const followUpConditions = ['any', 'clicked', 'not_clicked'] as const;
export type FollowUpCondition = (typeof followUpConditions)[number];

export const delayUnits = ['minutes', 'hours'] as const;
export type DelayUnit = (typeof delayUnits)[number];

/** Why a step did not reach a lead: the lead left the sequence, the step came due too long ago, or its condition did not hold. */
export const followUpSkipReasons = ['converted', 'blocked', 'opted_out', 'archived', 'missed', 'condition'] as const;
export type FollowUpSkipReason = (typeof followUpSkipReasons)[number];

/** At most 30 days after the welcome: a follow-up later than that is a campaign. */
const MAX_DELAY_MINUTES = 30 * 24 * 60;
const MAX_STEPS = 20;

export const followUpDelaySchema = z
  .strictObject({
    amount: z
      .number({ error: says('validation.followUp.delayWhole') })
      .int({ error: says('validation.followUp.delayWhole') })
      .min(1, { error: says('validation.followUp.delayMin') }),
    unit: z.enum(delayUnits, { error: says('validation.followUp.delayUnit') }),
  })
  .refine((delay) => delayMinutes(delay) <= MAX_DELAY_MINUTES, { error: says('validation.followUp.delayMax'), path: ['amount'] });
export type FollowUpDelay = z.infer<typeof followUpDelaySchema>;

export function delayMinutes(delay: { readonly amount: number; readonly unit: DelayUnit }): number {
  return delay.unit === 'hours' ? delay.amount * 60 : delay.amount;
}

/** A step as the operator writes it; without `stepId` it is added at the end of the sequence. */
export const saveFollowUpStepRequestSchema = z.strictObject({
  botId: id,
  stepId: id.optional(),
  delay: followUpDelaySchema,
  condition: z.enum(followUpConditions, { error: says('validation.followUp.condition') }).default('any'),
  message: campaignMessageSchema,
  enabled: z.boolean({ error: says('validation.followUp.stepOnOff') }).default(true),
});
export type SaveFollowUpStepRequest = z.input<typeof saveFollowUpStepRequestSchema>;

export const followUpStepRefSchema = z.strictObject({ botId: id, stepId: id });
export const moveFollowUpStepRequestSchema = z.strictObject({ botId: id, stepId: id, direction: z.enum(['up', 'down'], { error: says('validation.followUp.direction') }) });
export const setFollowUpsEnabledRequestSchema = z.strictObject({ botId: id, enabled: z.boolean({ error: says('validation.followUp.sequenceOnOff') }) });
export const enrollExistingLeadsRequestSchema = z.strictObject({ botId: id, since: epochMs });

/** A step's figures: leads it came due for, and what became of them. */
export const followUpStepFiguresSchema = z.object({
  entered: count,
  sent: count,
  /** Queued, not sent yet (or being sent). */
  waiting: count,
  failed: count,
  skipped: z.object(Object.fromEntries(followUpSkipReasons.map((reason) => [reason, count])) as Record<FollowUpSkipReason, typeof count>),
  clicked: count,
  /** Leads who converted after this step reached them. */
  converted: count,
});
export type FollowUpStepFigures = z.infer<typeof followUpStepFiguresSchema>;

export const followUpStepSchema = z.object({
  id,
  delay: followUpDelaySchema,
  condition: z.enum(followUpConditions),
  message: campaignMessageSchema,
  enabled: z.boolean(),
  figures: followUpStepFiguresSchema,
});
export type FollowUpStep = z.infer<typeof followUpStepSchema>;

export const followUpSequenceSchema = z.object({
  botId: id,
  /** False before its first step is saved, or when the operator turned it off. */
  enabled: z.boolean(),
  /** Leads welcomed from this time on are enrolled; null before the first step. */
  enrollFrom: epochMs.nullable(),
  /** Leads in the sequence now (not through it, not left). */
  active: count,
  steps: z.array(followUpStepSchema).max(MAX_STEPS),
});
export type FollowUpSequence = z.infer<typeof followUpSequenceSchema>;

export { MAX_STEPS as MAX_FOLLOW_UP_STEPS };

export const enrollResultSchema = z.object({ enrolled: count });
