import { errorText as text } from '../../../shared/i18n/error-text';
import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { EXPORTS_DIR } from '../../../shared/export';
import type { Core } from '../core';
import { dashboardFigures } from '../dashboard-figures';
import { exportLeadsToFile } from '../leads/lead-export-file';
import { LeadQueries } from '../leads/lead-queries';
import { LeadPayments } from '../payments/lead-payments';
import { openStoreOf } from './open-store';

type LeadHandlers = Pick<Handlers, 'queryLeads' | 'leadCounts' | 'getLead' | 'markConverted' | 'setLeadOptOut' | 'exportLeads' | 'dashboardFigures'>;

export function leadHandlers(core: Core): LeadHandlers {
  let queries: { db: unknown; queries: LeadQueries; payments: LeadPayments } | null = null;
  // One LeadQueries per open database: it caches prepared statements.
  const open = (): { queries: LeadQueries; payments: LeadPayments } => {
    const store = openStoreOf(core, text('store.cannot.leads', {}));
    if (queries?.db !== store.db) queries = { db: store.db, queries: new LeadQueries(store.db), payments: new LeadPayments(store.db) };
    return queries;
  };
  const leads = (): LeadQueries => open().queries;
  return {
    dashboardFigures: (request) => {
      return dashboardFigures(openStoreOf(core, text('store.cannot.figures', {})).db, request);
    },
    queryLeads: (request) => leads().page(request),
    leadCounts: (filter) => leads().counts(filter),
    getLead: ({ leadId }) => {
      const { queries: lead, payments } = open();
      return { ...lead.detail(leadId), payments: payments.of(leadId) };
    },
    markConverted: ({ leadId, amountCents }) => {
      const row = leads().markConverted(leadId, amountCents, Date.now());
      core.events.emit('lead.updated', { botId: row.botId, leadId });
      return row;
    },
    setLeadOptOut: ({ leadId, optedOut }) => {
      const row = leads().setOptOut(leadId, optedOut, Date.now());
      core.events.emit('lead.updated', { botId: row.botId, leadId });
      return row;
    },
    exportLeads: async ({ filter }) => {
      const store = openStoreOf(core, text('store.cannot.export', {}));
      return exportLeadsToFile(store.db, join(core.dataDir, EXPORTS_DIR), filter, (fileName, done, total) => {
        core.events.emit('export.progress', { fileName, done, total });
      });
    },
  };
}
