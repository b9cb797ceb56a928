import type { Migration } from '../migration';

/**
 * Selling: what each bot sells (products), each payment a lead started (checkouts), each
 * payment confirmed (payments), the PIX gateway the operator connected, and a delivery kind
 * for the message a buyer receives.
 *
 * - A product offers a rail by having its price: `price_cents` (BRL, PIX) and/or
 *   `price_stars` (Telegram Stars, 1..10,000 as Telegram allows). Products are never deleted
 *   (payments name them); a removed one keeps its row with `removed_at`.
 * - A checkout is opened by a press of a product's button: it remembers what the press came
 *   from (the delivery, and so the campaign or follow-up step, and the lead's source) so the
 *   payment is attributed even when it is confirmed much later. A PIX checkout also holds the
 *   gateway's charge: its idempotency key (random, so a restored backup never reuses one),
 *   its id, the copy-paste code and QR image, its expiry, and when it is next asked about.
 *   "Checkout" is a fact about the lead, not a lead status: the status CHECK of `leads`
 *   cannot change without rebuilding the largest table and its twelve indexes.
 * - A payment is unique per rail and charge id (`telegram_payment_charge_id`, or the
 *   gateway's payment id): a redelivered update or a second confirmation never counts twice.
 * - `deliveries` gains the kind `purchase` (what was bought, sent after the payment) and the
 *   payment it delivers, unique, so one payment queues one delivery. A CHECK cannot be
 *   altered, so the table is rebuilt with its indexes, as 012 and 019 did for the alert log.
 */
export const migration020: Migration = {
  version: 20,
  name: '020_products_and_payments',
  up(db) {
    db.exec(`
      CREATE TABLE products (
        id          INTEGER PRIMARY KEY,
        bot_id      INTEGER NOT NULL REFERENCES bots (id),
        name        TEXT NOT NULL,
        description TEXT NOT NULL,
        price_cents INTEGER CHECK (price_cents > 0),
        price_stars INTEGER CHECK (price_stars BETWEEN 1 AND 10000),
        delivery    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        removed_at  INTEGER,
        CHECK (price_cents IS NOT NULL OR price_stars IS NOT NULL)
      ) STRICT;
      CREATE INDEX products_bot ON products (bot_id) WHERE removed_at IS NULL;

      CREATE TABLE pix_gateway (
        id                 INTEGER PRIMARY KEY CHECK (id = 1),
        kind               TEXT NOT NULL CHECK (kind IN ('mercado_pago')),
        base_url           TEXT NOT NULL,
        credentials_sealed TEXT NOT NULL,
        hint               TEXT NOT NULL,
        expiry_minutes     INTEGER NOT NULL DEFAULT 30 CHECK (expiry_minutes BETWEEN 5 AND 1440),
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE checkouts (
        id                 INTEGER PRIMARY KEY,
        bot_id             INTEGER NOT NULL REFERENCES bots (id),
        lead_id            INTEGER NOT NULL REFERENCES leads (id),
        product_id         INTEGER NOT NULL REFERENCES products (id),
        rail               TEXT NOT NULL CHECK (rail IN ('stars', 'pix')),
        amount             INTEGER NOT NULL CHECK (amount > 0),
        status             TEXT NOT NULL CHECK (status IN ('opening', 'open', 'paid', 'expired', 'failed')),
        delivery_id        INTEGER REFERENCES deliveries (id),
        campaign_id        INTEGER REFERENCES campaigns (id),
        follow_up_step_id  INTEGER REFERENCES follow_up_steps (id),
        source             TEXT,
        idempotency_key    TEXT NOT NULL UNIQUE,
        gateway_payment_id TEXT,
        pix_code           TEXT,
        pix_qr             TEXT,
        expires_at         INTEGER,
        next_check_at      INTEGER,
        checks             INTEGER NOT NULL DEFAULT 0,
        asked_at           INTEGER,
        error              TEXT,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX checkouts_lead ON checkouts (lead_id, created_at);
      CREATE INDEX checkouts_created ON checkouts (created_at, bot_id);
      CREATE INDEX checkouts_pix_due ON checkouts (next_check_at) WHERE status IN ('opening', 'open') AND rail = 'pix';
      CREATE UNIQUE INDEX checkouts_gateway_payment ON checkouts (gateway_payment_id) WHERE gateway_payment_id IS NOT NULL;

      CREATE TABLE payments (
        id                INTEGER PRIMARY KEY,
        bot_id            INTEGER NOT NULL REFERENCES bots (id),
        lead_id           INTEGER NOT NULL REFERENCES leads (id),
        product_id        INTEGER REFERENCES products (id),
        checkout_id       INTEGER REFERENCES checkouts (id),
        rail              TEXT NOT NULL CHECK (rail IN ('stars', 'pix')),
        amount            INTEGER NOT NULL CHECK (amount > 0),
        charge_id         TEXT NOT NULL,
        source            TEXT,
        campaign_id       INTEGER REFERENCES campaigns (id),
        follow_up_step_id INTEGER REFERENCES follow_up_steps (id),
        recorded_by       TEXT NOT NULL CHECK (recorded_by IN ('update', 'poll', 'reconciliation')),
        paid_at           INTEGER NOT NULL,
        recorded_at       INTEGER NOT NULL,
        refunded_at       INTEGER,
        UNIQUE (rail, charge_id)
      ) STRICT;
      CREATE INDEX payments_lead ON payments (lead_id);
      CREATE INDEX payments_paid ON payments (paid_at, bot_id);

      CREATE TABLE deliveries_new (
        id                INTEGER PRIMARY KEY,
        bot_id            INTEGER NOT NULL REFERENCES bots (id),
        lead_id           INTEGER NOT NULL REFERENCES leads (id),
        chat_id           INTEGER NOT NULL,
        kind              TEXT NOT NULL CHECK (kind IN ('welcome', 'recovery', 'broadcast', 'purchase')),
        lane              INTEGER NOT NULL CHECK (lane IN (0, 1, 2)),
        content           TEXT,
        status            TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'held')),
        attempts          INTEGER NOT NULL DEFAULT 0,
        not_before        INTEGER NOT NULL,
        created_at        INTEGER NOT NULL,
        updated_at        INTEGER NOT NULL,
        sent_at           INTEGER,
        message_id        INTEGER,
        error             TEXT,
        recovery_job_id   INTEGER REFERENCES recovery_jobs (id),
        campaign_id       INTEGER REFERENCES campaigns (id),
        clicked_at        INTEGER,
        follow_up_step_id INTEGER REFERENCES follow_up_steps (id),
        payment_id        INTEGER REFERENCES payments (id)
      ) STRICT;
      INSERT INTO deliveries_new (id, bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at, sent_at, message_id, error,
          recovery_job_id, campaign_id, clicked_at, follow_up_step_id)
        SELECT id, bot_id, lead_id, chat_id, kind, lane, content, status, attempts, not_before, created_at, updated_at, sent_at, message_id, error,
          recovery_job_id, campaign_id, clicked_at, follow_up_step_id FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_new RENAME TO deliveries;
      CREATE INDEX deliveries_due ON deliveries (bot_id, lane, id) WHERE status = 'pending';
      CREATE INDEX deliveries_open ON deliveries (bot_id, kind, created_at) WHERE status IN ('pending', 'sending', 'held');
      CREATE INDEX deliveries_lead ON deliveries (lead_id);
      CREATE UNIQUE INDEX deliveries_recovery_job_lead ON deliveries (recovery_job_id, lead_id) WHERE recovery_job_id IS NOT NULL;
      CREATE INDEX deliveries_recovery_job_progress ON deliveries (recovery_job_id, status, sent_at, bot_id, error) WHERE recovery_job_id IS NOT NULL;
      CREATE UNIQUE INDEX deliveries_campaign_lead ON deliveries (campaign_id, lead_id) WHERE campaign_id IS NOT NULL;
      CREATE INDEX deliveries_campaign_progress ON deliveries (campaign_id, status, sent_at, bot_id, error) WHERE campaign_id IS NOT NULL;
      CREATE INDEX deliveries_campaign_clicked ON deliveries (campaign_id, clicked_at) WHERE campaign_id IS NOT NULL AND clicked_at IS NOT NULL;
      CREATE UNIQUE INDEX deliveries_payment ON deliveries (payment_id) WHERE payment_id IS NOT NULL;
    `);
  },
};
