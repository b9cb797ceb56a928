import { create } from 'zustand';
import type { ScopeChoice } from '../logic/recovery-logic';

export type Page = 'dashboard' | 'bots' | 'leads' | 'alerts' | 'recovery' | 'campaigns' | 'followups' | 'products' | 'sales' | 'settings';

interface NavState {
  readonly page: Page;
  /**
   * The incident the Alerts page shows in detail. Kept here, not in the page, because the
   * banner, a notification click and the desktop shell ('console.open') all pick it.
   */
  readonly incidentId: number | null;
  /** The recovery job the Recovery page shows in detail; a notification click picks it too. */
  readonly recoveryJobId: number | null;
  /**
   * A scope picked outside the Recovery form (the dashboard, an incident, a row of the overview):
   * the form starts afresh on it. `seq` counts the picks, so the same scope picked again counts too.
   */
  readonly recoveryDraft: { readonly choice: ScopeChoice; readonly seq: number } | null;
  /** The campaign the Campaigns page shows in detail. */
  readonly campaignId: number | null;
  readonly go: (page: Page) => void;
  /** The Alerts page, showing this incident (null: just the page). */
  readonly openIncident: (incidentId: number | null) => void;
  readonly selectIncident: (incidentId: number | null) => void;
  /** The Recovery page, showing this job (null: just the page). */
  readonly openRecoveryJob: (jobId: number | null) => void;
  readonly selectRecoveryJob: (jobId: number | null) => void;
  /** The Recovery page with its form set to this scope. */
  readonly openRecoveryForm: (choice: ScopeChoice) => void;
  readonly selectCampaign: (campaignId: number | null) => void;
}

export const useNavStore = create<NavState>((set) => ({
  page: 'dashboard',
  incidentId: null,
  recoveryJobId: null,
  recoveryDraft: null,
  campaignId: null,
  go: (page) => {
    set({ page, recoveryDraft: null });
  },
  openIncident: (incidentId) => {
    set({ page: 'alerts', incidentId });
  },
  selectIncident: (incidentId) => {
    set({ incidentId });
  },
  openRecoveryJob: (recoveryJobId) => {
    set({ page: 'recovery', recoveryJobId, recoveryDraft: null });
  },
  selectRecoveryJob: (recoveryJobId) => {
    set({ recoveryJobId });
  },
  openRecoveryForm: (choice) => {
    set((state) => ({ page: 'recovery', recoveryDraft: { choice, seq: (state.recoveryDraft?.seq ?? 0) + 1 } }));
  },
  selectCampaign: (campaignId) => {
    set({ campaignId });
  },
}));
