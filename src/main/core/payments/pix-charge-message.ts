import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Settings } from '../../../shared/settings';
import { escapeHtml, PRODUCT_DATA_PREFIX } from '../../../shared/welcome';
import { grammySignal } from '../bots/grammy-signal';
import { buyerReply } from './buyer-replies';

/**
 * The "I have paid" button's data: under the product buttons' prefix, which offer buttons may
 * not use, so no operator's button can be taken for it.
 */
const PAID_DATA = `${PRODUCT_DATA_PREFIX}paid:`;

export function pixPaidCallbackData(checkoutId: number): string {
  return `${PAID_DATA}${checkoutId}`;
}

/** The checkout an "I have paid" press names, or null for any other data. */
export function readPixPaidCallbackData(data: string | undefined): number | null {
  const match = /^buy:paid:([1-9][0-9]{0,15})$/.exec(data ?? '');
  return match === null ? null : Number(match[1]);
}

/** What the buyer must pay, shown the Brazilian way whatever the language: PIX is Brazilian money. */
export function formatBrl(cents: number): string {
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(cents / 100);
}

type Locale = 'en' | 'pt-BR';

function localeOf(language: Settings['language'], leadLanguage: string | null): Locale {
  if (language !== 'auto') return language;
  return leadLanguage?.toLowerCase().startsWith('pt') === true ? 'pt-BR' : 'en';
}

export interface ChargeToSend {
  readonly checkoutId: number;
  readonly productName: string;
  readonly amountCents: number;
  readonly code: string;
  readonly qrPngBase64: string | null;
  readonly expiresAt: number;
}

/** The charge's message: the product, the amount, the code to copy (`<code>` copies on a tap) and how long it lasts. */
export function chargeText(charge: ChargeToSend, locale: Locale, now: number): string {
  const minutes = Math.max(1, Math.round((charge.expiresAt - now) / 60_000));
  const product = escapeHtml(charge.productName);
  const amount = escapeHtml(formatBrl(charge.amountCents));
  const code = `<code>${escapeHtml(charge.code)}</code>`;
  return locale === 'pt-BR'
    ? `PIX de <b>${product}</b>: <b>${amount}</b>\n\nToque no código para copiar e cole no app do seu banco (PIX copia e cola), ou leia o QR code acima:\n\n${code}\n\nO código vale por ${minutes} minutos. Depois de pagar, toque em "Já paguei".`
    : `PIX for <b>${product}</b>: <b>${amount}</b>\n\nTap the code to copy it and paste it in your bank app (PIX copia e cola), or scan the QR code above:\n\n${code}\n\nThe code is valid for ${minutes} minutes. Once you have paid, press "I have paid".`;
}

/** Sends the QR image (when the gateway gave one) and then the code with the "I have paid" button. */
export async function sendCharge(
  api: Api,
  chatId: number,
  charge: ChargeToSend,
  language: Settings['language'],
  leadLanguage: string | null,
  now: number,
  signal: AbortSignal,
): Promise<void> {
  const locale = localeOf(language, leadLanguage);
  if (charge.qrPngBase64 !== null) {
    await api.sendPhoto(chatId, new InputFile(Buffer.from(charge.qrPngBase64, 'base64'), 'pix-qr.png'), {}, grammySignal(signal));
  }
  const keyboard: InlineKeyboardMarkup = {
    inline_keyboard: [[{ text: buyerReply('paidButton', language, leadLanguage), callback_data: pixPaidCallbackData(charge.checkoutId) }]],
  };
  await api.sendMessage(chatId, chargeText(charge, locale, now), { parse_mode: 'HTML', reply_markup: keyboard }, grammySignal(signal));
}
