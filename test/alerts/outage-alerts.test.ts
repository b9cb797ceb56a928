import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelConfig, Incident } from '../../src/shared/alerts';
import { rmSync } from 'node:fs';
import { startCore, type Core } from '../../src/main/core/core';
import { cleanCloseMarker } from '../../src/main/core/db/paths';
import { fakeToken, startFakeTelegram, type FakeTelegram, type FakeUser } from '../support/fake-telegram';
import { fastAlerts, fastFleet, fleetOf, recordingNotifier } from '../support/engine';
import { startRunningBot } from '../support/running-bot';
import { APP_VERSION } from '../support/fixtures';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../support/http-receiver';
import { tempDir } from '../support/temp-dir';

const TOKEN = fakeToken(222_001);
const ALERT_BOT = fakeToken(222_009);
const operator: FakeUser = { id: 9100, firstName: 'Operator' };
const ana: FakeUser = { id: 9101, firstName: 'Ana', username: 'ana' };
const bruno: FakeUser = { id: 9102, firstName: 'Bruno' };

let fake: FakeTelegram;
let receiver: HttpReceiver;
let dataDir: string;
let core: Core | null = null;
let notifier: ReturnType<typeof recordingNotifier>;

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 222_001, username: 'shop_bot', firstName: 'Shop' });
  fake.addBot({ token: ALERT_BOT, id: 222_009, username: 'alerts_bot', firstName: 'Alerts' });
  // The operator's chat with the alert bot exists once they pressed Start there.
  fake.sendStart(ALERT_BOT, operator);
  receiver = await startHttpReceiver();
  dataDir = tempDir();
  notifier = recordingNotifier();
});

afterEach(async () => {
  await core?.close();
  core = null;
  await receiver.close();
  await fake.close();
});

async function engine(fleet = fastFleet): Promise<Core> {
  core = await startCore({ dataDir, appVersion: APP_VERSION, env: { BOTDECK_TELEGRAM_API_ROOT: fake.apiRoot }, fleet, alerts: fastAlerts, notifier });
  return core;
}

async function runningBot(): Promise<number> {
  return startRunningBot(core ?? (await engine()), TOKEN, 10_000);
}

function addChannels(current: Core): void {
  const alerts = current.alerts();
  if (alerts === null) throw new Error('no alerts');
  const configs: [string, ChannelConfig][] = [
    ['Hook', { kind: 'webhook', url: `${receiver.origin}/hook` }],
    ['Discord', { kind: 'discord', url: `${receiver.origin}/discord` }],
    ['Slack', { kind: 'slack', url: `${receiver.origin}/slack` }],
    ['Desktop', { kind: 'desktop' }],
    ['Telegram', { kind: 'telegram', token: ALERT_BOT, chatId: operator.id }],
  ];
  for (const [name, config] of configs) alerts.addChannel({ name, enabled: true, config });
}

/** The alert type each HTTP channel was sent, by path, in order of arrival. */
function receivedTypes(path: string): string[] {
  const text = (request: ReceivedRequest): string => JSON.stringify(request.json);
  return receiver.requests
    .filter((request) => request.path === path)
    .map((request) => (/ is down/.test(text(request)) ? 'down' : / is back/.test(text(request)) ? 'recovered' : 'other'));
}

function telegramAlerts(): string[] {
  return fake
    .sent(ALERT_BOT, operator.id)
    .map((message) => (message.text?.includes(' is down') === true ? 'down' : message.text?.includes(' is back') === true ? 'recovered' : 'other'));
}

function incidents(): Incident[] {
  return core?.incidents()?.list({ limit: 10, openOnly: false }) ?? [];
}

describe('a Bot API outage', () => {
  it('is detected within the grace period, alerted once per channel, and recovered with its leads', async () => {
    const botId = await runningBot();
    addChannels(core!);
    const opened: Incident[] = [];
    core!.events.on('incident.opened', (incident) => opened.push(incident));

    const outageAt = Date.now();
    fake.setOutage(true);
    await vi.waitFor(() => expect(opened).toHaveLength(1), { timeout: 10_000 });
    expect(opened[0]).toMatchObject({ botId, cause: 'network', endedAt: null });
    // Detection is bounded by the grace period (plus one evaluation tick), never later.
    expect(opened[0]!.detectedAt - outageAt).toBeLessThanOrEqual(fastFleet.health!.graceMs + 500);
    expect(opened[0]!.startedAt).toBeLessThanOrEqual(outageAt);

    fake.sendStart(TOKEN, ana, 'during_outage');
    fake.sendStart(TOKEN, bruno);
    await vi.waitFor(() => expect(receivedTypes('/hook')).toEqual(['down']));
    fake.setOutage(false);

    await vi.waitFor(() => expect(fleetOf(core!).status(botId)).toMatchObject({ state: 'running', reason: 'ok' }), { timeout: 10_000 });
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ endReason: 'recovered', leads: 2, recovered: 2 }), { timeout: 10_000 });
    await vi.waitFor(
      () => {
        for (const path of ['/hook', '/discord', '/slack']) expect(receivedTypes(path), path).toEqual(['down', 'recovered']);
        expect(notifier.shown.map((shown) => shown.title)).toEqual(['🔴 @shop_bot is down', '🟢 @shop_bot is back']);
        // Telegram was down too: the down alert through it is retried until it gets through.
        expect(telegramAlerts().sort()).toEqual(['down', 'recovered']);
      },
      { timeout: 8000 },
    );

    // Nothing more trickles in once the bot is stable.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toHaveLength(6);
    expect(incidents()).toHaveLength(1);
    const detail = core!.incidents()!.detail(opened[0]!.id);
    expect(detail?.leads.map((lead) => lead.name).sort()).toEqual(['Ana', 'Bruno']);
    expect(notifier.shown[0]?.opens).toEqual({ page: 'alerts', incidentId: opened[0]!.id });
    const hook = receiver.requests.find((request) => request.path === '/hook')?.json as { type: string; incident: Incident };
    expect(hook).toMatchObject({ type: 'down', incident: { id: opened[0]!.id, botId, cause: 'network' } });
  });

  it('does not storm the operator while the API flaps', async () => {
    await runningBot();
    addChannels(core!);
    // Long enough down to be declared down, never up long enough to count as recovered.
    for (let flap = 0; flap < 4; flap += 1) {
      fake.setOutage(true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      fake.setOutage(false);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    fake.setOutage(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    fake.setOutage(false);
    // Each channel is delivered on its own: wait for both.
    await vi.waitFor(
      () => {
        expect(receivedTypes('/hook')).toEqual(['down', 'recovered']);
        expect(receivedTypes('/slack')).toEqual(['down', 'recovered']);
      },
      { timeout: 8000 },
    );
    expect(incidents()).toHaveLength(1);
  });

  it('names a revoked token and a second poller as their own causes', async () => {
    const botId = await runningBot();
    fake.fault(TOKEN, { kind: 'conflict', methods: ['getUpdates'] });
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId, cause: 'conflict', endedAt: null }), { timeout: 10_000 });
    fake.clearFaults(TOKEN);
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ cause: 'conflict', endReason: 'recovered' }), { timeout: 10_000 });
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId, cause: 'token_revoked', endedAt: null }), { timeout: 10_000 });
    expect(incidents()).toHaveLength(2);
  });

  it('calls a bot down when its leads keep coming but no welcome gets through', async () => {
    const botId = await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    fake.fault(TOKEN, { kind: 'chat_not_found', methods: ['sendMessage'] });
    for (let i = 0; i < 10; i += 1) fake.sendStart(TOKEN, { id: 9200 + i, firstName: `Lead ${i}` });
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId, cause: 'send_failures', endedAt: null }), { timeout: 10_000 });
    await vi.waitFor(() => expect(receivedTypes('/hook')).toEqual(['down']));
    fake.clearFaults(TOKEN);
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ cause: 'send_failures', endReason: 'recovered' }), { timeout: 10_000 });
  });

  it('closes the incident quietly when the operator stops the bot', async () => {
    const botId = await runningBot();
    addChannels(core!);
    fake.setOutage(true);
    await vi.waitFor(() => expect(receivedTypes('/hook')).toEqual(['down']), { timeout: 10_000 });
    await fleetOf(core!).stopBot(botId);
    expect(incidents()[0]).toMatchObject({ endReason: 'stopped' });
    fake.setOutage(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receivedTypes('/hook')).toEqual(['down']);
  });
});

describe('a failing channel', () => {
  it('is retried with backoff after a 500 and never delays the bots', async () => {
    const botId = await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    receiver.answer(500, 'busy');
    fake.fault(TOKEN, { kind: 'unauthorized' });
    await vi.waitFor(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    receiver.answer(200, 'ok');
    await vi.waitFor(() => expect(core!.alerts()!.history({ limit: 5 })[0]).toMatchObject({ type: 'down', status: 'sent' }), { timeout: 10_000 });
    expect(core!.alerts()!.history({ limit: 5 })[0]!.attempts).toBeGreaterThanOrEqual(3);
    expect(core!.alerts()!.listChannels()[0]).toMatchObject({ lastError: null });
    expect(fleetOf(core!).status(botId).reason).toBe('token_revoked');
  });

  it('gives up on a receiver that hangs, while leads keep being welcomed', async () => {
    const botId = await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    receiver.hang();
    fake.setOutage(true);
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1), { timeout: 10_000 });
    fake.setOutage(false);
    fake.sendStart(TOKEN, ana);
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(fleetOf(core!).status(botId).state).toBe('running'), { timeout: 10_000 });
    // The down alert's first attempt timed out; it is being retried, and nothing waited for it.
    await vi.waitFor(
      () => {
        const log = core!
          .alerts()!
          .history({ limit: 5 })
          .find((entry) => entry.type === 'down');
        expect(log?.error ?? '').toMatch(/did not answer|timed out/i);
        expect(log?.attempts).toBeGreaterThanOrEqual(1);
      },
      { timeout: 10_000 },
    );
  });
});

describe('the heartbeat ping', () => {
  it('pings on schedule while the engine runs and stops when it stops', async () => {
    const current = await engine();
    current.alerts()!.addChannel({ name: 'Kuma', enabled: true, config: { kind: 'heartbeat', url: `${receiver.origin}/api/push/abc?status=up` } });
    await vi.waitFor(() => expect(receiver.requests.length).toBeGreaterThanOrEqual(3), { timeout: 3000 });
    expect(receiver.requests.every((request) => request.method === 'GET' && request.path === '/api/push/abc?status=up')).toBe(true);
    await current.close();
    core = null;
    const pings = receiver.requests.length;
    await new Promise((resolve) => setTimeout(resolve, (fastAlerts.heartbeatMs ?? 0) * 4));
    expect(receiver.requests).toHaveLength(pings);
  });
});

describe('the engine itself offline', () => {
  it('counts a frozen process (the laptop slept) as the engine offline, not as bots going down', async () => {
    await engine({ ...fastFleet, pauseGapMs: 600 });
    const botId = await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    // Nothing in this process runs for longer than the grace period, as in a suspend.
    const frozenUntil = Date.now() + fastFleet.health!.graceMs + 500;
    while (Date.now() < frozenUntil) {
      // busy: timers, sockets and the fake Bot API all wait
    }
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId: null, cause: 'engine_offline' }), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(incidents().filter((incident) => incident.botId !== null)).toEqual([]);
    expect(fleetOf(core!).status(botId).state).toBe('running');
    expect(receiver.requests.map((request) => (request.json as { type: string }).type)).toEqual(['engine_offline']);
  });

  it('after a crash: an incident with the leads that arrived meanwhile, and an alert', async () => {
    await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    await core!.close();
    core = null;
    // No clean-close marker: the next start sees a session that did not end by quitting.
    rmSync(cleanCloseMarker(dataDir));
    await new Promise((resolve) => setTimeout(resolve, 1200));
    fake.sendStart(TOKEN, ana);
    await engine();
    await vi.waitFor(
      () =>
        expect(incidents()[0]).toMatchObject({ botId: null, cause: 'engine_offline', endReason: 'recovered', leads: 1, detail: expect.stringContaining('unexpectedly') as string }),
      { timeout: 10_000 },
    );
    await vi.waitFor(() => expect(receiver.requests.map((request) => (request.json as { type: string }).type)).toEqual(['engine_offline']));
  });

  it('after a crash that a supervisor restarted at once (within two heartbeats): still an incident and an alert', async () => {
    await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    await core!.close();
    core = null;
    rmSync(cleanCloseMarker(dataDir));
    await engine({ ...fastFleet, heartbeatMs: 60_000 });
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId: null, cause: 'engine_offline', detail: expect.stringContaining('unexpectedly') as string }), {
      timeout: 10_000,
    });
    await vi.waitFor(() => expect(receiver.requests.map((request) => (request.json as { type: string }).type)).toEqual(['engine_offline']));
  });

  it('after the operator quit: the incident counts the leads, but nobody is alerted', async () => {
    await runningBot();
    core!.alerts()!.addChannel({ name: 'Hook', enabled: true, config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
    await core!.close();
    core = null;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    fake.sendStart(TOKEN, ana);
    await engine();
    await vi.waitFor(() => expect(incidents()[0]).toMatchObject({ botId: null, cause: 'engine_offline', detail: 'Botdeck was closed.', leads: 1 }), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toEqual([]);
  });
});
