import type { Database } from 'better-sqlite3';
import { guarded } from './sqlite-errors';
import { errorText as text } from '../../../shared/i18n/error-text';

/** Reads one setting's raw text value; null when it was never set. */
export function getSetting(db: Database, key: string): string | null {
  const row = guarded(text('store.doing.readSetting', {}), db.name, () => db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key));
  return row?.value ?? null;
}

/** Writes one setting. A full or read-only disk becomes a clear error and leaves earlier values intact. */
export function setSetting(db: Database, key: string, value: string, now: Date = new Date()): void {
  guarded(text('store.doing.saveSetting', {}), db.name, () =>
    db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, value, now.toISOString()),
  );
}

/** Forgets one setting (it reads as never set). */
export function deleteSetting(db: Database, key: string): void {
  guarded(text('store.doing.saveSetting', {}), db.name, () => db.prepare('DELETE FROM settings WHERE key = ?').run(key));
}
