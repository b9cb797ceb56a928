import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCapture, type CaptureBot } from '../../src/main/core/bots/capture';
import { UPDATE_KEEP_MS, UpdateRecords } from '../../src/main/core/bots/update-records';
import type { Core } from '../../src/main/core/core';
import { openStore, type Store } from '../../src/main/core/db/store';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';
import { startUpdate } from '../support/updates';

const NOW = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;
const ana = { id: 501, firstName: 'Ana' };

let store: Store | null = null;
let core: Core | null = null;
let fake: FakeTelegram | null = null;

afterEach(async () => {
  store?.close();
  store = null;
  await core?.close();
  core = null;
  await fake?.close();
  fake = null;
});

async function storeWithBots(dataDir = tempDir()): Promise<Store> {
  const opened = await openStore({ dataDir, appVersion: APP_VERSION });
  opened.db
    .prepare(
      "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'a_bot', 'A', 'x', 'y', '{}', 0, 0), (2, 901, 'b_bot', 'B', 'x', 'y', '{}', 0, 0)",
    )
    .run();
  return opened;
}

/** Updates 1..count of one Telegram bot, received an hour apart, the last `newestAgoMs` before NOW. */
function recordUpdates(db: Store['db'], telegramBotId: number, botId: number, count: number, newestAgoMs: number): void {
  const insert = db.prepare("INSERT INTO updates (telegram_bot_id, update_id, bot_id, kind, received_at) VALUES (?, ?, ?, 'message', ?)");
  for (let id = 1; id <= count; id += 1) insert.run(telegramBotId, id, botId, NOW - newestAgoMs - (count - id) * HOUR);
}

const remaining = (db: Store['db']): { telegram_bot_id: number; update_id: number }[] =>
  db.prepare<[], { telegram_bot_id: number; update_id: number }>('SELECT telegram_bot_id, update_id FROM updates ORDER BY telegram_bot_id, update_id').all();

describe('forgetting updates Telegram can no longer deliver', () => {
  it('deletes only updates older than the window, in batches no larger than asked, every bot included', async () => {
    store = await storeWithBots();
    const db = store.db;
    // Bot 900: updates received 40 h ago up to 1 h ago. Bot 901: 30 h ago up to 26 h ago, all old.
    recordUpdates(db, 900, 1, 40, HOUR);
    recordUpdates(db, 901, 2, 5, 26 * HOUR);
    const records = new UpdateRecords(db);
    const batches: number[] = [];
    for (;;) {
      const removed = records.pruneBefore(NOW - UPDATE_KEEP_MS, 7);
      batches.push(removed);
      expect(removed).toBeLessThanOrEqual(7);
      if (removed < 7) break;
    }
    // 900 keeps what it received in the last 25 hours: ids 16 (25 h ago) to 40 (1 h ago).
    const kept900 = remaining(db)
      .filter((row) => row.telegram_bot_id === 900)
      .map((row) => row.update_id);
    expect(kept900).toEqual(Array.from({ length: 25 }, (_, index) => 16 + index));
    expect(remaining(db).filter((row) => row.telegram_bot_id === 901)).toEqual([]);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(15 + 5);
    expect(batches.length).toBeGreaterThan(2);
  });

  it('still recognises a redelivery of an update inside the window after pruning', async () => {
    store = await storeWithBots();
    const db = store.db;
    const bot: CaptureBot = { botId: 1, telegramBotId: 900, username: 'a_bot', repeatPolicy: 'always', debounceSeconds: 0 };
    const capture = createCapture(db);
    db.transaction(() => capture(bot, [startUpdate(7, ana)], NOW - HOUR))();
    new UpdateRecords(db).pruneBefore(NOW - UPDATE_KEEP_MS, 100);
    const again = db.transaction(() => capture(bot, [startUpdate(7, ana)], NOW))();
    expect(again).toEqual([{ kind: 'duplicate' }]);
    expect(db.prepare('SELECT starts FROM leads').get()).toEqual({ starts: 1 });
  });

  it('runs in the engine: old updates go, recent ones stay, and the bots keep welcoming', async () => {
    fake = await startFakeTelegram();
    const token = fakeToken(141_001);
    fake.addBot({ token, id: 141_001, username: 'shop_bot', firstName: 'Shop' });
    const dataDir = tempDir();
    const before = await storeWithBots(dataDir);
    const now = Date.now();
    const insert = before.db.prepare("INSERT INTO updates (telegram_bot_id, update_id, bot_id, kind, received_at) VALUES (900, ?, 1, 'message', ?)");
    for (let id = 1; id <= 1200; id += 1) insert.run(id, now - 48 * HOUR + id);
    insert.run(5000, now - HOUR);
    before.close();

    core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, pruneUpdatesMs: 100 });
    const db = core.store()!.db;
    await vi.waitFor(() => expect(remaining(db)).toEqual([{ telegram_bot_id: 900, update_id: 5000 }]), { timeout: 5000 });
    const fleet = fleetOf(core);
    const added = await fleet.addBot(token);
    fleet.startBot(added.id);
    fake.sendStart(token, ana);
    await vi.waitFor(() => expect(fake!.sent(token, ana.id)).toHaveLength(1), { timeout: 5000 });
  });
});
