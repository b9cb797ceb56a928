import type { AlertChannel } from './channel';
import { hostOf, send } from './http-delivery';

/**
 * A push URL of an outside monitor (Uptime Kuma push, healthchecks.io): pinged while the
 * engine runs, so the monitor raises the alarm on silence, when this computer sleeps or dies.
 */
export const heartbeatChannel: AlertChannel<'heartbeat'> = {
  kind: 'heartbeat',
  role: 'heartbeat',
  hint: (config) => `${hostOf(config.url)}…`,
  async deliver(message, config, context) {
    // Incidents are not its business: the monitor only learns that the engine is alive.
    if (message.type !== 'heartbeat' && message.type !== 'test') return;
    // As given: the monitor's own query (Uptime Kuma's ?status=up&msg=OK) is part of the address.
    await send({ url: config.url, method: 'GET' }, context, hostOf(config.url));
  },
};
