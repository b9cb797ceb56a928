import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_EXPIRY_MS, startFakePix } from '../support/fake-pix';
import type { FakePix } from '../support/fake-pix';
import { crc16 } from '../support/fake-pix/pix-code';

const paymentSchema = z.object({
  id: z.number(),
  status: z.enum(['pending', 'approved', 'cancelled']),
  status_detail: z.string(),
  transaction_amount: z.number(),
  external_reference: z.string().nullable(),
  date_approved: z.string().nullable(),
  date_of_expiration: z.string(),
  point_of_interaction: z.object({
    transaction_data: z.object({ qr_code: z.string(), qr_code_base64: z.string(), ticket_url: z.string() }),
  }),
});

const errorSchema = z.object({
  message: z.string(),
  error: z.string(),
  status: z.number(),
  cause: z.array(z.object({ code: z.string(), description: z.string() })),
});

const SALE = {
  transaction_amount: 19.9,
  description: 'E-book',
  payment_method_id: 'pix',
  payer: { email: 'lead-501@botdeck.invalid' },
  external_reference: 'lead-501',
};

let fake: FakePix;

beforeEach(async () => {
  fake = await startFakePix({ startAt: Date.parse('2026-11-30T12:00:00Z') });
});

afterEach(async () => {
  await fake.close();
});

function create(body: unknown, key: string | null = 'key-1', token = fake.accessToken): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (key !== null) headers['x-idempotency-key'] = key;
  return fetch(`${fake.baseUrl}/v1/payments`, { method: 'POST', headers, body: JSON.stringify(body) });
}

function status(id: number | string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.baseUrl}/v1/payments/${id}`, { headers: { authorization: `Bearer ${fake.accessToken}` }, ...(signal === undefined ? {} : { signal }) });
}

async function payment(res: Response): Promise<z.infer<typeof paymentSchema>> {
  return paymentSchema.parse(await res.json());
}

async function failure(res: Response): Promise<z.infer<typeof errorSchema>> {
  return errorSchema.parse(await res.json());
}

describe('the fake Mercado Pago PIX gateway', () => {
  it('creates a pending PIX charge with its copy-paste code and QR image, then reports it approved once paid', async () => {
    const res = await create(SALE);
    expect(res.status).toBe(201);
    const created = await payment(res);
    expect(created).toMatchObject({ status: 'pending', status_detail: 'pending_waiting_transfer', transaction_amount: 19.9, external_reference: 'lead-501', date_approved: null });
    expect(Date.parse(created.date_of_expiration)).toBe(fake.now() + DEFAULT_EXPIRY_MS);
    const { qr_code, qr_code_base64, ticket_url } = created.point_of_interaction.transaction_data;
    // A BR Code: its amount field, and the CRC16 over everything before the last 4 characters.
    expect(qr_code.startsWith('000201')).toBe(true);
    expect(qr_code).toContain('540519.90');
    expect(qr_code.slice(-4)).toBe(crc16(qr_code.slice(0, -4)));
    const png = Buffer.from(qr_code_base64, 'base64');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(0);
    expect(ticket_url).toContain(String(created.id));

    expect(await payment(await status(created.id))).toMatchObject({ id: created.id, status: 'pending' });
    fake.advance(90_000);
    fake.pay(created.id);
    const paid = await payment(await status(created.id));
    expect(paid).toMatchObject({ status: 'approved', status_detail: 'accredited' });
    expect(paid.date_approved).toBe(new Date(fake.now()).toISOString());
  });

  it('the QR image is a PNG that decodes', async () => {
    const created = await payment(await create(SALE));
    const png = Buffer.from(created.point_of_interaction.transaction_data.qr_code_base64, 'base64');
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const size = png.readUInt32BE(16);
    expect(inflateSync(png.subarray(41, 41 + idatLength)).length).toBe(size * (size + 1));
  });

  it('the same idempotency key with the same body returns the same payment, creating one', async () => {
    const first = await create(SALE, 'retry-key');
    const second = await create(SALE, 'retry-key');
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((await payment(second)).id).toBe((await payment(first)).id);
    expect(fake.createCalls('retry-key')).toBe(2);
    expect(fake.paymentCount()).toBe(1);

    expect((await create(SALE, 'other-key')).status).toBe(201);
    expect(fake.paymentCount()).toBe(2);
  });

  it('refuses a reused idempotency key with another body, and a create without a key', async () => {
    await create(SALE, 'used-key');
    const reused = await create({ ...SALE, transaction_amount: 29.9 }, 'used-key');
    expect(reused.status).toBe(409);
    expect(await failure(reused)).toMatchObject({ status: 409, error: 'conflict' });

    const keyless = await create(SALE, null);
    expect(keyless.status).toBe(400);
    expect((await failure(keyless)).cause[0]?.code).toBe('idempotency_key');
    expect(fake.paymentCount()).toBe(1);
  });

  it('a pending charge reads as cancelled with detail "expired" once the fake clock passes its date_of_expiration', async () => {
    const expiry = new Date(fake.now() + 30 * 60_000).toISOString();
    const created = await payment(await create({ ...SALE, date_of_expiration: expiry }));
    expect(created.date_of_expiration).toBe(expiry);
    fake.advance(29 * 60_000);
    expect((await payment(await status(created.id))).status).toBe('pending');
    fake.advance(60_000);
    expect(await payment(await status(created.id))).toMatchObject({ status: 'cancelled', status_detail: 'expired' });
    expect(() => fake.pay(created.id)).toThrow(/cancelled/);

    const other = await payment(await create(SALE, 'key-2'));
    fake.expire(other.id);
    expect((await payment(await status(other.id))).status).toBe('cancelled');
  });

  it('answers a wrong access token with 401 in Mercado Pago’s error shape', async () => {
    const res = await create(SALE, 'key-1', 'APP_USR-wrong');
    expect(res.status).toBe(401);
    expect(await failure(res)).toMatchObject({ status: 401, error: 'unauthorized' });
    expect(fake.paymentCount()).toBe(0);
  });

  it('429 and 500 faults answer for their `times` on their path, then the fake answers normally', async () => {
    const created = await payment(await create(SALE));
    fake.fault({ kind: '429', times: 2, paths: ['status'] });
    const first = await status(created.id);
    expect(first.status).toBe(429);
    expect(await failure(first)).toMatchObject({ status: 429, error: 'too_many_requests' });
    // The fault is on the status path only: a create goes through meanwhile.
    expect((await create(SALE, 'key-2')).status).toBe(201);
    expect((await status(created.id)).status).toBe(429);
    expect((await status(created.id)).status).toBe(200);

    fake.fault({ kind: '500', times: 1, paths: ['create'] });
    const failed = await create(SALE, 'key-3');
    expect(failed.status).toBe(500);
    expect(await failure(failed)).toMatchObject({ status: 500 });
    expect(fake.paymentCount()).toBe(2);
    // The client's retry with the same key creates the charge once.
    expect((await create(SALE, 'key-3')).status).toBe(201);
    expect(fake.paymentCount()).toBe(3);
  });

  it('refuse_credentials answers 401 even to the right token, for its `times`', async () => {
    fake.fault({ kind: 'refuse_credentials', times: 1 });
    expect((await create(SALE)).status).toBe(401);
    expect((await create(SALE)).status).toBe(201);
  });

  it('a timeout fault leaves the request unanswered until the client gives up, then the fake answers', async () => {
    const created = await payment(await create(SALE));
    fake.fault({ kind: 'timeout', times: 1, paths: ['status'] });
    await expect(status(created.id, AbortSignal.timeout(300))).rejects.toThrow();
    expect((await status(created.id)).status).toBe(200);
    expect(fake.statusCalls(created.id)).toHaveLength(2);
  });

  it('closes while a timed-out request is still held', async () => {
    fake.fault({ kind: 'timeout' });
    const held = create(SALE).catch((err: unknown) => err);
    while (fake.requestCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    await fake.close();
    expect(await held).toBeInstanceOf(Error);
    fake = await startFakePix();
  });

  it('counts status calls per charge with their times on the fake clock', async () => {
    const a = await payment(await create(SALE, 'a'));
    const b = await payment(await create(SALE, 'b'));
    const start = fake.now();
    await status(a.id);
    fake.advance(60_000);
    await status(a.id);
    await status(b.id);
    fake.advance(60_000);
    fake.fault({ kind: '429', times: 1 });
    await status(a.id);
    expect(fake.statusCalls(a.id)).toEqual([start, start + 60_000, start + 120_000]);
    expect(fake.statusCalls(b.id)).toEqual([start + 60_000]);
    expect(fake.statusCalls(999)).toEqual([]);
    expect(fake.requestCount()).toBe(6);
  });

  it('answers an unknown payment id with 404 in the error shape', async () => {
    for (const id of ['1234', 'not-a-number']) {
      const res = await status(id);
      expect(res.status).toBe(404);
      expect(await failure(res)).toMatchObject({ status: 404, error: 'not_found' });
    }
  });

  it('refuses a zero amount, an amount with 3 decimals, a method other than pix, and a bad email', async () => {
    const cases: [unknown, string][] = [
      [{ ...SALE, transaction_amount: 0 }, 'transaction_amount'],
      [{ ...SALE, transaction_amount: 10.005 }, 'transaction_amount'],
      [{ ...SALE, payment_method_id: 'visa' }, 'payment_method_id'],
      [{ ...SALE, payer: { email: 'nobody' } }, 'payer.email'],
      ['not json', 'body'],
    ];
    for (const [index, [body, field]] of cases.entries()) {
      const res = await create(body, `bad-${index}`);
      expect(res.status).toBe(400);
      const error = await failure(res);
      expect(error).toMatchObject({ status: 400, error: 'bad_request' });
      expect(error.cause.map((cause) => cause.code)).toContain(field);
    }
    expect((await create({ ...SALE, transaction_amount: 10.01 }, 'fine')).status).toBe(201);
    expect(fake.paymentCount()).toBe(1);
  });
});
