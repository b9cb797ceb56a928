import type { IpcMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { callNames, ipcChannel, type CallName, type CallResult } from '../../src/shared/calls';
import { contract } from '../../src/shared/contract';
import { MEDIA_CHUNK_BYTES } from '../../src/shared/media';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { registerIpcHandlers } from '../../src/main/ipc';
import { silentLogger } from '../../src/main/core/logger';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { ipcHandlers, ipcMain } from '../support/fake-electron';
import { startEngine } from '../support/engine';
import { tempDir } from '../support/temp-dir';

vi.mock('electron', () => import('../support/fake-electron'));

type Invoke = (name: CallName, input?: unknown) => Promise<CallResult<unknown>>;

const CONSOLE_URL = 'file:///app/out/renderer/index.html';

let fake: FakeTelegram;
let core: Core;
let server: HeadlessServer;
let ws: WebSocket;
const transports: Record<'ipc' | 'ws', Invoke> = {
  ipc: (name, input) => {
    const handler = ipcHandlers.get(ipcChannel(name));
    if (handler === undefined) throw new Error(`no IPC handler for ${name}`);
    return Promise.resolve(handler({ senderFrame: { url: CONSOLE_URL } }, input) as Promise<CallResult<unknown>>);
  },
  ws: (() => {
    let id = 0;
    return (name: CallName, input?: unknown) =>
      new Promise<CallResult<unknown>>((resolve) => {
        const mine = ++id;
        const listen = (data: Buffer): void => {
          const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: CallResult<unknown> };
          if (message.id === mine && message.result !== undefined) {
            ws.off('message', listen);
            resolve(message.result);
          }
        };
        ws.on('message', listen);
        ws.send(JSON.stringify({ id: mine, call: name, input }));
      });
  })(),
};

beforeAll(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: fakeToken(333_001), id: 333_001, username: 'contract_bot', firstName: 'Contract' });
  fake.addBot({ token: fakeToken(333_002), id: 333_002, username: 'contract2_bot', firstName: 'Contract 2' });
  core = await startEngine(tempDir(), fake.apiRoot);
  const handlers = createHandlers(core, 'linux');
  ipcHandlers.clear();
  registerIpcHandlers(ipcMain as unknown as IpcMain, handlers, { isConsole: (url) => url === CONSOLE_URL, logger: silentLogger });
  const token = newAccessToken();
  server = await startHeadlessServer({ handlers, events: core.events, rendererDir: tempDir(), host: '127.0.0.1', port: 0, token });
  ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${token}`);
  await new Promise((resolve) => ws.once('open', resolve));
});

afterAll(async () => {
  ws.close();
  await server.close();
  await core.close();
  await fake.close();
});

/** An input each call must refuse: anything for the calls that take none, a number for the others. */
function invalidInput(name: CallName): unknown {
  return contract[name].input.safeParse(undefined).success ? { unexpected: true } : 42;
}

describe.each(['ipc', 'ws'] as const)('the contract over %s', (transport) => {
  const invoke = transports[transport];

  it.each([...callNames])('%s refuses invalid input with BAD_INPUT', async (name) => {
    const result = await invoke(name, invalidInput(name));
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!result.ok) expect(result.error.message).toContain(`Invalid input for ${name}`);
  });

  it('runs the bot calls end to end, with typed errors a person can act on', async () => {
    const botToken = fakeToken(transport === 'ipc' ? 333_001 : 333_002);
    expect(await invoke('addBot', { token: 'nope' })).toMatchObject({ ok: false, error: { code: 'BOT_TOKEN_MALFORMED' } });
    const added = await invoke('addBot', { token: botToken });
    expect(added.ok).toBe(true);
    const botId = added.ok ? (added.value as { id: number }).id : 0;
    expect(JSON.stringify(added)).not.toContain(botToken.split(':')[1]);
    expect(await invoke('startBot', { botId })).toMatchObject({ ok: true, value: { desiredState: 'running' } });
    const tooLong = await invoke('setWelcome', { botId, welcome: { text: 'x'.repeat(5000), media: null, buttons: [], repeatPolicy: 'once', debounceSeconds: 10, maxRecoveryAgeHours: 24 } });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!tooLong.ok) expect(tooLong.error.message).toMatch(/welcome\.text: .*4096/);
    expect(await invoke('setSendRate', { botId, rate: 31 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('stopBot', { botId: 99_999 })).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });
    const list = await invoke('listBots');
    expect(list.ok && (list.value as { id: number }[]).some((bot) => bot.id === botId)).toBe(true);
    expect(await invoke('stopBot', { botId })).toMatchObject({ ok: true, value: { desiredState: 'stopped' } });
  });

  it('reads and updates settings, refusing a bad value', async () => {
    expect(await invoke('updateSettings', { language: 'klingon' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('updateSettings', { currency: 'USD' })).toMatchObject({ ok: true, value: { currency: 'USD', effectiveApiRoot: fake.apiRoot } });
    expect(await invoke('getSettings')).toMatchObject({ ok: true, value: { currency: 'USD', language: 'auto', telegramApiRoot: null } });
  });

  it('changes the Bot API address only when the operator confirmed that it receives every token', async () => {
    const unconfirmed = await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', currency: 'EUR' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'API_ROOT_CHANGE_UNCONFIRMED' } });
    if (!unconfirmed.ok) expect(unconfirmed.error.message).toMatch(/https:\/\/bot-api\.example\.com would receive the tokens of all your bots/);
    // Nothing of a refused change is saved.
    expect(await invoke('getSettings')).toMatchObject({ ok: true, value: { telegramApiRoot: null, currency: 'USD' } });
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', confirmApiRootChange: false })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', confirmApiRootChange: true })).toMatchObject({ ok: true, value: { telegramApiRoot: 'https://bot-api.example.com' } });
    // Saving the same address again, or going back to Telegram's own, asks nothing.
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com/', currency: 'USD' })).toMatchObject({ ok: true });
    expect(await invoke('updateSettings', { telegramApiRoot: null })).toMatchObject({ ok: true, value: { telegramApiRoot: null } });
  });

  it('uploads a full-size media chunk in one message', async () => {
    const bytes = Buffer.alloc(MEDIA_CHUNK_BYTES, transport === 'ipc' ? 1 : 2);
    const begun = await invoke('beginMediaUpload', { fileName: `full-${transport}.jpg`, size: bytes.length });
    const uploadId = begun.ok ? (begun.value as { uploadId: string }).uploadId : '';
    expect(await invoke('uploadMediaChunk', { uploadId, offset: 0, contentBase64: bytes.toString('base64') })).toEqual({ ok: true, value: { received: bytes.length, fileName: `full-${transport}.jpg` } });
  });

  it('reports the store and backs it up', async () => {
    expect(await invoke('getStoreReport')).toMatchObject({ ok: true, value: { healthy: true, integrity: 'ok' } });
    expect(await invoke('backupNow')).toMatchObject({ ok: true, value: { name: expect.stringMatching(/^botdeck-.*\.db$/) as string } });
  });
});
