import { startFakePix } from '../test/support/fake-pix';
import { paymentIdOf, startPixShop } from '../test/support/pix-shop';
import type { Figure } from './figures';

const CHARGES = 1000;
const MINUTES = 10;
const MINUTE_MS = 60_000;

/** The most questions about one charge inside any minute (a sliding window over its calls). */
function busiestMinute(calls: readonly number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < calls.length; end += 1) {
    while ((calls[end] ?? 0) - (calls[start] ?? 0) >= MINUTE_MS) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * 1,000 pending PIX charges asked about by the poller over 10 simulated minutes (the fake
 * gateway's clock, one round per simulated second): the most status calls one charge got in
 * any minute, against the gateways' limit of one a minute.
 */
export async function pixBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const pix = await startFakePix({ startAt: Date.UTC(2026, 0, 10, 12) });
  const shop = await startPixShop(pix, workDir, { requestTimeoutMs: 5000 });
  try {
    log(`pix: ${CHARGES} pending charges, ${MINUTES} simulated minutes...`);
    const checkouts = [];
    for (let user = 1; user <= CHARGES; user += 1) {
      checkouts.push(await shop.openCharge(user));
      // Presses spread over the first minute, as buyers would.
      pix.advance(MINUTE_MS / CHARGES);
    }
    for (let second = 0; second < MINUTES * 60; second += 1) {
      pix.advance(1000);
      await shop.poller.tick();
    }
    const calls = checkouts.map((checkout) => pix.statusCalls(paymentIdOf(shop.db, checkout.id)));
    const busiest = Math.max(...calls.map(busiestMinute));
    const asked = calls.filter((list) => list.length > 0).length;
    const mean = calls.reduce((sum, list) => sum + list.length, 0) / CHARGES / MINUTES;
    log(`pix: ${asked} of ${CHARGES} charges asked about, ${mean.toFixed(2)} calls per charge per minute on average`);
    return [
      {
        name: 'payments.pix_status_calls_per_charge_min',
        unit: '/min',
        value: busiest,
        baseline: null,
        baselineLabel: null,
        limit: { value: 1, label: 'the gateways’ guidance: one status call per charge per minute' },
        target: '<= 1',
        meetsTarget: busiest <= 1,
      },
      {
        name: 'payments.pix_charges_asked',
        unit: '',
        value: asked,
        baseline: null,
        baselineLabel: null,
        target: `= ${CHARGES}`,
        meetsTarget: asked === CHARGES,
      },
    ];
  } finally {
    await shop.close();
    await pix.close();
  }
}
