import { errorText } from '../../redact';
import type { AlertChannel } from './channel';
import { ChannelDeliveryError } from './channel';

/** The OS notification (or the open headless console's). Nothing to retry: the notifier answers at once. */
export const desktopChannel: AlertChannel<'desktop'> = {
  kind: 'desktop',
  role: 'alerts',
  hint: () => 'This computer',
  deliver(message, _config, context) {
    const unavailable = context.notifier.unavailable();
    if (unavailable !== null) return Promise.reject(new ChannelDeliveryError(unavailable, false));
    try {
      context.notifier.show({ title: message.title, body: message.text, opens: { page: 'alerts', incidentId: message.incident?.id ?? null } });
    } catch (error) {
      return Promise.reject(new ChannelDeliveryError(`The notification could not be shown: ${errorText(error)}`, false));
    }
    return Promise.resolve();
  },
};
