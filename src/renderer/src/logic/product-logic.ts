import { renderText, type ErrorText, type Problem, type TextLocale } from '../../../shared/i18n/error-text';
import { problemsOf } from '../../../shared/i18n/problems';
import { productInputSchema, type DeliveryMessage, type Product, type ProductInput } from '../../../shared/products';
import type { FieldProblem } from './campaign-logic';

/** The product editor's fields as typed: prices stay text until the form is checked. */
export interface ProductDraft {
  readonly botId: number;
  readonly name: string;
  readonly description: string;
  /** Reais as the operator types them: "49,90", "49.90", "1.234,56"; empty for no PIX price. */
  readonly reais: string;
  /** Whole Stars; empty for no Stars price. */
  readonly stars: string;
  readonly delivery: DeliveryMessage;
}

/** The fields in the order the form shows them: a refused save focuses the first wrong one. */
export const PRODUCT_FIELDS = ['name', 'description', 'priceCents', 'priceStars', 'delivery'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/**
 * Centavos from reais typed either way: a comma is the decimal separator when there is one
 * (dots before it group thousands), otherwise a dot is. Null for an empty field; NaN for what
 * is no amount (letters, three decimals), which the shared schema then refuses with its text.
 */
export function centsFromReais(text: string): number | null {
  let trimmed = text.trim().replace(/\s/g, '').replace(/^R\$/i, '');
  if (trimmed === '') return null;
  if (trimmed.includes(',')) trimmed = trimmed.replace(/\./g, '').replace(',', '.');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (match === null) return Number.NaN;
  // Whole reais and centavos read apart, so 0.29 is 29 centavos exactly (not 28.999…).
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Whole Stars from the field; null when empty, NaN for what is not a whole number. */
export function starsFromText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A stored price as the field shows it, with the language's decimal separator. */
export function reaisText(cents: number | null, locale: TextLocale): string {
  if (cents === null) return '';
  const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return locale === 'pt-BR' ? text.replace('.', ',') : text;
}

export function draftOf(product: Product, locale: TextLocale): ProductDraft {
  return {
    botId: product.botId,
    name: product.name,
    description: product.description,
    reais: reaisText(product.priceCents, locale),
    stars: product.priceStars === null ? '' : String(product.priceStars),
    delivery: product.delivery,
  };
}

export function emptyDraft(botId: number): ProductDraft {
  return { botId, name: '', description: '', reais: '', stars: '', delivery: { text: '', media: null, buttons: [] } };
}

/** What the draft asks the engine to save. */
export function productInputOf(draft: ProductDraft): ProductInput {
  const { botId, name, description, delivery } = draft;
  return { botId, name, description, priceCents: centsFromReais(draft.reais), priceStars: starsFromText(draft.stars), delivery };
}

/** The shared schema's problems with the draft, each at its path under the product ("priceCents", "delivery.text"). */
export function draftProblems(draft: ProductDraft, locale: TextLocale): FieldProblem[] {
  const result = productInputSchema.safeParse(productInputOf(draft));
  return result.success ? [] : problemsOf(result.error).map((problem) => ({ path: problem.path, message: renderText(locale, problem.text) }));
}

/** The input problems a refusal carries (BAD_INPUT's list), none for any other text. */
function problemsIn(text: ErrorText): readonly Problem[] {
  const value = text.params['problems'];
  return value !== undefined && typeof value === 'object' && 'length' in value ? value : [];
}

/** The engine's problems with a saveProduct request ("product.priceCents"), at the editor's paths. */
export function engineProblems(text: ErrorText, locale: TextLocale): FieldProblem[] {
  return problemsIn(text).flatMap((problem) =>
    problem.path.startsWith('product.') ? [{ path: problem.path.slice('product.'.length), message: renderText(locale, problem.text) }] : [],
  );
}

/** The form field a problem belongs to (a delivery's text, media or button are the delivery's). */
export function fieldOf(problem: FieldProblem): ProductField | null {
  const head = problem.path.split('.')[0];
  return PRODUCT_FIELDS.find((field) => field === head) ?? null;
}

/** A Stars price as the console shows it. */
export function starsLabel(stars: number, formatNumber: (value: number) => string): string {
  return `⭐ ${formatNumber(stars)}`;
}
