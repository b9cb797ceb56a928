import { join } from 'node:path';

/** The tray's colour: the worst state among the bots. */
export type TrayColour = 'green' | 'amber' | 'red';

/**
 * The tray icon for a colour (made by scripts/make-tray-icons.mjs). Electron picks the
 * `@2x` file beside it by itself on high-density screens, so only the base name is given.
 */
export function trayIconPath(worst: TrayColour, resourcesDir: string): string {
  return join(resourcesDir, `tray-${worst}.png`);
}
