import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fakeConsoleDir, startHeadlessChild, type HeadlessChild } from '../support/headless-process';
import { rawRequest } from '../support/raw-http';
import { tempDir } from '../support/temp-dir';

// Each of these once ended the whole process, and every bot with it.
let child: HeadlessChild;
let host: string;

beforeAll(async () => {
  const dir = tempDir();
  child = await startHeadlessChild({ dataDir: join(dir, 'data'), rendererDir: fakeConsoleDir(dir) });
  host = `127.0.0.1:${child.port}`;
}, 60_000);

afterAll(async () => {
  await child.stop();
});

/** The process runs and still serves the console to the operator. */
async function stillServes(): Promise<void> {
  expect(child.alive(), child.stderr()).toBe(true);
  const answer = await rawRequest(child.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: botdeck_token=${child.token}\r\nConnection: close\r\n\r\n`);
  expect(answer?.status).toBe(200);
  expect(answer?.body).toContain('<title>Botdeck</title>');
}

function upgradeRequest(extraHeaders = ''): string {
  return `GET /api HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extraHeaders}\r\n`;
}

/** Opens the contract's socket with the token and waits for the code the server closes it with. */
async function closeCodeAfter(send: (ws: WebSocket) => void): Promise<number> {
  const ws = new WebSocket(`ws://${host}/api`, { headers: { cookie: `botdeck_token=${child.token}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  // The client side may see the broken connection as an error too; only the close code matters.
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
  send(ws);
  return closed;
}

describe('hostile input to the headless server', () => {
  it('answers GET // without the token with a refusal', async () => {
    const answer = await rawRequest(child.port, `GET // HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(answer?.status).toBe(401);
    await stillServes();
  });

  it('refuses a cookie that is not valid percent-encoding', async () => {
    const answer = await rawRequest(child.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nCookie: botdeck_token=%\r\nConnection: close\r\n\r\n`);
    expect(answer?.status).toBe(401);
    await stillServes();
  });

  it('lives through upgrade requests whose connection is reset mid-way', async () => {
    for (let round = 0; round < 5; round += 1) {
      // Reset as soon as the refusal starts arriving, and reset before it is written.
      for (const resetOnData of [true, false]) {
        await new Promise<void>((resolve) => {
          const socket = connect(child.port, '127.0.0.1');
          socket.on('error', () => undefined);
          socket.on('close', () => resolve());
          if (resetOnData) socket.on('data', () => socket.resetAndDestroy());
          socket.write(upgradeRequest(), () => {
            if (!resetOnData) socket.resetAndDestroy();
          });
        });
      }
    }
    await stillServes();
  });

  it('closes a socket that sends a frame over the size limit (1009) and carries on', async () => {
    expect(await closeCodeAfter((ws) => ws.send(Buffer.alloc(1024 * 1024 + 1, 0x20)))).toBe(1009);
    await stillServes();
  });

  it('closes a socket that sends invalid UTF-8 as text (1007) and carries on', async () => {
    expect(await closeCodeAfter((ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }))).toBe(1007);
    await stillServes();
  });
});
