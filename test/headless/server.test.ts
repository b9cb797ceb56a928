import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { newAccessToken, offeredToken, tokenMatches } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';

let core: Core;
let server: HeadlessServer;
let token: string;
let base: string;

beforeEach(async () => {
  const rendererDir = join(tempDir(), 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Botdeck</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, '..', 'secret.txt'), 'outside');
  core = await startCore({ dataDir: tempDir(), appVersion: APP_VERSION });
  token = newAccessToken();
  server = await startHeadlessServer({ handlers: createHandlers(core, 'linux'), events: core.events, rendererDir, host: '127.0.0.1', port: 0, token });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await core.close();
});

function socket(headers: Record<string, string> = {}, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode ?? 0}`)));
  });
}

function ask(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('the access token', () => {
  it('matches only the exact token', () => {
    const t = newAccessToken();
    expect(t.length).toBeGreaterThanOrEqual(43);
    expect(tokenMatches(t, t)).toBe(true);
    expect(tokenMatches(t, `${t}x`)).toBe(false);
    expect(tokenMatches(t, t.slice(0, -1))).toBe(false);
    expect(tokenMatches(t, '')).toBe(false);
    expect(tokenMatches(t, null)).toBe(false);
    expect(offeredToken(new URL('http://x/?token=abc'), undefined, 'c')).toBe('abc');
    expect(offeredToken(new URL('http://x/'), 'a=1; c=xyz%3D', 'c')).toBe('xyz=');
  });
});

describe('the headless server', () => {
  it('binds 127.0.0.1 and prints an address that carries the token', () => {
    expect(server.url).toBe(`${base}/?token=${token}`);
  });

  it('refuses pages without the token or with a wrong one', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`, { headers: { cookie: 'botdeck_token=nope' } })).status).toBe(401);
  });

  it('serves the console with the token, sets the cookie for later requests, and never leaves its folder', async () => {
    const first = await fetch(server.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/..%2Fsecret.txt?token=${token}`)).status).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A?token=${token}`)).status).toBe(400);
  });

  it('refuses a socket without the token or with a wrong one', async () => {
    await expect(socket()).rejects.toThrow(/401/);
    await expect(socket({ cookie: 'botdeck_token=wrong' })).rejects.toThrow(/401/);
    await expect(socket({}, '?token=wrong')).rejects.toThrow(/401/);
  });

  it('carries the contract: values, typed errors for bad input and unknown calls, and pushed events', async () => {
    const ws = await socket({ cookie: `botdeck_token=${token}` });
    expect(await ask(ws, { id: 1, call: 'getAppInfo' })).toMatchObject({ id: 1, result: { ok: true, value: { version: APP_VERSION, platform: 'linux' } } });
    expect(await ask(ws, { id: 2, call: 'getStoreStatus', input: { sneaky: true } })).toMatchObject({ id: 2, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    expect(await ask(ws, { id: 3, call: 'dropAllTables' })).toMatchObject({ id: 3, result: { ok: false, error: { code: 'BAD_INPUT' } } });
    expect(await ask(ws, 'not json')).toMatchObject({ result: { ok: false, error: { code: 'BAD_INPUT' } } });
    const pushed = new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    core.events.emit('lead.created', { botId: 1, leadId: 9, source: null });
    expect(await pushed).toEqual({ event: 'lead.created', payload: { botId: 1, leadId: 9, source: null } });
    ws.close();
  });
});
