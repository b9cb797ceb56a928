import type { AlertChannel } from './channel';
import { hostOf, pathTail, send } from './http-delivery';

/** A Slack incoming webhook (an app's "Incoming Webhooks" page). */
export const slackChannel: AlertChannel<'slack'> = {
  kind: 'slack',
  role: 'alerts',
  hint: (config) => `${hostOf(config.url)} webhook …${pathTail(config.url)}`,
  async deliver(message, config, context) {
    const text = `*${escapeSlack(message.title)}*\n${escapeSlack(message.text)}`;
    await send({ url: config.url, method: 'POST', json: { text } }, context, 'Slack');
  },
};

/** Slack reads <…> as links and mentions (<!channel>), so these three must be escaped in text. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
