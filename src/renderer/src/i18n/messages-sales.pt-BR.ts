import type { salesEn } from './messages-sales.en';

/** Português do Brasil para as vendas no console: o aviso das Stars e os pagamentos na ficha do lead. */
export const salesPtBR: Record<keyof typeof salesEn, string> = {
  'sales.starsNotice.running': 'O checkout em Stars precisa do Botdeck aberto: o Telegram pede ao bot que confirme cada compra, e uma compra sem confirmação em 10 segundos falha.',
  'sales.starsNotice.required': 'O Telegram exige Stars para produtos digitais vendidos dentro dos seus apps.',
  'lead.payments': 'Pagamentos',
  'lead.payments.none': 'Nenhum pagamento ainda.',
  'lead.payment.stars': '{n} Stars',
  'lead.payment.rail.stars': 'Telegram Stars',
  'lead.payment.rail.pix': 'PIX',
  'lead.payment.noProduct': 'um produto que o Botdeck não conhece',
  'lead.payment.refunded': 'reembolsado em {date}',
  'lead.payment.refund': 'Reembolsar',
  'lead.payment.refund.confirm': 'Devolver {amount} a este comprador? O Telegram devolve as Stars, e a venda deixa de contar.',
  'lead.payment.refund.yes': 'Reembolsar agora',
  'lead.payment.refund.no': 'Manter o pagamento',
  'lead.payment.refund.done': 'Reembolsado: {amount} voltou para o comprador.',
  'lead.payments.reconcile': 'Conferir com o Telegram os pagamentos em Stars deste bot',
  'lead.payments.reconciled': 'O Telegram lista {found} pagamentos em Stars deste bot: {recorded} registrados agora, {refunded} marcados como reembolsados agora.',
};
