import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/db/store';
import { DeliveriesRepository, ENQUEUE_SQL } from '../../src/main/core/leads/deliveries-repository';
import { CAPPED_PREFIX, claimDurability, OPTED_OUT_PREFIX } from '../../src/main/core/leads/delivery-rules';
import { LeadRecords } from '../../src/main/core/leads/lead-records';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store;
let repo: DeliveriesRepository;
let leads: LeadRecords;

const offer = { text: 'Summer sale', media: null, buttons: [] };

function addLead(botId: number, userId: number, now = 1000): number {
  return leads.insert({ botId, userId, chatId: userId * 10, username: null, firstName: `User ${userId}`, lastName: null, languageCode: null, source: null, invalid: null }, now);
}

interface DeliveryState {
  kind: string;
  lane: number;
  status: string;
  attempts: number;
  not_before: number;
  content: string | null;
  error: string | null;
  chat_id: number;
  lead_id: number;
}

function delivery(id: number): DeliveryState | undefined {
  return store.db.prepare<[number], DeliveryState>('SELECT kind, lane, status, attempts, not_before, content, error, chat_id, lead_id FROM deliveries WHERE id = ?').get(id);
}

function lead(id: number): { status: string; welcomed_at: number | null } | undefined {
  return store.db.prepare<[number], { status: string; welcomed_at: number | null }>('SELECT status, welcomed_at FROM leads WHERE id = ?').get(id);
}

function events(leadId: number): { kind: string; detail: unknown }[] {
  return store.db
    .prepare<[number], { kind: string; detail: string | null }>('SELECT kind, detail FROM lead_events WHERE lead_id = ? ORDER BY id')
    .all(leadId)
    .map((row) => ({ kind: row.kind, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) }));
}

function setStatus(id: number, status: string): void {
  store.db.prepare('UPDATE leads SET status = ? WHERE id = ?').run(status, id);
}

beforeEach(async () => {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  const bot = store.db.prepare(
    "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at) VALUES (?, ?, ?, 'B', 'x', 'y', '{}', 0, 0)",
  );
  bot.run(1, 900, 'one_bot');
  bot.run(2, 901, 'two_bot');
  repo = new DeliveriesRepository(store.db);
  leads = new LeadRecords(store.db);
  return () => store.close();
});

describe('enqueueing content for many leads in one call', () => {
  it('queues one pending row per lead, in the order given, at the kind’s lane with the content', () => {
    const ids = [addLead(1, 11), addLead(1, 12), addLead(1, 13)];
    const created = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [ids[2]!, ids[0]!, ids[1]!], content: offer }, 5000);
    expect(created).toHaveLength(3);
    expect(created.map((id) => delivery(id)?.lead_id)).toEqual([ids[2], ids[0], ids[1]]);
    expect(delivery(created[0]!)).toEqual({
      kind: 'broadcast',
      lane: 2,
      status: 'pending',
      attempts: 0,
      not_before: 5000,
      content: JSON.stringify(offer),
      error: null,
      chat_id: 130,
      lead_id: ids[2],
    });
  });

  it('takes the lane and the start time it is given, and null content as the bot’s welcome', () => {
    const id = addLead(1, 11);
    const [created] = repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [id], content: null, lane: 0, notBefore: 9000 }, 5000);
    expect(delivery(created!)).toMatchObject({ kind: 'recovery', lane: 0, not_before: 9000, content: null });
    expect(repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [id], content: null }, 5000).map((row) => delivery(row)?.lane)).toEqual([1]);
  });

  it('reads the list once, finding each lead by its id, whatever the store’s statistics say', () => {
    // With the bot's leads outside, SQLite read the whole list once per lead: 10,000 leads froze the engine for 15 s.
    const planNow = (): string[] =>
      store.db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${ENQUEUE_SQL}`)
        .all({ kind: 'recovery', lane: 1, content: null, notBefore: 0, now: 0, job: null, campaign: null, followUp: null, leads: '[]', botId: 1 })
        .map((row) => row.detail);
    const plans: string[][] = [];
    for (let user = 1; user <= 10; user += 1) addLead(1, user);
    plans.push(planNow());
    store.db.exec('ANALYZE');
    plans.push(planNow());
    for (let user = 11; user <= 300; user += 1) addLead(1, user);
    store.db.exec('ANALYZE');
    plans.push(planNow());
    for (const plan of plans) {
      expect(plan).not.toContainEqual(expect.stringMatching(/^(SCAN|SEARCH) l USING (COVERING )?INDEX/));
      const list = plan.findIndex((step) => /^SCAN j\b/.test(step));
      expect(list).toBeGreaterThanOrEqual(0);
      expect(plan.findIndex((step) => /^SEARCH l USING INTEGER PRIMARY KEY/.test(step))).toBeGreaterThan(list);
    }
  });

  it('refuses a kind that needs its message without one, queueing nothing', () => {
    const id = addLead(1, 11);
    expect(() => repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [id], content: null }, 5000)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(store.db.prepare('SELECT count(*) FROM deliveries').pluck().get()).toBe(0);
  });

  it('skips archived leads, other bots’ leads and unknown ids', () => {
    const mine = addLead(1, 11);
    const archived = addLead(1, 12);
    const other = addLead(2, 13);
    leads.archiveBot(1, 'bot_replaced', 2000);
    const fresh = addLead(1, 14);
    expect(repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [mine, archived, other, fresh, 999], content: offer }, 5000).map((id) => delivery(id)?.lead_id)).toEqual([fresh]);
    expect(repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [], content: offer }, 5000)).toEqual([]);
  });

  it('applies each kind’s crash rule to what it queued: recoveries are given up as ambiguous, broadcasts given up', () => {
    const a = addLead(1, 11);
    const b = addLead(1, 12);
    const [recovery] = repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [a], content: null }, 5000);
    const [broadcast] = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [b], content: offer }, 5000);
    expect(repo.claim(recovery!, 6000, 0) && repo.claim(broadcast!, 6000, 0)).toBe(true);
    repo.requeueAfterCrash(7000);
    expect(delivery(recovery!)).toMatchObject({ status: 'failed', error: 'interrupted by a crash: not sent again so nobody gets it twice' });
    expect(delivery(broadcast!)?.status).toBe('failed');
    expect(events(a)).toEqual([{ kind: 'recovery_abandoned_after_crash', detail: { deliveryId: recovery } }]);
    expect(events(b).map((event) => event.kind)).toEqual(['broadcast_abandoned_after_crash']);
    // Never confirmed: the lead is still not welcomed, so it stays among the lost.
    expect(lead(a)).toMatchObject({ welcomed_at: null });
  });
});

describe('the sender’s side', () => {
  it('hands out due rows by lane, then age, up to the limit, and tells when the next one is due', () => {
    const [a, b, c] = [addLead(1, 11), addLead(1, 12), addLead(1, 13)];
    const [broadcast] = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [a], content: offer }, 1000);
    repo.enqueueWelcome(1, b, 120, 1000);
    const [later] = repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [c], content: null, notBefore: 8000 }, 1000);
    repo.enqueueWelcome(2, addLead(2, 14), 140, 1000);
    const due = repo.due(1, 2000, 10);
    expect(due.map((row) => [row.kind, row.leadId, row.chatId])).toEqual([
      ['welcome', b, 120],
      ['broadcast', a, 110],
    ]);
    expect(due[1]).toEqual({ id: broadcast, leadId: a, chatId: 110, kind: 'broadcast', content: JSON.stringify(offer), attempts: 0 });
    expect(repo.due(1, 2000, 1)).toHaveLength(1);
    expect(repo.nextDueAt(1, 2000)).toBe(8000);
    expect(repo.due(1, 8000, 10).map((row) => row.id)).toContain(later);
    expect(repo.nextDueAt(1, 8000)).toBeNull();
  });

  it('claims a pending row once', () => {
    const [id] = repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [addLead(1, 11)], content: null }, 1000);
    expect(repo.claim(id!, 2000, 0)).toBe(true);
    expect(repo.claim(id!, 2000, 0)).toBe(false);
    expect(delivery(id!)?.status).toBe('sending');
    expect(repo.due(1, 3000, 10)).toEqual([]);
  });

  it('commits a claim fully only when a lost claim would send a row that is not sent again', () => {
    expect(claimDurability(['welcome', 'welcome'])).toBe('relaxed');
    expect(claimDurability(['welcome', 'recovery'])).toBe('full');
    expect(claimDurability(['welcome', 'broadcast'])).toBe('full');
  });

  it('records a sent welcome or recovery as the lead’s welcome, and a sent broadcast without changing the lead', () => {
    const [w, r, b] = [addLead(1, 11), addLead(1, 12), addLead(1, 13)];
    const kinds = [
      { leadId: w, kind: 'welcome' as const },
      { leadId: r, kind: 'recovery' as const },
      { leadId: b, kind: 'broadcast' as const },
    ];
    for (const { leadId, kind } of kinds) {
      const [id] = repo.enqueue({ botId: 1, kind, leadIds: [leadId], content: kind === 'broadcast' ? offer : null }, 1000);
      expect(repo.claim(id!, 2000, 0)).toBe(true);
      // Blocked after the claim (a claimed recovery is sent): Telegram's answer says the lead has it.
      if (kind === 'recovery') setStatus(r, 'blocked');
      repo.finishSent({ id: id!, leadId, kind }, 77, 3000);
      expect(delivery(id!)?.status).toBe('sent');
      expect(events(leadId)).toEqual([{ kind: { welcome: 'welcome_sent', recovery: 'recovered', broadcast: 'broadcast_sent' }[kind], detail: { deliveryId: id, messageId: 77 } }]);
    }
    expect(lead(w)).toEqual({ status: 'welcomed', welcomed_at: 3000 });
    expect(lead(r)).toEqual({ status: 'welcomed', welcomed_at: 3000 });
    expect(lead(b)).toEqual({ status: 'new', welcomed_at: null });
  });

  it('records a 403 as a blocked lead, unless the lead bought; other failures only on the timeline', () => {
    const [a, sold, c] = [addLead(1, 11), addLead(1, 12), addLead(1, 13)];
    setStatus(sold, 'converted');
    const [da, ds, dc] = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [a, sold, c], content: offer }, 1000);
    repo.finishFailed({ id: da!, leadId: a, kind: 'broadcast' }, 'blocked', 'Forbidden: bot was blocked by the user', 2000);
    repo.finishFailed({ id: ds!, leadId: sold, kind: 'broadcast' }, 'blocked', 'Forbidden: user is deactivated', 2000);
    repo.finishFailed({ id: dc!, leadId: c, kind: 'broadcast' }, 'failed', 'Bad Request: chat not found', 2000);
    expect([lead(a)?.status, lead(sold)?.status, lead(c)?.status]).toEqual(['blocked', 'converted', 'new']);
    expect([delivery(da!)?.status, delivery(ds!)?.status, delivery(dc!)?.status]).toEqual(['blocked', 'blocked', 'failed']);
    expect(events(a)).toEqual([{ kind: 'blocked', detail: { deliveryId: da, error: 'Forbidden: bot was blocked by the user' } }]);
    expect(events(c)).toEqual([{ kind: 'broadcast_failed', detail: { deliveryId: dc, error: 'Bad Request: chat not found' } }]);
  });

  it('retries later counting the attempt, and releases without counting one', () => {
    const [id] = repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [addLead(1, 11)], content: null }, 1000);
    repo.claim(id!, 2000, 0);
    repo.retry(id!, 9000, 'Internal Server Error', 2500);
    expect(delivery(id!)).toMatchObject({ status: 'pending', attempts: 1, not_before: 9000, error: 'Internal Server Error' });
    repo.claim(id!, 9000, 0);
    repo.release(id!, 9100);
    expect(delivery(id!)).toMatchObject({ status: 'pending', attempts: 1, not_before: 9000 });
  });

  it('retries within a bound counted on the row itself, and leaves the row as it is once the bound is reached', () => {
    const [id] = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [addLead(1, 11)], content: offer }, 1000);
    for (const [at, retried] of [
      [2000, true],
      [3000, true],
      [4000, false],
    ] as const) {
      expect(repo.claim(id!, at, 0)).toBe(true);
      expect(repo.retryWithin(id!, 3, at + 500, `Internal Server Error ${at}`, at)).toBe(retried);
    }
    expect(delivery(id!)).toMatchObject({ status: 'sending', attempts: 2, not_before: 3500, error: 'Internal Server Error 3000' });
  });
});

describe('holding and releasing', () => {
  it('holds only welcomes pending since before the cutoff, each with an event', () => {
    const [old, young, recovering] = [addLead(1, 11), addLead(1, 12), addLead(1, 13)];
    repo.enqueueWelcome(1, old, 110, 1000);
    repo.enqueueWelcome(1, young, 120, 5000);
    repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [recovering], content: null }, 1000);
    repo.holdStale(1, 3000, 6000);
    expect(store.db.prepare('SELECT lead_id, status FROM deliveries ORDER BY lead_id').all()).toEqual([
      { lead_id: old, status: 'held' },
      { lead_id: young, status: 'pending' },
      { lead_id: recovering, status: 'pending' },
    ]);
    expect(events(old).map((event) => event.kind)).toEqual(['welcome_held']);
    expect(repo.queueFigures(1)).toEqual({ pendingWelcomes: 2, heldWelcomes: 1, oldestPendingWelcomeAt: 1000 });
  });

  it('finds the open welcome of a lead and sends a held one after all', () => {
    const id = addLead(1, 11);
    expect(repo.openWelcome(id)).toBeNull();
    repo.enqueueWelcome(1, id, 110, 1000);
    repo.holdStale(1, 3000, 6000);
    const open = repo.openWelcome(id);
    expect(open?.status).toBe('held');
    repo.releaseHeld(open!.id, id, 7000);
    expect(delivery(open!.id)).toMatchObject({ status: 'pending', not_before: 7000, error: null });
    repo.releaseHeld(open!.id, id, 8000);
    expect(events(id).map((event) => event.kind)).toEqual(['welcome_held', 'welcome_requeued']);
  });
});

describe('after a crash', () => {
  it('sends welcomes left `sending` again and gives up broadcasts, leaving every other row alone', () => {
    const [a, b, c, d] = [addLead(1, 11), addLead(1, 12), addLead(2, 13), addLead(1, 14)];
    const [welcome] = repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [a], content: null }, 1000);
    const [broadcast] = repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [b], content: offer }, 1000);
    const [otherBot] = repo.enqueue({ botId: 2, kind: 'welcome', leadIds: [c], content: null }, 1000);
    const [waiting, sentBroadcast] = [
      ...repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [d], content: null }, 1000),
      ...repo.enqueue({ botId: 1, kind: 'broadcast', leadIds: [d], content: offer }, 1000),
    ];
    for (const id of [welcome, broadcast, otherBot, sentBroadcast]) repo.claim(id!, 2000, 0);
    repo.finishSent({ id: sentBroadcast!, leadId: d, kind: 'broadcast' }, 5, 2500);
    repo.requeueAfterCrash(3000);
    expect(delivery(welcome!)).toMatchObject({ status: 'pending', error: 'interrupted by a crash: sent again, the first attempt may also have arrived' });
    expect(delivery(otherBot!)?.status).toBe('pending');
    expect(delivery(broadcast!)).toMatchObject({ status: 'failed', error: 'interrupted by a crash: not sent again, a duplicate promotion would be spam' });
    expect([delivery(waiting!)?.status, delivery(sentBroadcast!)?.status]).toEqual(['pending', 'sent']);
    expect(events(a)).toEqual([{ kind: 'resend_after_crash', detail: { deliveryId: welcome } }]);
    expect(events(b)).toEqual([{ kind: 'broadcast_abandoned_after_crash', detail: { deliveryId: broadcast } }]);
    expect(events(d).map((event) => event.kind)).toEqual(['broadcast_sent']);
  });
});

describe('when a bot goes', () => {
  it('archives its leads with an event each and closes its open rows; other bots keep theirs', () => {
    const [a, b, c] = [addLead(1, 11), addLead(1, 12), addLead(2, 13)];
    const [sent, open] = [
      ...repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [a], content: null }, 1000),
      ...repo.enqueue({ botId: 1, kind: 'welcome', leadIds: [b], content: null }, 1000),
    ];
    const [other] = repo.enqueue({ botId: 2, kind: 'welcome', leadIds: [c], content: null }, 1000);
    repo.claim(sent!, 1500, 0);
    repo.finishSent({ id: sent!, leadId: a, kind: 'welcome' }, 9, 1600);
    expect(leads.archiveBot(1, 'bot_removed', 2000)).toBe(2);
    repo.closeForBot(1, 'bot_removed', 2000);
    expect(delivery(open!)).toMatchObject({ status: 'failed', error: 'not sent: bot removed' });
    expect([delivery(sent!)?.status, delivery(other!)?.status]).toEqual(['sent', 'pending']);
    expect(events(b)).toEqual([{ kind: 'archived', detail: { reason: 'bot_removed' } }]);
    expect(events(c)).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM leads WHERE archived = 1').pluck().get()).toBe(2);
  });
});

describe('the frequency cap and the opt-out, at claim time', () => {
  const HOUR = 3_600_000;
  const CAP = 24 * HOUR;
  const broadcast = (leadIds: number[], now: number): number[] => repo.enqueue({ botId: 1, kind: 'broadcast', leadIds, content: offer }, now);
  const send = (id: number, at: number): void => {
    expect(repo.claim(id, at, CAP)).toBe(true);
    repo.finishSent({ id, leadId: delivery(id)!.lead_id, kind: 'broadcast' }, 100 + id, at);
  };

  it('skips the second of two broadcasts to a lead within the cap, and sends it once the cap has passed', () => {
    const ana = addLead(1, 1);
    const bia = addLead(1, 2);
    const [first] = broadcast([ana], 1000);
    send(first!, 2000);
    const [anaSecond, biaSecond] = broadcast([ana, bia], 3000);
    expect(repo.claim(anaSecond!, 2000 + CAP - 1, CAP)).toBe(false);
    expect(delivery(anaSecond!)?.status).toBe('failed');
    expect(delivery(anaSecond!)?.error?.startsWith(CAPPED_PREFIX)).toBe(true);
    expect(events(ana).at(-1)).toEqual({ kind: 'broadcast_skipped', detail: { deliveryId: anaSecond, why: 'capped' } });
    // Bia got nothing yet: not capped.
    expect(repo.claim(biaSecond!, 2000 + CAP - 1, CAP)).toBe(true);
    // A third broadcast after the cap goes out.
    const [third] = broadcast([ana], 2000 + CAP);
    expect(repo.claim(third!, 2000 + CAP + 1, CAP)).toBe(true);
  });

  it('counts a broadcast being sent right now, and never caps welcomes or recoveries', () => {
    const ana = addLead(1, 1);
    const [first, second] = [...broadcast([ana], 1000), ...broadcast([ana], 1000)];
    expect(repo.claim(first!, 2000, CAP)).toBe(true);
    expect(repo.claim(second!, 2000, CAP)).toBe(false);
    const [recovery] = repo.enqueue({ botId: 1, kind: 'recovery', leadIds: [ana], content: null }, 2000);
    expect(repo.claim(recovery!, 2500, CAP)).toBe(true);
  });

  it('with a cap of 0 sends every broadcast', () => {
    const ana = addLead(1, 1);
    const [first] = broadcast([ana], 1000);
    send(first!, 2000);
    const [second] = broadcast([ana], 3000);
    expect(repo.claim(second!, 3000, 0)).toBe(true);
  });

  it('skips a broadcast whose lead opted out after it was queued, and sends welcomes to them still', () => {
    const ana = addLead(1, 1);
    const [row] = broadcast([ana], 1000);
    leads.optOut(ana, 'command', 1500);
    expect(repo.claim(row!, 2000, 0)).toBe(false);
    expect(delivery(row!)?.status).toBe('failed');
    expect(delivery(row!)?.error?.startsWith(OPTED_OUT_PREFIX)).toBe(true);
    expect(events(ana).at(-1)).toEqual({ kind: 'broadcast_skipped', detail: { deliveryId: row, why: 'opted_out' } });
    repo.enqueueWelcome(1, ana, 10, 2500);
    const welcome = store.db.prepare<[], number>("SELECT id FROM deliveries WHERE kind = 'welcome'").pluck().get()!;
    expect(repo.claim(welcome, 3000, CAP)).toBe(true);
    // Back in: the next broadcast goes out.
    leads.optIn(ana, 4000);
    const [next] = broadcast([ana], 4000);
    expect(repo.claim(next!, 4500, CAP)).toBe(true);
  });
});
