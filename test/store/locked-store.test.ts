import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCore, type Core } from '../../src/main/core/core';
import { databasePath } from '../../src/main/core/db/paths';
import { getSetting, setSetting } from '../../src/main/core/db/settings';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fastFleet, fleetOf } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { holdWriteLock, type LockHolder } from '../support/lock-holder';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(131_001);
const ana: FakeUser = { id: 7201, firstName: 'Ana' };

let store: Store | null = null;
let core: Core | null = null;
let fake: FakeTelegram | null = null;
let lock: LockHolder | null = null;

afterEach(async () => {
  await lock?.release();
  lock = null;
  store?.close();
  store = null;
  await core?.close();
  core = null;
  await fake?.close();
  fake = null;
});

describe('a database locked by another program', () => {
  it('fails a whole batch of writes at once after a short wait, not one busy timeout per job, then writes once the lock is gone', async () => {
    const dataDir = tempDir();
    // A busy timeout longer than the test's own: waiting it out even once would fail the test.
    store = await openStore({ dataDir, appVersion: APP_VERSION, busyTimeoutMs: 60_000 });
    const db = store.db;
    const writer = new WriteBatcher(db);
    lock = await holdWriteLock(databasePath(dataDir));

    const failures = await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        writer
          .run(() => setSetting(db, `locked.${key}`, 'x'))
          .then(
            () => null,
            (error: unknown) => error,
          ),
      ),
    );
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Database.SqliteError);
      expect(failure).toMatchObject({ code: 'SQLITE_BUSY' });
    }
    // The store's own busy timeout is back for every other writer.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(60_000);
    expect(getSetting(db, 'locked.a')).toBeNull();

    await lock.release();
    lock = null;
    await Promise.all(['a', 'b', 'c'].map((key) => writer.run(() => setSetting(db, `locked.${key}`, 'x'))));
    expect(['a', 'b', 'c'].map((key) => getSetting(db, `locked.${key}`))).toEqual(['x', 'x', 'x']);
  });

  it('keeps a /start at Telegram while the lock lasts (the offset does not move), then records and welcomes it', async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: TOKEN, id: 131_001, username: 'shop_bot', firstName: 'Shop' });
    const dataDir = tempDir();
    // The incident this opens is written directly, with the store's busy timeout: shortened
    // here so that the test waits on the capture, not on those writes.
    core = await startCore({ dataDir, appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet: fastFleet, busyTimeoutMs: 300 });
    const fleet = fleetOf(core);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    await vi.waitFor(() => expect(fleet.status(bot.id)).toMatchObject({ state: 'running' }), { timeout: 5000 });
    const db = core.store()!.db;

    lock = await holdWriteLock(databasePath(dataDir));
    const updateId = fake.sendStart(TOKEN, ana);
    // The batch came back and could not be recorded: the bot says so and asks again later.
    await vi.waitFor(() => expect(fleet.status(bot.id)).toMatchObject({ reason: 'database' }), { timeout: 5000 });
    const polls = fake.calls(TOKEN, 'getUpdates').length;
    await vi.waitFor(() => expect(fake!.calls(TOKEN, 'getUpdates').length).toBeGreaterThan(polls + 1), { timeout: 5000 });
    expect(fake.confirmedOffset(TOKEN)).toBeLessThanOrEqual(updateId);
    expect(db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 0 });

    await lock.release();
    lock = null;
    await vi.waitFor(() => expect(fake!.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
    expect(db.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 1 });
    await vi.waitFor(() => expect(fake!.confirmedOffset(TOKEN)).toBeGreaterThan(updateId), { timeout: 5000 });
  });
});
