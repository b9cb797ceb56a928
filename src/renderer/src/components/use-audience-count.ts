import { useEffect, useMemo, useState } from 'react';
import { audienceFilterSchema, type AudienceFilterInput } from '../../../shared/campaigns';
import { latestOnly } from '../logic/campaign-logic';
import { call, errorText } from '../transport/client';
import { currentLocale } from '../i18n/i18n';
import { refreshOnEngineEvents } from '../transport/engine-refresh';

/** How long the filters must stay still before they are counted: typing a source is not a count per key. */
const DEBOUNCE_MS = 300;

export type AudienceCountState =
  { readonly kind: 'invalid' } | { readonly kind: 'counting' } | { readonly kind: 'counted'; readonly leads: number } | { readonly kind: 'failed'; readonly message: string };

/**
 * The exact number of leads an audience reaches now, as the engine counts it: again when the
 * filters change (debounced) and when leads arrive or change (at most once a second). Only the
 * newest request's answer is shown. A filter the shared schema refuses is not sent.
 */
export function useAudienceCount(audience: AudienceFilterInput): AudienceCountState {
  const key = JSON.stringify(audience);
  const [state, setState] = useState<{ key: string; value: AudienceCountState } | null>(null);
  const tickets = useMemo(() => latestOnly(), []);

  useEffect(() => {
    const parsed = audienceFilterSchema.safeParse(JSON.parse(key));
    if (!parsed.success) {
      // An answer still on its way is for filters no longer shown.
      tickets.begin();
      return undefined;
    }
    const load = (): void => {
      const ticket = tickets.begin();
      void call('countAudience', { audience: parsed.data }).then(
        (answer) => {
          if (tickets.isLatest(ticket)) setState({ key, value: { kind: 'counted', leads: answer.leads } });
        },
        (failure: unknown) => {
          if (tickets.isLatest(ticket)) setState({ key, value: { kind: 'failed', message: errorText(failure, currentLocale()) } });
        },
      );
    };
    const timer = setTimeout(load, DEBOUNCE_MS);
    const stop = refreshOnEngineEvents(['lead.created', 'lead.updated'], 1000, load);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [key, tickets]);

  if (!audienceFilterSchema.safeParse(audience).success) return { kind: 'invalid' };
  // A count of other filters is not this one's: "counting" until this one's answer arrives.
  return state !== null && state.key === key ? state.value : { kind: 'counting' };
}
