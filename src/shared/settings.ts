import { z } from 'zod';

export const languageSchema = z.enum(['auto', 'en', 'pt-BR']);

/** The operator's settings as the console edits them. */
export const settingsSchema = z.object({
  /** null: Telegram's own server. */
  telegramApiRoot: z.url({ protocol: /^https?$/, error: 'The Bot API address must start with http:// or https://.' }).nullable(),
  language: languageSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, 'A currency is a three-letter code such as BRL or USD.'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = { telegramApiRoot: null, language: 'auto', currency: 'BRL' };

/** What the console shows: the settings, plus the Bot API address in force (an environment variable may override). */
export const settingsViewSchema = settingsSchema.extend({ effectiveApiRoot: z.string(), dataDir: z.string() });
export type SettingsView = z.infer<typeof settingsViewSchema>;
