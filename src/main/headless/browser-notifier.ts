import type { NotificationContent } from '../../shared/alerts';
import type { Notifier } from '../core/alerts/notifier';

/**
 * Headless mode has no screen of its own: a notification is pushed to the open consoles,
 * whose browsers show it with the Notification API. With no console open it would reach
 * no one, and the alert says so instead of pretending it was seen.
 */
export function browserNotifier(deps: { readonly push: (content: NotificationContent) => void; readonly consoles: () => number }): Notifier {
  return {
    native: false,
    unavailable: () =>
      deps.consoles() === 0 ? 'No Botdeck console is open in a browser, so no one would see this notification. Keep the console open, or add a Telegram or webhook channel.' : null,
    show: (content) => {
      deps.push(content);
    },
  };
}
