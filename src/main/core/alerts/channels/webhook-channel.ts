import type { Incident } from '../../../../shared/alerts';
import type { AlertMessage } from '../alert-message';
import type { AlertChannel } from './channel';
import { hostOf, send } from './http-delivery';

/**
 * What a generic webhook receives, as a JSON POST. Stable: people wire it into their own
 * tools (n8n, Zapier, a script), so fields are only ever added.
 */
export interface WebhookPayload {
  readonly source: 'botdeck';
  readonly type: AlertMessage['type'];
  readonly title: string;
  /** Plain text, several lines. */
  readonly text: string;
  /** ISO 8601, UTC. */
  readonly at: string;
  /** The whole incident (bot, cause, leads, money at stake), or null for a test alert. */
  readonly incident: Incident | null;
}

export const webhookChannel: AlertChannel<'webhook'> = {
  kind: 'webhook',
  role: 'alerts',
  hint: (config) => `${hostOf(config.url)}…`,
  async deliver(message, config, context) {
    const payload: WebhookPayload = {
      source: 'botdeck',
      type: message.type,
      title: message.title,
      text: message.text,
      at: new Date(message.at).toISOString(),
      incident: message.incident,
    };
    await send({ url: config.url, method: 'POST', json: payload }, context, hostOf(config.url));
  },
};
