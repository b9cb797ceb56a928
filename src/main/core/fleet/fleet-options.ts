import type { Settings } from '../../../shared/settings';
import { defaultProbeOptions, type ProbeOptions } from '../bots/bot-probe';
import { defaultPollOptions, type PollOptions } from '../bots/bot-runner';
import { defaultHealthOptions, type HealthOptions } from '../bots/health';
import { defaultSenderOptions, type SenderOptions } from '../bots/sender';
import { defaultPixPollOptions, type PixPollOptions } from '../payments/pix-poller';
import type { EngineClockOptions } from './engine-clock';

export interface FleetOptions extends EngineClockOptions {
  readonly apiRoot: string;
  readonly health: HealthOptions;
  readonly poll: PollOptions;
  readonly probe: ProbeOptions;
  readonly send: Omit<SenderOptions, 'ratePerSecond'>;
  /** Timeout of the getMe call that checks a new token. */
  readonly getMeTimeoutMs: number;
  /** How often recorded updates older than Telegram's window are deleted. */
  readonly pruneUpdatesMs: number;
  /**
   * Messages per second for every bot instead of each bot's own rate: for a self-hosted
   * Bot API server in front of Telegram, and for benchmarks. null in normal use.
   */
  readonly rateOverride: number | null;
  /** How PIX charges are asked about. */
  readonly pix: PixPollOptions;
}

export const defaultFleetOptions: Omit<FleetOptions, 'apiRoot'> = {
  health: defaultHealthOptions,
  poll: defaultPollOptions,
  probe: defaultProbeOptions,
  send: defaultSenderOptions,
  heartbeatMs: 10_000,
  tickMs: 1000,
  pauseGapMs: 15_000,
  getMeTimeoutMs: 15_000,
  pruneUpdatesMs: 600_000,
  rateOverride: null,
  pix: defaultPixPollOptions,
};

/** The parts of the engine's timings the operator sets in Settings. */
export function healthFromSettings(settings: Settings, base: Pick<FleetOptions, 'health' | 'probe'>): Pick<FleetOptions, 'health' | 'probe'> {
  return {
    health: {
      ...base.health,
      graceMs: settings.downGraceSeconds * 1000,
      downAfterFailures: settings.downAfterFailures,
      recoverAfterSamples: settings.recoverAfterSamples,
    },
    probe: { ...base.probe, intervalMs: settings.probeSeconds * 1000 },
  };
}
