import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Audience, compileAudience, UNEXPIRING_CHECKOUT_OPEN_MS } from '../../src/main/core/campaigns/audience';
import { openStore, type Store } from '../../src/main/core/db/store';
import { CheckoutRecords } from '../../src/main/core/payments/checkout-records';
import { PaymentRecords } from '../../src/main/core/payments/payment-records';
import { audienceFilterSchema, type AudienceFilterInput } from '../../src/shared/campaigns';
import type { PaymentRail } from '../../src/shared/products';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const NOW = 1_000 * 86_400_000;
const MINUTE = 60_000;

let store: Store;
let audience: Audience;
const ids = new Map<string, number>();

beforeAll(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const db = store.db;
  const bot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  for (const id of [1, 2]) bot.run(id, 900 + id, `shop_${id}`);
  const product = db.prepare(
    'INSERT INTO products (id, bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at) VALUES (?, ?, \'Course\', \'All\', 4990, 250, \'{"text":"Yours","media":null,"buttons":[]}\', 0, 0)',
  );
  for (const id of [1, 2]) product.run(id, id);
  const insertLead = db.prepare(
    "INSERT INTO leads (bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, welcomed_at, archived, opted_out_at) VALUES (?, ?, ?, 'L', ?, 0, 0, 1, ?, ?) RETURNING id",
  );
  const checkouts = new CheckoutRecords(db);
  const payments = new PaymentRecords(db);
  let users = 0;
  const lead = (name: string, options: { botId?: number; status?: 'welcomed' | 'blocked'; archived?: boolean; optedOut?: boolean } = {}): number => {
    users += 1;
    const row = insertLead.get(options.botId ?? 1, users, users, options.status ?? 'welcomed', options.archived === true ? 1 : 0, options.optedOut === true ? 1 : null) as {
      id: number;
    };
    ids.set(name, row.id);
    return row.id;
  };
  const checkout = (leadId: number, rail: PaymentRail, at: number, end?: { status: 'expired' | 'failed' } | { expiresAt: number }): number => {
    const botId = (db.prepare('SELECT bot_id FROM leads WHERE id = ?').get(leadId) as { bot_id: number }).bot_id;
    const id = checkouts.open({ botId, leadId, productId: botId, rail, amount: rail === 'pix' ? 4990 : 250, pressed: null, source: null }, at).id;
    if (end !== undefined && 'status' in end) db.prepare('UPDATE checkouts SET status = ? WHERE id = ?').run(end.status, id);
    if (end !== undefined && 'expiresAt' in end) db.prepare("UPDATE checkouts SET status = 'open', expires_at = ? WHERE id = ?").run(end.expiresAt, id);
    return id;
  };
  let charges = 0;
  const pay = (leadId: number, checkoutId: number, at: number): number => {
    charges += 1;
    const botId = (db.prepare('SELECT bot_id FROM leads WHERE id = ?').get(leadId) as { bot_id: number }).bot_id;
    return payments.record({ botId, leadId, rail: 'pix', amount: 4990, chargeId: `c-${charges}`, checkoutId, productId: botId, by: 'poll', paidAt: at }, at).paymentId;
  };
  const hourAgo = NOW - 60 * MINUTE;

  checkout(lead('expired'), 'pix', hourAgo, { status: 'expired' });
  checkout(lead('failed'), 'pix', hourAgo, { status: 'failed' });
  const paid = lead('paid');
  pay(paid, checkout(paid, 'pix', hourAgo), hourAgo + MINUTE);
  const refunded = lead('refunded');
  payments.refunded(pay(refunded, checkout(refunded, 'pix', hourAgo), hourAgo + MINUTE), hourAgo + 2 * MINUTE);
  checkout(lead('pix still open'), 'pix', NOW - 10 * MINUTE, { expiresAt: NOW + 20 * MINUTE });
  checkout(lead('pix open past its expiry'), 'pix', hourAgo, { expiresAt: NOW - MINUTE });
  checkout(lead('stars just sent'), 'stars', NOW - 10 * MINUTE);
  checkout(lead('stars long unpaid'), 'stars', NOW - UNEXPIRING_CHECKOUT_OPEN_MS);
  lead('no checkout');
  checkout(lead('blocked', { status: 'blocked' }), 'pix', hourAgo, { status: 'expired' });
  checkout(lead('opted out', { optedOut: true }), 'pix', hourAgo, { status: 'expired' });
  checkout(lead('archived', { archived: true }), 'pix', hourAgo, { status: 'expired' });
  const reopened = lead('expired, then open again');
  checkout(reopened, 'pix', hourAgo - 60 * MINUTE, { status: 'expired' });
  checkout(reopened, 'pix', NOW - 5 * MINUTE, { expiresAt: NOW + 25 * MINUTE });
  const buyer = lead('bought before, left the next one');
  pay(buyer, checkout(buyer, 'pix', hourAgo - 120 * MINUTE), hourAgo - 119 * MINUTE);
  checkout(buyer, 'pix', hourAgo, { status: 'expired' });
  checkout(lead('other bot', { botId: 2 }), 'pix', hourAgo, { status: 'expired' });
  audience = new Audience(db);
});

afterAll(() => store.close());

const reached = (input: AudienceFilterInput): string[] => {
  const filter = audienceFilterSchema.parse(input);
  const names = new Map([...ids].map(([name, id]) => [id, name]));
  const listed = [...audience.leadIds(filter, NOW).values()].flat().map((id) => names.get(id) ?? String(id));
  expect(audience.count(filter, NOW)).toBe(listed.length);
  return listed.sort();
};

describe('the abandoned-checkout audience', () => {
  it('reaches the leads whose last checkout ended unpaid, and nobody a campaign never reaches', () => {
    expect(reached({ bots: [1], segment: 'checkout_not_paid' })).toEqual(['expired', 'failed', 'pix open past its expiry', 'refunded', 'stars long unpaid'].sort());
  });

  it('adds a buyer who left a later checkout only when converted leads are included', () => {
    expect(reached({ bots: [1], segment: 'checkout_not_paid', includeConverted: true })).toEqual(
      ['bought before, left the next one', 'expired', 'failed', 'pix open past its expiry', 'refunded', 'stars long unpaid'].sort(),
    );
  });

  it('is per bot like every audience', () => {
    expect(reached({ bots: [2], segment: 'checkout_not_paid' })).toEqual(['other bot']);
  });

  it('takes in a checkout once it is no longer open', () => {
    const later = audienceFilterSchema.parse({ bots: [1], segment: 'checkout_not_paid' });
    // An hour on: the PIX charge past its expiry and the Stars invoice count as abandoned; the reopened one too.
    expect(audience.count(later, NOW + 60 * MINUTE)).toBe(5 + 3);
  });

  it('is read from the checkouts, each lead then by its id: the leads are never scanned', () => {
    const { where, params } = compileAudience(audienceFilterSchema.parse({ bots: [1], segment: 'checkout_not_paid' }), NOW);
    const plan = store.db
      .prepare<typeof params, { detail: string }>(`EXPLAIN QUERY PLAN SELECT count(*) AS n FROM leads l WHERE ${where}`)
      .all(params)
      .map((row) => row.detail);
    expect(plan).toContain('SEARCH l USING INTEGER PRIMARY KEY (rowid=?)');
    expect(plan.filter((detail) => detail.startsWith('SCAN l'))).toEqual([]);
  });
});
