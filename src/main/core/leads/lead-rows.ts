import type { LeadRow, LeadStatus } from '../../../shared/leads';

/** The columns a lead row is read with; `l` is leads, `b` is bots. */
export const ROW_COLUMNS = `l.id, l.bot_id, b.username AS bot_username, l.user_id, l.username, l.first_name, l.last_name, l.language_code,
  l.source, l.source_invalid, l.status, l.starts, l.first_seen_at, l.last_seen_at, l.welcomed_at, l.converted_at, l.revenue_cents, l.archived, l.opted_out_at`;

export interface LeadRecord {
  id: number;
  bot_id: number;
  bot_username: string;
  user_id: number;
  username: string | null;
  first_name: string;
  last_name: string | null;
  language_code: string | null;
  source: string | null;
  source_invalid: string | null;
  status: LeadStatus;
  starts: number;
  first_seen_at: number;
  last_seen_at: number;
  welcomed_at: number | null;
  converted_at: number | null;
  revenue_cents: number | null;
  archived: number;
  opted_out_at: number | null;
}

export function toLeadRow(record: LeadRecord): LeadRow {
  return {
    id: record.id,
    botId: record.bot_id,
    botUsername: record.bot_username,
    userId: record.user_id,
    username: record.username,
    firstName: record.first_name,
    lastName: record.last_name,
    languageCode: record.language_code,
    source: record.source,
    sourceInvalid: record.source_invalid,
    status: record.status,
    starts: record.starts,
    firstSeenAt: record.first_seen_at,
    lastSeenAt: record.last_seen_at,
    welcomedAt: record.welcomed_at,
    convertedAt: record.converted_at,
    revenueCents: record.revenue_cents,
    archived: record.archived === 1,
    optedOutAt: record.opted_out_at,
  };
}
