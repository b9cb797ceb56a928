import type { BotStatus } from '../../../shared/bot-status';
import type { EventBus } from '../events';
import type { OfflineGap, OfflineObserver } from '../fleet/engine-clock';
import type { Logger } from '../logger';
import { errorText } from '../redact';
import type { IncidentRecords } from './incident-records';

export interface IncidentAlerts {
  announce(type: 'down' | 'recovered' | 'engine_offline', incidentId: number): void;
}

const gapDetail = {
  quit: 'Botdeck was closed.',
  crash: 'Botdeck stopped unexpectedly (a crash, a forced quit or a power loss).',
  paused: 'The computer was asleep.',
} as const;

export interface IncidentTrackerDeps {
  readonly events: EventBus;
  readonly records: IncidentRecords;
  readonly alerts: IncidentAlerts;
  readonly logger: Logger;
}

/**
 * Turns health transitions into incidents, and incidents into alerts: a bot going down
 * opens one (alert), coming back closes it (alert), the operator stopping it closes it
 * quietly. The engine's own offline gaps, handed over by the engine clock (the fleet cannot
 * resume without an observer), become incidents too.
 */
export class IncidentTracker implements OfflineObserver {
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: IncidentTrackerDeps) {
    this.unsubscribe = deps.events.on('bot.status', (status) => {
      this.guard(() => this.onStatus(status));
    });
  }

  /** What the previous run left open ends at its last sign of life. */
  previousRunEnded(lastBeatAt: number): void {
    this.guard(() => {
      for (const id of this.deps.records.closeLeftOpen(lastBeatAt)) this.announceChange(id);
    });
  }

  engineWasOffline({ offlineFrom, offlineTo, why }: OfflineGap): void {
    this.guard(() => {
      const id = this.deps.records.recordEngineGap(offlineFrom, offlineTo, gapDetail[why]);
      this.announceChange(id, 'incident.opened');
      // The operator knows they quit; the incident still counts what the gap cost.
      if (why !== 'quit') this.deps.alerts.announce('engine_offline', id);
    });
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onStatus(status: BotStatus): void {
    const { records, alerts } = this.deps;
    const open = records.openIdFor(status.botId);
    if (status.state === 'down') {
      if (open !== null) return;
      const id = records.open({ botId: status.botId, cause: status.reason, detail: status.detail, startedAt: status.troubleSince ?? status.since, detectedAt: status.since });
      this.announceChange(id, 'incident.opened');
      alerts.announce('down', id);
      return;
    }
    if (open === null) return;
    const recovered = status.state !== 'stopped';
    records.close(open, status.since, recovered ? 'recovered' : 'stopped');
    this.announceChange(open);
    if (recovered) alerts.announce('recovered', open);
  }

  private announceChange(id: number, event: 'incident.opened' | 'incident.updated' = 'incident.updated'): void {
    const incident = this.deps.records.get(id);
    if (incident !== null) this.deps.events.emit(event, incident);
  }

  /** Recording an incident must never break the health loop that reported it. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.deps.logger.error({ error: errorText(error) }, 'recording an incident failed');
    }
  }
}
