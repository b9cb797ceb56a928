import { create } from 'zustand';
import type { Product } from '../../../shared/products';
import { currentLocale } from '../i18n/i18n';
import { call, errorText } from '../transport/client';

interface ProductsState {
  /** Every bot's products on sale, by bot then age; null until loaded. */
  readonly products: readonly Product[] | null;
  readonly error: string | null;
  /** Loaded at start and again on each 'products.changed' (this console's change or another's). */
  readonly load: () => Promise<void>;
}

export const useProductsStore = create<ProductsState>((set) => ({
  products: null,
  error: null,
  load: async () => {
    try {
      set({ products: await call('listProducts', {}), error: null });
    } catch (failure) {
      set({ error: errorText(failure, currentLocale()) });
    }
  },
}));

const none: readonly Product[] = [];

/** One bot's products, for the product button's select and the Products page. */
export function useBotProducts(botId: number | null): readonly Product[] {
  const products = useProductsStore((state) => state.products);
  if (products === null || botId === null) return none;
  return products.filter((product) => product.botId === botId);
}
