import { StarsCheckout } from '../../src/main/core/payments/stars-checkout';
import { StarsReconciliation } from '../../src/main/core/payments/stars-reconciliation';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultWelcome } from '../../src/shared/welcome';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { BotRunner } from '../../src/main/core/bots/bot-runner';
import { BotHealth, defaultHealthOptions } from '../../src/main/core/bots/health';
import { prepareContent } from '../../src/main/core/bots/send-content';
import { defaultSenderOptions, Sender } from '../../src/main/core/bots/sender';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { EventBus } from '../../src/main/core/events';
import { silentLogger } from '../../src/main/core/logger';
import { fastFleet } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { tempDir } from '../support/temp-dir';

const TELEGRAM_ID = 335_001;
const TOKEN = fakeToken(TELEGRAM_ID);

let fake: FakeTelegram;
let store: Store;
let runner: BotRunner | null = null;
/** WAL flushes the test holds; once it ends, flushes finish at once. */
let flushes: (() => void)[] = [];
let holding = true;

beforeEach(async () => {
  flushes = [];
  holding = true;
  fake = await startFakeTelegram({ rateLimit: false });
  fake.addBot({ token: TOKEN, id: TELEGRAM_ID, username: 'runner_bot', firstName: 'Runner' });
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
});

afterEach(async () => {
  vi.restoreAllMocks();
  holding = false;
  for (const done of flushes) done();
  await runner?.stop();
  runner = null;
  store.close();
  await fake.close();
});

/** One bot's runner whose WAL flushes wait until the test lets them finish. */
function runnerWithHeldFlushes(): { events: string[] } {
  const db = store.db;
  const botId = new BotRecords(db).insert(
    { telegramId: TELEGRAM_ID, username: 'runner_bot', name: 'Runner', tokenSealed: 'sealed', tokenHint: 'hint', welcome: defaultWelcome('Runner', 'en') },
    Date.now(),
  );
  const writer = new WriteBatcher(db, () => (holding ? new Promise<void>((resolve) => flushes.push(resolve)) : Promise.resolve()));
  const bus = new EventBus();
  const events: string[] = [];
  bus.on('lead.created', () => events.push('lead.created'));
  const content = prepareContent({ text: 'Welcome!', media: null, buttons: [] }, tempDir());
  runner = new BotRunner(
    { botId, telegramBotId: TELEGRAM_ID, username: 'runner_bot', name: 'Runner', token: TOKEN, apiRoot: fake.apiRoot, sendRate: 1000 },
    {
      db,
      writer,
      events: bus,
      logger: silentLogger,
      health: new BotHealth(
        botId,
        'runner_bot',
        () => defaultHealthOptions,
        Date.now(),
        () => undefined,
      ),
      poll: { ...fastFleet.poll!, timeoutSeconds: 1 },
      probe: () => ({ intervalMs: 60_000, timeoutMs: 1000 }),
      send: defaultSenderOptions,
      now: Date.now,
      repeatRules: () => ({ repeatPolicy: 'once', debounceSeconds: 0 }),
      content: { resolve: () => ({ prepared: content, uploaded: () => undefined }) },
      stars: new StarsReconciliation(db, writer, silentLogger, Date.now),
      // PIX presses are not this test's subject (test/payments covers them).
      checkouts: { stars: new StarsCheckout(db, silentLogger), pix: { open: () => Promise.resolve() } },
      pixPaid: { answer: () => Promise.resolve() },
      onHalt: () => undefined,
    },
  );
  runner.start();
  return { events };
}

describe('the bot runner', () => {
  it('sends a welcome once its capture commits, but confirms the batch to Telegram only once it is on disk', async () => {
    const wakes = vi.spyOn(Sender.prototype, 'wake');
    const { events } = runnerWithHeldFlushes();
    const lead = { id: 51_000, firstName: 'Ana' };
    const updateId = fake.sendStart(TOKEN, lead);
    // The capture committed; its flush to disk is held. The sender was told at the commit
    // (its own look at the table, once a second, would find the row later anyway).
    await vi.waitFor(() => expect(flushes).toHaveLength(1), { timeout: 5000 });
    expect(wakes).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(fake.sent(TOKEN, lead.id)).toHaveLength(1), { timeout: 5000 });
    // Not confirmed: no getUpdates past the batch went out, Telegram still keeps it, and the console has not heard of it.
    expect(fake.calls(TOKEN, 'getUpdates').every((call) => Number(call.params.offset) <= updateId)).toBe(true);
    expect(fake.confirmedOffset(TOKEN)).toBeLessThanOrEqual(updateId);
    expect(fake.pendingUpdates(TOKEN).map((update) => update.update_id)).toEqual([updateId]);
    expect(events).toEqual([]);
    flushes[0]?.();
    await vi.waitFor(() => expect(fake.confirmedOffset(TOKEN)).toBeGreaterThan(updateId), { timeout: 5000 });
    expect(fake.pendingUpdates(TOKEN)).toEqual([]);
    expect(events).toEqual(['lead.created']);
  });
});
