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

export function translate(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
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
  return {
    locale,
    t: (key, values) => translate(locale, key, values),
    label: (key) => (key in dictionaries[locale] ? dictionaries[locale][key as MessageKey] : (key.split('.').pop() ?? key)),
    money: (cents, other) => new Intl.NumberFormat(locale, { style: 'currency', currency: other ?? currency }).format(cents / 100),
    dateTime: (ms) => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(ms),
    time: (ms) => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(ms),
    number: (value) => new Intl.NumberFormat(locale).format(value),
  };
}
