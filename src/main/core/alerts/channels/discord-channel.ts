import type { AlertChannel } from './channel';
import { clip, hostOf, pathTail, send } from './http-delivery';

// Discord refuses a message whose content is longer than this.
const CONTENT_LIMIT = 2000;

/** A Discord channel webhook (Server settings → Integrations → Webhooks). */
export const discordChannel: AlertChannel<'discord'> = {
  kind: 'discord',
  role: 'alerts',
  hint: (config) => `${hostOf(config.url)} webhook …${pathTail(config.url)}`,
  async deliver(message, config, context) {
    await send(
      {
        url: config.url,
        method: 'POST',
        // No mentions: a lead's name like "@everyone" must not ping the whole server.
        json: { content: clip(`**${message.title}**\n${message.text}`, CONTENT_LIMIT), allowed_mentions: { parse: [] } },
      },
      context,
      'Discord',
    );
  },
};
