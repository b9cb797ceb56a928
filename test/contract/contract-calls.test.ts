import type { IpcMain } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { callNames, ipcChannel, type CallName, type CallResult } from '../../src/shared/calls';
import { contract, outputSchema, type CallOutput } from '../../src/shared/contract';
import { defaultWelcome, productCallbackData } from '../../src/shared/welcome';
import { productInputSchema } from '../../src/shared/products';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { MEDIA_CHUNK_BYTES } from '../../src/shared/media';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { newAccessToken } from '../../src/main/headless/access-token';
import { startHeadlessServer, type HeadlessServer } from '../../src/main/headless/headless-server';
import { registerIpcHandlers } from '../../src/main/ipc';
import { silentLogger } from '../../src/main/core/logger';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { expectContractAnswer } from '../support/contract-output';
import { startFakePix } from '../support/fake-pix';
import { startHttpReceiver } from '../support/http-receiver';
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
const unchecked: Record<'ipc' | 'ws', Invoke> = {
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

/** The calls that answered with a value, per transport: each value was checked against its output schema. */
const answered: Record<'ipc' | 'ws', Set<CallName>> = { ipc: new Set(), ws: new Set() };

/** Every answer in these tests is checked against the contract (see expectContractAnswer) before the test sees it. */
const checked =
  (invoke: Invoke, values: Set<CallName>): Invoke =>
  async (name, input) => {
    const result = await invoke(name, input);
    expectContractAnswer(name, result);
    if (result.ok) values.add(name);
    return result;
  };
const transports: Record<'ipc' | 'ws', Invoke> = { ipc: checked(unchecked.ipc, answered.ipc), ws: checked(unchecked.ws, answered.ws) };

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
    // The operator reads what is wrong, never the call's name.
    if (!result.ok)
      expect(result.error).toMatchObject({
        text: { key: 'input.invalid', params: { problems: expect.arrayContaining([expect.objectContaining({ path: expect.any(String) as string })]) as unknown } },
      });
    if (!result.ok) expect(result.error.message).not.toContain(name);
  });

  it('runs the bot calls end to end, with typed errors a person can act on', async () => {
    const botToken = fakeToken(transport === 'ipc' ? 333_001 : 333_002);
    expect(await invoke('addBot', { token: 'nope' })).toMatchObject({ ok: false, error: { code: 'BOT_TOKEN_MALFORMED' } });
    const added = await invoke('addBot', { token: botToken });
    expect(added.ok).toBe(true);
    const botId = added.ok ? (added.value as { id: number }).id : 0;
    expect(JSON.stringify(added)).not.toContain(botToken.split(':')[1]);
    expect(await invoke('startBot', { botId })).toMatchObject({ ok: true, value: { desiredState: 'running' } });
    const tooLong = await invoke('setWelcome', {
      botId,
      welcome: { text: 'x'.repeat(5000), media: null, buttons: [], repeatPolicy: 'once', debounceSeconds: 10, maxRecoveryAgeHours: 24 },
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    // The field is named for the form, apart from the text the operator reads.
    if (!tooLong.ok) expect(tooLong.error.text.params.problems).toEqual([expect.objectContaining({ path: 'welcome.text' })]);
    if (!tooLong.ok) expect(tooLong.error.message).toMatch(/^The text is 5000 characters .*4096/);
    expect(await invoke('setSendRate', { botId, rate: 31 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('stopBot', { botId: 99_999 })).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });
    const list = await invoke('listBots');
    expect(list.ok && (list.value as { id: number }[]).some((bot) => bot.id === botId)).toBe(true);
    expect(await invoke('stopBot', { botId })).toMatchObject({ ok: true, value: { desiredState: 'stopped' } });
  });

  it('reads and updates settings, refusing a bad value', async () => {
    expect(await invoke('updateSettings', { language: 'klingon' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('updateSettings', { timeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('updateSettings', { quietHoursEnd: 24 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await invoke('updateSettings', { timeZone: 'America/Sao_Paulo', quietHoursStart: 21, quietHoursEnd: 7, followUpMissedWindowHours: 2 })).toMatchObject({
      ok: true,
      value: { timeZone: 'America/Sao_Paulo', quietHoursStart: 21, quietHoursEnd: 7, followUpMissedWindowHours: 2 },
    });
    expect(await invoke('updateSettings', { currency: 'USD' })).toMatchObject({ ok: true, value: { currency: 'USD', effectiveApiRoot: fake.apiRoot } });
    expect(await invoke('getSettings')).toMatchObject({ ok: true, value: { currency: 'USD', language: 'auto', telegramApiRoot: null } });
  });

  it('changes the Bot API address only when the operator confirmed that it receives every token', async () => {
    const unconfirmed = await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', currency: 'EUR' });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'API_ROOT_CHANGE_UNCONFIRMED' } });
    if (!unconfirmed.ok) expect(unconfirmed.error.message).toMatch(/https:\/\/bot-api\.example\.com would receive the tokens of all your bots/);
    // Nothing of a refused change is saved.
    expect(await invoke('getSettings')).toMatchObject({ ok: true, value: { telegramApiRoot: null, currency: 'USD' } });
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', confirmApiRootChange: false })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com', confirmApiRootChange: true })).toMatchObject({
      ok: true,
      value: { telegramApiRoot: 'https://bot-api.example.com' },
    });
    // Saving the same address again, or going back to Telegram's own, asks nothing.
    expect(await invoke('updateSettings', { telegramApiRoot: 'https://bot-api.example.com/', currency: 'USD' })).toMatchObject({ ok: true });
    expect(await invoke('updateSettings', { telegramApiRoot: null })).toMatchObject({ ok: true, value: { telegramApiRoot: null } });
  });

  it('uploads a full-size media chunk in one message', async () => {
    const bytes = Buffer.alloc(MEDIA_CHUNK_BYTES, transport === 'ipc' ? 1 : 2);
    const begun = await invoke('beginMediaUpload', { fileName: `full-${transport}.jpg`, size: bytes.length });
    const uploadId = begun.ok ? (begun.value as { uploadId: string }).uploadId : '';
    expect(await invoke('uploadMediaChunk', { uploadId, offset: 0, contentBase64: bytes.toString('base64') })).toEqual({
      ok: true,
      value: { received: bytes.length, fileName: `full-${transport}.jpg` },
    });
  });

  it('reports the store and backs it up', async () => {
    expect(await invoke('getStoreReport')).toMatchObject({ ok: true, value: { healthy: true, integrity: 'ok' } });
    expect(await invoke('backupNow')).toMatchObject({ ok: true, value: { name: expect.stringMatching(/^botdeck-.*\.db$/) as string } });
    expect(await invoke('getBackupStatus')).toMatchObject({ ok: true, value: { lastAttempt: { result: 'ok' }, problem: null } });
  });

  it('answers the other calls with values, each checked against its output schema', async () => {
    /** The call's value (already checked by the transport's wrapper), typed by its name. */
    const value = async <N extends CallName>(name: N, input?: unknown): Promise<CallOutput<N>> => {
      const result = await invoke(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return outputSchema(name).parse(result.value);
    };
    const botToken = fakeToken(transport === 'ipc' ? 333_001 : 333_002);
    await value('getAppInfo');
    await value('getStoreStatus');
    const bot = (await value('listBots')).find((summary) => summary.username === (transport === 'ipc' ? 'contract_bot' : 'contract2_bot'));
    if (bot === undefined) throw new Error('the bot added by the first test is missing');
    const botId = bot.id;
    await value('replaceBotToken', { botId, token: botToken });
    await value('setWelcome', { botId, welcome: defaultWelcome('Contract', 'en') });
    await value('setSendRate', { botId, rate: 5 });
    await value('startBot', { botId });
    await value('restartBot', { botId });

    const user = { id: transport === 'ipc' ? 7001 : 7002, firstName: 'Lia' };
    fake.sendStart(botToken, user);
    const filter = { botIds: [botId] };
    const lead = await vi.waitFor(
      async () => {
        const page = await value('queryLeads', { filter, sort: { column: 'first_seen_at', direction: 'desc' }, offset: 0, limit: 10 });
        expect(page.rows).toHaveLength(1);
        return page.rows[0]!;
      },
      { timeout: 5000 },
    );
    await value('sendTestWelcome', { botId, chatId: user.id });
    const code = await value('requestOperatorCode', { botId });
    fake.sendStart(botToken, user, code.code);
    await vi.waitFor(async () => expect(await value('getOperatorChat')).toMatchObject({ chatId: user.id, botId }), { timeout: 5000 });
    await value('sendTestCampaign', { botId, chatId: user.id, message: { text: '<b>Sale!</b>' } });
    expect(await invoke('sendTestCampaign', { botId: 99_999, chatId: user.id, message: { text: 'Sale' } })).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });
    await value('leadCounts', filter);
    await value('getLead', { leadId: lead.id });
    // A Stars purchase: the lead's payment is listed, the bot checked against Telegram, the payment refunded once.
    const productId = new ProductRecords(core.store()!.db).create(
      productInputSchema.parse({ botId, name: 'Guide', description: 'The guide', priceCents: null, priceStars: 5, delivery: { text: 'Your guide' } }),
      Date.now(),
    );
    fake.pressButton(botToken, user, productCallbackData(productId, 'stars'), 1);
    const invoice = await vi.waitFor(() => fake.invoices(botToken, user.id)[0] ?? Promise.reject(new Error('no invoice yet')), { timeout: 5000 });
    expect((await fake.pay(botToken, user, invoice)).outcome).toBe('paid');
    const payment = await vi.waitFor(async () => (await value('getLead', { leadId: lead.id })).payments[0] ?? Promise.reject(new Error('no payment yet')), { timeout: 5000 });
    expect(await value('reconcileStars', { botId })).toEqual({ found: 1, recorded: 0, refunded: 0 });
    expect(await value('refundPayment', { paymentId: payment.id })).toMatchObject({ id: payment.id, rail: 'stars' });
    expect(await invoke('refundPayment', { paymentId: payment.id })).toMatchObject({ ok: false, error: { code: 'REFUND_REFUSED' } });
    expect(await invoke('refundPayment', { paymentId: 999_999 })).toMatchObject({ ok: false, error: { code: 'PAYMENT_NOT_FOUND' } });
    await value('markConverted', { leadId: lead.id, amountCents: 4990 });
    expect((await value('setLeadOptOut', { leadId: lead.id, optedOut: true })).optedOutAt).not.toBeNull();
    await value('exportLeads', { filter });
    await value('dashboardFigures', { now: Date.now(), utcOffsetMinutes: -180 });
    // The lead just marked converted: one start, one sale of R$ 49.90 by hand.
    expect((await value('salesFunnel', { from: 0, to: Date.now() + 1, botIds: [botId] })).totals).toMatchObject({ starts: 1, paid: 1, revenueCents: 4990 });
    await value('pickMediaFile');

    // A lead whose welcome Telegram refused: the bot stops so the job waits while its calls are checked.
    const lost = { id: transport === 'ipc' ? 7101 : 7102, firstName: 'Rui' };
    fake.fault(botToken, { kind: 'chat_not_found', methods: ['sendMessage'], chatIds: [lost.id], times: 1 });
    fake.sendStart(botToken, lost);
    const scope = { kind: 'bot', botId };
    await vi.waitFor(async () => expect((await value('previewRecovery', { scope })).leads).toBe(1), { timeout: 5000 });
    await value('stopBot', { botId });
    const job = await value('startRecovery', { scope, message: { kind: 'apology', text: 'Sorry!' }, announce: transport === 'ws' });
    expect(job.announce).toBe(transport === 'ws');
    await value('resumeRecovery', { jobId: job.id });
    await value('pauseRecovery', { jobId: job.id });
    await value('listRecoveryJobs');
    await value('getRecoveryJob', { jobId: job.id });
    expect(await value('cancelRecovery', { jobId: job.id })).toMatchObject({ progress: { status: 'cancelled', cancelled: 1 } });
    expect(await value('exportRecoveryReport', { jobId: job.id })).toMatchObject({ rows: 1 });
    expect(await invoke('exportRecoveryReport', { jobId: 999_999 })).toMatchObject({ ok: false, error: { code: 'RECOVERY_JOB_NOT_FOUND' } });
    expect(await invoke('startRecovery', { scope: { kind: 'bot', botId: 99_999 }, message: { kind: 'welcome' } })).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });

    // The bot is still stopped: the campaign's row waits while its calls are checked.
    const audience = { bots: [botId] };
    expect(await value('countAudience', { audience })).toEqual({ leads: 1 });
    const campaign = await value('createCampaign', { name: 'Sale', audience, message: { text: '<b>Sale!</b>' } });
    await value('scheduleCampaign', { campaignId: campaign.id, at: Date.now() + 3_600_000 });
    expect(await value('startCampaign', { campaignId: campaign.id })).toMatchObject({ status: 'running', progress: { recipients: 1, remaining: 1 } });
    await value('pauseCampaign', { campaignId: campaign.id });
    await value('resumeCampaign', { campaignId: campaign.id });
    await value('listCampaigns');
    await value('getCampaign', { campaignId: campaign.id });
    expect(await value('cancelCampaign', { campaignId: campaign.id })).toMatchObject({ status: 'cancelled', progress: { cancelled: 1 } });
    expect(await value('campaignReport', { campaignId: campaign.id, offset: 0, limit: 100 })).toMatchObject({ total: 1, rows: [{ outcome: 'cancelled' }] });
    expect(await invoke('campaignReport', { campaignId: campaign.id, limit: 101 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await value('exportCampaignReport', { campaignId: campaign.id })).toMatchObject({ rows: 1 });
    expect(await invoke('exportCampaignReport', { campaignId: 999_999 })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_FOUND' } });
    const nobody = await value('createCampaign', { name: 'Nobody', audience: { ...audience, sources: ['radio'] }, message: { text: 'Hi' } });
    expect(await invoke('startCampaign', { campaignId: nobody.id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_AUDIENCE_EMPTY' } });
    expect(await invoke('getCampaign', { campaignId: 999_999 })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_FOUND' } });

    // Follow-ups: steps added, changed, moved and removed; the sequence turned off and on; earlier leads enrolled on demand.
    const followUp = { text: 'Still there?' };
    const first = await value('saveFollowUpStep', { botId, delay: { amount: 2, unit: 'hours' }, message: followUp });
    expect(first).toMatchObject({ enabled: true, steps: [{ delay: { amount: 2, unit: 'hours' }, condition: 'any', enabled: true, figures: { entered: 0, sent: 0 } }] });
    const stepId = first.steps[0]!.id;
    const two = await value('saveFollowUpStep', { botId, delay: { amount: 30, unit: 'minutes' }, condition: 'not_clicked', message: followUp });
    const secondId = two.steps[1]!.id;
    expect(await value('saveFollowUpStep', { botId, stepId, delay: { amount: 3, unit: 'hours' }, message: followUp, enabled: false })).toMatchObject({
      steps: [{ id: stepId, delay: { amount: 3, unit: 'hours' }, enabled: false }, { id: secondId }],
    });
    expect((await value('moveFollowUpStep', { botId, stepId, direction: 'down' })).steps.map((step) => step.id)).toEqual([secondId, stepId]);
    expect(await value('setFollowUpsEnabled', { botId, enabled: false })).toMatchObject({ enabled: false });
    expect(await value('listFollowUps', { botId })).toMatchObject({ enabled: false, steps: [{ id: secondId }, { id: stepId }] });
    // The only welcomed lead converted and opted out: nobody to enroll.
    expect(await value('enrollExistingLeads', { botId, since: 0 })).toEqual({ enrolled: 0 });
    expect((await value('removeFollowUpStep', { botId, stepId })).steps.map((step) => step.id)).toEqual([secondId]);
    expect(await invoke('removeFollowUpStep', { botId, stepId })).toMatchObject({ ok: false, error: { code: 'FOLLOW_UP_STEP_NOT_FOUND' } });
    expect(await invoke('listFollowUps', { botId: 99_999 })).toMatchObject({ ok: false, error: { code: 'BOT_NOT_FOUND' } });
    expect(await invoke('saveFollowUpStep', { botId, delay: { amount: 721, unit: 'hours' }, message: followUp })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });

    // Products: created, changed, listed and removed.
    const product = { botId, name: 'Ebook', description: 'The guide', priceCents: 4990, priceStars: null, delivery: { text: 'https://example.com/ebook' } };
    const created = await value('saveProduct', { productId: null, product });
    await value('saveProduct', { productId: created.id, product: { ...product, priceStars: 250 } });
    // Other calls' checks (the Stars refund's) sell products of this bot too: find this one among them.
    expect((await value('listProducts', { botId })).find((listed) => listed.id === created.id)).toMatchObject({ priceStars: 250 });
    await value('removeProduct', { productId: created.id });

    const receiver = await startHttpReceiver();
    try {
      const channel = await value('addAlertChannel', { name: 'Hook', config: { kind: 'webhook', url: `${receiver.origin}/hook` } });
      await value('updateAlertChannel', { channelId: channel.id, name: 'Hook 2' });
      await value('testAlertChannel', { channelId: channel.id });
      await value('listAlertChannels');
      await value('listAlertLog', {});
      await value('removeAlertChannel', { channelId: channel.id });
    } finally {
      await receiver.close();
    }
    const pix = await startFakePix();
    try {
      const gateway = { kind: 'mercado_pago', accessToken: pix.accessToken, baseUrl: pix.baseUrl };
      await value('getPixGateway');
      expect(await invoke('setPixGateway', { ...gateway, accessToken: 'APP_USR-wrong', expiryMinutes: 30 })).toMatchObject({
        ok: false,
        error: { code: 'PIX_CREDENTIALS_REFUSED' },
      });
      expect(await value('setPixGateway', { ...gateway, expiryMinutes: 30 })).toMatchObject({ tokenHint: `…${pix.accessToken.slice(-4)}` });
      await value('testPixGateway');
      await value('testPixGateway', gateway);
      expect(await value('removePixGateway')).toEqual({ removed: true });
    } finally {
      await pix.close();
    }
    const incidentId = core.incidents()?.recordEngineGap(Date.now() - 60_000, Date.now(), 'contract test');
    if (incidentId === undefined) throw new Error('no store');
    await value('listIncidents', {});
    await value('getIncident', { incidentId });
    await value('getRecoveryOverview', { scope: { botId } });
    await value('getIncidentLoss', { incidentId });
    expect(await invoke('getIncidentLoss', { incidentId: 999_999 })).toMatchObject({ ok: false, error: { code: 'INCIDENT_NOT_FOUND' } });

    const backup = await value('backupNow');
    await value('restoreBackup', { name: backup.name });
    await value('repairStore');
    await value('removeBot', { botId });
  });

  it('has checked a value from every call', () => {
    expect([...answered[transport]].sort()).toEqual([...callNames].sort());
  });
});
