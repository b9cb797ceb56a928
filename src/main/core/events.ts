import type { AlertLogEntry, Incident, NotificationContent } from '../../shared/alerts';
import type { BotStatus } from '../../shared/bot-status';
import type { ExportProgress } from '../../shared/export';
import type { DeliveryKind } from '../../shared/leads';
import type { SettingsView } from '../../shared/settings';

export interface DeliveryOutcomeEvent {
  readonly botId: number;
  readonly deliveryId: number;
  readonly leadId: number;
  readonly kind: DeliveryKind;
  readonly outcome: 'sent' | 'blocked' | 'failed' | 'retry' | 'paused';
  readonly error: string | null;
}

/** Everything the engine announces; the console and the alerting subscribe to these. */
export interface EngineEvents {
  'bot.status': BotStatus;
  /** The operator removed a bot: it leaves every list (its leads stay, archived). */
  'bot.removed': { readonly botId: number };
  'lead.created': { readonly botId: number; readonly leadId: number; readonly source: string | null };
  'lead.updated': { readonly botId: number; readonly leadId: number };
  'delivery.outcome': DeliveryOutcomeEvent;
  /**
   * The engine runs again after a gap: the operator quit it, it ended unexpectedly (crash,
   * kill, power loss), or the process was frozen (the computer slept).
   */
  'engine.resumed': { readonly offlineFrom: number; readonly offlineTo: number; readonly why: 'quit' | 'crash' | 'paused' };
  'export.progress': ExportProgress;
  'incident.opened': Incident;
  /** An incident ended, or its figures (leads, recovered) changed. */
  'incident.updated': Incident;
  'alert.logged': AlertLogEntry;
  'settings.changed': SettingsView;
  /** For a headless console: its browser shows the notification (the desktop shows its own). */
  'notification.show': NotificationContent;
  /** The host asks the console to show a page, e.g. after a click on a notification. */
  'console.open': { readonly page: 'alerts'; readonly incidentId: number | null };
}

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
