import type { ChannelConfigOf, ChannelKind } from '../../../../shared/alerts';
import type { AlertMessage } from '../alert-message';
import type { Notifier } from '../notifier';

/** What a channel may use to deliver: nothing global, so tests give it a local receiver. */
export interface DeliveryContext {
  readonly fetch: typeof fetch;
  /** Ends the attempt (timeout or engine shutdown); a hanging receiver must not hold anything. */
  readonly signal: AbortSignal;
  readonly notifier: Notifier;
  /** The Bot API server the bots use (Telegram's, or the operator's own). */
  readonly telegramApiRoot: string;
}

/**
 * A failed delivery, with a message the operator can act on. It never contains the
 * channel's secret (webhook URL, token). `retryable: false` when trying again cannot help
 * (the webhook was deleted, the token is wrong).
 */
export class ChannelDeliveryError extends Error {
  override readonly name = 'ChannelDeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** One way of reaching the operator. Each kind is one file behind this interface. */
export interface AlertChannel<K extends ChannelKind> {
  readonly kind: K;
  /** `alerts`: told about incidents; `heartbeat`: pinged while the engine runs. */
  readonly role: 'alerts' | 'heartbeat';
  /** Enough to recognise the destination, never the secret. */
  hint(config: ChannelConfigOf<K>): string;
  /** Resolves once the receiver accepted the message; throws ChannelDeliveryError otherwise. */
  deliver(message: AlertMessage, config: ChannelConfigOf<K>, context: DeliveryContext): Promise<void>;
}
