import type { Settings } from '../../../shared/settings';

/** What the bot answers the operator's /start with the code, instead of the leads' welcome. */
const replies: Readonly<Record<'en' | 'pt-BR', string>> = {
  en: 'Botdeck now knows this chat: test sends and Telegram alerts can reach you here. You can go back to Botdeck.',
  'pt-BR': 'O Botdeck agora conhece este chat: os envios de teste e os alertas pelo Telegram podem chegar a você aqui. Pode voltar ao Botdeck.',
};

/** The confirmation, in the operator's language; on 'auto', the sender's Telegram language decides. */
export function operatorChatReply(language: Settings['language'], senderLanguage: string | null): string {
  if (language !== 'auto') return replies[language];
  return senderLanguage?.toLowerCase().startsWith('pt') === true ? replies['pt-BR'] : replies.en;
}
