import { create } from 'zustand';
import type { LeadCounts, LeadFilter, LeadRow, LeadSort } from '../../../shared/leads';
import { call, errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';
import { useNavStore } from './nav-store';

export const LEADS_PAGE = 200;

interface LeadsState {
  readonly filter: LeadFilter;
  readonly sort: LeadSort;
  /** Rows fetched so far, by their position in the sorted result. */
  readonly rows: ReadonlyMap<number, LeadRow>;
  readonly total: number;
  readonly totalIsCapped: boolean;
  readonly counts: LeadCounts | null;
  readonly error: string | null;
  /** Bumped on every reset, so answers to an older query are dropped. */
  readonly generation: number;
  readonly setFilter: (filter: LeadFilter) => void;
  readonly setSort: (sort: LeadSort) => void;
  readonly reload: () => Promise<void>;
  /** Makes sure the page holding `index` is loaded (called as rows scroll into view). */
  readonly ensure: (index: number) => Promise<void>;
}

const loading = new Set<string>();

export const useLeadsStore = create<LeadsState>((set, get) => {
  const fetchPage = async (offset: number): Promise<void> => {
    const { filter, sort, generation } = get();
    const key = `${generation}:${offset}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const page = await call('queryLeads', { filter, sort, offset, limit: LEADS_PAGE });
      if (get().generation !== generation) return;
      const rows = new Map(get().rows);
      page.rows.forEach((row, index) => rows.set(offset + index, row));
      set({ rows, total: page.total, totalIsCapped: page.totalIsCapped, error: null });
    } catch (error) {
      set({ error: errorText(error, currentLocale()) });
    } finally {
      loading.delete(key);
    }
  };
  return {
    filter: {},
    sort: { column: 'first_seen_at', direction: 'desc' },
    rows: new Map(),
    total: 0,
    totalIsCapped: false,
    counts: null,
    error: null,
    generation: 0,
    setFilter: (filter) => {
      set({ filter });
      void get().reload();
    },
    setSort: (sort) => {
      set({ sort });
      void get().reload();
    },
    reload: async () => {
      set({ generation: get().generation + 1, rows: new Map() });
      const { filter } = get();
      // Rows first: exact counts over a large store take longer, and must not hold them back.
      await fetchPage(0);
      await call('leadCounts', filter).then(
        (counts) => set({ counts }),
        (error: unknown) => set({ error: errorText(error, currentLocale()) }),
      );
    },
    ensure: async (index) => {
      const offset = Math.floor(index / LEADS_PAGE) * LEADS_PAGE;
      if (!get().rows.has(offset)) await fetchPage(offset);
    },
  };
});

// Entering the leads screen asks for its rows at once, before the screen renders: the
// first render takes longer than the engine's answer, so the two now overlap.
useNavStore.subscribe((state, previous) => {
  if (state.page === 'leads' && previous.page !== 'leads') void useLeadsStore.getState().reload();
});
