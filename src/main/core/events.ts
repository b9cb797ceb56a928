import { pushedEvents, type PushedEvent, type PushedEventName, type PushedEventPayloads } from '../../shared/events';

/** Everything the engine announces, by name: the same map the console receives (see src/shared/event-schemas.ts). */
export type EngineEvents = PushedEventPayloads;

type Listener<K extends keyof EngineEvents> = (payload: EngineEvents[K]) => void;

/**
 * A typed in-process event bus. A listener that throws is reported and skipped: a broken
 * subscriber must never stop the engine from recording leads.
 */
export class EventBus {
  private readonly listeners = new Map<keyof EngineEvents, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  on<K extends keyof EngineEvents>(event: K, listener: Listener<K>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<K extends keyof EngineEvents>(event: K, payload: EngineEvents[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

function forwardOne<K extends PushedEventName>(events: EventBus, name: K, listener: (event: PushedEvent<K>) => void): () => void {
  return events.on(name, (payload) => listener({ event: name, payload }));
}

/**
 * Calls `listener` with every event the console receives, as the union it is typed by (for
 * the transports that push them). Returns the unsubscribe function.
 */
export function onPushedEvents(events: EventBus, listener: (event: PushedEvent) => void): () => void {
  const stops = pushedEvents.map((name) => forwardOne(events, name, listener));
  return () => {
    for (const stop of stops) stop();
  };
}
