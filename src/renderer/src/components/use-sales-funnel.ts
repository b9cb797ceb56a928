import { useEffect, useState } from 'react';
import type { SalesFunnel } from '../../../shared/sales-funnel';
import { isPeriod, periodRange, type PeriodChoice } from '../logic/sales-funnel-logic';
import { call } from '../transport/client';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

export interface SalesFunnelState {
  readonly choice: PeriodChoice;
  readonly choose: (choice: PeriodChoice) => void;
  /** Null while loading, and when the custom period is no period. */
  readonly funnel: SalesFunnel | null;
  readonly valid: boolean;
}

/** The funnel over the chosen period (today by default), asked again as leads arrive, click and pay. */
export function useSalesFunnel(): SalesFunnelState {
  const [choice, choose] = useState<PeriodChoice>({ period: 'today', customFrom: '', customTo: '' });
  const [funnel, setFunnel] = useState<SalesFunnel | null>(null);
  const valid = isPeriod(choice);

  useEffect(() => {
    let current = true;
    const load = (): void => {
      const range = periodRange(choice, Date.now());
      if (range === null) {
        setFunnel(null);
        return;
      }
      void call('salesFunnel', range).then((answer) => {
        if (current) setFunnel(answer);
      });
    };
    load();
    const stop = refreshOnEngineEvents(['lead.created', 'lead.updated', 'delivery.outcome'], 1000, load);
    return () => {
      current = false;
      stop();
    };
  }, [choice]);

  return { choice, choose, funnel, valid };
}
