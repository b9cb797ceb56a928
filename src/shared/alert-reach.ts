import type { ChannelView } from './alerts';

/**
 * Whether a bot's outage alerts anybody: some enabled channel is told about incidents. A
 * heartbeat channel is not (it is only pinged while the engine runs), so alone it does not count.
 * The desktop app has its notification channel from the first start; a headless engine has
 * none until the operator adds one, so there this is false at first.
 */
export function outageAlertsSomeone(channels: readonly Pick<ChannelView, 'kind' | 'enabled'>[]): boolean {
  return channels.some((channel) => channel.enabled && channel.kind !== 'heartbeat');
}
