import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BotRecords } from '../../src/main/core/bots/bot-records';
import { ProductRecords } from '../../src/main/core/payments/product-records';
import { createCapture } from '../../src/main/core/bots/capture';
import type { ContentRequest, ContentResolver } from '../../src/main/core/bots/content-resolver';
import { BotHealth, defaultHealthOptions } from '../../src/main/core/bots/health';
import { defaultSenderOptions, Sender } from '../../src/main/core/bots/sender';
import { openStore, type Store } from '../../src/main/core/db/store';
import { WriteBatcher } from '../../src/main/core/db/write-batcher';
import { EventBus } from '../../src/main/core/events';
import { deliveryContent } from '../../src/main/core/fleet/delivery-content';
import { WelcomeService } from '../../src/main/core/fleet/welcome-service';
import { DeliveriesRepository } from '../../src/main/core/leads/deliveries-repository';
import { silentLogger } from '../../src/main/core/logger';
import { keyFileSecretStore } from '../../src/main/core/secrets/key-file-secret-store';
import { defaultWelcome, type Welcome } from '../../src/shared/welcome';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { APP_VERSION } from '../support/fixtures';
import { tempDir } from '../support/temp-dir';
import { startUpdate } from '../support/updates';

const TOKEN = fakeToken(151_001);
const ana = { id: 8301, firstName: 'Ana' };
let store: Store;
let fake: FakeTelegram;
let sender: Sender | null = null;

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: TOKEN, id: 151_001, username: 'content_bot', firstName: 'Content' });
  store = await openStore({ dataDir: tempDir(), appVersion: APP_VERSION });
  new BotRecords(store.db).insert(
    { telegramId: 151_001, username: 'content_bot', name: 'Content', tokenSealed: 'sealed', tokenHint: 'hint', welcome: defaultWelcome('Content', 'en') },
    0,
  );
});

afterEach(async () => {
  await sender?.stop();
  sender = null;
  store.close();
  await fake.close();
});

const withMedia = (url: string): Welcome => ({ ...defaultWelcome('Content', 'en'), media: { kind: 'photo', source: { type: 'url', url }, fileId: null } });
const services = (): WelcomeService =>
  new WelcomeService({
    records: new BotRecords(store.db),
    products: new ProductRecords(store.db),
    secrets: keyFileSecretStore(tempDir()),
    dataDir: tempDir(),
    apiRoot: () => fake.apiRoot,
    now: () => 1,
  });

function startSender(content: ContentResolver): void {
  const botId = 1;
  sender = new Sender({
    db: store.db,
    writer: new WriteBatcher(store.db),
    botId,
    api: new Api(TOKEN, { apiRoot: fake.apiRoot }),
    options: { ...defaultSenderOptions, ratePerSecond: 30 },
    health: new BotHealth(
      botId,
      'content_bot',
      () => defaultHealthOptions,
      0,
      () => undefined,
    ),
    events: new EventBus(),
    logger: silentLogger,
    now: Date.now,
    content,
    campaignCapMs: () => 0,
    onUnauthorized: () => undefined,
  });
  sender.start();
}

describe('what the sender sends', () => {
  it('comes from the resolver it is handed, for every kind, and an upload is reported back to that resolution', async () => {
    fake.sendStart(TOKEN, ana);
    const now = Date.now();
    const [leadOutcome] = store.db.transaction(() =>
      createCapture(store.db)({ botId: 1, telegramBotId: 151_001, username: 'content_bot', repeatPolicy: 'once', debounceSeconds: 10 }, [startUpdate(1, ana)], now),
    )();
    if (leadOutcome?.kind !== 'start') throw new Error('no lead');
    new DeliveriesRepository(store.db).enqueue(
      { botId: 1, kind: 'broadcast', leadIds: [leadOutcome.leadId], content: { text: 'Stored offer', media: null, buttons: [] }, notBefore: now + 1200 },
      now,
    );
    const asked: ContentRequest[] = [];
    const uploads: string[] = [];
    startSender({
      resolve: (request) => {
        asked.push(request);
        return {
          prepared: {
            text: `resolved ${request.kind}`,
            buttons: [],
            media: { kind: 'photo', source: { type: 'url', url: 'https://example.com/a.jpg' }, fileId: null, input: 'https://example.com/a.jpg' },
          },
          uploaded: (fileId) => uploads.push(`${request.kind}:${fileId}`),
        };
      },
    });
    await vi.waitFor(() => expect(fake.sent(TOKEN, ana.id)).toHaveLength(2), { timeout: 5000 });
    expect(fake.sent(TOKEN, ana.id).map((message) => message.text ?? message.caption)).toEqual(['resolved welcome', 'resolved broadcast']);
    expect(asked).toEqual([
      { botId: 1, kind: 'welcome', content: null },
      { botId: 1, kind: 'broadcast', content: JSON.stringify({ text: 'Stored offer', media: null, buttons: [] }) },
    ]);
    expect(uploads).toEqual([expect.stringMatching(/^welcome:\S+/), expect.stringMatching(/^broadcast:\S+/)]);
  });

  it("the fleet's resolver sends a broadcast's own message and the welcome for the rest; a damaged stored message is refused", () => {
    const resolver = deliveryContent(services(), tempDir());
    expect(resolver.resolve({ botId: 1, kind: 'broadcast', content: JSON.stringify({ text: 'Stored offer', media: null, buttons: [] }) }).prepared.text).toBe('Stored offer');
    expect(resolver.resolve({ botId: 1, kind: 'welcome', content: null }).prepared.text).toBe(defaultWelcome('Content', 'en').text);
    expect(resolver.resolve({ botId: 1, kind: 'recovery', content: null }).prepared.text).toBe(defaultWelcome('Content', 'en').text);
    expect(() => resolver.resolve({ botId: 1, kind: 'broadcast', content: null })).toThrow('no message stored');
    expect(() => resolver.resolve({ botId: 1, kind: 'broadcast', content: '{"text": 5}' })).toThrow('The stored message is damaged');
  });
});

describe("the welcome's uploaded media", () => {
  it('is remembered by its file_id, and reused by the next send', () => {
    const welcomes = services();
    welcomes.set(1, withMedia('https://example.com/a.jpg'));
    welcomes.resolve(1).uploaded('FILE_A');
    expect(new BotRecords(store.db).require(1).welcome.media?.fileId).toBe('FILE_A');
    expect(welcomes.resolve(1).prepared.media?.input).toBe('FILE_A');
  });

  it('is not remembered for media the operator changed while the upload was on its way', () => {
    const welcomes = services();
    welcomes.set(1, withMedia('https://example.com/a.jpg'));
    const sending = welcomes.resolve(1);
    welcomes.set(1, withMedia('https://example.com/b.jpg'));
    sending.uploaded('FILE_A');
    expect(new BotRecords(store.db).require(1).welcome.media).toMatchObject({ source: { url: 'https://example.com/b.jpg' }, fileId: null });
    expect(welcomes.resolve(1).prepared.media?.input).toBe('https://example.com/b.jpg');
  });
});
