import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../../shared/contract';
import { errorText as text } from '../../../shared/i18n/error-text';
import type { ProductInput } from '../../../shared/products';
import { BotRecords } from '../bots/bot-records';
import type { Core } from '../core';
import { BotdeckError } from '../errors';
import { resolveMediaFile } from '../media/media-folder';
import { ProductRecords } from '../payments/product-records';

type ProductHandlers = Pick<Handlers, 'listProducts' | 'saveProduct' | 'removeProduct'>;

interface Owners {
  readonly products: ProductRecords;
  readonly bots: BotRecords;
}

/** Prepared once per open store: a restore or a repair opens another one. */
const ownersByDb = new WeakMap<Database, Owners>();

function ownersOf(core: Core): Owners {
  const db = core.fleet() === null ? null : (core.store()?.db ?? null);
  if (db === null) throw new BotdeckError('BOTS_BLOCKED', text('bots.blockedProducts', { cause: core.botsMayRun()?.text ?? text('bots.closed', {}) }));
  let owners = ownersByDb.get(db);
  if (owners === undefined) {
    owners = { products: new ProductRecords(db), bots: new BotRecords(db) };
    ownersByDb.set(db, owners);
  }
  return owners;
}

/** The delivery's file must be in the media folder now, as a welcome's: a buyer who paid must never get a missing file. */
function checkDeliveryMedia(core: Core, product: ProductInput): void {
  const source = product.delivery.media?.source;
  if (source?.type === 'file') resolveMediaFile(core.dataDir, source.name);
}

/** The operator's products: listed per bot, created, edited and removed; each change is pushed so every open console refreshes. */
export function productHandlers(core: Core): ProductHandlers {
  return {
    listProducts: ({ botId }) => ownersOf(core).products.list(botId),
    saveProduct: ({ productId, product }) => {
      const { products, bots } = ownersOf(core);
      bots.require(product.botId);
      checkDeliveryMedia(core, product);
      const now = Date.now();
      let id = productId;
      if (id === null) id = products.create(product, now);
      else products.update(id, product, now);
      core.events.emit('products.changed', { botId: product.botId });
      return products.get(id);
    },
    removeProduct: ({ productId }) => {
      const { products } = ownersOf(core);
      const { botId } = products.get(productId);
      products.remove(productId, Date.now());
      core.events.emit('products.changed', { botId });
      return { removed: true as const };
    },
  };
}
