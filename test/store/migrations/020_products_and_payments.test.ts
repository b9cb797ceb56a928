import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/core/db/migrations';
import { migration020 } from '../../../src/main/core/db/migrations/020_products_and_payments';
import { readSchema } from '../../../src/main/core/db/schema';

let db: Database.Database;

const delivery = (kind: string, paymentId: number | null = null): unknown =>
  db
    .prepare(
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at, payment_id) VALUES (1, 1, 501, ?, 0, 'pending', 1, 1, 1, ?)",
    )
    .run(kind, paymentId).lastInsertRowid;

const payment = (rail: string, chargeId: string): unknown =>
  db.prepare("INSERT INTO payments (bot_id, lead_id, rail, amount, charge_id, recorded_by, paid_at, recorded_at) VALUES (1, 1, ?, 100, ?, 'update', 5, 5)").run(rail, chargeId)
    .lastInsertRowid;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.filter((m) => m.version < migration020.version)) migration.up(db);
  db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 77, 'shop_bot', 'Shop', 's', 'h', '{}', 1, 1)",
  ).run();
  db.prepare("INSERT INTO leads (id, bot_id, user_id, chat_id, first_name, status, starts, first_seen_at, last_seen_at) VALUES (1, 1, 501, 501, 'Ana', 'welcomed', 1, 1, 1)").run();
  db.prepare(
    "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, content, status, not_before, created_at, updated_at, sent_at, message_id, clicked_at) VALUES (1, 1, 501, 'welcome', 0, NULL, 'sent', 1, 1, 2, 2, 10, 3)",
  ).run();
  return () => db.close();
});

describe('020_products_and_payments', () => {
  it('keeps every delivery as it was, with all of its indexes', () => {
    const before = db.prepare('SELECT * FROM deliveries ORDER BY id').all();
    const indexes = [...readSchema(db).indexes.values()].filter((index) => index.table === 'deliveries').map((index) => index.name);
    migration020.up(db);
    expect(db.prepare('SELECT * FROM deliveries ORDER BY id').all()).toEqual(before.map((row) => ({ ...(row as object), payment_id: null })));
    const after = [...readSchema(db).indexes.values()].filter((index) => index.table === 'deliveries').map((index) => index.name);
    expect(after.sort()).toEqual([...indexes, 'deliveries_payment'].sort());
  });

  it('takes purchase deliveries, one per payment, and still refuses a kind it does not know', () => {
    const before =
      "INSERT INTO deliveries (bot_id, lead_id, chat_id, kind, lane, status, not_before, created_at, updated_at) VALUES (1, 1, 501, 'purchase', 0, 'pending', 1, 1, 1)";
    expect(() => db.prepare(before).run()).toThrow(/CHECK/);
    migration020.up(db);
    const paymentId = payment('stars', 'charge-1');
    expect(delivery('purchase', Number(paymentId))).toBe(2);
    expect(() => delivery('purchase', Number(paymentId))).toThrow(/UNIQUE/);
    expect(() => delivery('gift')).toThrow(/CHECK/);
  });

  it('records a payment once per rail and charge id', () => {
    migration020.up(db);
    payment('stars', 'charge-1');
    expect(() => payment('stars', 'charge-1')).toThrow(/UNIQUE/);
    expect(payment('pix', 'charge-1')).toBe(2);
    expect(() => payment('card', 'charge-2')).toThrow(/CHECK/);
  });

  it('refuses a product without a price, a price of zero and a Stars price Telegram would refuse', () => {
    migration020.up(db);
    const product = (cents: number | null, stars: number | null): unknown =>
      db
        .prepare("INSERT INTO products (bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at) VALUES (1, 'Course', 'All of it', ?, ?, '{}', 1, 1)")
        .run(cents, stars).lastInsertRowid;
    expect(product(4990, null)).toBe(1);
    expect(product(null, 250)).toBe(2);
    expect(() => product(null, null)).toThrow(/CHECK/);
    expect(() => product(0, null)).toThrow(/CHECK/);
    expect(() => product(null, 0)).toThrow(/CHECK/);
    expect(() => product(null, 10_001)).toThrow(/CHECK/);
  });

  it('keeps one PIX gateway, and a checkout’s idempotency key and gateway payment once', () => {
    migration020.up(db);
    const gateway = (id: number): unknown =>
      db
        .prepare(
          "INSERT INTO pix_gateway (id, kind, base_url, credentials_sealed, hint, created_at, updated_at) VALUES (?, 'mercado_pago', 'https://api.mercadopago.com', 's', 'h', 1, 1)",
        )
        .run(id).lastInsertRowid;
    expect(gateway(1)).toBe(1);
    expect(() => gateway(2)).toThrow(/CHECK/);
    db.prepare("INSERT INTO products (id, bot_id, name, description, price_cents, delivery, created_at, updated_at) VALUES (1, 1, 'Course', 'All of it', 4990, '{}', 1, 1)").run();
    const checkout = (key: string, paymentId: string): unknown =>
      db
        .prepare(
          "INSERT INTO checkouts (bot_id, lead_id, product_id, rail, amount, status, idempotency_key, gateway_payment_id, created_at, updated_at) VALUES (1, 1, 1, 'pix', 4990, 'open', ?, ?, 1, 1)",
        )
        .run(key, paymentId).lastInsertRowid;
    expect(checkout('k1', 'mp-1')).toBe(1);
    expect(() => checkout('k1', 'mp-2')).toThrow(/UNIQUE/);
    expect(() => checkout('k2', 'mp-1')).toThrow(/UNIQUE/);
  });
});
