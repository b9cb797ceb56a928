import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { newAccessToken, offeredTokens, tokenMatches } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { APP_VERSION } from '../support/fixtures';
import { rawRequest } from '../support/raw-http';
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
    expect(offeredTokens(new URL('http://x/?token=abc'), undefined, 'c')).toEqual({ query: 'abc', cookie: null });
    expect(offeredTokens(new URL('http://x/'), 'a=1; c=xyz%3D', 'c')).toEqual({ query: null, cookie: 'xyz=' });
    expect(offeredTokens(new URL('http://x/'), 'c=%', 'c')).toEqual({ query: null, cookie: null });
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

  it('moves the token from the address into a cookie, serves the console with it, and never leaves its folder', async () => {
    const first = await fetch(`${base}/?token=${token}&lang=pt`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/?lang=pt');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    const session = { cookie: cookie.split(';')[0]! };
    const page = await fetch(`${base}/?lang=pt`, { headers: session });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${base}/assets/app.js`, { headers: session });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/..%2Fsecret.txt`, { headers: session })).status).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`, { headers: session })).status).toBe(400);
  });

  it('never redirects to another host, whatever the path', async () => {
    const answer = await rawRequest(server.port, `GET //evil.example/?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(answer?.status).toBe(303);
    expect(answer?.head).toMatch(/\r\nLocation: \/evil\.example\/\r\n/i);
  });

  it('refuses requests not addressed to this server, or sent from another site', async () => {
    const session = `botdeck_token=${token}`;
    const get = (headers: string) => rawRequest(server.port, `GET / HTTP/1.1\r\n${headers}Cookie: ${session}\r\nConnection: close\r\n\r\n`);
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await get(`Host: ${host}\r\n`))?.status, host).toBe(200);
    }
    expect((await get(`Host: 127.0.0.1:${server.port}\r\nOrigin: http://localhost:${server.port}\r\n`))?.status).toBe(200);
    // Another port on this machine (cookies ignore ports), a rebound DNS name, no Host at all.
    for (const host of [`127.0.0.1:${server.port + 1}`, '127.0.0.1', `evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`]) {
      const answer = await get(`Host: ${host}\r\n`);
      expect(answer?.status, host).toBe(403);
      expect(answer?.body).toContain('not addressed to this server');
    }
    expect((await rawRequest(server.port, `GET / HTTP/1.0\r\nCookie: ${session}\r\n\r\n`))?.status).toBe(403);
    for (const origin of [`http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'http://evil.example', 'null', `http://127.0.0.1:${server.port}/path`]) {
      const answer = await get(`Host: 127.0.0.1:${server.port}\r\nOrigin: ${origin}\r\n`);
      expect(answer?.status, origin).toBe(403);
      expect(answer?.body).toContain('came from a page of another site');
    }
  });

  it('refuses a socket from another site even with the cookie', async () => {
    await expect(socket({ cookie: `botdeck_token=${token}`, origin: `http://localhost:${server.port + 1}` })).rejects.toThrow(/403/);
    await expect(socket({ cookie: `botdeck_token=${token}`, host: `evil.example:${server.port}` })).rejects.toThrow(/403/);
    const ws = await socket({ cookie: `botdeck_token=${token}`, origin: `http://127.0.0.1:${server.port}` });
    ws.close();
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

  it('pushes events with the secrets in their texts redacted', async () => {
    const ws = await socket({ cookie: `botdeck_token=${token}` });
    const secret = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    const pushed = new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
    core.events.emit('delivery.outcome', {
      botId: 1,
      deliveryId: 2,
      leadId: 3,
      kind: 'welcome',
      outcome: 'retry',
      error: `connect ECONNREFUSED https://api.telegram.org/bot123456789:${secret}/sendMessage`,
    });
    const text = (await pushed) as string;
    expect(text).toContain('123456789:<token>');
    expect(text).not.toContain(secret);
    ws.close();
  });
});
