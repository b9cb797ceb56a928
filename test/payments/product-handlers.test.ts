import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../src/shared/calls';
import type { CallOutput, Handlers } from '../../src/shared/contract';
import type { ErrorInfo } from '../../src/shared/errors';
import type { ProductInput } from '../../src/shared/products';
import { defaultWelcome } from '../../src/shared/welcome';
import { createHandlers } from '../../src/main/core/api';
import type { Core } from '../../src/main/core/core';
import { dispatch } from '../../src/main/core/dispatch';
import { fakeToken, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { fleetOf, startEngine } from '../support/engine';
import { tempDir } from '../support/temp-dir';

let fake: FakeTelegram;
let dataDir: string;
let core: Core;
let handlers: Handlers;
let botA: number;
let botB: number;
const changed: number[] = [];

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.addBot({ token: fakeToken(445_001), id: 445_001, username: 'shop_a_bot', firstName: 'A' });
  fake.addBot({ token: fakeToken(445_002), id: 445_002, username: 'shop_b_bot', firstName: 'B' });
  dataDir = tempDir();
  core = await startEngine(dataDir, fake.apiRoot);
  handlers = createHandlers(core, 'linux');
  botA = (await fleetOf(core).addBot(fakeToken(445_001))).id;
  botB = (await fleetOf(core).addBot(fakeToken(445_002))).id;
  changed.length = 0;
  core.events.on('products.changed', ({ botId }) => changed.push(botId));
});

afterEach(async () => {
  await core.close();
  await fake.close();
});

async function value<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
  const result = await dispatch(handlers, name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function refusal(name: CallName, input: unknown): Promise<ErrorInfo> {
  const result = await dispatch(handlers, name, input);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}

/** Each problem of a refusal as "path: catalog key", the way a form places it at its field. */
function problemKeys(error: ErrorInfo): string[] {
  const problems = error.text.params['problems'];
  if (!Array.isArray(problems)) return [];
  return problems.map((problem: { path: string; text: { key: string } }) => `${problem.path}: ${problem.text.key}`);
}

function product(patch: Partial<ProductInput> = {}): ProductInput {
  return {
    botId: botA,
    name: 'Ebook',
    description: 'The full guide',
    priceCents: 4990,
    priceStars: 250,
    delivery: { text: 'Your copy: https://example.com/e', media: null, buttons: [] },
    ...patch,
  };
}

describe('products through the contract', () => {
  it('creates, edits, lists per bot and removes a product, telling the consoles each time', async () => {
    const created = await value('saveProduct', { productId: null, product: product() });
    expect(created).toMatchObject({ botId: botA, name: 'Ebook', priceCents: 4990, priceStars: 250, sales: { stars: 0, pix: 0 } });
    const other = await value('saveProduct', { productId: null, product: product({ botId: botB, name: 'Course', priceCents: null }) });
    const edited = await value('saveProduct', { productId: created.id, product: product({ name: '  Ebook 2  ', priceStars: null }) });
    expect(edited).toMatchObject({ id: created.id, name: 'Ebook 2', priceStars: null });
    expect((await value('listProducts', { botId: botA })).map((row) => row.id)).toEqual([created.id]);
    expect((await value('listProducts', {})).map((row) => row.id)).toEqual([created.id, other.id]);

    await value('removeProduct', { productId: created.id });
    expect(await value('listProducts', { botId: botA })).toEqual([]);
    expect(changed).toEqual([botA, botB, botA, botA]);
    expect((await refusal('removeProduct', { productId: created.id })).code).toBe('PRODUCT_NOT_FOUND');
    expect((await refusal('saveProduct', { productId: created.id, product: product() })).code).toBe('PRODUCT_NOT_FOUND');
  });

  it('refuses each bad product at its field, and saves nothing', async () => {
    const refused = async (patch: Record<string, unknown>): Promise<string[]> =>
      problemKeys(await refusal('saveProduct', { productId: null, product: { ...product(), ...patch } }));
    expect(await refused({ priceCents: 0 })).toEqual(['product.priceCents: validation.product.priceCents']);
    expect(await refused({ priceStars: 10_001 })).toEqual(['product.priceStars: validation.product.priceStars']);
    expect(await refused({ priceStars: 0 })).toEqual(['product.priceStars: validation.product.priceStars']);
    expect(await refused({ priceCents: null, priceStars: null })).toEqual(['product.priceCents: validation.product.noRail']);
    expect(await refused({ delivery: undefined })).toEqual(['product.delivery: validation.product.deliveryMissing']);
    expect(await refused({ delivery: { text: '  ' } })).toEqual(['product.delivery.text: validation.product.deliveryEmpty']);
    expect(await refused({ name: ' ' })).toEqual(['product.name: validation.product.nameMissing']);
    expect((await refusal('saveProduct', { productId: null, product: product({ botId: 99_999 }) })).code).toBe('BOT_NOT_FOUND');
    expect(await value('listProducts', {})).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('saves a delivery file only when it is in the media folder', async () => {
    const withFile = product({ delivery: { text: 'Here it is', media: { kind: 'document', source: { type: 'file', name: 'guide.pdf' }, fileId: null }, buttons: [] } });
    expect((await refusal('saveProduct', { productId: null, product: withFile })).code).toBe('MEDIA_FILE_MISSING');
    mkdirSync(join(dataDir, 'media'), { recursive: true });
    writeFileSync(join(dataDir, 'media', 'guide.pdf'), 'pdf');
    expect((await value('saveProduct', { productId: null, product: withFile })).delivery.media?.source).toEqual({ type: 'file', name: 'guide.pdf' });
  });

  it('moves a product to another bot never: an edit naming another bot is refused', async () => {
    const created = await value('saveProduct', { productId: null, product: product() });
    expect((await refusal('saveProduct', { productId: created.id, product: product({ botId: botB }) })).code).toBe('PRODUCT_NOT_FOUND');
    expect((await value('listProducts', { botId: botA })).map((row) => row.id)).toEqual([created.id]);
  });
});

describe('product buttons in saved messages', () => {
  const welcomeWith = (productId: number, rail: 'stars' | 'pix'): unknown => ({
    ...defaultWelcome('A', 'en'),
    buttons: [[{ kind: 'url', text: 'Site', url: 'https://example.com' }], [{ kind: 'product', text: 'Buy it', productId, rail }]],
  });

  it("refuses a welcome button selling another bot's product, a removed one, or a rail the product does not offer", async () => {
    const mine = await value('saveProduct', { productId: null, product: product({ priceStars: null }) });
    const theirs = await value('saveProduct', { productId: null, product: product({ botId: botB }) });
    const gone = await value('saveProduct', { productId: null, product: product() });
    await value('removeProduct', { productId: gone.id });

    const otherBot = await refusal('setWelcome', { botId: botA, welcome: welcomeWith(theirs.id, 'pix') });
    expect(otherBot.code).toBe('WELCOME_INVALID');
    expect(problemKeys(otherBot)).toEqual(['buttons.1.0.productId: validation.product.buttonOtherBot']);
    expect(otherBot.message).toContain('"Buy it"');
    expect(problemKeys(await refusal('setWelcome', { botId: botA, welcome: welcomeWith(gone.id, 'pix') }))).toEqual(['buttons.1.0.productId: validation.product.buttonGone']);
    expect(problemKeys(await refusal('setWelcome', { botId: botA, welcome: welcomeWith(mine.id, 'stars') }))).toEqual(['buttons.1.0.rail: validation.product.buttonNoStars']);

    const saved = await value('setWelcome', { botId: botA, welcome: welcomeWith(mine.id, 'pix') });
    expect(saved.welcome.buttons[1]).toEqual([{ kind: 'product', text: 'Buy it', productId: mine.id, rail: 'pix' }]);
  });

  it('refuses a campaign or a follow-up step whose product button another bot would send', async () => {
    const mine = await value('saveProduct', { productId: null, product: product() });
    const message = { text: 'Last chance', buttons: [[{ kind: 'product', text: 'Buy now', productId: mine.id, rail: 'stars' }]] };

    const campaign = await refusal('createCampaign', { name: 'Both bots', audience: { bots: [botA, botB] }, message });
    expect(campaign.code).toBe('BAD_INPUT');
    expect(problemKeys(campaign)).toEqual(['message.buttons.0.0.productId: validation.product.buttonOtherBot']);
    expect(await value('createCampaign', { name: 'Bot A', audience: { bots: [botA] }, message })).toMatchObject({ status: 'draft' });

    const step = await refusal('saveFollowUpStep', { botId: botB, delay: { amount: 1, unit: 'hours' }, message });
    expect(problemKeys(step)).toEqual(['message.buttons.0.0.productId: validation.product.buttonOtherBot']);
    expect((await value('saveFollowUpStep', { botId: botA, delay: { amount: 1, unit: 'hours' }, message })).steps).toHaveLength(1);
  });
});
