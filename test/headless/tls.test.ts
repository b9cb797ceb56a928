import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHandlers } from '../../src/main/core/api';
import { startCore, type Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { requestRefusal, serverNames } from '../../src/main/headless/server-names';
import { APP_VERSION } from '../support/fixtures';
import { fakeConsoleDir } from '../support/headless-process';
import { rawRequest } from '../support/raw-http';
import { opensslAvailable, selfSignedCertificate } from '../support/self-signed';
import { tempDir } from '../support/temp-dir';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.runIf(opensslAvailable())('the headless server over TLS', () => {
  let core: Core;
  let server: HeadlessServer;
  let token: string;
  let certificate: { cert: string; key: string };

  beforeAll(async () => {
    const dir = tempDir();
    certificate = selfSignedCertificate(dir, 'IP:127.0.0.1,DNS:localhost,DNS:*.botdeck.test');
    core = await startCore({ dataDir: join(dir, 'data'), appVersion: APP_VERSION });
    token = newAccessToken();
    server = await startHeadlessServer({
      handlers: createHandlers(core, 'linux'),
      events: core.events,
      rendererDir: fakeConsoleDir(dir),
      host: '127.0.0.1',
      port: 0,
      token,
      tls: certificate,
    });
  });

  afterAll(async () => {
    await server.close();
    await core.close();
  });

  function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, headers, ca: certificate.cert, servername: 'localhost' }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('prints an https address, and sets a Secure cookie when the token leaves it', async () => {
    expect(server.url).toBe(`https://127.0.0.1:${server.port}/?token=${token}`);
    const first = await get(`/?token=${token}`);
    expect(first.status).toBe(303);
    const cookie = (first.headers['set-cookie'] ?? [])[0] ?? '';
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('HttpOnly');
    const page = await get('/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Botdeck</title>');
  });

  it('carries the contract over wss with the cookie, and refuses another origin', async () => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/api`, {
      headers: { cookie: `botdeck_token=${token}`, origin: `https://127.0.0.1:${server.port}` },
      ca: certificate.cert,
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const answer = new Promise<unknown>((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
    ws.send(JSON.stringify({ id: 1, call: 'getAppInfo' }));
    expect(await answer).toMatchObject({ id: 1, result: { ok: true, value: { version: APP_VERSION } } });
    ws.close();
    // The same page served over plain http elsewhere is another origin.
    expect((await get('/', { cookie: `botdeck_token=${token}`, origin: `http://127.0.0.1:${server.port}` })).status).toBe(403);
  });

  it('accepts the names the certificate covers in Host, and no others', async () => {
    const cookie = `botdeck_token=${token}`;
    expect((await get('/', { cookie, host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get('/', { cookie, host: `console.botdeck.test:${server.port}` })).status).toBe(200);
    expect((await get('/', { cookie, host: `a.b.botdeck.test:${server.port}` })).status).toBe(403);
    expect((await get('/', { cookie, host: `botdeck.test:${server.port}` })).status).toBe(403);
  });

  it('speaks no plain http on its port', async () => {
    expect(await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`)).toBeNull();
  });

  it('is what npm run serve starts with --tls-cert and --tls-key', async () => {
    const dir = tempDir();
    const files = selfSignedCertificate(dir, 'IP:127.0.0.1');
    const args = [
      '--import',
      'tsx',
      join(__dirname, '../../src/main/headless/index.ts'),
      '--data-dir',
      join(dir, 'data'),
      '--port',
      '0',
      '--tls-cert',
      files.certFile,
      '--tls-key',
      files.keyFile,
    ];
    const child = spawn(process.execPath, args, { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const printed = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(output);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code ?? 'a signal'}`)));
    });
    const stopped = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    expect(printed).toMatch(/^Botdeck console: https:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}\n$/);
  });

  it('takes the default port from the scheme when Host and Origin leave it out', () => {
    const names = serverNames({ host: '127.0.0.1', port: 443, certificate: certificate.cert });
    expect(requestRefusal(names, 'localhost', 'https://localhost')).toBeNull();
    expect(requestRefusal(names, 'localhost:443', undefined)).toBeNull();
    expect(requestRefusal(names, 'localhost', 'http://localhost')).not.toBeNull();
    expect(requestRefusal(serverNames({ host: '::1', port: 80 }), '[::1]', 'http://[::1]')).toBeNull();
  });
});
