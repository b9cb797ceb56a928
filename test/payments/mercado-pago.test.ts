import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargeStatusOf, MercadoPagoGateway } from '../../src/main/core/payments/gateways/mercado-pago';
import { PixGatewayError, type PixChargeRequest } from '../../src/main/core/payments/gateways/pix-gateway';
import { startFakePix, type FakePix } from '../support/fake-pix';

let fake: FakePix;

beforeEach(async () => {
  fake = await startFakePix({ startAt: Date.UTC(2026, 0, 10, 12) });
});

afterEach(async () => {
  await fake.close();
});

function request(key = 'key-1'): PixChargeRequest {
  return {
    idempotencyKey: key,
    amountCents: 1990,
    description: 'E-book',
    reference: 'checkout:7',
    payerEmail: 'lead-3@botdeck.invalid',
    expiresAt: fake.now() + 30 * 60_000,
  };
}

function gateway(token = fake.accessToken): MercadoPagoGateway {
  return new MercadoPagoGateway({ accessToken: token, baseUrl: fake.baseUrl, timeoutMs: 300 });
}

async function failure(promise: Promise<unknown>): Promise<PixGatewayError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof PixGatewayError)) throw new Error(`expected a PixGatewayError, got ${String(error)}`);
  return error;
}

describe('the Mercado Pago adapter', () => {
  it('creates a PIX charge with the idempotency key and reads its code, QR image, amount and expiry', async () => {
    const charge = await gateway().createCharge(request());
    expect(charge.status).toBe('pending');
    expect(charge.amountCents).toBe(1990);
    expect(charge.expiresAt).toBe(request().expiresAt);
    expect(charge.code).toMatch(/^000201.*6304[0-9A-F]{4}$/);
    expect(
      Buffer.from(charge.qrPngBase64 ?? '', 'base64')
        .subarray(1, 4)
        .toString('ascii'),
    ).toBe('PNG');
    expect(fake.createCalls('key-1')).toBe(1);
    // The same key again answers the same charge: nothing is charged twice.
    const again = await gateway().createCharge(request());
    expect(again.gatewayPaymentId).toBe(charge.gatewayPaymentId);
    expect(fake.paymentCount()).toBe(1);
  });

  it('maps the status: pending, approved → paid with its date, cancelled after expiry → expired, rejected → refused', async () => {
    const charge = await gateway().createCharge(request());
    const id = Number(charge.gatewayPaymentId);
    expect(await gateway().chargeState(charge.gatewayPaymentId)).toEqual({ status: 'pending', amountCents: 1990, paidAt: null });
    fake.pay(id);
    expect(await gateway().chargeState(charge.gatewayPaymentId)).toEqual({ status: 'paid', amountCents: 1990, paidAt: fake.now() });
    const other = await gateway().createCharge(request('key-2'));
    fake.expire(Number(other.gatewayPaymentId));
    expect((await gateway().chargeState(other.gatewayPaymentId)).status).toBe('expired');
    const rejected = await gateway().createCharge(request('key-3'));
    fake.reject(Number(rejected.gatewayPaymentId));
    expect((await gateway().chargeState(rejected.gatewayPaymentId)).status).toBe('refused');
    expect(fake.statusCalls(id)).toHaveLength(2);
  });

  it('maps the statuses the fake does not produce', () => {
    expect(chargeStatusOf('in_process')).toBe('pending');
    expect(chargeStatusOf('refunded')).toBe('refused');
    expect(chargeStatusOf('expired')).toBe('expired');
  });

  it('tests the connection without creating a payment, and says when the token is refused', async () => {
    await gateway().testConnection();
    expect(fake.searchCalls()).toBe(1);
    const refused = await failure(gateway('APP_USR-wrong').testConnection());
    expect(refused.code).toBe('PIX_CREDENTIALS_REFUSED');
    expect(refused.text.key).toBe('pix.credentialsRefused');
    expect(fake.paymentCount()).toBe(0);
  });

  it('turns 401, 429 (with Retry-After), 500 and a timeout into the interface codes', async () => {
    fake.fault({ kind: 'refuse_credentials', times: 1 });
    expect((await failure(gateway().createCharge(request()))).code).toBe('PIX_CREDENTIALS_REFUSED');

    fake.fault({ kind: '429', times: 1, retryAfter: 7 });
    const busy = await failure(gateway().createCharge(request()));
    expect(busy.code).toBe('PIX_GATEWAY_BUSY');
    expect(busy.retryAfterMs).toBe(7000);

    fake.fault({ kind: '429', times: 1 });
    expect((await failure(gateway().chargeState('1'))).retryAfterMs).toBeNull();

    fake.fault({ kind: '500', times: 1 });
    const failed = await failure(gateway().createCharge(request()));
    expect(failed.code).toBe('PIX_GATEWAY_FAILED');
    expect(failed.message).toContain('Internal server error');

    fake.fault({ kind: 'timeout', times: 1 });
    expect((await failure(gateway().chargeState('1'))).code).toBe('PIX_GATEWAY_UNREACHABLE');
    expect(fake.paymentCount()).toBe(0);
  });

  it('says unreachable when nothing listens, and the gateway message for a 404', async () => {
    const known = await gateway().createCharge(request());
    const missing = await failure(gateway().chargeState('999'));
    expect(missing.code).toBe('PIX_GATEWAY_FAILED');
    expect(missing.message).toContain('404');
    await fake.close();
    const gone = await failure(gateway().chargeState(known.gatewayPaymentId));
    expect(gone.code).toBe('PIX_GATEWAY_UNREACHABLE');
    fake = await startFakePix();
  });
});
