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
  stillWaiting: {
    en: 'Your payment has not arrived yet. It can take a minute; we will send your purchase as soon as it does.',
    'pt-BR': 'Seu pagamento ainda não chegou. Pode levar um minuto; enviaremos sua compra assim que chegar.',
  },
  paidThanks: {
    en: 'Payment received, thank you! Your purchase is on its way.',
    'pt-BR': 'Pagamento recebido, obrigado! Sua compra está a caminho.',
  },
  chargeExpired: {
    en: 'This PIX code has expired. Press the product button again for a new one.',
    'pt-BR': 'Este código PIX expirou. Toque no botão do produto de novo para receber outro.',
  },
  chargeRefused: {
    en: 'This payment was refused by the bank. Press the product button again for a new PIX code.',
    'pt-BR': 'Este pagamento foi recusado pelo banco. Toque no botão do produto de novo para receber outro código PIX.',
  },
  paidButton: {
    en: 'I have paid',
    'pt-BR': 'Já paguei',
  },
} as const satisfies Readonly<Record<string, Readonly<Record<'en' | 'pt-BR', string>>>>;

export type BuyerReply = keyof typeof replies;

export function buyerReply(reply: BuyerReply, language: Settings['language'], leadLanguage: string | null): string {
  const texts = replies[reply];
  if (language !== 'auto') return texts[language];
  return leadLanguage?.toLowerCase().startsWith('pt') === true ? texts['pt-BR'] : texts.en;
}
