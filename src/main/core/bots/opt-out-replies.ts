import type { Settings } from '../../../shared/settings';

/**
 * What the bot tells a lead who pressed the stop button or sent /stop, in the operator's
 * language: the bot speaks for the operator. The same text answers the press (at most 200
 * characters there) and the command.
 */
const replies: Readonly<Record<'en' | 'pt-BR', string>> = {
  en: 'Done: you will not receive our offers any more.',
  'pt-BR': 'Pronto: você não vai mais receber nossas ofertas.',
};

/** The confirmation; with the language on 'auto', the lead's own Telegram language decides (Portuguese or English). */
export function optOutReply(language: Settings['language'], leadLanguage: string | null): string {
  if (language !== 'auto') return replies[language];
  return leadLanguage?.toLowerCase().startsWith('pt') === true ? replies['pt-BR'] : replies.en;
}
