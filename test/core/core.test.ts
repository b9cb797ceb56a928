import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getSetting, setSetting } from '../../src/main/core/db/settings';
import { storeStatusSchema } from '../../src/shared/store-status';
import { appInfoSchema } from '../../src/shared/contract';
import { createHandlers } from '../../src/main/core/api';
import { startCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { databasePath } from '../../src/main/core/db/paths';
import { APP_VERSION, buildFixture, dropLeadsArchivedColumn } from '../support/fixtures';
import { migrations } from '../../src/main/core/db/migrations';
import { tempDir } from '../support/temp-dir';

describe('the core', () => {
  it('lets bots run on a verified store', async () => {
    const core = await startCore({ dataDir: tempDir(), appVersion: APP_VERSION });
    expect(core.botsMayRun()).toBeNull();
    expect(core.store()).not.toBeNull();
    await core.close();
  });

  it('does not let bots run on a drifted schema, and says which table and column', async () => {
    const dataDir = tempDir();
    await buildFixture(dataDir, migrations, migrations.length);
    dropLeadsArchivedColumn(databasePath(dataDir));
    const core = await startCore({ dataDir, appVersion: APP_VERSION });
    const refusal = core.botsMayRun();
    expect(refusal?.code).toBe('STORE_SCHEMA_MISMATCH');
    expect(refusal?.message).toContain('bots were not started');
    expect(refusal?.message).toContain('Table leads is missing column archived');
    await core.close();
  });

  it('turns a refused store into a status instead of throwing', async () => {
    const dataDir = tempDir();
    await (await startCore({ dataDir, appVersion: APP_VERSION })).close();
    const db = new Database(databasePath(dataDir));
    db.pragma('user_version = 42');
    db.close();
    const core = await startCore({ dataDir, appVersion: APP_VERSION });
    const status = core.storeStatus();
    expect(status).toMatchObject({ state: 'refused', schemaVersion: 42, error: { code: 'STORE_FUTURE_VERSION' } });
    expect(core.store()).toBeNull();
    expect(core.botsMayRun()?.code).toBe('STORE_FUTURE_VERSION');
  });
});

describe('the handlers behind the contract', () => {
  it('answer with values that match the contract schemas', async () => {
    const dataDir = tempDir();
    const core = await startCore({ dataDir, appVersion: APP_VERSION });
    const handlers = createHandlers(core, 'linux');
    const info = await dispatch(handlers, 'getAppInfo', undefined);
    const status = await dispatch(handlers, 'getStoreStatus', undefined);
    expect(info.ok && appInfoSchema.parse(info.value)).toEqual({ version: APP_VERSION, dataDir, platform: 'linux', faults: 0 });
    expect(status.ok && storeStatusSchema.parse(status.value).state).toBe('ready');
    await core.close();
  });

  it('reject invalid input with BAD_INPUT and turn a thrown error into a coded one', async () => {
    const core = await startCore({ dataDir: tempDir(), appVersion: APP_VERSION });
    const handlers = createHandlers(core, 'linux');
    const bad = await dispatch(handlers, 'getStoreStatus', { unexpected: true });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', text: { key: 'input.invalid' }, message: 'This value is missing or of the wrong kind (expected undefined).' },
    });
    const failing = await dispatch(
      {
        ...handlers,
        getAppInfo: () => {
          throw new Error('boom');
        },
      },
      'getAppInfo',
      undefined,
    );
    expect(failing).toEqual({
      ok: false,
      error: { code: 'INTERNAL', text: { key: 'internal.unexpected', params: { detail: 'boom' } }, message: 'Unexpected error: boom' },
    });
    await core.close();
  });
});

describe('restoring a backup from the console', () => {
  it('stops the bots, swaps the file, keeps the old one, and opens everything again', async () => {
    const dataDir = tempDir();
    const core = await startCore({ dataDir, appVersion: APP_VERSION });
    setSetting(core.store()!.db, 'marker', 'before');
    const backup = await core.store()!.backupNow();
    setSetting(core.store()!.db, 'marker', 'after');

    const status = await core.restore(backup.name);

    expect(status.state).toBe('ready');
    expect(getSetting(core.store()!.db, 'marker')).toBe('before');
    expect(core.fleet()).not.toBeNull();
    expect(readdirSync(dataDir).some((name) => name.startsWith('botdeck.db.before-restore-'))).toBe(true);
    await expect(core.restore('botdeck-nope.db')).rejects.toMatchObject({ code: 'STORE_RESTORE_FAILED' });
    expect(core.storeStatus().state).toBe('ready');
    expect(getSetting(core.store()!.db, 'marker')).toBe('before');
    await core.close();
  });
});
