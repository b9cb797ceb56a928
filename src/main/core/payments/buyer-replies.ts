import type { Settings } from '../../../shared/settings';

/**
 * What the bot tells a buyer, in the operator's language (the bot speaks for the operator);
 * with the language on 'auto', the lead's own Telegram language decides. Answers to a button
 * press are at most 200 characters; so are a refused pre-checkout's.
 */
const replies = {
  productGone: {
    en: 'Sorry, this product is no longer on sale.',
    'pt-BR': 'Desculpe, este produto não está mais à venda.',
  },
  invoiceUnknown: {
    en: 'This invoice is no longer valid. Please press the product button again.',
    'pt-BR': 'Esta cobrança não vale mais. Toque de novo no botão do produto.',
  },
  priceChanged: {
    en: 'The price of this product has changed. Please press the product button again to see the new price.',
    'pt-BR': 'O preço deste produto mudou. Toque de novo no botão do produto para ver o novo preço.',
  },
  tryAgain: {
    en: 'We could not start the payment just now. Please try again in a minute.',
    'pt-BR': 'Não conseguimos iniciar o pagamento agora. Tente de novo em um minuto.',
  },
} as const satisfies Readonly<Record<string, Readonly<Record<'en' | 'pt-BR', string>>>>;

export type BuyerReply = keyof typeof replies;

export function buyerReply(reply: BuyerReply, language: Settings['language'], leadLanguage: string | null): string {
  const texts = replies[reply];
  if (language !== 'auto') return texts[language];
  return leadLanguage?.toLowerCase().startsWith('pt') === true ? texts['pt-BR'] : texts.en;
}
