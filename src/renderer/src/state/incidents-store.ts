import { create } from 'zustand';
import type { Incident } from '../../../shared/alerts';
import { applyOpenIncident } from '../logic/alerts-logic';
import { call } from '../transport/client';

interface IncidentsState {
  /** Incidents not yet ended, newest first: what the down banner links to. */
  readonly open: readonly Incident[];
  readonly load: () => Promise<void>;
  /** A pushed 'incident.opened' / 'incident.updated': patched in place, no reload. */
  readonly apply: (incident: Incident) => void;
}

export const useIncidentsStore = create<IncidentsState>((set, get) => ({
  open: [],
  load: async () => {
    set({ open: await call('listIncidents', { openOnly: true }) });
  },
  apply: (incident) => {
    set({ open: applyOpenIncident(get().open, incident) });
  },
}));
