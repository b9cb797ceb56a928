import type { Migration } from '../../src/main/core/db/migration';
import { migrations as appMigrations } from '../../src/main/core/db/migrations';
import { openStore } from '../../src/main/core/db/store';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';

/** A store holding `rows` leads (1,000,000 by default) in the app's own schema, over 20 bots. */
export async function buildLeadsStore(dataDir: string, rows = 1_000_000, migrations: readonly Migration[] = appMigrations): Promise<void> {
  const store = await openStore({ dataDir, appVersion: 'bench', migrations });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'Bench', 'sealed', 'hint', '{}', 0, 0)",
  );
  for (let b = 1; b <= 20; b += 1) bot.run(b, 500_000 + b, `bench_${b}_bot`);
  const insert = store.db.prepare(
    'INSERT INTO leads (bot_id, user_id, chat_id, username, first_name, last_name, language_code, source, status, starts, first_seen_at, last_seen_at, welcomed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const statuses = ['new', 'welcomed', 'clicked', 'converted', 'blocked'];
  const fill = store.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const seen = 1_760_000_000_000 + i * 7000;
      const user = 100_000_000 + i;
      insert.run(
        1 + (i % 20),
        user,
        user,
        `user_${i}`,
        `First${i % 997}`,
        i % 3 === 0 ? null : `Last${i % 991}`,
        i % 2 === 0 ? 'pt-BR' : 'en',
        `campaign_${i % 50}`,
        statuses[i % 5],
        1 + (i % 3),
        seen,
        seen + 60_000,
        i % 5 === 0 ? null : seen + 1000,
      );
    }
  });
  for (let from = 0; from < rows; from += 100_000) fill(from, Math.min(rows, from + 100_000));
  // Written past the lead records, which keep the day counts: count them once here.
  if (store.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'lead_counts'").get() !== undefined) rebuildLeadCounts(store.db);
  store.close();
}
