import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { Fleet } from '../../src/main/core/fleet/fleet';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fleetOf, startEngine } from '../support/engine';
import { rejection } from '../support/rejection';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let core: Core | null = null;
const TOKEN = fakeToken(141_001);
const ana: FakeUser = { id: 8201, firstName: 'Ana' };

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 141_001, username: 'errors_bot', firstName: 'Errors' });
});

afterEach(async () => {
  await core?.close();
  core = null;
  await fake.close();
});

async function fleetWithBot(): Promise<{ fleet: Fleet; botId: number }> {
  core = await startEngine(tempDir(), fake.apiRoot);
  const fleet = fleetOf(core);
  const bot = await fleet.addBot(TOKEN);
  return { fleet, botId: bot.id };
}

describe("Telegram's failures, as the operator reads them", () => {
  it('a test send names the chat and what to do for each refusal', async () => {
    const { fleet, botId } = await fleetWithBot();
    fake.sendStart(TOKEN, ana);

    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'], times: 1 });
    const unknown = await rejection(fleet.sendTestWelcome(botId, ana.id));
    expect(unknown).toMatchObject({ code: 'TELEGRAM_ERROR' });
    expect(unknown.message).toContain(`Telegram does not know chat ${ana.id} for @errors_bot. Send /start to the bot from that account first`);

    fake.blockBot(TOKEN, ana);
    const blocked = await rejection(fleet.sendTestWelcome(botId, ana.id));
    expect(blocked.code).toBe('TELEGRAM_ERROR');
    expect(blocked.message).toMatch(/Telegram will not deliver to chat 8201 \(Forbidden: bot was blocked by the user\)\. If that account blocked @errors_bot, unblock the bot/);

    const stranger: FakeUser = { id: 8202, firstName: 'Stranger' };
    fake.addUser(stranger);
    const neverWrote = await rejection(fleet.sendTestWelcome(botId, stranger.id));
    expect(neverWrote.message).toContain("bot can't initiate conversation");
  });

  it('a revoked token, a flood wait and an unreachable server read the same from a token check and from a test send', async () => {
    const { fleet, botId } = await fleetWithBot();
    fake.sendStart(TOKEN, ana);

    fake.fault(TOKEN, { kind: 'unauthorized', times: 2 });
    const revokedSend = await rejection(fleet.sendTestWelcome(botId, ana.id));
    const revokedCheck = await rejection(fleet.replaceToken(botId, TOKEN));
    expect([revokedSend.code, revokedCheck.code]).toEqual(['BOT_TOKEN_REJECTED', 'BOT_TOKEN_REJECTED']);
    expect(revokedSend.message).toContain("Telegram no longer accepts the token of @errors_bot. Replace it in the bot's settings");
    expect(revokedCheck.message).toContain('Telegram rejected this token.');
    for (const error of [revokedSend, revokedCheck]) expect(error.message).toContain('BotFather (/mybots → API Token)');

    fake.fault(TOKEN, { kind: 'flood', retryAfter: 7, times: 2 });
    const floodSend = await rejection(fleet.sendTestWelcome(botId, ana.id));
    const floodCheck = await rejection(fleet.replaceToken(botId, TOKEN));
    for (const error of [floodSend, floodCheck])
      expect(error).toMatchObject({ code: 'TELEGRAM_ERROR', message: 'Telegram asks to wait 7 s before the next request. Try again after that.' });

    fake.setOutage(true);
    const downSend = await rejection(fleet.sendTestWelcome(botId, ana.id));
    const downCheck = await rejection(fleet.replaceToken(botId, TOKEN));
    for (const error of [downSend, downCheck]) {
      expect(error.code).toBe('TELEGRAM_UNREACHABLE');
      expect(error.message).toContain(`Botdeck could not reach Telegram at ${fake.apiRoot}`);
    }
    fake.setOutage(false);
    // Nothing was lost on the way: the bot and its token are as they were.
    expect(fleet.list()).toEqual([expect.objectContaining({ id: botId, username: 'errors_bot' })]);
    const sent = await fleet.sendTestWelcome(botId, ana.id);
    expect(fake.sent(TOKEN, ana.id).map((message) => message.messageId)).toEqual([sent.messageId]);
  });
});
