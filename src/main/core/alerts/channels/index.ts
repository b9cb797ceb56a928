import type { ChannelKind } from '../../../../shared/alerts';
import type { AlertChannel } from './channel';
import { desktopChannel } from './desktop-channel';
import { discordChannel } from './discord-channel';
import { heartbeatChannel } from './heartbeat-channel';
import { slackChannel } from './slack-channel';
import { telegramChannel } from './telegram-channel';
import { webhookChannel } from './webhook-channel';

/** Every kind has exactly one channel: adding a kind to the schema fails here until it has one. */
export const alertChannels: { readonly [K in ChannelKind]: AlertChannel<K> } = {
  desktop: desktopChannel,
  telegram: telegramChannel,
  discord: discordChannel,
  slack: slackChannel,
  webhook: webhookChannel,
  heartbeat: heartbeatChannel,
};

export function channelFor<K extends ChannelKind>(kind: K): AlertChannel<K> {
  return alertChannels[kind];
}
