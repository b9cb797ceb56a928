import type { IpcMain } from 'electron';
import { HttpError } from 'grammy';
import { describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../src/shared/calls';
import type { Handlers } from '../../src/shared/contract';
import { createHandlers } from '../../src/main/core/api';
import { refusedCore } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { BotdeckError, toErrorInfo } from '../../src/main/core/errors';
import { errorText } from '../../src/shared/i18n/error-text';
import { EventBus } from '../../src/main/core/events';
import { redactSecrets } from '../../src/main/core/redact';
import { redactingLogger } from '../../src/main/core/redacting-logger';
import { forwardEvents } from '../../src/main/event-forwarding';
import { registerIpcHandlers } from '../../src/main/ipc';
import { memoryLogger } from '../support/engine';
import { FakeBrowserWindow, ipcHandlers, ipcMain } from '../support/fake-electron';
import { fakeToken } from '../support/fake-telegram';
import { APP_VERSION } from '../support/fixtures';

vi.mock('electron', () => import('../support/fake-electron'));

const TOKEN = fakeToken(555_001);
const TOKEN_SECRET = TOKEN.split(':')[1]!;
const DISCORD = 'https://discord.com/api/webhooks/123456789012345678/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa-_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0';
const DISCORD_SECRET = DISCORD.split('/').pop()!;
const PING = 'https://hc-ping.com/0f3c1a2b-1234-4cde-8f00-123456789abc';

/** What grammY throws when a request fails below it: its message quotes the URL, token and all. */
function deepFailure(): HttpError {
  const cause = new Error(`request to http://127.0.0.1:9/bot${TOKEN}/sendMessage failed, reason: connect ECONNREFUSED`);
  return new HttpError(`Network request for 'sendMessage' failed! (${cause.message})`, cause);
}

function expectNoSecret(text: string): void {
  for (const secret of [TOKEN_SECRET, DISCORD_SECRET, '0f3c1a2b-1234-4cde-8f00-123456789abc', 'pa55word']) expect(text).not.toContain(secret);
}

describe('secrets in error messages', () => {
  it('hide bot tokens, webhook and ping keys and credentials, keeping the host', () => {
    const text = redactSecrets(`${deepFailure().message}; alert to ${DISCORD} and ${PING} and https://op:pa55word@example.com/x; token ${TOKEN.replace(':', '%3A')}`);
    expectNoSecret(text);
    expect(text).toContain('http://127.0.0.1:9/bot555001:<token>/sendMessage');
    expect(text).toContain('https://discord.com/api/webhooks/');
    expect(text).toContain('https://hc-ping.com/[hidden]');
    expect(redactSecrets('port 127.0.0.1:8081 at 12:30 on https://api.telegram.org')).toBe('port 127.0.0.1:8081 at 12:30 on https://api.telegram.org');
  });

  it('reach the console redacted whatever threw them, over the contract and IPC', async () => {
    const handlers: Handlers = {
      ...createHandlers(refusedCore({ dataDir: '/nonexistent/botdeck', appVersion: APP_VERSION }, new Error('no store in this test')), 'linux'),
      getStoreReport: () => {
        throw deepFailure();
      },
      backupNow: () => {
        throw new BotdeckError('CHANNEL_FAILED', errorText('channel.failed', { detail: `The webhook ${DISCORD} answered 404.` }));
      },
    };
    const unexpected = await dispatch(handlers, 'getStoreReport', undefined);
    expect(unexpected).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!unexpected.ok) {
      expectNoSecret(JSON.stringify(unexpected.error));
      expect(unexpected.error.message).toContain('bot555001:<token>');
    }
    const coded = await dispatch(handlers, 'backupNow', undefined);
    expect(coded).toMatchObject({ ok: false, error: { code: 'CHANNEL_FAILED' } });
    // The text's parameters cross too: they are cleared like the message.
    if (!coded.ok) expectNoSecret(JSON.stringify(coded.error));
    // A token pasted into the wrong field comes back in no error message.
    const misplaced = await dispatch(handlers, 'restoreBackup', { name: TOKEN });
    expect(misplaced).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!misplaced.ok) expectNoSecret(JSON.stringify(misplaced.error));

    ipcHandlers.clear();
    registerIpcHandlers(ipcMain as unknown as IpcMain, handlers, { isConsole: () => true, logger: memoryLogger() });
    const overIpc = JSON.stringify(await ipcHandlers.get(ipcChannel('getStoreReport'))?.({ senderFrame: { url: 'file:///x' } }, undefined));
    expect(overIpc).toContain('INTERNAL');
    expectNoSecret(overIpc);
    expect(toErrorInfo(`thrown text ${TOKEN}`).message).not.toContain(TOKEN_SECRET);
  });

  it('reach the log redacted, in the message, in string fields and inside error objects', () => {
    const lines = memoryLogger();
    const logger = redactingLogger(lines);
    logger.error({ err: deepFailure(), detail: { url: PING, tries: [DISCORD] }, botId: 3 }, `sending failed at http://127.0.0.1:9/bot${TOKEN}/sendMessage`);
    logger.warn({ cause: `token ${TOKEN}` }, 'a warning');
    logger.info({ nested: { a: { b: { c: { d: { e: { f: { g: { h: { i: TOKEN } } } } } } } } } }, 'deep');
    expect(lines.lines).toHaveLength(3);
    for (const line of lines.lines) expectNoSecret(line);
    expect(lines.lines[0]).toContain('"botId":3');
    expect(lines.lines[0]).toContain('HttpError');
    expect(redactingLogger(logger)).toBe(logger);
  });

  it('reach the desktop console redacted in pushed events', () => {
    const events = new EventBus();
    const window = new FakeBrowserWindow({});
    forwardEvents(events, () => window as unknown as import('electron').BrowserWindow);
    events.emit('delivery.outcome', { botId: 1, deliveryId: 2, leadId: 3, kind: 'welcome', outcome: 'retry', error: deepFailure().message });
    const sent = JSON.stringify(window.webContents.send.mock.calls);
    expect(sent).toContain('delivery.outcome');
    expectNoSecret(sent);
  });
});
