import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { getSetting, setSetting } from '../../src/main/core/db/settings';
import { openStore } from '../../src/main/core/db/store';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

describe('the write batcher', () => {
  it('commits the jobs that arrive together, and a failing job costs only itself', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const writer = new WriteBatcher(store.db);
    const results = await Promise.allSettled([
      writer.run(() => {
        setSetting(store.db, 'a', '1');
        return 'first';
      }),
      writer.run(() => {
        setSetting(store.db, 'b', '2');
        throw new Error('job two fails');
      }),
      writer.run(() => {
        setSetting(store.db, 'c', '3');
        return 'third';
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([getSetting(store.db, 'a'), getSetting(store.db, 'b'), getSetting(store.db, 'c')]).toEqual(['1', null, '3']);
    expect(store.db.inTransaction).toBe(false);
    store.close();
  });

  it('rejects the jobs a full disk cannot take, and keeps what was committed before', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    setSetting(store.db, 'kept', 'yes');
    const writer = new WriteBatcher(store.db);
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages + 1}`);
    const jobs = Array.from({ length: 20 }, (_, i) => writer.run(() => setSetting(store.db, `big${i}`, 'x'.repeat(3000))));
    const results = await Promise.allSettled(jobs);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(10);
    expect(String(rejected[0]?.reason)).toMatch(/full/i);
    const written = results.length - rejected.length;
    expect(store.db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'big%'").pluck().get()).toBe(written);
    expect(getSetting(store.db, 'kept')).toBe('yes');
    store.close();
  });

  it('syncs a relaxed-only batch at NORMAL, then puts the store back to FULL', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const writer = new WriteBatcher(store.db);
    const seen = await writer.run(() => store.db.pragma('synchronous', { simple: true }), 'relaxed');
    expect(seen).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    const mixed = await Promise.all([writer.run(() => store.db.pragma('synchronous', { simple: true }), 'relaxed'), writer.run(() => 'durable')]);
    expect(mixed[0]).toBe(2);
    store.close();
  });
});
