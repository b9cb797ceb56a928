import type { ErrorText } from '../../../../shared/i18n/error-text';
import { BotdeckError } from '../../errors';

/**
 * What Botdeck needs from a PIX gateway, one file per gateway behind it (as the alert
 * channels). A laptop has no public address, so no webhook: a charge is created, then asked
 * about until it is paid or expires.
 *
 * Failures are thrown as PixGatewayError with one of these codes, so callers decide without
 * reading messages: PIX_CREDENTIALS_REFUSED (the operator must fix the credentials; retrying
 * is useless), PIX_GATEWAY_BUSY (429: ask later, after `retryAfterMs` when the gateway said),
 * PIX_GATEWAY_UNREACHABLE (network or timeout: ask later), PIX_GATEWAY_FAILED (anything else
 * the gateway answered, with its detail).
 */

export type PixGatewayErrorCode = 'PIX_CREDENTIALS_REFUSED' | 'PIX_GATEWAY_BUSY' | 'PIX_GATEWAY_UNREACHABLE' | 'PIX_GATEWAY_FAILED';

export class PixGatewayError extends BotdeckError {
  declare readonly code: PixGatewayErrorCode;

  constructor(
    code: PixGatewayErrorCode,
    text: ErrorText,
    /** How long the gateway asked to wait (429 with Retry-After); null when it did not say. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(code, text);
    this.name = 'PixGatewayError';
  }
}

/** What a charge is at the gateway, in Botdeck's words. */
export type PixChargeStatus = 'pending' | 'paid' | 'expired' | 'refused';

export interface PixChargeRequest {
  /** Sent as the gateway's idempotency key: the same key never creates a second charge. */
  readonly idempotencyKey: string;
  readonly amountCents: number;
  /** Shown to the payer in their bank app. */
  readonly description: string;
  /** Botdeck's own reference (the checkout), kept by the gateway with the charge. */
  readonly reference: string;
  /** The payer's e-mail where the gateway requires one (Mercado Pago does). */
  readonly payerEmail: string;
  /** The charge may not be paid after this (ms since the epoch). */
  readonly expiresAt: number;
}

export interface PixCharge {
  /** The gateway's id of the charge; what status questions name. */
  readonly gatewayPaymentId: string;
  readonly status: PixChargeStatus;
  /** The copy-and-paste code ("PIX copia e cola"). */
  readonly code: string;
  /** The QR code as a PNG image, base64, when the gateway gives one. */
  readonly qrPngBase64: string | null;
  readonly amountCents: number;
  readonly expiresAt: number;
}

export interface PixChargeState {
  readonly status: PixChargeStatus;
  readonly amountCents: number;
  /** When the gateway says it was paid (ms since the epoch); null unless paid. */
  readonly paidAt: number | null;
}

export interface PixGateway {
  createCharge(request: PixChargeRequest, signal?: AbortSignal): Promise<PixCharge>;
  chargeState(gatewayPaymentId: string, signal?: AbortSignal): Promise<PixChargeState>;
  /** Proves the credentials work without charging anyone. */
  testConnection(signal?: AbortSignal): Promise<void>;
}
