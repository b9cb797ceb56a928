import { app } from 'electron';
import type { Handlers } from '../shared/contract';
import { defaultSettings, type SettingsView } from '../shared/settings';
import type { Core } from './core/core';
import type { Logger } from './core/logger';
import { errorText } from './core/redact';
import type { KeepAwake } from './keep-awake';
import { applyLaunchAtLogin } from './launch-at-login';

/** Keep-awake and launch at login follow the settings, at start and whenever they change. */
export async function followDesktopSettings(core: Core, handlers: Handlers, keepAwake: KeepAwake, logger: Logger): Promise<void> {
  let loginItem: boolean | null = null;
  const apply = (settings: Pick<SettingsView, 'keepAwake' | 'launchAtLogin'>): void => {
    keepAwake.update({ enabled: settings.keepAwake });
    if (settings.launchAtLogin === loginItem) return;
    loginItem = settings.launchAtLogin;
    try {
      applyLaunchAtLogin(app, settings.launchAtLogin);
    } catch (error) {
      logger.warn({ error: errorText(error) }, 'launch at login could not be changed');
    }
  };
  let initial: SettingsView | null;
  try {
    initial = await handlers.getSettings(undefined);
  } catch {
    initial = null;
  }
  // Unreadable settings (a refused store): no keep-awake, and the login item stays as it is
  // rather than being removed on a guess.
  if (initial === null) keepAwake.update({ enabled: defaultSettings.keepAwake });
  else apply(initial);
  core.events.on('settings.changed', apply);
}
