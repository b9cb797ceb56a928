import { beforeEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { createCapture, type CaptureBot, type CaptureOutcome } from '../../src/main/core/bots/capture';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { openStore, type Store } from '../../src/main/core/db/store';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';
import { OPT_OUT_CALLBACK_DATA } from '../../src/shared/opt-out';
import { clickUpdate, startUpdate, textUpdate } from '../support/updates';

let store: Store;
let bot: CaptureBot;
const ana = { id: 501, firstName: 'Ana', username: 'ana_b' };

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  store.db
    .prepare(
      "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 900, 'shop_bot', 'Shop', 'x', 'y', '{}', 0, 0)",
    )
    .run();
  bot = { botId: 1, telegramBotId: 900, username: 'shop_bot', repeatPolicy: 'once', debounceSeconds: 10 };
  return () => store.close();
});

const count = (sql: string): number => store.db.prepare(sql).pluck().get() as number;

/** One update at a time, each in its own transaction as the fleet's write batch would run it. */
function capturer(): (bot: CaptureBot, update: Update, now: number) => CaptureOutcome {
  const batch = createCapture(store.db);
  return (b, update, now) => store.db.transaction(() => batch(b, [update], now)[0]!)();
}

describe('capturing a /start', () => {
  it('records the update, the lead, the event and the welcome delivery in one go, and moves the offset', () => {
    const capture = capturer();
    const outcome = capture(bot, startUpdate(10, ana, 'ads_summer-1'), 1000);
    expect(outcome).toMatchObject({ kind: 'start', created: true, welcome: 'queued', source: 'ads_summer-1' });
    expect(store.db.prepare('SELECT user_id, chat_id, username, first_name, source, source_invalid, status, starts, first_seen_at FROM leads').get()).toEqual({
      user_id: 501,
      chat_id: 501,
      username: 'ana_b',
      first_name: 'Ana',
      source: 'ads_summer-1',
      source_invalid: null,
      status: 'new',
      starts: 1,
      first_seen_at: 1000,
    });
    expect(store.db.prepare('SELECT kind, lane, status, content FROM deliveries').all()).toEqual([{ kind: 'welcome', lane: 0, status: 'pending', content: null }]);
    expect(count("SELECT count(*) FROM lead_events WHERE kind = 'started'")).toBe(1);
    expect(count('SELECT update_offset FROM bots WHERE id = 1')).toBe(11);
  });

  it('treats a redelivered update as a no-op', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    expect(capture(bot, startUpdate(10, ana), 5000)).toEqual({ kind: 'duplicate' });
    expect(count('SELECT starts FROM leads')).toBe(1);
    expect(count('SELECT count(*) FROM deliveries')).toBe(1);
    expect(count('SELECT count(*) FROM lead_events')).toBe(1);
  });

  it('stores an invalid payload apart and never as the source', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana, 'promo<script>'), 1000);
    expect(store.db.prepare('SELECT source, source_invalid FROM leads').get()).toEqual({ source: null, source_invalid: 'promo<script>' });
    capture(bot, startUpdate(11, { id: 502, firstName: 'Bia' }, 'x'.repeat(65)), 1000);
    expect(store.db.prepare('SELECT source, length(source_invalid) AS n FROM leads WHERE user_id = 502').get()).toEqual({ source: null, n: 65 });
  });

  it('ignores a /start addressed to another bot and a message without the command entity', () => {
    const capture = capturer();
    const other = startUpdate(10, ana);
    if (other.message?.text !== undefined) other.message.text = '/start@other_bot';
    if (other.message?.entities?.[0] !== undefined) other.message.entities[0].length = 16;
    expect(capture(bot, other, 1000).kind).toBe('other');
    const plain = startUpdate(11, ana);
    if (plain.message !== undefined) delete plain.message.entities;
    expect(capture(bot, plain, 1000).kind).toBe('other');
    expect(count('SELECT count(*) FROM leads')).toBe(0);
    expect(count('SELECT update_offset FROM bots')).toBe(12);
  });
});

describe('a repeated /start', () => {
  function welcomed(): void {
    store.db.exec("UPDATE deliveries SET status = 'sent'; UPDATE leads SET welcomed_at = 1, status = 'welcomed'");
  }

  it("'once' does not welcome again", () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    welcomed();
    expect(capture(bot, startUpdate(11, ana), 60_000)).toMatchObject({ kind: 'start', created: false, welcome: 'not_needed' });
    expect(count('SELECT count(*) FROM deliveries')).toBe(1);
    expect(count('SELECT starts FROM leads')).toBe(2);
  });

  it("'always' welcomes again, but the debounce swallows a double tap", () => {
    const capture = capturer();
    const always = { ...bot, repeatPolicy: 'always' as const };
    capture(always, startUpdate(10, ana), 1000);
    welcomed();
    expect(capture(always, startUpdate(11, ana), 5000)).toMatchObject({ welcome: 'debounced' });
    expect(capture(always, startUpdate(12, ana), 20_000)).toMatchObject({ welcome: 'queued' });
    expect(count('SELECT count(*) FROM deliveries')).toBe(2);
  });

  it('does not queue a second welcome while the first is still pending', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    expect(capture(bot, startUpdate(11, ana), 1500)).toMatchObject({ welcome: 'already_queued' });
    expect(count('SELECT count(*) FROM deliveries')).toBe(1);
  });

  it('recovers a lead whose welcome was never delivered, whatever the policy', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    store.db.exec("UPDATE deliveries SET status = 'failed'");
    expect(capture(bot, startUpdate(11, ana), 2000)).toMatchObject({ welcome: 'queued' });
    store.db.exec("UPDATE deliveries SET status = 'held' WHERE status = 'pending'");
    expect(capture(bot, startUpdate(12, ana), 3000)).toMatchObject({ welcome: 'requeued' });
    expect(store.db.prepare("SELECT status, not_before FROM deliveries WHERE status != 'failed'").all()).toEqual([{ status: 'pending', not_before: 3000 }]);
  });
});

describe('a batch of updates', () => {
  it('moves the offset past the highest update once, with every update recorded', () => {
    const batch = createCapture(store.db);
    const outcomes = store.db.transaction(() => batch(bot, [startUpdate(20, ana), startUpdate(21, { id: 502, firstName: 'Bia' }), startUpdate(20, ana)], 1000))();
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['start', 'start', 'duplicate']);
    expect(count('SELECT update_offset FROM bots')).toBe(22);
    expect(count('SELECT count(*) FROM leads')).toBe(2);
  });
});

describe('button presses', () => {
  it('record a click event and mark the lead clicked', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    expect(capture(bot, clickUpdate(11, ana, 'offer:basic'), 2000)).toMatchObject({ kind: 'click' });
    expect(count("SELECT count(*) FROM leads WHERE status = 'clicked'")).toBe(1);
    expect(store.db.prepare("SELECT detail FROM lead_events WHERE kind = 'clicked'").pluck().get()).toBe('{"data":"offer:basic"}');
  });
});

describe('opting out', () => {
  const optedOut = (): unknown => store.db.prepare('SELECT opted_out_at FROM leads').pluck().get();
  const events = (): unknown[] => store.db.prepare("SELECT kind, detail FROM lead_events WHERE kind IN ('clicked', 'opted_out') ORDER BY id").all();

  it('the stop button opts the lead out, is no click, and a second press changes nothing', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    const outcome = capture(bot, clickUpdate(11, ana, OPT_OUT_CALLBACK_DATA), 2000);
    expect(outcome).toMatchObject({ kind: 'opt_out', how: 'button', changed: true, chatId: ana.id });
    expect(capture(bot, clickUpdate(12, ana, OPT_OUT_CALLBACK_DATA), 3000)).toMatchObject({ kind: 'opt_out', changed: false });
    expect(optedOut()).toBe(2000);
    expect(store.db.prepare('SELECT status FROM leads').pluck().get()).toBe('new');
    expect(events()).toEqual([{ kind: 'opted_out', detail: '{"how":"button"}' }]);
  });

  it('/stop (or /stop@this_bot) opts the lead out; /stop to another bot or from a stranger does nothing', () => {
    const capture = capturer();
    expect(capture(bot, textUpdate(9, ana, '/stop'), 500)).toEqual({ kind: 'other', leadId: null });
    capture(bot, startUpdate(10, ana), 1000);
    expect(capture(bot, textUpdate(11, ana, '/stop@other_bot'), 1500)).toMatchObject({ kind: 'other' });
    expect(capture(bot, textUpdate(12, ana, 'stop please'), 1600)).toMatchObject({ kind: 'other' });
    expect(optedOut()).toBeNull();
    expect(capture(bot, textUpdate(13, ana, '/stop@Shop_Bot'), 2000)).toMatchObject({ kind: 'opt_out', how: 'command', changed: true });
    expect(optedOut()).toBe(2000);
    expect(events()).toEqual([{ kind: 'opted_out', detail: '{"how":"command"}' }]);
  });

  it('a /stop moves the offset like any update, and a new /start is still welcomed', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    store.db.prepare("UPDATE deliveries SET status = 'sent'").run();
    store.db.prepare('UPDATE leads SET welcomed_at = 1100').run();
    capture(bot, textUpdate(11, ana, '/stop'), 2000);
    expect(count('SELECT update_offset FROM bots')).toBe(12);
    const always = { ...bot, repeatPolicy: 'always' as const };
    expect(capture(always, startUpdate(12, ana), 60_000)).toMatchObject({ kind: 'start', welcome: 'queued' });
    expect(count("SELECT count(*) FROM deliveries WHERE status = 'pending' AND kind = 'welcome'")).toBe(1);
    expect(optedOut()).toBe(2000);
  });
});

/** The bot's membership in a private chat as Telegram reports it: 'kicked' when the user blocks the bot. */
function membershipUpdate(updateId: number, user: { id: number; firstName: string }, status: 'kicked' | 'member'): Update {
  const bot900 = { id: 900, is_bot: true, first_name: 'Shop', username: 'shop_bot' };
  const from = { id: user.id, is_bot: false, first_name: user.firstName };
  return {
    update_id: updateId,
    my_chat_member: {
      chat: { id: user.id, type: 'private', first_name: user.firstName },
      from,
      date: 1_800_000_000,
      old_chat_member: status === 'kicked' ? { status: 'member', user: bot900 } : { status: 'kicked', user: bot900, until_date: 0 },
      new_chat_member: status === 'kicked' ? { status: 'kicked', user: bot900, until_date: 0 } : { status: 'member', user: bot900 },
    },
  };
}

describe('blocking and unblocking the bot', () => {
  it('a customer who blocks the bot and comes back is a customer again, with the sale kept', () => {
    const capture = capturer();
    const started = capture(bot, startUpdate(10, ana), 1000);
    if (started.kind !== 'start') throw new Error('not a start');
    new LeadRecords(store.db).converted(started.leadId, 4990, 1500);
    capture(bot, membershipUpdate(11, ana, 'kicked'), 2000);
    expect(store.db.prepare('SELECT status, revenue_cents FROM leads').get()).toEqual({ status: 'blocked', revenue_cents: 4990 });
    capture(bot, membershipUpdate(12, ana, 'member'), 3000);
    expect(store.db.prepare('SELECT status, converted_at, revenue_cents FROM leads').get()).toEqual({ status: 'converted', converted_at: 1500, revenue_cents: 4990 });
    capture(bot, membershipUpdate(13, ana, 'kicked'), 4000);
    capture(bot, startUpdate(14, ana), 5000);
    expect(store.db.prepare('SELECT status FROM leads').pluck().get()).toBe('converted');
  });

  it('a lead never welcomed comes back as new', () => {
    const capture = capturer();
    capture(bot, startUpdate(10, ana), 1000);
    capture(bot, membershipUpdate(11, ana, 'kicked'), 2000);
    capture(bot, membershipUpdate(12, ana, 'member'), 3000);
    expect(store.db.prepare('SELECT status FROM leads').pluck().get()).toBe('new');
  });
});
