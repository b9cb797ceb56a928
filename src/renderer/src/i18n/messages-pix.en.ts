/** English for the PIX gateway's Settings section. */
export const pixEn = {
  'pix.settings': 'PIX gateway',
  'pix.settings.help':
    'Connect your Mercado Pago account to sell by PIX. Botdeck creates each charge there and confirms it by asking Mercado Pago about it at most once a minute (and when the buyer presses "I have paid"), so no public address is needed. Payments made while Botdeck is closed are confirmed when it opens again.',
  'pix.settings.connected': 'Connected: Mercado Pago, token {hint}, at {address}; charges last {minutes} minutes.',
  'pix.settings.notConnected': 'No PIX gateway is connected: PIX buttons ask buyers to try again later.',
  'pix.settings.token': 'Access token',
  'pix.settings.token.help': 'Mercado Pago → Your integrations → Credentials → production access token. It is kept sealed; only its last four characters are shown.',
  'pix.settings.address': 'Gateway address (optional)',
  'pix.settings.address.help': 'Leave empty for Mercado Pago itself ({address}).',
  'pix.settings.expiry': 'Minutes a charge can be paid',
  'pix.settings.payer':
    'Mercado Pago requires a payer e-mail: Botdeck sends one per lead under the reserved .invalid domain (it reaches nobody). The buyer pays with their own bank details.',
  'pix.settings.test': 'Test connection',
  'pix.settings.save': 'Save',
  'pix.settings.remove': 'Disconnect',
  'pix.settings.tested': 'Mercado Pago accepted the token. Nobody was charged.',
  'pix.settings.saved': 'Saved: Mercado Pago accepted the token.',
  'pix.settings.removed': 'Disconnected. Open charges are no longer checked until a gateway is connected again.',
  'pix.settings.lastFailure': 'Last gateway failure, {time}: {reason}',
  'pix.settings.answeredSince': 'It answered well again at {time}.',
  'pix.settings.notAnsweredSince': 'Nothing has worked since: PIX buyers are told to try again in a minute.',
  'pix.product.noGateway': 'PIX needs a gateway connected in Settings, and none is: a PIX button asks buyers to try again later.',
  'pix.product.openSettings': 'Connect one in Settings',
  'dashboard.pixTrouble': 'PIX charges are failing because of the gateway (last at {time}): {reason}',
  'dashboard.pixTrouble.open': 'Open Settings',
} as const;
