import type { Database } from 'better-sqlite3';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { CheckoutRecords } from '../../src/main/core/payments/checkout-records';
import { PaymentRecords } from '../../src/main/core/payments/payment-records';
import type { PaymentRail } from '../../src/shared/products';

const DAY = 86_400_000;

/** The funnel's period in the seeded store: one UTC day. */
export const FROM = 10 * DAY;
export const TO = 11 * DAY;

interface SeedLead {
  botId: number;
  source: string | null;
  firstSeenAt: number;
  welcomedAt?: number;
  archived?: boolean;
}

/**
 * A store with two selling bots (and a third the requests may leave out), leads of two
 * sources and none, clicks, checkouts and payments in the period, just before it and at its
 * end (excluded), refunded payments and sales marked by hand. Payments and refunds go
 * through the records the engine uses, so the leads change exactly as in production.
 */
export function seedFunnelStore(db: Database): void {
  const bot = db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  for (const id of [1, 2, 3]) bot.run(id, 900 + id, `shop_${id}`);
  const product = db.prepare(
    'INSERT INTO products (id, bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at) VALUES (?, ?, \'Course\', \'All of it\', 4990, 250, \'{"text":"Yours","media":null,"buttons":[]}\', 0, 0)',
  );
  for (const id of [1, 2, 3]) product.run(id, id);
  const insertLead = db.prepare(
    `INSERT INTO leads (bot_id, user_id, chat_id, first_name, source, status, first_seen_at, last_seen_at, welcomed_at, archived)
     VALUES (@botId, @userId, @userId, 'L', @source, @status, @firstSeenAt, @firstSeenAt, @welcomedAt, @archived) RETURNING id`,
  );
  let users = 1000;
  const lead = (seed: SeedLead): number => {
    users += 1;
    const row = insertLead.get({
      botId: seed.botId,
      userId: users,
      source: seed.source,
      status: seed.welcomedAt === undefined ? 'new' : 'welcomed',
      firstSeenAt: seed.firstSeenAt,
      welcomedAt: seed.welcomedAt ?? null,
      archived: seed.archived === true ? 1 : 0,
    }) as { id: number };
    return row.id;
  };
  const click = (leadId: number, at: number): void => {
    db.prepare('INSERT INTO lead_events (lead_id, kind, at, detail) VALUES (?, \'clicked\', ?, \'{"data":"offer"}\')').run(leadId, at);
  };
  const checkouts = new CheckoutRecords(db);
  const payments = new PaymentRecords(db);
  const leads = new LeadRecords(db);
  const botOf = (leadId: number): number => (db.prepare('SELECT bot_id FROM leads WHERE id = ?').get(leadId) as { bot_id: number }).bot_id;
  const checkout = (leadId: number, rail: PaymentRail, amount: number, at: number): number => {
    const botId = botOf(leadId);
    return checkouts.open({ botId, leadId, productId: botId, rail, amount, pressed: null, source: null }, at).id;
  };
  let charges = 0;
  const pay = (leadId: number, rail: PaymentRail, amount: number, at: number, checkoutId: number | null = null): number => {
    charges += 1;
    const botId = botOf(leadId);
    return payments.record({ botId, leadId, rail, amount, chargeId: `charge-${charges}`, checkoutId, productId: botId, by: 'update', paidAt: at }, at).paymentId;
  };

  // Bot 1, source "ads".
  const l1 = lead({ botId: 1, source: 'ads', firstSeenAt: FROM, welcomedAt: FROM + 1 });
  click(l1, FROM + 2);
  pay(l1, 'pix', 4990, FROM + 4, checkout(l1, 'pix', 4990, FROM + 3));
  lead({ botId: 1, source: 'ads', firstSeenAt: TO - 1, welcomedAt: TO });
  const l3 = lead({ botId: 1, source: 'ads', firstSeenAt: FROM - 1, welcomedAt: FROM - 1 });
  click(l3, FROM + 10);
  pay(l3, 'stars', 250, FROM + 12, checkout(l3, 'stars', 250, FROM + 11));
  const l4 = lead({ botId: 1, source: 'ads', firstSeenAt: FROM + 5, welcomedAt: FROM + 6 });
  click(l4, FROM + 7);
  click(l4, FROM + 8);
  payments.refunded(pay(l4, 'pix', 1990, FROM + 20, checkout(l4, 'pix', 1990, FROM + 9)), FROM + 30);
  const l7 = lead({ botId: 1, source: 'ads', firstSeenAt: FROM + 300, welcomedAt: FROM + 301 });
  checkout(l7, 'pix', 4990, FROM + 302);
  const l8 = lead({ botId: 1, source: 'ads', firstSeenAt: FROM + 400, welcomedAt: FROM + 400 });
  checkouts.failed(checkout(l8, 'pix', 4990, FROM + 401), 'gateway down', FROM + 401);
  pay(l8, 'pix', 4990, TO);
  // Bot 1, no source: a sale marked by hand; an archived lead that counts nowhere.
  const l5 = lead({ botId: 1, source: null, firstSeenAt: FROM + 100, welcomedAt: FROM + 101 });
  leads.converted(l5, 3000, FROM + 200);
  const l6 = lead({ botId: 1, source: null, firstSeenAt: FROM + 101, welcomedAt: FROM + 102, archived: true });
  click(l6, FROM + 103);
  db.prepare("UPDATE leads SET status = 'converted', converted_at = ?, revenue_cents = 9900 WHERE id = ?").run(FROM + 104, l6);
  // Bot 2, source "insta": one lead pays on both rails, one refunded then marked by hand.
  const m1 = lead({ botId: 2, source: 'insta', firstSeenAt: FROM + 1, welcomedAt: FROM + 2 });
  click(m1, FROM + 3);
  pay(m1, 'stars', 100, FROM + 50, checkout(m1, 'stars', 100, FROM + 4));
  pay(m1, 'pix', 2000, FROM + 60);
  const m2 = lead({ botId: 2, source: 'insta', firstSeenAt: FROM + 2, welcomedAt: FROM + 3 });
  pay(m2, 'pix', 1000, FROM + 70);
  const m3 = lead({ botId: 2, source: 'insta', firstSeenAt: FROM + 3, welcomedAt: FROM + 4 });
  payments.refunded(pay(m3, 'pix', 5000, FROM + 80), FROM + 85);
  leads.converted(m3, 2500, FROM + 90);
  // Bot 3: a lead and a sale a request for bots 1 and 2 leaves out.
  const n1 = lead({ botId: 3, source: 'ads', firstSeenAt: FROM + 1, welcomedAt: FROM + 2 });
  pay(n1, 'pix', 7000, FROM + 3);
  rebuildLeadCounts(db);
}
