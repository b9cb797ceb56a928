import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { readSettings } from '../../src/main/core/operator-settings';
import type { BotStatus } from '../../src/shared/bot-status';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { fastFleet, fleetOf, startEngine } from '../support/engine';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
const TOKEN = fakeToken(131_001);

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 131_001, username: 'reads_bot', firstName: 'Reads' });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

describe('reading a status', () => {
  it('returns the last evaluation and changes nothing; health is evaluated on the tick and after a change', async () => {
    // A tick far away: between ticks only the reads below could change the status.
    core = await startEngine(tempDir(), fake.apiRoot, { ...fastFleet, tickMs: 3_600_000 });
    const fleet = fleetOf(core);
    const changes: BotStatus[] = [];
    core.events.on('bot.status', (status) => changes.push(status));
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    expect(fleet.status(bot.id)).toMatchObject({ state: 'running', reason: 'starting' });
    const announced = changes.length;
    // A poll answers with the /start: evaluating now would say 'ok'.
    fake.sendStart(TOKEN, { id: 8101, firstName: 'Ana' });
    await vi.waitFor(() => expect(fleet.status(bot.id).counters.updates).toBe(1));
    for (let i = 0; i < 20; i += 1) {
      expect(fleet.status(bot.id)).toMatchObject({ state: 'running', reason: 'starting' });
      expect(fleet.list()[0]?.status).toMatchObject({ state: 'running', reason: 'starting' });
    }
    expect(changes).toHaveLength(announced);
    // A change of the health rules is a write: it evaluates, and the change is announced once.
    fleet.applySettings(readSettings(core.store()!.db));
    expect(fleet.status(bot.id)).toMatchObject({ state: 'running', reason: 'ok' });
    expect(changes.slice(announced)).toEqual([expect.objectContaining({ botId: bot.id, state: 'running', reason: 'ok' })]);
  });

  it('the tick alone finds a bot down while nothing reads it', async () => {
    core = await startEngine(tempDir(), fake.apiRoot);
    const fleet = fleetOf(core);
    const changes: BotStatus[] = [];
    core.events.on('bot.status', (status) => changes.push(status));
    const bot = await fleet.addBot(TOKEN);
    fleet.startBot(bot.id);
    await vi.waitFor(() => expect(changes.at(-1)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 5000 });
    // Failed polls only note the failure; the grace period running out is found by the tick.
    fake.setOutage(true);
    await vi.waitFor(() => expect(changes.at(-1)).toMatchObject({ state: 'down', reason: 'network' }), { timeout: 6000 });
  });
});
