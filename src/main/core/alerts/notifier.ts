import type { NotificationContent } from '../../../shared/alerts';

/**
 * The host's notifications: Electron's native ones on the desktop, the browser's in an
 * open headless console. The core only says what to show.
 */
export interface Notifier {
  /**
   * The host's own screen (the desktop app): a notification channel is set up there from
   * the first start, so the operator is told even before choosing any channel.
   */
  readonly native: boolean;
  /** Why notifications cannot be shown right now (a sentence for the operator), or null. */
  unavailable(): string | null;
  show(content: NotificationContent): void;
}

/** For hosts without a screen (the CLI, tests that do not look). */
export const noNotifier: Notifier = {
  native: false,
  unavailable: () => 'This Botdeck has no screen to show notifications on.',
  show: () => undefined,
};
