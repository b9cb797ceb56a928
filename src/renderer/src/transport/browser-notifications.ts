import type { ConsoleTarget } from '../../../shared/alerts';
import { onEngineEvent } from './client';

function notificationTag(target: ConsoleTarget): string {
  if (target.page === 'alerts') return target.incidentId === null ? 'botdeck' : `botdeck-incident-${target.incidentId}`;
  return target.jobId === null ? 'botdeck-recovery' : `botdeck-recovery-${target.jobId}`;
}

/** What the browser allows; 'unsupported' when it has no notifications here (e.g. plain http:// off localhost). */
export type BrowserNotificationState = NotificationPermission | 'unsupported';

export function browserNotificationState(): BrowserNotificationState {
  return 'Notification' in window && window.isSecureContext ? Notification.permission : 'unsupported';
}

/** Asks the browser (it must follow a click), and answers with what it decided. */
export async function requestBrowserNotifications(): Promise<BrowserNotificationState> {
  if (browserNotificationState() === 'unsupported') return 'unsupported';
  return Notification.requestPermission();
}

/**
 * Headless mode only: the desktop app shows its own notifications, while a browser console is
 * sent 'notification.show' and shows it here, when the operator allowed it. A click brings
 * the console forward on what it is about. Returns the unsubscribe function.
 */
export function startBrowserNotifications(open: (target: ConsoleTarget) => void): () => void {
  return onEngineEvent((event) => {
    if (event.event !== 'notification.show' || browserNotificationState() !== 'granted') return;
    const content = event.payload;
    // One tag per incident or job: a "still down" repeat replaces the earlier notification instead of piling up.
    const notification = new Notification(content.title, { body: content.body, tag: notificationTag(content.opens) });
    notification.onclick = () => {
      window.focus();
      notification.close();
      open(content.opens);
    };
  });
}
