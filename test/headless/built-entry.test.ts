import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { migrations } from '../../src/main/core/db/migrations';
import { storeReportSchema } from '../../src/shared/store-report';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { projectRoot } from '../support/served-console';
import { tempDir } from '../support/temp-dir';

const BOT_TOKEN = fakeToken(731_001);
const builtEntry = join(projectRoot, 'out/main/headless.js');

/** Asks one contract call over the console's socket and returns the answer. */
function ask(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8'))));
    ws.send(JSON.stringify(message));
  });
}

describe('the built headless host, run by plain Node as `npm run serve` runs it', () => {
  let fake: FakeTelegram;
  let child: ChildProcess;
  let address: URL;
  let errors = '';

  beforeAll(async () => {
    fake = await startFakeTelegram();
    fake.addBot({ token: BOT_TOKEN, id: 731_001, username: 'vitrine_bot', firstName: 'Vitrine' });
    // No tsx anywhere: neither a loader in the arguments nor one inherited through NODE_OPTIONS.
    const { NODE_OPTIONS: _inherited, ...env } = process.env;
    child = spawn(process.execPath, [builtEntry, '--data-dir', join(tempDir(), 'data'), '--port', '0'], {
      cwd: projectRoot,
      env: { ...env, BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    let output = '';
    const printed = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = /Botdeck console: (\S+)/.exec(output);
        if (line?.[1] !== undefined) resolve(line[1]);
      });
      child.once('exit', (code) => reject(new Error(`the built headless host exited with ${code ?? 'a signal'}: ${errors}`)));
    });
    address = new URL(printed);
  }, 120_000);

  afterAll(async () => {
    const stopped = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    await fake.close();
  });

  it('serves the built console to the printed address', async () => {
    const first = await fetch(address, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(new URL('/', address), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(projectRoot, 'out/renderer/index.html'), 'utf8'));
  });

  it('runs the engine: a bot added over the contract is checked against the Bot API and stored', async () => {
    const token = address.searchParams.get('token') ?? '';
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://${address.host}/api`, { headers: { cookie: `botdeck_token=${token}` } });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    expect(await ask(ws, { id: 1, call: 'addBot', input: { token: BOT_TOKEN } })).toMatchObject({ id: 1, result: { ok: true, value: { username: 'vitrine_bot' } } });
    expect(await ask(ws, { id: 2, call: 'listBots' })).toMatchObject({ id: 2, result: { ok: true, value: [{ username: 'vitrine_bot' }] } });
    ws.close();
    expect(errors).toBe('');
  });
});

describe('the built doctor, run by plain Node as `npm run doctor` runs it', () => {
  it('creates, checks and reports a data folder with no TypeScript tooling', () => {
    const { NODE_OPTIONS: _inherited, ...env } = process.env;
    const dataDir = join(tempDir(), 'data');
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(projectRoot, 'out/main/doctor.js'), '--data-dir', dataDir, ...args], { cwd: tempDir(), env, encoding: 'utf8' });
    const created = run(['--migrate']);
    expect(created.status, created.stderr).toBe(0);
    const report = run(['--json']);
    expect(report.status, report.stderr).toBe(0);
    expect(storeReportSchema.parse(JSON.parse(report.stdout))).toMatchObject({
      healthy: true,
      integrity: 'ok',
      appSchemaVersion: migrations.length,
      schemaVersion: migrations.length,
    });
    expect(run(['--nope']).status).toBe(2);
  });
});
