import type Database from 'better-sqlite3';
import { expect, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { fleetOf } from './engine';

// Apart from engine.ts: these need vitest, and engine.ts is also loaded by child processes that run outside it.
/** The engine's open database; fails the test when the store is not open. */
export function storeDbOf(core: Core | null): Database.Database {
  const store = core?.store();
  if (store === null || store === undefined) throw new Error('no store');
  return store.db;
}

/** Adds a bot by its token, starts it and waits until Telegram answers it. */
export async function startRunningBot(core: Core, token: string, timeout = 5000): Promise<number> {
  const fleet = fleetOf(core);
  const bot = await fleet.addBot(token);
  fleet.startBot(bot.id);
  await vi.waitFor(() => expect(fleet.status(bot.id)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout });
  return bot.id;
}
