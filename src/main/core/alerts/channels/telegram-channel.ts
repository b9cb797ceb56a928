import type { ChannelConfigOf } from '../../../../shared/alerts';
import type { AlertChannel } from './channel';
import { ChannelDeliveryError } from './channel';
import type { AnswerJudge, HttpAnswer } from './http-delivery';
import { clip, heardFrom, refusal, send } from './http-delivery';

// Telegram's limit for one message's text.
const TEXT_LIMIT = 4096;

/** A message from the operator's own alert bot (not one of the sales bots) to their chat. */
export const telegramChannel: AlertChannel<'telegram'> = {
  kind: 'telegram',
  role: 'alerts',
  // The bot id before ':' is public (it is in every update); the part after it is the secret.
  hint: (config) => `chat ${config.chatId} via bot ${config.token.split(':', 1)[0] ?? ''}`,
  async deliver(message, config, context) {
    const root = context.telegramApiRoot.replace(/\/+$/, '');
    await send(
      {
        url: `${root}/bot${config.token}/sendMessage`,
        method: 'POST',
        // Plain text, no parse_mode: bot names and lead names need no escaping.
        json: { chat_id: config.chatId, text: clip(`${message.title}\n\n${message.text}`, TEXT_LIMIT), link_preview_options: { is_disabled: true } },
      },
      context,
      'Telegram',
      judgeReply(config),
    );
  },
};

interface BotApiReply {
  readonly ok: boolean;
  readonly errorCode: number | null;
}

/** Bot API answers are `{ ok, result }` or `{ ok: false, error_code, description }`, whatever the status. */
function judgeReply(config: ChannelConfigOf<'telegram'>): AnswerJudge {
  return (answer) => {
    const reply = botApiReply(answer.json);
    if (answer.status >= 200 && answer.status < 300) {
      if (reply?.ok === true) return null;
      if (reply === null) {
        return new ChannelDeliveryError(`Telegram answered ${answer.statusLine}, but not as the Bot API does; check the Bot API server address in Settings.`, false);
      }
    }
    // A 2xx with ok:false still failed: its error_code is the status that counts.
    const code = reply?.errorCode ?? null;
    return explain(code === null ? answer : { ...answer, status: code, statusLine: String(code) }, config);
  };
}

function explain(answer: HttpAnswer, config: ChannelConfigOf<'telegram'>): ChannelDeliveryError {
  const heard = heardFrom('Telegram', answer);
  const said = answer.said?.toLowerCase() ?? '';
  if (answer.status === 401) {
    return new ChannelDeliveryError(`${heard} The bot token was refused: it may have been revoked in BotFather; paste the current one.`, false);
  }
  if (answer.status === 404) {
    return new ChannelDeliveryError(`${heard} Telegram does not know this bot token; copy it again from BotFather.`, false);
  }
  if (answer.status === 403 || (answer.status === 400 && said.includes('chat not found'))) {
    return new ChannelDeliveryError(`${heard} ${howToReach(config.chatId)}`, false);
  }
  return refusal('Telegram', answer);
}

/** A bot may only write to people who started it, and to channels that made it an admin. */
function howToReach(chatId: number | string): string {
  return typeof chatId === 'string'
    ? `Add the alert bot to ${chatId} as an administrator who may post, then test the channel again.`
    : `From the Telegram account that should get the alerts, open the alert bot and send it /start (unblock it if it was blocked), then test the channel again. Check that chat id ${chatId} is that account's.`;
}

function botApiReply(json: unknown): BotApiReply | null {
  if (typeof json !== 'object' || json === null) return null;
  const { ok, error_code: errorCode } = json as { ok?: unknown; error_code?: unknown };
  if (typeof ok !== 'boolean') return null;
  return { ok, errorCode: typeof errorCode === 'number' && Number.isInteger(errorCode) ? errorCode : null };
}
