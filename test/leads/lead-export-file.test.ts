import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { openStore } from '../../src/main/core/db/store';
import { dispatch } from '../../src/main/core/dispatch';
import { EXPORT_PAGE_ROWS } from '../../src/main/core/leads/lead-export';
import type { EngineEvents } from '../../src/main/core/events';
import { EXPORTS_DIR } from '../../src/shared/export';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(121_001);
const ana: FakeUser = { id: 7101, firstName: 'Ana' };
/** Enough leads that exporting them without a break holds the engine clock past its pause threshold. */
const MANY = 100_000;
/** The engine takes a gap this long between two ticks for a frozen process. */
const PAUSE_GAP_MS = 1000;

let fake: FakeTelegram;
let dataDir: string;
let core: Core;

/**
 * A data folder whose store already holds `count` leads of a stopped bot, written before
 * the engine starts so that filling it is not taken for a pause of the engine clock.
 */
async function dataWithLeads(count: number): Promise<string> {
  const dir = tempDir();
  const store = await openStore({ dataDir: dir, appVersion: APP_VERSION });
  store.db
    .prepare(
      "INSERT INTO bots (id, telegram_id, username, name, token_sealed, token_hint, welcome, created_at, updated_at, desired_state) VALUES (1, 5, 'old_bot', 'Old', 's', 'h', '{}', 0, 0, 'stopped')",
    )
    .run();
  store.db
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO leads (bot_id, user_id, chat_id, first_name, status, first_seen_at, last_seen_at) SELECT 1, 1000000 + i, 1000000 + i, 'Lead ' || i, 'welcomed', i, i FROM n`,
    )
    .run(count);
  store.close();
  return dir;
}

async function start(leads: number): Promise<void> {
  dataDir = await dataWithLeads(leads);
  core = await startEngine(dataDir, fake.apiRoot, { ...fastFleet, pauseGapMs: PAUSE_GAP_MS });
}

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 121_001, username: 'shop_bot', firstName: 'Shop' });
});

afterEach(async () => {
  await core.close();
  await fake.close();
});

function db(): NonNullable<ReturnType<Core['store']>>['db'] {
  const store = core.store();
  if (store === null) throw new Error('no store');
  return store.db;
}

function exportsDir(): string {
  return join(dataDir, EXPORTS_DIR);
}

const exportFiles = (): string[] => {
  try {
    return readdirSync(exportsDir());
  } catch {
    return [];
  }
};

describe('exporting leads while the bots run', () => {
  it('keeps the engine running: a /start sent as the export begins is welcomed before it ends, and no pause is recorded', async () => {
    await start(MANY);
    const fleet = fleetOf(core);
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    await vi.waitFor(() => expect(fleet.status(bot.id)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 5000 });

    const resumed: EngineEvents['engine.resumed'][] = [];
    core.events.on('engine.resumed', (event) => resumed.push(event));
    let welcomedDuringExport = false;
    core.events.on('export.progress', ({ done, total }) => {
      if (done === 0) fake.sendStart(TOKEN, ana);
      else if (done === total) welcomedDuringExport = fake.sent(TOKEN, ana.id).length === 1;
    });

    const result = await dispatch(createHandlers(core, 'linux'), 'exportLeads', { filter: {} });
    expect(result).toMatchObject({ ok: true, value: { rows: MANY } });
    expect(welcomedDuringExport).toBe(true);
    // The engine clock never saw a gap it would take for a frozen process.
    expect(resumed).toEqual([]);
    expect(db().prepare('SELECT count(*) AS n FROM engine_gaps').get()).toEqual({ n: 0 });
    const text = readFileSync(join(exportsDir(), result.ok ? result.value.fileName : ''), 'utf8');
    expect(text.split('\r\n')).toHaveLength(MANY + 2);
    expect(exportFiles()).toEqual([result.ok ? result.value.fileName : '']);
  });

  it('leaves no file when the export fails mid-way', async () => {
    await start(3 * EXPORT_PAGE_ROWS);
    const off = core.events.on('export.progress', ({ done }) => {
      // The database changes under the export: the next page cannot be read.
      if (done === EXPORT_PAGE_ROWS) db().exec('ALTER TABLE bots RENAME TO bots_elsewhere');
    });
    const result = await dispatch(createHandlers(core, 'linux'), 'exportLeads', { filter: {} });
    off();
    expect(result).toMatchObject({ ok: false, error: { code: 'STORE_IO' } });
    expect(result.ok ? '' : result.error.message).toContain('could not write the export');
    expect(exportFiles()).toEqual([]);
  });

  it('fails, leaving nothing, when the exports folder disappears during the export', async () => {
    await start(3 * EXPORT_PAGE_ROWS);
    const off = core.events.on('export.progress', ({ done }) => {
      if (done === EXPORT_PAGE_ROWS) rmSync(exportsDir(), { recursive: true });
    });
    const result = await dispatch(createHandlers(core, 'linux'), 'exportLeads', { filter: {} });
    off();
    expect(result).toMatchObject({ ok: false, error: { code: 'STORE_IO' } });
    expect(exportFiles()).toEqual([]);
  });

  it('removes what an export cut short by a crash left behind', async () => {
    await start(10);
    mkdirSync(exportsDir(), { recursive: true });
    writeFileSync(join(exportsDir(), '.leads-20260101T000000000Z.csv.partial'), 'id,bot\r\n1,');
    const result = await dispatch(createHandlers(core, 'linux'), 'exportLeads', { filter: {} });
    expect(result).toMatchObject({ ok: true, value: { rows: 10 } });
    expect(exportFiles()).toEqual([result.ok ? result.value.fileName : '']);
  });
});
