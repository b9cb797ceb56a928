/**
 * Pure helpers behind the Campaigns page: the audience builder's fields to the engine's
 * filter, local dates and times to instants, the list patched by pushed progress. No DOM and
 * no React here, so the console tests run them in plain Node.
 */
import type { z } from 'zod';
import { renderText, type TextLocale } from '../../../shared/i18n/error-text';
import { problemOf } from '../../../shared/i18n/problems';
import {
  OPT_OUT_CALLBACK_DATA,
  type AudienceFilterInput,
  type Campaign,
  type CampaignMessage,
  type CampaignProgress,
  type CampaignSegment,
  type CampaignStatus,
} from '../../../shared/campaigns';

/** The audience builder's fields as the operator types them. */
export interface AudienceDraft {
  readonly bots: readonly number[];
  readonly segment: CampaignSegment;
  /** Comma-separated /start payloads; empty: every source. */
  readonly sources: string;
  /** "YYYY-MM-DD" in the operator's time zone; empty: no bound. */
  readonly firstSeenFrom: string;
  readonly firstSeenTo: string;
  /** Whole days as typed; empty: no filter. */
  readonly lastSeenMoreThanDays: string;
  /** Comma-separated language codes; empty: every language. */
  readonly languages: string;
  readonly includeConverted: boolean;
}

export const emptyAudience: AudienceDraft = {
  bots: [],
  segment: 'all',
  sources: '',
  firstSeenFrom: '',
  firstSeenTo: '',
  lastSeenMoreThanDays: '',
  languages: '',
  includeConverted: false,
};

/** "a, b,,c " → ["a", "b", "c"]: each value once, in the order typed. */
export function listOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
  ];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The first instant of a "YYYY-MM-DD" day in the operator's time zone; undefined for an empty or malformed date. */
export function dayStart(date: string): number | undefined {
  const match = DATE.exec(date);
  if (match === null) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

/** The last millisecond of a "YYYY-MM-DD" day in the operator's time zone (the range includes the whole day). */
export function dayEnd(date: string): number | undefined {
  const match = DATE.exec(date);
  if (match === null) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).getTime() - 1;
}

/** A datetime-local field's "YYYY-MM-DDTHH:mm", in the operator's time zone; null when empty or malformed. */
export function localDateTime(value: string): number | null {
  const match = DATE_TIME.exec(value);
  if (match === null) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5])).getTime();
}

/**
 * The filter the engine reads. An empty field is no filter; a number typed wrong is passed as
 * typed (NaN is not a whole number), so the shared schema refuses it with its own words.
 */
export function audienceInput(draft: AudienceDraft): AudienceFilterInput {
  const sources = listOf(draft.sources);
  const languages = listOf(draft.languages);
  const from = dayStart(draft.firstSeenFrom);
  const to = dayEnd(draft.firstSeenTo);
  const days = draft.lastSeenMoreThanDays.trim();
  return {
    bots: [...draft.bots],
    segment: draft.segment,
    ...(sources.length > 0 && { sources }),
    ...(from !== undefined && { firstSeenFrom: from }),
    ...(to !== undefined && { firstSeenTo: to }),
    ...(days !== '' && { lastSeenMoreThanDays: Number(days) }),
    ...(languages.length > 0 && { languages }),
    includeConverted: draft.includeConverted,
  };
}

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** A schema's problems, each at its dotted path ("audience.bots", "message.buttons.0.url"), in the operator's language. */
export function problemsOf(result: z.ZodSafeParseResult<unknown>, locale: TextLocale): FieldProblem[] {
  return result.success ? [] : result.error.issues.map(problemOf).map((problem) => ({ path: problem.path, message: renderText(locale, problem.text) }));
}

/** The problems under `prefix`, with the prefix taken off: "message.text" → "text" for the message editor. */
export function problemsUnder(problems: readonly FieldProblem[], prefix: string): FieldProblem[] {
  return problems.filter((problem) => problem.path.startsWith(`${prefix}.`)).map((problem) => ({ path: problem.path.slice(prefix.length + 1), message: problem.message }));
}

/** The message's buttons as a lead sees them: the opt-out button, when on, is the last row, in the operator's language. */
export function buttonsAsSent(message: Pick<CampaignMessage, 'buttons' | 'optOutButton'>, optOutLabel: string): CampaignMessage['buttons'] {
  return message.optOutButton ? [...message.buttons, [{ kind: 'offer', text: optOutLabel, data: OPT_OUT_CALLBACK_DATA }]] : message.buttons;
}

export function isCampaignOpen(status: CampaignStatus): boolean {
  return status === 'running' || status === 'paused';
}

/** How far along a campaign is, 0 to 1: every recipient no longer waiting counts as done. */
export function campaignDoneShare(progress: Pick<CampaignProgress, 'recipients' | 'remaining'>): number {
  return progress.recipients === 0 ? 0 : (progress.recipients - progress.remaining) / progress.recipients;
}

/**
 * The list after a pushed progress: the campaign's figures replaced in place. `reload` says the
 * list cannot be patched (a campaign created elsewhere) or its status moved (its times are not
 * in the progress).
 */
export function applyCampaignProgress(campaigns: readonly Campaign[], progress: CampaignProgress): { readonly campaigns: readonly Campaign[]; readonly reload: boolean } {
  const known = campaigns.find((campaign) => campaign.id === progress.campaignId);
  if (known === undefined) return { campaigns, reload: true };
  return {
    campaigns: campaigns.map((campaign) => (campaign.id === progress.campaignId ? { ...campaign, status: progress.status, progress } : campaign)),
    reload: known.status !== progress.status,
  };
}

/**
 * Numbers its requests so only the newest one's answer is used: an older count that arrives
 * late never overwrites a newer one.
 */
export function latestOnly(): { readonly begin: () => number; readonly isLatest: (ticket: number) => boolean } {
  let latest = 0;
  return {
    begin: () => ++latest,
    isLatest: (ticket) => ticket === latest,
  };
}
