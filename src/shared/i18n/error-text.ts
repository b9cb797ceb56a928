import { z } from 'zod';
import { alertsEn } from './alerts.en';
import { alertsPtBR } from './alerts.pt-BR';
import { errorsEn } from './errors.en';
import { errorsPtBR } from './errors.pt-BR';
import { validationEn } from './validation.en';
import { validationPtBR } from './validation.pt-BR';

/** The languages the console, the engine's errors and the alerts speak. */
export type TextLocale = 'en' | 'pt-BR';

/** One catalog for the engine's words: its errors, its validation problems and its alerts. */
const textsEn = { ...errorsEn, ...validationEn, ...alertsEn };

export type TextKey = keyof typeof textsEn;

/** The names between braces in a catalog text: "There is no bot {id}." gives "id". */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/**
 * A value put into a text: a name, a number, another text (a cause) rendered in the same
 * language, or a list of input problems rendered one after another.
 */
export type ErrorParam = string | number | ErrorText | readonly Problem[];

/** The parameters one text needs, named by its English wording. */
export type ErrorParams<K extends TextKey> = { readonly [P in Placeholders<(typeof textsEn)[K]>]: ErrorParam };

/** What an error says, as a catalog key and its parameters: each side renders it in its operator's language. */
export interface ErrorText {
  readonly key: TextKey;
  readonly params: Readonly<Record<string, ErrorParam>>;
}

/**
 * One thing wrong with an input: where (a dotted path like `buttons.0.1.data`, empty for the
 * whole input), what, and for a message's text the 0-based offset into it where it starts.
 */
export interface Problem {
  readonly path: string;
  readonly text: ErrorText;
  readonly offset?: number | undefined;
}

const catalogs: Readonly<Record<TextLocale, Readonly<Record<TextKey, string>>>> = { en: textsEn, 'pt-BR': { ...errorsPtBR, ...validationPtBR, ...alertsPtBR } };

export const textKeys: readonly TextKey[] = Object.keys(textsEn).filter(isTextKey);

export function isTextKey(value: unknown): value is TextKey {
  return typeof value === 'string' && Object.hasOwn(textsEn, value);
}

/** The one way to build an error's text: the compiler checks the key and that every parameter it names is given. */
export function errorText<K extends TextKey>(key: K, params: ErrorParams<K>): ErrorText {
  return { key, params };
}

/** The text in a language, with its parameters put in. */
export function renderText(locale: TextLocale, text: ErrorText): string {
  return catalogs[locale][text.key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = text.params[name];
    if (value === undefined) return whole;
    if (isProblemList(value)) return value.map((problem) => renderText(locale, problem.text)).join(' ');
    return typeof value === 'object' ? renderText(locale, value) : String(value);
  });
}

/** Applies `change` to every string parameter, nested texts included (the engine hides secrets this way). */
export function mapErrorTextStrings(text: ErrorText, change: (value: string) => string): ErrorText {
  const params: Record<string, ErrorParam> = {};
  for (const [name, value] of Object.entries(text.params)) {
    if (isProblemList(value)) params[name] = value.map((problem) => ({ ...problem, text: mapErrorTextStrings(problem.text, change) }));
    else params[name] = typeof value === 'string' ? change(value) : typeof value === 'number' ? value : mapErrorTextStrings(value, change);
  }
  return { key: text.key, params };
}

function isProblemList(value: ErrorParam): value is readonly Problem[] {
  return Array.isArray(value);
}

export const errorTextSchema: z.ZodType<ErrorText> = z.lazy(() =>
  z.object({
    key: z.custom<TextKey>(isTextKey, { error: 'unknown error text' }),
    params: z.record(
      z.string(),
      z.union([z.string(), z.number(), errorTextSchema, z.array(z.object({ path: z.string(), text: errorTextSchema, offset: z.number().int().nonnegative().optional() }))]),
    ),
  }),
);
