import type { PushedEvent, PushedEventName } from '../../../shared/events';
import { onEngineEvent } from './client';

/**
 * Calls `refresh` after any of `events` (that `accept` lets through, e.g. only one incident's),
 * at most once per `delayMs` however busy the bots are. Returns the unsubscribe function for a
 * React effect's cleanup.
 */
export function refreshOnEngineEvents(events: readonly PushedEventName[], delayMs: number, refresh: () => void, accept: (event: PushedEvent) => boolean = () => true): () => void {
  let pending: ReturnType<typeof setTimeout> | null = null;
  const stop = onEngineEvent((event) => {
    if (!events.includes(event.event) || pending !== null || !accept(event)) return;
    pending = setTimeout(() => {
      pending = null;
      refresh();
    }, delayMs);
  });
  return () => {
    stop();
    if (pending !== null) clearTimeout(pending);
  };
}
