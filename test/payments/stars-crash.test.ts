import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databasePath } from '../../src/main/core/db/paths';
import { killHard, killLeftEngines, spawnEngine } from '../support/engine-process';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { deliveriesTo, openStarsShop } from '../support/stars-shop';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(141_501);
const ana: FakeUser = { id: 14_501, firstName: 'Ana', languageCode: 'en' };
let fake: FakeTelegram | null = null;

afterEach(async () => {
  await killLeftEngines();
  await fake?.close();
});

function readStore<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const purchase = (dataDir: string): { payments: number; status: string | null } =>
  readStore(dataDir, (db) => ({
    payments: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM payments').get()!.n,
    status: db.prepare<[], { status: string }>("SELECT status FROM deliveries WHERE kind = 'purchase'").get()?.status ?? null,
  }));

describe('an engine killed with SIGKILL between a Stars payment and its delivery message', () => {
  it('delivers the purchase exactly once after the restart, and counts the payment once', async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 141_501, username: 'crash_shop_bot', firstName: 'Crash Shop' });
    const dataDir = tempDir();
    const setup = await openStarsShop(fake, TOKEN, dataDir);
    const invoice = await setup.invoiceFor(ana);
    await setup.core.close();

    // The delivery cannot get through before the kill: the payment is on disk, its message is not sent.
    fake.fault(TOKEN, { kind: 'drop', methods: ['sendMessage'], contains: 'course.example' });
    const first = await spawnEngine(dataDir, fake.apiRoot);
    const paid = await fake.pay(TOKEN, ana, invoice);
    expect(paid.outcome).toBe('paid');
    await vi.waitFor(() => expect(purchase(dataDir).payments).toBe(1), { timeout: 10_000, interval: 20 });
    await killHard(first);
    expect(deliveriesTo(fake, TOKEN, ana)).toBe(0);

    fake.clearFaults(TOKEN);
    const second = await spawnEngine(dataDir, fake.apiRoot);
    await vi.waitFor(() => expect(purchase(dataDir).status).toBe('sent'), { timeout: 15_000, interval: 50 });
    // Telegram may hand the payment update over again; nothing more is queued or sent for it.
    const marker = fake.sendText(TOKEN, ana, 'thanks');
    await vi.waitFor(() => expect(fake!.confirmedOffset(TOKEN)).toBeGreaterThan(marker), { timeout: 10_000 });
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));

    expect(deliveriesTo(fake, TOKEN, ana)).toBe(1);
    expect(purchase(dataDir)).toEqual({ payments: 1, status: 'sent' });
  }, 60_000);
});
