import type { SchemaDifference, StoreStatus, TelegramWindow } from '../../../shared/store-status';

/**
 * The way out the problem screen offers: repair when every difference that blocks the bots
 * can be rebuilt from the app's schema, restore when one cannot, none when the file could
 * not be opened at all (the doctor's --restore is the way then).
 */
export function wayOut(store: Pick<StoreStatus, 'state' | 'differences'>): 'repair' | 'restore' | 'none' {
  if (store.state !== 'mismatch') return 'none';
  const blocking = store.differences.filter((difference) => difference.remedy !== 'tolerate');
  if (blocking.length === 0) return 'none';
  return blocking.every((difference) => difference.remedy === 'repair') ? 'repair' : 'restore';
}

/** Blocking differences first, then what is only tolerated. */
export function splitDifferences(differences: readonly SchemaDifference[]): { blocking: SchemaDifference[]; tolerated: SchemaDifference[] } {
  return {
    blocking: differences.filter((difference) => difference.remedy !== 'tolerate'),
    tolerated: differences.filter((difference) => difference.remedy === 'tolerate'),
  };
}

/** How long Telegram still keeps the oldest waiting /start; 0 once the window has closed. */
export function telegramTimeLeft(window: TelegramWindow, now: number): number {
  return Math.max(0, window.keptUntil - now);
}
