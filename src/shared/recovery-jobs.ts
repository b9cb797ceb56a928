import { z } from 'zod';
import { says } from './i18n/problems';

/**
 * Recovery jobs: the operator sends a welcome (or an apology followed by the welcome) to
 * the leads who never got one. The engine persists the job and reports its progress.
 */

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();

/** Botdeck's own cap: an apology is one short paragraph before the welcome. */
export const MAX_APOLOGY_CHARS = 400;

/** The apology offered in each console language; the operator may edit it. */
export const defaultApologies = {
  en: 'Sorry for the wait: we had a technical problem and your message went unanswered. Here is what we meant to send you.',
  'pt-BR': 'Desculpe a demora: tivemos um problema técnico e sua mensagem ficou sem resposta. Aqui está o que queríamos ter enviado.',
} as const;

/** Which leads a job looks at; of those, it takes the ones who never received a welcome. */
export const recoveryScopeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('all') }),
    z.strictObject({ kind: z.literal('bot'), botId: id }),
    z.strictObject({ kind: z.literal('incident'), incidentId: id }),
    /** Both ends included (the overview's `firstSeenTo` excludes its end: the console cuts the windows to match). */
    z
      .strictObject({ kind: z.literal('age'), firstSeenFrom: epochMs, firstSeenTo: epochMs })
      .refine((scope) => scope.firstSeenFrom <= scope.firstSeenTo, { error: says('validation.recovery.windowBackwards') }),
  ],
  { error: says('validation.recovery.scope') },
);
export type RecoveryScope = z.infer<typeof recoveryScopeSchema>;

export const recoveryMessageSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('welcome') }),
    z.strictObject({
      kind: z.literal('apology'),
      text: z
        .string()
        .trim()
        .min(1, says('validation.recovery.apologyEmpty'))
        .max(MAX_APOLOGY_CHARS, says('validation.recovery.apologyTooLong', { max: MAX_APOLOGY_CHARS })),
    }),
  ],
  { error: says('validation.recovery.message') },
);
export type RecoveryMessage = z.infer<typeof recoveryMessageSchema>;

/** Why a lead of a job was not messaged when its turn came. */
export const recoverySkipReasons = ['welcomed', 'converted', 'archived', 'blocked'] as const;
export type RecoverySkipReason = (typeof recoverySkipReasons)[number];

export const recoveryJobStatuses = ['running', 'paused', 'cancelled', 'done'] as const;
export type RecoveryJobStatus = (typeof recoveryJobStatuses)[number];

/** Leads of the scope left to another open job: messaged once, by that job. */
const alreadyInJobSchema = z.object({ jobId: id, leads: z.number().int().positive() });

/** What starting a job on this scope would do, counted exactly. */
export const recoveryPreviewSchema = z.object({
  /** Leads the job would message. */
  leads: z.number().int().nonnegative(),
  alreadyInJobs: z.array(alreadyInJobSchema),
  /** Leads whose welcome is queued right now (it goes out on its own): not messaged by the job. */
  welcomesOnTheirWay: z.number().int().nonnegative(),
  /** Welcomes held as too old: the job sends in their place, so each lead gets one message. */
  heldWelcomesReplaced: z.number().int().nonnegative(),
});
export type RecoveryPreview = z.infer<typeof recoveryPreviewSchema>;

const count = z.number().int().nonnegative();

/** A job's figures, as pushed while it runs and read by a call. */
export const recoveryProgressSchema = z.object({
  jobId: id,
  status: z.enum(recoveryJobStatuses),
  total: count,
  sent: count,
  skipped: z.object({ welcomed: count, converted: count, archived: count, blocked: count }),
  failed: count,
  blocked: count,
  cancelled: count,
  remaining: count,
  /** Messages a second over the last sends; null before there are two. */
  ratePerSecond: z.number().nonnegative().nullable(),
  /** At that rate; null when unknown or nothing remains. */
  etaMs: count.nullable(),
  /** Bots with rows left that are not running: their part waits until they run again. */
  waitingBots: z.array(z.object({ botId: id, remaining: z.number().int().positive() })),
});
export type RecoveryProgress = z.infer<typeof recoveryProgressSchema>;

export const recoveryJobSchema = recoveryPreviewSchema.omit({ leads: true, heldWelcomesReplaced: true }).extend({
  id,
  scope: recoveryScopeSchema,
  message: recoveryMessageSchema,
  /** The result also goes to the configured alert channels (the desktop notification always shows it). */
  announce: z.boolean(),
  createdAt: epochMs,
  finishedAt: epochMs.nullable(),
  progress: recoveryProgressSchema,
});
export type RecoveryJob = z.infer<typeof recoveryJobSchema>;

export const recoveryLeadOutcomes = ['waiting', 'sending', 'sent', 'skipped', 'failed', 'blocked', 'cancelled'] as const;

/** One lead of a job's report. */
export const recoveryLeadSchema = z.object({
  leadId: id,
  botId: id,
  firstName: z.string(),
  username: z.string().nullable(),
  outcome: z.enum(recoveryLeadOutcomes),
  /** The skip reason, Telegram's answer, or why it was cancelled; null when sent or waiting. */
  why: z.string().nullable(),
  at: epochMs,
});
export type RecoveryLead = z.infer<typeof recoveryLeadSchema>;

export const RECOVERY_REPORT_PAGE = 500;

export const recoveryJobDetailRequestSchema = z.strictObject({
  jobId: id,
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(5000).default(RECOVERY_REPORT_PAGE),
});

export const recoveryJobDetailSchema = recoveryJobSchema.extend({
  /** The job's leads in the order they were queued, one page of them. */
  leads: z.array(recoveryLeadSchema),
});
export type RecoveryJobDetail = z.infer<typeof recoveryJobDetailSchema>;
