import { describe, expect, it, vi } from 'vitest';
import { syncFile, WriteBatcher } from '../../src/main/core/db/write-batcher';
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

  it('commits without waiting for the disk, then flushes the WAL off the main thread: a durable job is done only after a flush that began after its commit', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const flushes: { path: string; done: () => void; fail: (error: Error) => void }[] = [];
    const writer = new WriteBatcher(store.db, (path) => new Promise<void>((resolve, reject) => flushes.push({ path, done: resolve, fail: reject })));
    const settled: string[] = [];
    // A relaxed write is done at its commit; the commit itself did not ask the disk (NORMAL).
    expect(await writer.run(() => store.db.pragma('synchronous', { simple: true }), 'relaxed')).toBe(1);
    expect(flushes).toHaveLength(0);
    const first = writer.run(() => setSetting(store.db, 'first', '1')).then(() => settled.push('first'));
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    expect(flushes[0]?.path).toBe(`${store.db.name}-wal`);
    // Committed and readable, but not reported as recorded before the flush.
    expect(getSetting(store.db, 'first')).toBe('1');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    const second = writer.run(() => setSetting(store.db, 'second', '2')).then(() => settled.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toEqual([]);
    expect(flushes).toHaveLength(1);
    flushes[0]?.done();
    await first;
    // The second commit came after the first flush began: it waits for a flush of its own.
    await vi.waitFor(() => expect(flushes).toHaveLength(2));
    expect(settled).toEqual(['first']);
    flushes[1]?.done();
    await second;
    expect(settled).toEqual(['first', 'second']);

    const lost = writer.run(() => setSetting(store.db, 'third', '3'));
    await vi.waitFor(() => expect(flushes).toHaveLength(3));
    flushes[2]?.fail(new Error('EIO: i/o error, fsync'));
    await expect(lost).rejects.toThrow('EIO');
    store.close();
  });

  it('tells a job of its commit before the flush to disk, and a hook that throws rejects only its own job', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const flushes: (() => void)[] = [];
    const writer = new WriteBatcher(store.db, () => new Promise<void>((resolve) => flushes.push(resolve)));
    const seen: string[] = [];
    const durable = writer
      .run(
        () => {
          setSetting(store.db, 'captured', 'yes');
          return 'batch';
        },
        'full',
        { onCommit: (result) => seen.push(`committed ${result}`) },
      )
      .then((result) => seen.push(`on disk ${result}`));
    const failing = writer.run(() => setSetting(store.db, 'other', 'yes'), 'relaxed', {
      onCommit: () => {
        throw new Error('the hook failed');
      },
    });
    await expect(failing).rejects.toThrow('the hook failed');
    await vi.waitFor(() => expect(flushes).toHaveLength(1));
    // Committed and announced, but the flush it waits for has not finished.
    expect(seen).toEqual(['committed batch']);
    flushes[0]?.();
    await durable;
    expect(seen).toEqual(['committed batch', 'on disk batch']);
    expect(getSetting(store.db, 'captured')).toBe('yes');
    store.close();
  });

  it('commits a prompt job at the next turn of the event loop, taking along a job that was waiting out the interval', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const writer = new WriteBatcher(store.db);
    // A commit just happened: the next batched job waits for the interval.
    await writer.run(() => setSetting(store.db, 'first', '1'), 'relaxed');
    const batched = writer.run(() => setSetting(store.db, 'batched', '2'), 'relaxed');
    const prompt = writer.run(() => setSetting(store.db, 'prompt', '3'), 'relaxed', { prompt: true });
    // An immediate queued after the batcher's own runs after it (and after its promises settle).
    const first = await Promise.race([prompt.then(() => 'committed'), new Promise<string>((resolve) => setImmediate(() => resolve('still waiting')))]);
    expect(first).toBe('committed');
    expect([getSetting(store.db, 'batched'), getSetting(store.db, 'prompt')]).toEqual(['2', '3']);
    await batched;
    store.close();
  });

  it('flushes the real WAL file with an fsync on the thread pool', async () => {
    const store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const synced: string[] = [];
    const writer = new WriteBatcher(store.db, async (path) => {
      await syncFile(path);
      synced.push(path);
    });
    await writer.run(() => setSetting(store.db, 'durable', 'yes'));
    expect(synced).toEqual([`${store.db.name}-wal`]);
    await expect(syncFile(`${store.db.name}-missing`)).rejects.toThrow('ENOENT');
    store.close();
  });
});
