import type { NotificationContent } from '../../src/shared/alerts';
import type { AlertOptions } from '../../src/main/core/alerts/alert-service';
import type { Notifier } from '../../src/main/core/alerts/notifier';
import type { FleetOptions } from '../../src/main/core/fleet/fleet-options';
import { defaultRetryBound } from '../../src/main/core/bots/sender';
import type { PixPollOptions } from '../../src/main/core/payments/pix-poller';
import { startCore, type Core } from '../../src/main/core/core';
import type { Fleet } from '../../src/main/core/fleet/fleet';
import { silentLogger, type Logger } from '../../src/main/core/logger';
import { APP_VERSION } from './fixtures';

/** Engine timings shortened so that failures show within a test's patience. */
export const fastFleet: Partial<Omit<FleetOptions, 'apiRoot'>> = {
  poll: { timeoutSeconds: 1, backoff: { baseMs: 50, maxMs: 400, maxAttempts: Number.POSITIVE_INFINITY }, conflictRetryMs: 200, databaseRetryMs: 200 },
  health: { graceMs: 1500, downAfterFailures: 5, recoverAfterSamples: 3, recoverSampleMs: 100, sendFailureThreshold: 3, sendFailuresDown: 10, welcomeBacklogMs: 60_000 },
  probe: { intervalMs: 1000, timeoutMs: 1000 },
  send: { perChatGapMs: 1100, maxInFlight: 8, backoff: { baseMs: 200, maxMs: 2000 }, retryBound: defaultRetryBound },
  heartbeatMs: 200,
  tickMs: 50,
  pauseGapMs: 3000,
  getMeTimeoutMs: 3000,
};

/** PIX questions shortened for a test that waits on a paid charge: asked about a few times a second, not once a minute. */
export const fastPix: PixPollOptions = { checkEveryMs: 300, pressGapMs: 60_000, tickMs: 50, perTick: 20, requestTimeoutMs: 1000, giveUpAfterExpiryMs: 3_600_000 };

/** Alert timings shortened the same way: quick retries and a heartbeat several times a second. */
export const fastAlerts: Partial<AlertOptions> = {
  attemptTimeoutMs: 500,
  retry: { baseMs: 50, maxMs: 400, maxAttempts: 12 },
  heartbeatMs: 150,
  reminderCheckMs: 50,
};

/** A notifier that keeps what it was asked to show. */
export function recordingNotifier(): Notifier & { readonly shown: NotificationContent[] } {
  const shown: NotificationContent[] = [];
  return { shown, native: false, unavailable: () => null, show: (content) => shown.push(content) };
}

export async function startEngine(dataDir: string, apiRoot: string, fleet: Partial<Omit<FleetOptions, 'apiRoot'>> = fastFleet, logger: Logger = silentLogger): Promise<Core> {
  return startCore({ dataDir, appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: apiRoot }, fleet, logger });
}

/** A logger that keeps every line, to check what would have been written. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const keep = (object: Record<string, unknown>, message: string): void => {
    lines.push(`${message} ${JSON.stringify(object)}`);
  };
  return { lines, info: keep, warn: keep, error: keep };
}

export function fleetOf(core: Core): Fleet {
  const fleet = core.fleet();
  if (fleet === null) throw new Error(`the engine has no fleet: ${core.botsMayRun()?.message ?? 'unknown'}`);
  return fleet;
}
