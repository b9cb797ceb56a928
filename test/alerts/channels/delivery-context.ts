import { expect } from 'vitest';
import type { Incident } from '../../../src/shared/alerts';
import type { NotificationContent } from '../../../src/shared/alerts';
import type { AlertMessage } from '../../../src/main/core/alerts/alert-message';
import type { Notifier } from '../../../src/main/core/alerts/notifier';
import { noNotifier } from '../../../src/main/core/alerts/notifier';
import { ChannelDeliveryError } from '../../../src/main/core/alerts/channels/channel';
import type { DeliveryContext } from '../../../src/main/core/alerts/channels/channel';

/** Real fetch against a local receiver; a short timeout so a hang fails the test, not the run. */
export function deliveryContext(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return {
    fetch: globalThis.fetch,
    signal: AbortSignal.timeout(1500),
    notifier: noNotifier,
    telegramApiRoot: 'http://127.0.0.1:9',
    ...overrides,
  };
}

export interface RecordingNotifier extends Notifier {
  readonly shown: NotificationContent[];
}

export function recordingNotifier(unavailable: string | null = null): RecordingNotifier {
  const shown: NotificationContent[] = [];
  return { shown, native: false, unavailable: () => unavailable, show: (content) => void shown.push(content) };
}

export const incident: Incident = {
  id: 7,
  botId: 3,
  username: 'shop_bot',
  cause: 'engine_offline',
  detail: null,
  startedAt: Date.UTC(2025, 0, 2, 9, 0),
  detectedAt: Date.UTC(2025, 0, 2, 9, 2),
  endedAt: null,
  endReason: null,
  leads: 4,
  recovered: 1,
  moneyAtStake: 120,
  moneyStillAtRisk: 90,
  currency: 'EUR',
  alertsSent: 0,
};

export function alertMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    type: 'down',
    title: '@shop_bot is down',
    text: 'No updates since 09:00.\n4 leads waiting, 120 EUR at stake.',
    at: Date.UTC(2025, 0, 2, 9, 2, 30),
    incident,
    ...overrides,
  };
}

/** Awaits the delivery's failure and hands back the ChannelDeliveryError it must be. */
export async function deliveryFailure(delivery: Promise<unknown>): Promise<ChannelDeliveryError> {
  const error = await delivery.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ChannelDeliveryError);
  return error as ChannelDeliveryError;
}
