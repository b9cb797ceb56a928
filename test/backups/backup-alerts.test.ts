import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { backupsPath } from '../../src/main/core/db/paths';
import { dispatch } from '../../src/main/core/dispatch';
import { fastAlerts } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver';
import { tempDir } from '../support/temp-dir';

let receiver: HttpReceiver;
let core: Core | null = null;

beforeEach(async () => {
  receiver = await startHttpReceiver();
});

afterEach(async () => {
  await core?.close();
  core = null;
  await receiver.close();
});

describe('backups through the engine', () => {
  it('alerts the channels when a backup fails, and again when a good one follows', async () => {
    const dataDir = tempDir();
    core = await startCore({ dataDir, appVersion: APP_VERSION, alerts: fastAlerts });
    const handlers = createHandlers(core, 'linux');
    await dispatch(handlers, 'updateSettings', { language: 'pt-BR' });
    expect(await dispatch(handlers, 'addAlertChannel', { name: 'Hook', config: { kind: 'webhook', url: `${receiver.origin}/hook` } })).toMatchObject({ ok: true });

    writeFileSync(backupsPath(dataDir), 'a file where the backups folder should be');
    const failed = await dispatch(handlers, 'backupNow', undefined);
    expect(failed).toMatchObject({ ok: false, error: { code: 'STORE_BACKUP_FAILED' } });
    const alert = await receiver.nextRequest();
    expect(alert.json).toMatchObject({ type: 'backup_failed', title: '🟠 O backup do banco de dados falhou', incident: null });
    expect(await dispatch(handlers, 'getBackupStatus', undefined)).toMatchObject({ ok: true, value: { problem: 'failed', lastGood: null } });

    rmSync(backupsPath(dataDir));
    const good = await dispatch(handlers, 'backupNow', undefined);
    expect(good).toMatchObject({ ok: true, value: { kind: 'scheduled', check: { result: 'ok' } } });
    const resolved = await receiver.nextRequest();
    expect(resolved.json).toMatchObject({ type: 'backup_ok', title: '🟢 Os backups voltaram a funcionar' });
    const status = await dispatch(handlers, 'getBackupStatus', undefined);
    expect(status).toMatchObject({ ok: true, value: { problem: null, lastGood: { name: good.ok ? good.value.name : '' } } });
    const log = await dispatch(handlers, 'listAlertLog', {});
    expect(log.ok ? log.value.map((entry) => entry.type) : []).toEqual(expect.arrayContaining(['backup_failed', 'backup_ok']));
  });

  it('accepts a second folder only when it is a folder that exists', async () => {
    const dataDir = tempDir();
    core = await startCore({ dataDir, appVersion: APP_VERSION, alerts: fastAlerts });
    const handlers = createHandlers(core, 'linux');
    const folder = tempDir();
    expect(await dispatch(handlers, 'updateSettings', { backupSecondFolder: join(folder, 'missing') })).toMatchObject({ ok: false, error: { code: 'BACKUP_FOLDER_UNUSABLE' } });
    writeFileSync(join(folder, 'file'), 'x');
    expect(await dispatch(handlers, 'updateSettings', { backupSecondFolder: join(folder, 'file') })).toMatchObject({ ok: false, error: { code: 'BACKUP_FOLDER_UNUSABLE' } });
    expect(await dispatch(handlers, 'updateSettings', { backupSecondFolder: 'relative/path' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await dispatch(handlers, 'updateSettings', { backupSecondFolder: folder })).toMatchObject({ ok: true, value: { backupSecondFolder: folder } });
    expect(await dispatch(handlers, 'getBackupStatus', undefined)).toMatchObject({ ok: true, value: { secondFolder: folder, everyHours: 24, kept: 14 } });
    expect(await dispatch(handlers, 'updateSettings', { backupSecondFolder: null })).toMatchObject({ ok: true, value: { backupSecondFolder: null } });
  });
});
