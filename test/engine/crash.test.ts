import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databasePath } from '../../src/main/core/db/paths';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fleetOf, startEngine } from '../support/engine';
import { killHard, killLeftEngines, spawnEngine } from '../support/engine-process';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(222_001);
let fake: FakeTelegram | null = null;

afterEach(async () => {
  await killLeftEngines();
  await fake?.close();
});

/** Rows a killed engine left `sending` (claimed since `since`): the only ones that may reach a user twice. */
function rowsInFlight(dataDir: string, since = 0): number {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    return db.prepare("SELECT count(*) FROM deliveries WHERE status = 'sending' AND updated_at >= ?").pluck().get(since) as number;
  } finally {
    db.close();
  }
}

describe('an engine killed with SIGKILL during a burst of /starts', () => {
  it('loses no lead, welcomes every one, and duplicates at most the rows that were in flight', async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 222_001, username: 'crash_bot', firstName: 'Crash' });
    // Slow answers keep sends in flight long enough for every kill to land in the middle of them.
    fake.fault(TOKEN, { kind: 'latency', ms: 300, methods: ['sendMessage'] });
    const dataDir = tempDir();
    const setup = await startEngine(dataDir, fake.apiRoot);
    const bot = await fleetOf(setup).addBot(TOKEN);
    fleetOf(setup).startBot(bot.id);
    await setup.close();

    const users: FakeUser[] = Array.from({ length: 120 }, (_, i) => ({ id: 30_000 + i, firstName: `Lead${i}` }));
    let next = 0;
    let inFlightBound = 0;
    let landedInFlight = 0;
    const kills = 12;
    for (let round = 0; round < kills; round += 1) {
      const spawnedAt = Date.now();
      const proc = await spawnEngine(dataDir, fake.apiRoot);
      // A burst of new leads, plus a few who tap /start again.
      for (let i = 0; i < 10 && next < users.length; i += 1, next += 1) fake.sendStart(TOKEN, users[next]!, `round_${round}`);
      if (next > 3) fake.sendStart(TOKEN, users[next - 3]!);
      // Kill as soon as this engine has claimed a welcome and its call is on its way to Telegram.
      await vi.waitFor(() => expect(rowsInFlight(dataDir, spawnedAt)).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });
      await killHard(proc);
      if (rowsInFlight(dataDir, spawnedAt) > 0) landedInFlight += 1;
      inFlightBound += rowsInFlight(dataDir);
    }
    while (next < users.length) fake.sendStart(TOKEN, users[next++]!);

    const last = await spawnEngine(dataDir, fake.apiRoot);
    await vi.waitFor(
      () => {
        for (const user of users) expect(fake!.sent(TOKEN, user.id).length, `welcomes to ${user.id}`).toBeGreaterThanOrEqual(1);
      },
      { timeout: 60_000, interval: 200 },
    );
    await vi.waitFor(() => expect(fake!.pendingUpdates(TOKEN)).toHaveLength(0), { timeout: 10_000 });
    last.kill('SIGTERM');
    await new Promise((resolve) => last.once('exit', resolve));

    const db = new Database(databasePath(dataDir), { readonly: true });
    const leads = db.prepare<[], { user_id: number; n: number }>('SELECT user_id, count(*) AS n FROM leads GROUP BY user_id').all();
    const stuck = db.prepare("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')").pluck().get();
    db.close();
    expect(leads).toHaveLength(users.length);
    expect(leads.every((lead) => lead.n === 1)).toBe(true);
    expect(stuck).toBe(0);
    const duplicates = users.reduce((sum, user) => sum + fake!.sent(TOKEN, user.id).length - 1, 0);
    expect(duplicates).toBeLessThanOrEqual(inFlightBound);
    // Every kill landed with work in flight, so the checks above were tested against it.
    expect(landedInFlight).toBe(kills);
    expect(inFlightBound).toBeGreaterThan(0);
  }, 180_000);
});
