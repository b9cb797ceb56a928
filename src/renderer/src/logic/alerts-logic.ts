/**
 * Pure helpers behind the Alerts page, the down banner and the incident stores. No DOM and
 * no React here, so the console tests run them in plain Node.
 */
import type { ChannelConfig, ChannelKind, Incident } from '../../../shared/alerts';

export type DurationUnit = 'd' | 'h' | 'min' | 's';

const UNITS: readonly (readonly [DurationUnit, number])[] = [
  ['d', 86_400],
  ['h', 3_600],
  ['min', 60],
  ['s', 1],
];

/**
 * The two most significant units of a duration, e.g. 200 s → 3 min 20 s, 3 700 s → 1 h 1 min:
 * enough to grasp "how long" at a glance without a wall of figures. Negative (a clock that
 * has not ticked yet) counts as zero.
 */
export function durationParts(ms: number): { unit: DurationUnit; value: number }[] {
  let rest = Math.max(0, Math.floor(ms / 1000));
  const parts: { unit: DurationUnit; value: number }[] = [];
  for (const [unit, size] of UNITS) {
    const value = Math.floor(rest / size);
    rest -= value * size;
    // Start at the first non-zero unit, then take the next one even when it is zero ("1 h 0 min").
    if (parts.length > 0 || value > 0) parts.push({ unit, value });
    if (parts.length === 2) break;
  }
  return parts.length === 0 ? [{ unit: 's', value: 0 }] : parts;
}

/** `durationParts` as text, each part worded by `word` (the i18n unit templates). */
export function formatDuration(ms: number, word: (unit: DurationUnit, value: number) => string): string {
  return durationParts(ms)
    .map((part) => word(part.unit, part.value))
    .join(' ');
}

/** How long the trouble has lasted: from when updates last flowed until it ended, or until now. */
export function incidentDurationMs(incident: Pick<Incident, 'startedAt' | 'endedAt'>, now: number): number {
  return (incident.endedAt ?? now) - incident.startedAt;
}

export function isOpen(incident: Pick<Incident, 'endedAt'>): boolean {
  return incident.endedAt === null;
}

/**
 * The money figures to show, in cents for the i18n `money` helper. The engine reports them in
 * currency units (average ticket × leads × rate), null until Settings has both the average
 * ticket and the conversion rate: then the console shows a hint instead.
 */
export type MoneyAtStake = { readonly kind: 'unset' } | { readonly kind: 'set'; readonly atStakeCents: number; readonly stillAtRiskCents: number; readonly currency: string };

export function moneyAtStake(incident: Pick<Incident, 'moneyAtStake' | 'moneyStillAtRisk' | 'currency'>): MoneyAtStake {
  if (incident.moneyAtStake === null) return { kind: 'unset' };
  return {
    kind: 'set',
    atStakeCents: Math.round(incident.moneyAtStake * 100),
    stillAtRiskCents: Math.round((incident.moneyStillAtRisk ?? 0) * 100),
    currency: incident.currency,
  };
}

/**
 * The open incident the banner points to: the one with the most leads still waiting for their
 * welcome, then the one that has lasted longest. null when none is open.
 */
export function worstOpenIncident(incidents: readonly Incident[]): Incident | null {
  let worst: Incident | null = null;
  for (const incident of incidents) {
    if (!isOpen(incident)) continue;
    if (worst === null) {
      worst = incident;
      continue;
    }
    const waiting = incident.leads - incident.recovered;
    const worstWaiting = worst.leads - worst.recovered;
    if (waiting > worstWaiting || (waiting === worstWaiting && incident.startedAt < worst.startedAt)) worst = incident;
  }
  return worst;
}

/**
 * Applies a pushed row to a list kept newest (highest id) first. A known row is replaced where
 * it is; an unknown one is inserted in id order, unless it is older than everything loaded
 * while older pages remain: inserting it would make "Load older" skip the rows in between.
 */
export function upsertNewestFirst<T extends { readonly id: number }>(list: readonly T[], item: T, hasOlder: boolean): T[] {
  if (list.some((row) => row.id === item.id)) return list.map((row) => (row.id === item.id ? item : row));
  const oldest = list.at(-1);
  if (hasOlder && oldest !== undefined && item.id < oldest.id) return [...list];
  const at = list.findIndex((row) => row.id < item.id);
  return at === -1 ? [...list, item] : [...list.slice(0, at), item, ...list.slice(at)];
}

/** The open incidents after a pushed one: kept (or added) while open, dropped once it ends. */
export function applyOpenIncident(open: readonly Incident[], incident: Incident): Incident[] {
  if (!isOpen(incident)) return open.filter((row) => row.id !== incident.id);
  return upsertNewestFirst(open, incident, false);
}

/** A numeric chat id (groups are negative) becomes a number; anything else (@channel) stays text. */
export function parseChatId(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d{1,16}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A channel's destination fields, as typed in the add and edit forms. */
export interface ChannelFormFields {
  readonly token: string;
  readonly chatId: string;
  readonly url: string;
}

export const emptyChannelFields: ChannelFormFields = { token: '', chatId: '', url: '' };

/** The config the engine expects for a kind, from the add form's fields; the engine validates it. */
export function channelConfig(kind: ChannelKind, fields: ChannelFormFields): ChannelConfig {
  switch (kind) {
    case 'desktop':
      return { kind };
    case 'telegram':
      return { kind, token: fields.token.trim(), chatId: parseChatId(fields.chatId) };
    default:
      return { kind, url: fields.url.trim() };
  }
}

/**
 * Whether the edit form holds a new destination for a channel of this kind. A desktop channel has
 * none; the others have one once one of their fields is filled in (the engine then checks it).
 */
export function hasNewDestination(kind: ChannelKind, fields: ChannelFormFields): boolean {
  switch (kind) {
    case 'desktop':
      return false;
    case 'telegram':
      return fields.token.trim() !== '' || fields.chatId.trim() !== '';
    default:
      return fields.url.trim() !== '';
  }
}

/**
 * A Telegram destination needs both its token and its chat id: with only one of them filled in,
 * the operator most likely expects the other to be kept, which the engine cannot do (it seals them
 * together). The form says so instead of sending.
 */
export function incompleteTelegramDestination(kind: ChannelKind, fields: ChannelFormFields): boolean {
  return kind === 'telegram' && (fields.token.trim() === '') !== (fields.chatId.trim() === '');
}

/** What `updateAlertChannel` gets from the edit form. */
export interface ChannelUpdate {
  readonly channelId: number;
  readonly name: string;
  readonly config?: ChannelConfig;
}

/**
 * The edit form's save: always the name; a `config` of the channel's own kind only when a new
 * destination was typed. Empty destination fields keep the sealed destination, which the console
 * never sees.
 */
export function channelUpdate(channel: { readonly id: number; readonly kind: ChannelKind }, name: string, fields: ChannelFormFields): ChannelUpdate {
  const update = { channelId: channel.id, name: name.trim() };
  return hasNewDestination(channel.kind, fields) ? { ...update, config: channelConfig(channel.kind, fields) } : update;
}

/** Whether two instants fall on the same calendar day where the console runs. */
export function sameLocalDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
