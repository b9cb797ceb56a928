import { useState, type ReactElement } from 'react';
import type { Product } from '../../../shared/products';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProductEditor } from '../components/ProductEditor';
import { currentLocale, useI18n } from '../i18n/i18n';
import { draftOf, emptyDraft, starsLabel } from '../logic/product-logic';
import { useBotsStore } from '../state/bots-store';
import { useBotProducts, useProductsStore } from '../state/products-store';
import { call, errorText } from '../transport/client';

/** Which product the editor shows: a new one, one of the list, or none. */
type Editing = { readonly kind: 'new' } | { readonly kind: 'product'; readonly product: Product } | null;

/** A product's row: its prices, its sales, and edit / remove (behind a confirmation). */
function ProductRow({ product, onEdit, onRemoved, onError }: { product: Product; onEdit: () => void; onRemoved: () => void; onError: (error: unknown) => void }): ReactElement {
  const { t, money, number } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const prices = [product.priceCents === null ? null : money(product.priceCents, 'BRL'), product.priceStars === null ? null : starsLabel(product.priceStars, number)].filter(
    (price) => price !== null,
  );
  const remove = async (): Promise<void> => {
    try {
      await call('removeProduct', { productId: product.id });
      setConfirming(false);
      onRemoved();
    } catch (error) {
      onError(error);
    }
  };
  return (
    <tr data-product-id={product.id}>
      <td>
        <strong>{product.name}</strong>
        <br />
        <span className="muted">{product.description}</span>
      </td>
      <td>{prices.join(' · ')}</td>
      <td>{t('products.sales', { stars: number(product.sales.stars), pix: number(product.sales.pix) })}</td>
      <td>
        <div className="row">
          <button type="button" onClick={onEdit}>
            {t('products.edit')}
          </button>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('products.remove')}
          </button>
        </div>
        {confirming && (
          <ConfirmDialog label={t('products.remove')} message={t('products.remove.confirm', { name: product.name })} onCancel={() => setConfirming(false)}>
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('products.remove.yes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('products.remove.no')}
            </button>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

/** Per bot, what it sells: each product with its prices and sales, the editor, removal. */
export function ProductsPage(): ReactElement {
  const { t, locale } = useI18n();
  const bots = useBotsStore((state) => state.bots);
  const reload = useProductsStore((state) => state.load);
  const loadError = useProductsStore((state) => state.error);
  const [botId, setBotId] = useState<number | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const bot = bots.find((found) => found.id === botId) ?? bots[0] ?? null;
  const products = useBotProducts(bot?.id ?? null);
  const failed = (error: unknown): void => setNotice({ kind: 'error', text: errorText(error, currentLocale()) });

  return (
    <section aria-labelledby="products-title">
      <h1 id="products-title" tabIndex={-1}>
        {t('products.title')}
      </h1>
      <p className="muted">{t('products.intro')}</p>
      {bot === null && <p className="muted">{t('products.noBots')}</p>}
      {bot !== null && (
        <>
          <div className="row">
            <label>
              {t('products.bot')}{' '}
              <select
                value={bot.id}
                onChange={(event) => {
                  setBotId(Number(event.target.value));
                  setEditing(null);
                }}
              >
                {bots.map((each) => (
                  <option key={each.id} value={each.id}>
                    @{each.username}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => setEditing({ kind: 'new' })}>
              {t('products.add')}
            </button>
          </div>
          {loadError !== null && (
            <p className="field-error" role="alert">
              {loadError}
            </p>
          )}
          {products.length === 0 && <p className="muted">{t('products.empty')}</p>}
          {products.length > 0 && (
            <div className="table-scroll">
              <table className="data-table" aria-label={t('products.list', { bot: bot.username })}>
                <thead>
                  <tr>
                    <th scope="col">{t('products.col.name')}</th>
                    <th scope="col">{t('products.col.prices')}</th>
                    <th scope="col">{t('products.col.sales')}</th>
                    <th scope="col">{t('products.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {products.map((product) => (
                    <ProductRow
                      key={product.id}
                      product={product}
                      onEdit={() => setEditing({ kind: 'product', product })}
                      onError={failed}
                      onRemoved={() => {
                        if (editing?.kind === 'product' && editing.product.id === product.id) setEditing(null);
                        setNotice({ kind: 'ok', text: t('products.removed', { name: product.name }) });
                        void reload();
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {notice !== null && (
            <p className={notice.kind === 'ok' ? 'notice' : 'field-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
              {notice.text}
            </p>
          )}
          {editing !== null && (
            <ProductEditor
              key={editing.kind === 'new' ? `new-${bot.id}` : editing.product.id}
              productId={editing.kind === 'new' ? null : editing.product.id}
              initial={editing.kind === 'new' ? emptyDraft(bot.id) : draftOf(editing.product, locale)}
              onCancel={() => setEditing(null)}
              onSaved={(product) => {
                setEditing(null);
                setNotice({ kind: 'ok', text: t('products.saved', { name: product.name }) });
                void reload();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
