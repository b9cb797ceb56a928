import type Database from 'better-sqlite3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName, CallResult } from '../../src/shared/calls';
import type { CallOutput, Handlers } from '../../src/shared/contract';
import { OPT_OUT_CALLBACK_DATA } from '../../src/shared/opt-out';
import { createHandlers } from '../../src/main/core/api';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { CAPPED_PREFIX } from '../../src/main/core/leads/delivery-rules';
import type { Core } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fleetOf, startEngine } from '../support/engine';
import { startRunningBot, storeDbOf } from '../support/running-bot';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core;
let handlers: Handlers;
const TOKEN = fakeToken(121_001);
const ana: FakeUser = { id: 7101, firstName: 'Ana', languageCode: 'pt-br' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 121_001, username: 'shop_bot', firstName: 'Shop' });
  core = await startEngine(tempDir(), fake.apiRoot);
  handlers = createHandlers(core, 'linux');
  return async () => {
    await core.close();
    await fake.close();
  };
});

async function invoke<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
  const result: CallResult<CallOutput<N>> = await dispatch(handlers, name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const db = (): Database.Database => storeDbOf(core);
const lead = (): { id: number; status: string; opted_out_at: number | null } =>
  db().prepare<[], { id: number; status: string; opted_out_at: number | null }>('SELECT id, status, opted_out_at FROM leads').get()!;
const optEvents = (): unknown[] => db().prepare("SELECT kind, detail FROM lead_events WHERE kind IN ('opted_out', 'opted_in', 'clicked') ORDER BY id").all();

/** A bot that welcomes every /start (no debounce), with Ana welcomed once. */
async function welcomedLead(): Promise<number> {
  const botId = await startRunningBot(core, TOKEN);
  const fleet = fleetOf(core);
  fleet.setWelcome(botId, { ...fleet.list()[0]!.welcome, repeatPolicy: 'always', debounceSeconds: 0 });
  fake.sendStart(TOKEN, ana);
  await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 5000 });
  return botId;
}

describe('opting out through the bot', () => {
  it('the stop button opts the lead out, answers in the operator language, and is no click', async () => {
    await welcomedLead();
    await invoke('updateSettings', { language: 'en' });
    fake.pressButton(TOKEN, ana, OPT_OUT_CALLBACK_DATA, fake.sent(TOKEN, ana.id)[0]!.messageId);
    await vi.waitFor(() => expect(fake.callbackAnswers(TOKEN)).toHaveLength(1), { timeout: 5000 });
    expect(fake.callbackAnswers(TOKEN)[0]!.text).toBe('Done: you will not receive our offers any more.');
    expect(lead().status).toBe('welcomed');
    expect(lead().opted_out_at).not.toBeNull();
    expect(optEvents()).toEqual([{ kind: 'opted_out', detail: '{"how":"button"}' }]);

    // Welcomes still work for a lead who opted out.
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(2), { timeout: 5000 });
  });

  it('/stop opts the lead out and is confirmed in the lead language while the setting is auto; a new /start is welcomed', async () => {
    await welcomedLead();
    fake.sendText(TOKEN, ana, '/stop');
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(2), { timeout: 5000 });
    expect(fake.sent(TOKEN, ana.id)[1]).toMatchObject({ method: 'sendMessage', text: 'Pronto: você não vai mais receber nossas ofertas.' });
    expect(lead().opted_out_at).not.toBeNull();
    expect(optEvents()).toEqual([{ kind: 'opted_out', detail: '{"how":"command"}' }]);

    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(3), { timeout: 5000 });
    expect(fake.sent(TOKEN, ana.id)[2]!.text).not.toContain('Pronto');
  });
});

describe("the operator's undo", () => {
  it('opts the lead back in and out again, each on the timeline', async () => {
    await welcomedLead();
    fake.sendText(TOKEN, ana, '/stop');
    await vi.waitFor(() => expect(lead().opted_out_at).not.toBeNull(), { timeout: 5000 });
    const { id } = lead();
    expect((await invoke('setLeadOptOut', { leadId: id, optedOut: false })).optedOutAt).toBeNull();
    expect((await invoke('getLead', { leadId: id })).optedOutAt).toBeNull();
    expect((await invoke('setLeadOptOut', { leadId: id, optedOut: true })).optedOutAt).not.toBeNull();
    expect(optEvents()).toEqual([
      { kind: 'opted_out', detail: '{"how":"command"}' },
      { kind: 'opted_in', detail: '{"how":"operator"}' },
      { kind: 'opted_out', detail: '{"how":"operator"}' },
    ]);
  });
});

describe('the frequency cap on a running bot', () => {
  it('sends the first of two broadcasts to a lead and skips the second, as the setting says; with 0, both go', async () => {
    const botId = await welcomedLead();
    expect((await invoke('getSettings', undefined)).campaignCapHours).toBe(24);
    const { id } = lead();
    const deliveries = new DeliveriesRepository(db());
    const broadcast = (text: string): number => deliveries.enqueue({ botId, kind: 'broadcast', leadIds: [id], content: { text, media: null, buttons: [] } }, Date.now())[0]!;
    const status = (row: number): { status: string; error: string | null } | undefined =>
      db().prepare<[number], { status: string; error: string | null }>('SELECT status, error FROM deliveries WHERE id = ?').get(row);
    const first = broadcast('Offer one');
    const second = broadcast('Offer two');
    await vi.waitFor(() => expect(status(second)).toMatchObject({ status: 'failed' }), { timeout: 5000 });
    expect(status(first)).toMatchObject({ status: 'sent' });
    expect(status(second)?.error?.startsWith(CAPPED_PREFIX)).toBe(true);

    await invoke('updateSettings', { campaignCapHours: 0 });
    const third = broadcast('Offer three');
    await vi.waitFor(() => expect(status(third)).toMatchObject({ status: 'sent' }), { timeout: 5000 });
    expect(
      fake
        .sent(TOKEN, ana.id)
        .map((message) => message.text)
        .slice(1),
    ).toEqual(['Offer one', 'Offer three']);
  });
});
