import { z } from 'zod';
import type { LeadEvent } from '../../../shared/leads';
import { optOutWays, type OptOutWay } from '../../../shared/opt-out';

const withWay = z.object({ how: z.enum(optOutWays) });

/**
 * How the lead's current opt-out came about, from the timeline's latest 'opted_out' entry
 * (the events come oldest first); null when no entry says so (the detail is stored JSON,
 * checked, not trusted).
 */
export function optOutWay(events: readonly Pick<LeadEvent, 'kind' | 'detail'>[]): OptOutWay | null {
  const latest = events.findLast((event) => event.kind === 'opted_out');
  const detail = withWay.safeParse(latest?.detail);
  return detail.success ? detail.data.how : null;
}
