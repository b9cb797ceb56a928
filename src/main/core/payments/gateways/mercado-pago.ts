import { z } from 'zod';
import { errorText as text } from '../../../../shared/i18n/error-text';
import { errorText } from '../../redact';
import { PixGatewayError, type PixCharge, type PixChargeRequest, type PixChargeState, type PixChargeStatus, type PixGateway } from './pix-gateway';

export const MERCADO_PAGO_BASE_URL = 'https://api.mercadopago.com';

export interface MercadoPagoOptions {
  readonly accessToken: string;
  /** Default https://api.mercadopago.com; tests point it at a fake. */
  readonly baseUrl?: string;
  /** Each request's own limit; the caller's signal may end it sooner. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The parts of a Mercado Pago payment a PIX sale reads; anything else it sends is ignored. */
const paymentSchema = z.object({
  id: z.union([z.number().int(), z.string().min(1)]),
  status: z.string(),
  transaction_amount: z.number().positive(),
  date_approved: z.string().nullable().optional(),
  date_of_expiration: z.string().nullable().optional(),
  point_of_interaction: z
    .object({
      transaction_data: z
        .object({
          qr_code: z.string().nullable().optional(),
          qr_code_base64: z.string().nullable().optional(),
        })
        .optional(),
    })
    .optional(),
});

type Payment = z.infer<typeof paymentSchema>;

const errorBodySchema = z.object({ message: z.string().optional(), error: z.string().optional() });

/**
 * Mercado Pago's payment statuses in Botdeck's words: in_process and authorized are still
 * waiting; a cancelled PIX is one left unpaid past its date_of_expiration; a refund or a
 * charge-back after approval leaves nothing to deliver.
 */
export function chargeStatusOf(status: string): PixChargeStatus {
  switch (status) {
    case 'approved':
      return 'paid';
    case 'cancelled':
    case 'expired':
      return 'expired';
    case 'rejected':
    case 'refunded':
    case 'charged_back':
      return 'refused';
    default:
      return 'pending';
  }
}

function centsOf(amount: number): number {
  return Math.round(amount * 100);
}

function dateOf(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Retry-After in seconds (Mercado Pago sends seconds) or as an HTTP date. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Mercado Pago's payments API for PIX: create with an idempotency key, then ask about the payment by id. */
export class MercadoPagoGateway implements PixGateway {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: MercadoPagoOptions) {
    this.baseUrl = (options.baseUrl ?? MERCADO_PAGO_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async createCharge(request: PixChargeRequest, signal?: AbortSignal): Promise<PixCharge> {
    const body = {
      transaction_amount: request.amountCents / 100,
      description: request.description,
      payment_method_id: 'pix',
      payer: { email: request.payerEmail },
      date_of_expiration: new Date(request.expiresAt).toISOString(),
      external_reference: request.reference,
    };
    const payment = await this.call('POST', '/v1/payments', signal, { body: JSON.stringify(body), idempotencyKey: request.idempotencyKey });
    const data = payment.point_of_interaction?.transaction_data;
    const code = data?.qr_code ?? null;
    if (code === null || code === '') throw new PixGatewayError('PIX_GATEWAY_FAILED', text('pix.gatewayNoCode', { id: String(payment.id) }));
    return {
      gatewayPaymentId: String(payment.id),
      status: chargeStatusOf(payment.status),
      code,
      qrPngBase64: data?.qr_code_base64 ?? null,
      amountCents: centsOf(payment.transaction_amount),
      expiresAt: dateOf(payment.date_of_expiration) ?? request.expiresAt,
    };
  }

  async chargeState(gatewayPaymentId: string, signal?: AbortSignal): Promise<PixChargeState> {
    const payment = await this.call('GET', `/v1/payments/${encodeURIComponent(gatewayPaymentId)}`, signal);
    const status = chargeStatusOf(payment.status);
    return { status, amountCents: centsOf(payment.transaction_amount), paidAt: status === 'paid' ? dateOf(payment.date_approved) : null };
  }

  /** A search for one payment: it needs valid credentials and charges nobody. */
  async testConnection(signal?: AbortSignal): Promise<void> {
    await this.request('GET', '/v1/payments/search?limit=1', signal);
  }

  private async call(method: 'GET' | 'POST', path: string, signal: AbortSignal | undefined, send?: { body: string; idempotencyKey: string }): Promise<Payment> {
    const json = await this.request(method, path, signal, send);
    const parsed = paymentSchema.safeParse(json);
    if (!parsed.success) throw new PixGatewayError('PIX_GATEWAY_FAILED', text('pix.gatewayUnreadable', { detail: parsed.error.issues[0]?.message ?? '' }));
    return parsed.data;
  }

  private async request(method: 'GET' | 'POST', path: string, signal: AbortSignal | undefined, send?: { body: string; idempotencyKey: string }): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.accessToken}`, accept: 'application/json' };
    if (send !== undefined) {
      headers['content-type'] = 'application/json';
      headers['x-idempotency-key'] = send.idempotencyKey;
    }
    let response: Response;
    let json: unknown;
    try {
      const init: RequestInit = { method, headers, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) };
      if (send !== undefined) init.body = send.body;
      response = await fetch(`${this.baseUrl}${path}`, init);
      json = await response.json().catch(() => null);
    } catch (error) {
      const detail = timeout.aborted ? `no answer within ${Math.round(this.timeoutMs / 1000)} s` : errorText(error);
      throw new PixGatewayError('PIX_GATEWAY_UNREACHABLE', text('pix.gatewayUnreachable', { detail }));
    }
    if (response.ok) return json;
    const said = errorBodySchema.safeParse(json);
    const detail = (said.success ? (said.data.message ?? said.data.error) : undefined) ?? response.statusText;
    if (response.status === 401 || response.status === 403) throw new PixGatewayError('PIX_CREDENTIALS_REFUSED', text('pix.credentialsRefused', { detail }));
    if (response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      const busy = wait === null ? text('pix.gatewayBusy', {}) : text('pix.gatewayBusyFor', { seconds: Math.ceil(wait / 1000) });
      throw new PixGatewayError('PIX_GATEWAY_BUSY', busy, wait);
    }
    throw new PixGatewayError('PIX_GATEWAY_FAILED', text('pix.gatewayFailed', { status: response.status, detail }));
  }
}
