import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../src/main/core/alerts/incident-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { MoneyBasisReader } from '../../src/main/core/payments/money-basis';
import { PaymentRecords } from '../../src/main/core/payments/payment-records';
import { MEASURED_MIN_BRL_PAYERS } from '../../src/shared/money-basis';
import { defaultSettings, type Settings } from '../../src/shared/settings';
import type { PaymentRail } from '../../src/shared/products';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const OWN: Settings = { ...defaultSettings, currency: 'BRL', averageTicket: 97, conversionRatePercent: 3 };

let store: Store;
let payments: PaymentRecords;
let charges = 0;
const paymentIds: number[] = [];

const lead = (firstSeenAt: number): number => {
  charges += 1;
  const row = store.db
    .prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at, welcomed_at) VALUES (1, ?, ?, 'L', 'welcomed', ?, ?, ?) RETURNING id")
    .get(charges, charges, firstSeenAt, firstSeenAt, firstSeenAt) as { id: number };
  return row.id;
};
const pay = (leadId: number, rail: PaymentRail, amount: number, at: number): number => {
  charges += 1;
  return payments.record({ botId: 1, leadId, rail, amount, chargeId: `c-${charges}`, checkoutId: null, productId: null, by: 'update', paidAt: at }, at).paymentId;
};

/**
 * 40 leads first seen in the last 30 days: 9 pay R$ 50.00 by PIX and one is marked converted
 * by hand for R$ 20.00 (10 leads paid in BRL, R$ 470.00), one pays in Stars (11 paid), one
 * PIX payment is refunded; a lead of 40 days ago paid 31 days ago, outside the window.
 */
beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  store.db
    .prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 901, 'shop', 'B', 'x', 'y', '{}', 0, 0)")
    .run();
  payments = new PaymentRecords(store.db);
  const leads = Array.from({ length: 40 }, () => lead(NOW - 5 * DAY));
  for (const id of leads.slice(0, 9)) paymentIds.push(pay(id, 'pix', 5000, NOW - DAY));
  new LeadRecords(store.db).converted(leads[9]!, 2000, NOW - DAY);
  pay(leads[10]!, 'stars', 500, NOW - DAY);
  payments.refunded(pay(leads[11]!, 'pix', 9000, NOW - DAY), NOW - DAY + 1);
  pay(lead(NOW - 40 * DAY), 'pix', 100_000, NOW - 31 * DAY);
  rebuildLeadCounts(store.db);
});

afterEach(() => {
  store.close();
  paymentIds.length = 0;
});

describe('the money at stake', () => {
  it(`uses the measured rate and ticket of the last 30 days once ${MEASURED_MIN_BRL_PAYERS} leads paid in BRL`, () => {
    const basis = new MoneyBasisReader(store.db).basis(OWN, NOW);
    expect(basis).toEqual({
      from: 'measured',
      averageTicket: 47,
      conversionRatePercent: (11 / 40) * 100,
      measured: { starts: 40, paid: 11, brlPayers: 10, conversionRatePercent: (11 / 40) * 100, averageTicket: 47 },
    });
    // 200 leads lost: 200 × 27.5% × R$ 47.00.
    expect(money(200, new MoneyBasisReader(store.db).priced(OWN, NOW))).toBe(2585);
  });

  it('keeps the settings below the threshold, and says what it measured', () => {
    payments.refunded(paymentIds[0]!, NOW - 1);
    const basis = new MoneyBasisReader(store.db).basis(OWN, NOW);
    expect(basis).toMatchObject({ from: 'settings', averageTicket: 97, conversionRatePercent: 3, measured: { paid: 10, brlPayers: 9 } });
    expect(money(200, new MoneyBasisReader(store.db).priced(OWN, NOW))).toBe(582);
  });

  it('keeps the settings when the operator overrides the measure', () => {
    const basis = new MoneyBasisReader(store.db).basis({ ...OWN, moneyFromSettings: true }, NOW);
    expect(basis).toMatchObject({ from: 'override', averageTicket: 97, conversionRatePercent: 3, measured: { brlPayers: 10, averageTicket: 47 } });
  });

  it('keeps the settings when the operator counts in another currency than the sales’ reais', () => {
    expect(new MoneyBasisReader(store.db).basis({ ...OWN, currency: 'USD' }, NOW).from).toBe('settings');
  });

  it('forgets sales older than 30 days', () => {
    const later = new MoneyBasisReader(store.db).basis(OWN, NOW + 30 * DAY);
    expect(later).toMatchObject({ from: 'settings', measured: { starts: 0, paid: 0, brlPayers: 0, conversionRatePercent: null, averageTicket: null } });
  });
});
