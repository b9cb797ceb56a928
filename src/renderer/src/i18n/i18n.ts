import { useMemo } from 'react';
import { create } from 'zustand';
import { en, type MessageKey } from './messages.en';
import { ptBR } from './messages.pt-BR';

export type Locale = 'en' | 'pt-BR';
export type LanguageChoice = 'auto' | Locale;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, 'pt-BR': ptBR };

/** The system's language decides unless the operator chose one. */
export function resolveLocale(choice: LanguageChoice, systemLanguages: readonly string[]): Locale {
  if (choice !== 'auto') return choice;
  return systemLanguages.some((language) => language.toLowerCase().startsWith('pt')) ? 'pt-BR' : 'en';
}

interface LocaleState {
  readonly choice: LanguageChoice;
  readonly locale: Locale;
  /** For money: the operator's currency (BRL unless set otherwise). */
  readonly currency: string;
  readonly choose: (choice: LanguageChoice) => void;
  readonly setCurrency: (currency: string) => void;
}

export const useLocaleStore = create<LocaleState>((set) => ({
  choice: 'auto',
  locale: resolveLocale('auto', navigator.languages),
  currency: 'BRL',
  choose: (choice) => {
    set({ choice, locale: resolveLocale(choice, navigator.languages) });
  },
  setCurrency: (currency) => {
    set({ currency });
  },
}));

/** The language now, for text made outside a render (a failed call's message kept in state). */
export function currentLocale(): Locale {
  return useLocaleStore.getState().locale;
}

export function translate(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/**
 * Intl formatters, one per locale and options: building one costs far more than a call to
 * it, and a screen of leads formats hundreds of cells.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: Locale, currency: string | null): Intl.NumberFormat {
  const key = `${locale} ${currency ?? ''}`;
  let found = numberFormats.get(key);
  if (found === undefined) {
    found = currency === null ? new Intl.NumberFormat(locale) : new Intl.NumberFormat(locale, { style: 'currency', currency });
    numberFormats.set(key, found);
  }
  return found;
}

function dateTimeFormat(locale: Locale, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${String(withDate)}`;
  let found = dateTimeFormats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, withDate ? { dateStyle: 'short', timeStyle: 'medium' } : { timeStyle: 'medium' });
    dateTimeFormats.set(key, found);
  }
  return found;
}

/** The translator and formatters for the current language. */
export function useI18n(): {
  locale: Locale;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A message chosen at run time (an event kind, a status); the raw name when there is none. */
  label: (key: string) => string;
  dateTime: (ms: number) => string;
  /** The time of day only, for an instant whose date is already on screen. */
  time: (ms: number) => string;
  number: (value: number) => string;
  /** An amount in cents, in the operator's currency unless another (e.g. an incident's) is given. */
  money: (cents: number, currency?: string) => string;
} {
  const locale = useLocaleStore((state) => state.locale);
  const currency = useLocaleStore((state) => state.currency);
  // The same functions until the language or currency changes, so memoised cells keep them.
  return useMemo(
    () => ({
      locale,
      t: (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values),
      label: (key: string) => (key in dictionaries[locale] ? dictionaries[locale][key as MessageKey] : (key.split('.').pop() ?? key)),
      money: (cents: number, other?: string) => numberFormat(locale, other ?? currency).format(cents / 100),
      dateTime: (ms: number) => dateTimeFormat(locale, true).format(ms),
      time: (ms: number) => dateTimeFormat(locale, false).format(ms),
      number: (value: number) => numberFormat(locale, null).format(value),
    }),
    [locale, currency],
  );
}
