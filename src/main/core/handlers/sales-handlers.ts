import type { Handlers } from '../../../shared/contract';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { Core } from '../core';
import { SalesFunnelQueries } from '../payments/funnel';
import { openStoreOf } from './open-store';

type SalesHandlers = Pick<Handlers, 'salesFunnel'>;

export function salesHandlers(core: Core): SalesHandlers {
  let funnel: { db: unknown; queries: SalesFunnelQueries } | null = null;
  // One SalesFunnelQueries per open database: it holds prepared statements.
  const queries = (): SalesFunnelQueries => {
    const store = openStoreOf(core, text('store.cannot.figures', {}));
    if (funnel?.db !== store.db) funnel = { db: store.db, queries: new SalesFunnelQueries(store.db) };
    return funnel.queries;
  };
  return {
    salesFunnel: (request) => queries().funnel(request),
  };
}
