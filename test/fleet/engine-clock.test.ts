import type Database from 'better-sqlite3';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { IncidentTracker } from '../../src/main/core/alerts/incident-tracker';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { EventBus, type EngineEvents } from '../../src/main/core/events';
import { EngineClock, type OfflineGap, type OfflineObserver } from '../../src/main/core/fleet/engine-clock';
import type { Fleet } from '../../src/main/core/fleet/fleet';
import { silentLogger } from '../../src/main/core/logger';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let store: Store | null = null;
let clock: EngineClock | null = null;

afterEach(() => {
  clock?.stop();
  clock = null;
  store?.close();
  store = null;
});

const options = { heartbeatMs: 10_000, tickMs: 20, pauseGapMs: 15_000 };

/** A store whose previous run's last heartbeat was at `lastBeatAt`. */
async function storeLastBeating(lastBeatAt: number): Promise<Database.Database> {
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  store.db.prepare('INSERT INTO heartbeat (id, started_at, beat_at) VALUES (1, ?, ?)').run(lastBeatAt - 60_000, lastBeatAt);
  return store.db;
}

const beat = (db: Database.Database): number | undefined => db.prepare<[], { beat_at: number }>('SELECT beat_at FROM heartbeat WHERE id = 1').get()?.beat_at;
const gaps = (db: Database.Database): unknown[] => db.prepare('SELECT offline_from, offline_to FROM engine_gaps').all();

/** An observer that notes what the store held at the moment it was called, and what was announced by then. */
function watchingObserver(db: Database.Database, events: EventBus): { seen: unknown[] } & Parameters<EngineClock['begin']>[0] {
  const seen: unknown[] = [];
  const announced: EngineEvents['engine.resumed'][] = [];
  events.on('engine.resumed', (gap) => announced.push(gap));
  return {
    seen,
    previousRunEnded: (lastBeatAt) => seen.push({ call: 'previousRunEnded', lastBeatAt, heartbeat: beat(db) }),
    engineWasOffline: (gap: OfflineGap) => seen.push({ call: 'engineWasOffline', gap, heartbeat: beat(db), gaps: gaps(db).length, announced: announced.length }),
  };
}

function clockOn(db: Database.Database, events: EventBus, now: () => number, previousRunEndedCleanly: boolean): EngineClock {
  clock = new EngineClock({ db, writer: new WriteBatcher(db), events, logger: silentLogger, now, options, previousRunEndedCleanly });
  return clock;
}

describe('the engine clock', () => {
  it("hands the previous run's last beat and the gap to the observer before it writes this run's first beat, and announces the gap after", async () => {
    const db = await storeLastBeating(5_000);
    const events = new EventBus();
    const observer = watchingObserver(db, events);
    clockOn(db, events, () => 100_000, true).begin(observer);
    expect(observer.seen).toEqual([
      { call: 'previousRunEnded', lastBeatAt: 5_000, heartbeat: 5_000 },
      { call: 'engineWasOffline', gap: { offlineFrom: 5_000, offlineTo: 100_000, why: 'quit' }, heartbeat: 5_000, gaps: 1, announced: 0 },
    ]);
    expect(beat(db)).toBe(100_000);
  });

  it('counts a crash however short, but not a quick restart after a quit', async () => {
    const crashed = await storeLastBeating(5_000);
    const crashEvents = new EventBus();
    const crashObserver = watchingObserver(crashed, crashEvents);
    clockOn(crashed, crashEvents, () => 6_000, false).begin(crashObserver);
    expect(crashObserver.seen).toContainEqual(expect.objectContaining({ call: 'engineWasOffline', gap: { offlineFrom: 5_000, offlineTo: 6_000, why: 'crash' } }));
    clock?.stop();
    store?.close();

    const quit = await storeLastBeating(5_000);
    const quitEvents = new EventBus();
    const quitObserver = watchingObserver(quit, quitEvents);
    clockOn(quit, quitEvents, () => 6_000, true).begin(quitObserver);
    expect(quitObserver.seen).toEqual([{ call: 'previousRunEnded', lastBeatAt: 5_000, heartbeat: 5_000 }]);
    expect(gaps(quit)).toEqual([]);
  });

  it('on a first run there is no previous run to close', async () => {
    store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const events = new EventBus();
    const observer = watchingObserver(store.db, events);
    clockOn(store.db, events, () => 50_000, false).begin(observer);
    expect(observer.seen).toEqual([]);
    expect(beat(store.db)).toBe(50_000);
  });

  it('finds a frozen process between two ticks: the listener hears of it before the gap is recorded and before the tick', async () => {
    const db = await storeLastBeating(1_000);
    const events = new EventBus();
    const time = { now: 2_000 };
    const observer = watchingObserver(db, events);
    const heard: string[] = [];
    const engineClock = clockOn(db, events, () => time.now, true);
    engineClock.begin(observer);
    engineClock.run({ tick: (now) => heard.push(`tick ${now}`), resumedAfterPause: (from, to) => heard.push(`paused ${from}-${to} gaps ${gaps(db).length}`) });
    expect(heard).toEqual(['tick 2000']);
    time.now = 40_000;
    await vi.waitFor(() => expect(heard).toContain('tick 40000'));
    expect(heard.slice(0, 3)).toEqual(['tick 2000', 'paused 2000-40000 gaps 0', 'tick 40000']);
    expect(observer.seen).toContainEqual(expect.objectContaining({ call: 'engineWasOffline', gap: { offlineFrom: 2_000, offlineTo: 40_000, why: 'paused' } }));
  });

  it('refuses to run before begin(), so nothing ticks ahead of the offline check', async () => {
    store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const engineClock = clockOn(store.db, new EventBus(), Date.now, true);
    expect(() => engineClock.run({ tick: () => undefined, resumedAfterPause: () => undefined })).toThrow('begin()');
  });

  // Checked by the compiler (`npm run typecheck` covers test/): the fleet resumes only with
  // the incident tracker, or another observer, in hand.
  it('cannot be resumed by the fleet without an observer', () => {
    expectTypeOf<Parameters<Fleet['resume']>>().toEqualTypeOf<[observer: OfflineObserver]>();
    expectTypeOf<IncidentTracker>().toExtend<OfflineObserver>();
  });
});
