import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { createHandlers } from '../src/main/core/api';
import { startCore } from '../src/main/core/core';
import { newAccessToken } from '../src/main/headless/access-token';
import { startHeadlessServer } from '../src/main/headless/headless-server';
import { median, type Figure } from './figures';

const CALLS = 2000;

async function roundTrips(url: string, message: (id: number) => string): Promise<number[]> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const times: number[] = [];
  for (let id = 1; id <= CALLS; id += 1) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      ws.once('message', () => {
        resolve();
      });
      ws.send(message(id));
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ws.close();
  return times;
}

/** A contract call over the headless WebSocket, next to a bare ws echo on the same loopback. */
export async function contractBench(workDir: string, log: (line: string) => void): Promise<Figure[]> {
  const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  await new Promise((resolve) => echo.once('listening', resolve));
  const echoPort = (echo.address() as { port: number }).port;
  log(`contract: ${CALLS} round trips over a bare ws echo...`);
  const bare = median(await roundTrips(`ws://127.0.0.1:${echoPort}`, (id) => JSON.stringify({ id, call: 'getAppInfo' })));
  echo.close();

  const core = await startCore({ dataDir: join(workDir, 'contract'), appVersion: 'bench' });
  const token = newAccessToken();
  const server = await startHeadlessServer({ handlers: createHandlers(core, process.platform), events: core.events, rendererDir: workDir, host: '127.0.0.1', port: 0, token });
  log(`contract: ${CALLS} getStoreStatus calls over the headless WebSocket...`);
  const ours = median(await roundTrips(`ws://127.0.0.1:${server.port}/api?token=${token}`, (id) => JSON.stringify({ id, call: 'getStoreStatus' })));
  await server.close();
  await core.close();
  return [{ name: 'contract.roundtrip_p50_ms', unit: 'ms', value: ours, baseline: bare, baselineLabel: 'bare ws echo', target: '< 2 ms', meetsTarget: ours < 2 }];
}
