import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/shared/i18n/error-text';
import type { Product } from '../../src/shared/products';
import { centsFromReais, draftOf, draftProblems, emptyDraft, engineProblems, fieldOf, productInputOf, reaisText, starsFromText } from '../../src/renderer/src/logic/product-logic';

describe('the PIX price in reais', () => {
  it('reads "49,90" and "49.90" alike, as centavos', () => {
    expect(centsFromReais('49,90')).toBe(4990);
    expect(centsFromReais('49.90')).toBe(4990);
    expect(centsFromReais(' R$ 1.234,56 ')).toBe(123_456);
    expect(centsFromReais('0,29')).toBe(29);
    expect(centsFromReais('49,9')).toBe(4990);
    expect(centsFromReais('50')).toBe(5000);
  });

  it('is no price when empty, and no number for what is no amount', () => {
    expect(centsFromReais('  ')).toBeNull();
    for (const text of ['abc', '49,901', '4,9,0', '-5', '1e3']) expect(centsFromReais(text)).toBeNaN();
  });

  it('shows a stored price with the language’s separator', () => {
    expect(reaisText(4990, 'pt-BR')).toBe('49,90');
    expect(reaisText(5, 'en')).toBe('0.05');
    expect(reaisText(null, 'en')).toBe('');
  });
});

describe('the product draft', () => {
  const filled = { ...emptyDraft(3), name: 'Ebook', description: 'The guide', reais: '49,90', stars: '', delivery: { text: 'https://example.com/e', media: null, buttons: [] } };

  it('becomes the input the engine validates', () => {
    expect(productInputOf(filled)).toEqual({ botId: 3, name: 'Ebook', description: 'The guide', priceCents: 4990, priceStars: null, delivery: filled.delivery });
    expect(starsFromText('2.5')).toBeNaN();
    expect(draftProblems(filled, 'en')).toEqual([]);
  });

  it('is refused at its fields: a zero price, 10,001 Stars, an empty delivery, no price at all', () => {
    const fields = (patch: Partial<typeof filled>): (string | null)[] => draftProblems({ ...filled, ...patch }, 'en').map(fieldOf);
    expect(fields({ reais: '0,00' })).toEqual(['priceCents']);
    expect(fields({ stars: '10001' })).toEqual(['priceStars']);
    expect(fields({ delivery: { text: ' ', media: null, buttons: [] } })).toEqual(['delivery']);
    expect(fields({ reais: '', stars: '' })).toEqual(['priceCents']);
    expect(draftProblems({ ...filled, reais: '0' }, 'pt-BR')[0]?.message).toContain('nunca zero');
  });

  it('round-trips a saved product through the editor', () => {
    const product: Product = {
      id: 9,
      botId: 3,
      name: 'Ebook',
      description: 'The guide',
      priceCents: 4990,
      priceStars: 250,
      delivery: filled.delivery,
      sales: { stars: 0, pix: 0 },
      createdAt: 1,
      updatedAt: 1,
    };
    expect(productInputOf(draftOf(product, 'pt-BR'))).toMatchObject({ priceCents: 4990, priceStars: 250 });
  });
});

describe("the engine's refusal", () => {
  it('places each problem of the product at its field', () => {
    const text = errorText('input.invalid', {
      problems: [
        { path: 'product.priceStars', text: errorText('validation.product.priceStars', { min: 1, max: 10_000 }) },
        { path: 'product.delivery.text', text: errorText('validation.product.deliveryEmpty', {}) },
        { path: 'productId', text: errorText('validation.invalid', {}) },
      ],
    });
    expect(engineProblems(text, 'en').map((problem) => [problem.path, fieldOf(problem)])).toEqual([
      ['priceStars', 'priceStars'],
      ['delivery.text', 'delivery'],
    ]);
    expect(engineProblems(errorText('product.notFound', { id: 1 }), 'en')).toEqual([]);
  });
});
