import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../src/main/core/dashboard-figures';
import { openStore } from '../../src/main/core/db/store';
import { rebuildLeadCounts } from '../../src/main/core/leads/lead-counts';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const HOUR = 3_600_000;

describe('the dashboard figures', () => {
  it("count today's leads in the operator's time zone and bucket them per hour and per day", async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const db = store.db;
    db.prepare("INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (1, 9, 'b', 'B', 's', 'h', '{}', 0, 0)").run();
    // 2026-11-29 12:30 UTC is 09:30 in Brasília (UTC-3).
    const now = Date.UTC(2026, 10, 29, 12, 30);
    const lead = db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at, welcomed_at, status) VALUES (1, ?, ?, 'L', ?, ?, ?, ?)");
    lead.run(1, 1, now - 10 * 60_000, now, now, 'welcomed');
    lead.run(2, 2, now - 20 * 60_000, now, null, 'blocked');
    lead.run(3, 3, now - 2 * HOUR, now, now, 'welcomed');
    // 02:00 UTC is 23:00 the day before in Brasília: yesterday there, today in UTC.
    lead.run(4, 4, Date.UTC(2026, 10, 29, 2, 0), now, now, 'welcomed');
    lead.run(5, 5, now - 3 * 24 * HOUR, now, now, 'welcomed');
    // Written past the lead records, which keep the day counts: count them once here.
    rebuildLeadCounts(db);

    const figures = dashboardFigures(db, { now, utcOffsetMinutes: -180 });
    expect(figures).toMatchObject({ leadsToday: 3, leadsTotal: 5, blockedToday: 1, perBot: [{ botId: 1, leadsToday: 3, leadsTotal: 5 }] });
    expect(figures.welcomedShareToday).toBeCloseTo(2 / 3);
    expect(figures.hourly).toHaveLength(48);
    expect(figures.hourly.at(-1)).toBe(2);
    expect(figures.hourly.at(-3)).toBe(1);
    expect(figures.daily).toHaveLength(30);
    expect(figures.daily.at(-1)).toBe(3);
    expect(figures.daily.at(-2)).toBe(1);
    expect(figures.daily.at(-4)).toBe(1);
    expect(dashboardFigures(db, { now, utcOffsetMinutes: 0 }).leadsToday).toBe(4);
    store.close();
  });

  it("totals each bot's active leads, archived ones left out, every bot shown but the removed ones", async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const db = store.db;
    const bot = db.prepare(
      "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at, removed_at) VALUES (?, ?, ?, 'B', 's', 'h', '{}', 0, 0, ?)",
    );
    bot.run(1, 91, 'one', null);
    bot.run(2, 92, 'two', null);
    bot.run(3, 93, 'three', 5);
    const now = Date.UTC(2026, 10, 29, 12, 30);
    const lead = db.prepare("INSERT INTO leads (bot_id, user_id, chat_id, first_name, first_seen_at, last_seen_at, archived) VALUES (?, ?, ?, 'L', ?, ?, ?)");
    lead.run(1, 1, 1, now - 60_000, now, 0);
    lead.run(1, 2, 2, now - 5 * 24 * HOUR, now, 0);
    lead.run(1, 3, 3, now - 60_000, now, 1);
    lead.run(3, 4, 4, now - 60_000, now, 0);
    rebuildLeadCounts(db);

    const figures = dashboardFigures(db, { now, utcOffsetMinutes: 0 });
    expect(figures.perBot).toEqual([
      { botId: 1, leadsToday: 1, leadsTotal: 2 },
      { botId: 2, leadsToday: 0, leadsTotal: 0 },
    ]);
    expect(figures.leadsTotal).toBe(2);
    // Leads archived later (their bot's token replaced by another bot's) leave the total at once.
    new LeadRecords(db).archiveBot(1, 'bot_replaced', now);
    expect(dashboardFigures(db, { now, utcOffsetMinutes: 0 }).perBot[0]).toEqual({ botId: 1, leadsToday: 0, leadsTotal: 0 });
    store.close();
  });
});
