import type Database from 'better-sqlite3';

export interface Bucket {
  archived: number;
  status: string;
  bot_id: number;
  day: number;
  leads: number;
  revenue_cents: number;
}

/** The leads counted the plain way, by the buckets of lead_counts. */
export function countedBuckets(on: Database.Database): Bucket[] {
  return on
    .prepare<[], Bucket>(
      'SELECT archived, status, bot_id, first_seen_at / 86400000 AS day, count(*) AS leads, coalesce(sum(revenue_cents), 0) AS revenue_cents FROM leads GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4',
    )
    .all();
}

/** What lead_counts holds; a bucket whose leads all moved away counts nothing and is left out. */
export function keptBuckets(on: Database.Database): Bucket[] {
  return on.prepare<[], Bucket>('SELECT archived, status, bot_id, day, leads, revenue_cents FROM lead_counts WHERE leads <> 0 OR revenue_cents <> 0 ORDER BY 1, 2, 3, 4').all();
}
