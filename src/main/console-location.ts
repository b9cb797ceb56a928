import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the desktop loads the console from. */
export interface ConsoleLocation {
  /** electron-vite's dev server, in development only; null otherwise. */
  readonly devServerUrl: string | null;
  /** The built console's index.html. */
  readonly file: string;
}

/**
 * The dev server URL counts only in a development run: in an installed app an environment
 * variable must not be able to load the console (with its IPC) from some other address.
 */
export function consoleLocation(isPackaged: boolean, env: NodeJS.ProcessEnv, mainDir: string): ConsoleLocation {
  const devServerUrl = env['ELECTRON_RENDERER_URL'];
  return {
    devServerUrl: !isPackaged && devServerUrl !== undefined && devServerUrl !== '' ? devServerUrl : null,
    file: join(mainDir, '../renderer/index.html'),
  };
}

/**
 * Whether a frame's URL is the console itself: the built index.html, or a page of the dev
 * server in development. Anything else (a page the window was led to, an embedded frame)
 * is not the console and must get no IPC.
 */
export function isConsoleUrl(location: ConsoleLocation, url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (location.devServerUrl !== null) return parsed.origin === new URL(location.devServerUrl).origin;
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
  const path = fileURLToPath(parsed);
  const expected = resolve(location.file);
  // Windows paths ignore case (and Chromium may spell the drive letter either way).
  return process.platform === 'win32' ? path.toLowerCase() === expected.toLowerCase() : path === expected;
}
