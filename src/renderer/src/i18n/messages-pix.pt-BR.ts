import type { pixEn } from './messages-pix.en';

/** Português do Brasil para a seção do gateway PIX. The type makes a missing or extra key a compile error. */
export const pixPtBR: Record<keyof typeof pixEn, string> = {
  'pix.settings': 'Gateway PIX',
  'pix.settings.help':
    'Conecte sua conta Mercado Pago para vender por PIX. O Botdeck cria cada cobrança lá e a confirma perguntando ao Mercado Pago no máximo uma vez por minuto (e quando o comprador toca em "Já paguei"), então não é preciso um endereço público. Pagamentos feitos com o Botdeck fechado são confirmados quando ele abre de novo.',
  'pix.settings.connected': 'Conectado: Mercado Pago, token {hint}, em {address}; as cobranças valem por {minutes} minutos.',
  'pix.settings.notConnected': 'Nenhum gateway PIX conectado: os botões de PIX pedem ao comprador que tente mais tarde.',
  'pix.settings.token': 'Token de acesso',
  'pix.settings.token.help': 'Mercado Pago → Suas integrações → Credenciais → token de acesso de produção. Ele fica guardado selado; só os últimos quatro caracteres aparecem.',
  'pix.settings.address': 'Endereço do gateway (opcional)',
  'pix.settings.address.help': 'Deixe vazio para o próprio Mercado Pago ({address}).',
  'pix.settings.expiry': 'Minutos para pagar uma cobrança',
  'pix.settings.payer':
    'O Mercado Pago exige um e-mail do pagador: o Botdeck envia um por lead no domínio reservado .invalid (não chega a ninguém). O comprador paga com os próprios dados bancários.',
  'pix.settings.test': 'Testar conexão',
  'pix.settings.save': 'Salvar',
  'pix.settings.remove': 'Desconectar',
  'pix.settings.tested': 'O Mercado Pago aceitou o token. Ninguém foi cobrado.',
  'pix.settings.saved': 'Salvo: o Mercado Pago aceitou o token.',
  'pix.settings.removed': 'Desconectado. As cobranças abertas deixam de ser verificadas até um gateway ser conectado de novo.',
  'pix.settings.lastFailure': 'Última falha do gateway, {time}: {reason}',
  'pix.settings.answeredSince': 'Ele voltou a responder bem às {time}.',
  'pix.settings.notAnsweredSince': 'Nada funcionou desde então: quem paga por PIX ouve que tente de novo em um minuto.',
  'pix.product.noGateway': 'O PIX precisa de um gateway conectado em Configurações, e não há nenhum: um botão de PIX pede ao comprador que tente mais tarde.',
  'pix.product.openSettings': 'Conectar um em Configurações',
  'dashboard.pixTrouble': 'As cobranças PIX estão falhando por causa do gateway (a última às {time}): {reason}',
  'dashboard.pixTrouble.open': 'Abrir Configurações',
};
