import { create } from 'zustand';

export type Page = 'dashboard' | 'bots' | 'leads' | 'alerts' | 'settings';

interface NavState {
  readonly page: Page;
  /**
   * The incident the Alerts page shows in detail. Kept here, not in the page, because the
   * banner, a notification click and the desktop shell ('console.open') all pick it.
   */
  readonly incidentId: number | null;
  readonly go: (page: Page) => void;
  /** The Alerts page, showing this incident (null: just the page). */
  readonly openIncident: (incidentId: number | null) => void;
  readonly selectIncident: (incidentId: number | null) => void;
}

export const useNavStore = create<NavState>((set) => ({
  page: 'dashboard',
  incidentId: null,
  go: (page) => {
    set({ page });
  },
  openIncident: (incidentId) => {
    set({ page: 'alerts', incidentId });
  },
  selectIncident: (incidentId) => {
    set({ incidentId });
  },
}));
