import type { ConsoleTarget, NotificationContent } from '../shared/alerts';
import type { Notifier } from './core/alerts/notifier';

/** The slice of an Electron Notification the notifier uses. */
export interface ShownNotification {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown;
  show(): void;
}

/** The slice of Electron's Notification class the notifier uses (a fake in tests). */
export interface NotificationClass {
  new (options: Electron.NotificationConstructorOptions): ShownNotification;
  isSupported(): boolean;
}

export interface ElectronNotifierDeps {
  readonly Notification: NotificationClass;
  /** Shown beside the text where the system draws one (Linux, Windows). */
  readonly icon?: string;
  /** The operator clicked a notification: bring the console to what it is about. */
  onClick(target: ConsoleTarget): void;
}

export interface ElectronNotifier extends Notifier {
  /** Notifications shown and not yet clicked, closed or failed. */
  held(): number;
}

/**
 * A notification Electron no longer references from JavaScript can be garbage-collected
 * while still on screen, and its click handler dies with it (Windows and macOS). So each
 * one is held until it is clicked, closed or fails; a toast that slips silently into the
 * Action Center never says so, hence the cap, which drops the oldest.
 */
const MAX_HELD = 50;

/** Electron's native notifications behind the core's Notifier port. */
export function electronNotifier(deps: ElectronNotifierDeps): ElectronNotifier {
  const held = new Set<ShownNotification>();
  return {
    native: true,
    unavailable: () =>
      deps.Notification.isSupported()
        ? null
        : 'This computer does not support desktop notifications, so Botdeck cannot pop up alerts on screen; your other alert channels still work.',
    show: (content: NotificationContent) => {
      if (!deps.Notification.isSupported()) return;
      const notification = new deps.Notification({
        title: content.title,
        body: content.body,
        // An alert about a down bot should be heard, not only seen.
        silent: false,
        ...(deps.icon === undefined ? {} : { icon: deps.icon }),
      });
      const release = (): void => {
        held.delete(notification);
      };
      notification.on('click', () => {
        release();
        deps.onClick(content.opens);
      });
      notification.on('close', release);
      notification.on('failed', release);
      held.add(notification);
      for (const oldest of held) {
        if (held.size <= MAX_HELD) break;
        held.delete(oldest);
      }
      notification.show();
    },
    held: () => held.size,
  };
}
