import type { Migration } from '../migration';

/**
 * Takes every trigger off `leads`, for the engine's throughput. A write to a table with a
 * trigger runs with a statement journal, and with the leads screen's indexes (migration
 * 003) each /start and each welcome spilled that journal to a temporary file: a quarter
 * of the engine's CPU per lead went to it, more than the counting and indexing the
 * triggers did.
 *
 * The work moves, unchanged, into the statements of the only writer of `leads`
 * (`src/main/core/leads/lead-records.ts`), in the same transaction as each change:
 * - the day counts of migration 006 (`LeadCountsLedger` in `lead-counts.ts`), which are
 *   exact now and stay so because nothing else writes `leads`;
 * - the search index of migrations 003 and 005: new leads already entered it by catch-up;
 *   a rename of a lead it holds is told to `SearchIndex`. The insert and delete triggers
 *   had nothing to do: a new lead's id is above the mark, and leads are archived, never
 *   deleted.
 */
export const migration007: Migration = {
  version: 7,
  name: '007_lead_writes_without_triggers',
  up(db) {
    db.exec(`
      DROP TRIGGER leads_fts_after_insert;
      DROP TRIGGER leads_fts_after_delete;
      DROP TRIGGER leads_fts_after_update;
      DROP TRIGGER lead_counts_after_insert;
      DROP TRIGGER lead_counts_after_delete;
      DROP TRIGGER lead_counts_after_update;
    `);
  },
};
