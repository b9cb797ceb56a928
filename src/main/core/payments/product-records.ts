import type { Database, Statement } from 'better-sqlite3';
import { deliveryMessageSchema, type DeliveryMessage, type Product, type ProductInput } from '../../../shared/products';
import { errorText as text } from '../../../shared/i18n/error-text';
import { problemsOf } from '../../../shared/i18n/problems';
import { BotdeckError } from '../errors';

interface ProductRow {
  id: number;
  bot_id: number;
  name: string;
  description: string;
  price_cents: number | null;
  price_stars: number | null;
  delivery: string;
  created_at: number;
  updated_at: number;
  stars_sales: number;
  pix_sales: number;
}

/** A delivery message stored by Botdeck, still checked: the file can be edited by hand. */
function storedDelivery(json: string): DeliveryMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    raw = null;
  }
  const parsed = deliveryMessageSchema.safeParse(raw);
  if (!parsed.success) throw new BotdeckError('BAD_INPUT', text('input.deliveryDamaged', { problems: problemsOf(parsed.error) }));
  return parsed.data;
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    botId: row.bot_id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    priceStars: row.price_stars,
    delivery: storedDelivery(row.delivery),
    sales: { stars: row.stars_sales, pix: row.pix_sales },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Each product with its standing sales per rail, counted in one pass over the payments (which have no product index). */
const FROM = `SELECT p.id, p.bot_id, p.name, p.description, p.price_cents, p.price_stars, p.delivery, p.created_at, p.updated_at,
    coalesce(s.stars_sales, 0) AS stars_sales, coalesce(s.pix_sales, 0) AS pix_sales
  FROM products p LEFT JOIN (
    SELECT product_id, sum(rail = 'stars') AS stars_sales, sum(rail = 'pix') AS pix_sales FROM payments WHERE refunded_at IS NULL GROUP BY product_id
  ) s ON s.product_id = p.id`;

/**
 * The products table's only writer: what each bot sells. A removed product keeps its row
 * (payments and checkouts name it) and is no longer offered: its buttons answer that it is
 * gone and a pre-checkout for it is refused.
 */
export class ProductRecords {
  private readonly s: {
    readonly byId: Statement<[number], ProductRow>;
    readonly list: Statement<[], ProductRow>;
    readonly listBot: Statement<[number], ProductRow>;
    readonly insert: Statement<{ botId: number; name: string; description: string; cents: number | null; stars: number | null; delivery: string; now: number }>;
    readonly update: Statement<{ id: number; name: string; description: string; cents: number | null; stars: number | null; delivery: string; now: number }>;
    readonly remove: Statement<[number, number, number]>;
    readonly delivery: Statement<[number], { delivery: string }>;
  };

  constructor(db: Database) {
    this.s = {
      byId: db.prepare(`${FROM} WHERE p.id = ? AND p.removed_at IS NULL`),
      list: db.prepare(`${FROM} WHERE p.removed_at IS NULL ORDER BY p.bot_id, p.id`),
      listBot: db.prepare(`${FROM} WHERE p.bot_id = ? AND p.removed_at IS NULL ORDER BY p.id`),
      insert: db.prepare(
        `INSERT INTO products (bot_id, name, description, price_cents, price_stars, delivery, created_at, updated_at)
         VALUES (@botId, @name, @description, @cents, @stars, @delivery, @now, @now)`,
      ),
      update: db.prepare(
        `UPDATE products SET name = @name, description = @description, price_cents = @cents, price_stars = @stars, delivery = @delivery, updated_at = @now
         WHERE id = @id AND removed_at IS NULL`,
      ),
      remove: db.prepare('UPDATE products SET removed_at = ?, updated_at = ? WHERE id = ? AND removed_at IS NULL'),
      delivery: db.prepare('SELECT delivery FROM products WHERE id = ?'),
    };
  }

  /** The product on sale, or null when there is none by that id (or it was removed). */
  find(id: number): Product | null {
    const row = this.s.byId.get(id);
    return row === undefined ? null : toProduct(row);
  }

  get(id: number): Product {
    const product = this.find(id);
    if (product === null) throw new BotdeckError('PRODUCT_NOT_FOUND', text('product.notFound', { id }));
    return product;
  }

  /** What a buyer of the product receives; also for a product removed after it was paid for. Null for an unknown id. */
  deliveryOf(id: number): DeliveryMessage | null {
    const row = this.s.delivery.get(id);
    return row === undefined ? null : storedDelivery(row.delivery);
  }

  list(botId?: number): Product[] {
    return (botId === undefined ? this.s.list.all() : this.s.listBot.all(botId)).map(toProduct);
  }

  /** A new product (input already validated); its id. */
  create(input: ProductInput, now: number): number {
    return Number(this.s.insert.run({ ...this.columns(input), botId: input.botId, now }).lastInsertRowid);
  }

  /** Changes a product; a sale already started keeps the price it was started at. */
  update(id: number, input: ProductInput, now: number): void {
    if (this.get(id).botId !== input.botId) throw new BotdeckError('PRODUCT_NOT_FOUND', text('product.otherBot', { id }));
    this.s.update.run({ ...this.columns(input), id, now });
  }

  remove(id: number, now: number): void {
    if (this.s.remove.run(now, now, id).changes === 0) throw new BotdeckError('PRODUCT_NOT_FOUND', text('product.notFound', { id }));
  }

  private columns(input: ProductInput): { name: string; description: string; cents: number | null; stars: number | null; delivery: string } {
    return { name: input.name.trim(), description: input.description.trim(), cents: input.priceCents, stars: input.priceStars, delivery: JSON.stringify(input.delivery) };
  }
}
