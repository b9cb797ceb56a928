import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What a launch at login carries on its command line: start in the tray only. */
export const HIDDEN_ARG = '--hidden';

/** The slice of Electron's app used here (a fake in tests). */
export interface LoginItemApp {
  readonly isPackaged: boolean;
  getAppPath(): string;
  setLoginItemSettings(settings: Electron.Settings): void;
  getLoginItemSettings(): Pick<Electron.LoginItemSettings, 'wasOpenedAtLogin'>;
}

/** Where and as what Botdeck runs; tests pass a temporary home. */
export interface LoginHost {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  readonly home: string;
}

const thisHost = (): LoginHost => ({ platform: process.platform, env: process.env, execPath: process.execPath, home: homedir() });

/**
 * Starts Botdeck (in the tray) when the operator logs in, or stops doing so.
 *
 * macOS and Windows: the system's login items, through Electron. Elsewhere Electron has no
 * login items, so Botdeck writes (or removes) a freedesktop autostart entry, which GNOME,
 * KDE, XFCE and the others honour: better than a setting that silently does nothing on
 * Linux. Throws when that file cannot be written.
 */
export function applyLaunchAtLogin(app: LoginItemApp, enabled: boolean, host: LoginHost = thisHost()): void {
  if (host.platform === 'darwin' || host.platform === 'win32') {
    // Unpackaged, the executable is Electron itself and needs the app folder (quoted: Windows joins args as-is).
    const args = app.isPackaged ? [HIDDEN_ARG] : [`"${app.getAppPath()}"`, HIDDEN_ARG];
    // macOS ignores args, and openAsHidden is deprecated (ignored since macOS 13), so it is
    // left out: startedAtLogin asks macOS whether it launched us at login instead.
    app.setLoginItemSettings({ openAtLogin: enabled, args });
    return;
  }
  const file = autostartFile(host);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, autostartEntry(app, host));
}

/** Whether this run is a launch at login, which shows the tray and no window. */
export function startedAtLogin(app: Pick<LoginItemApp, 'getLoginItemSettings'>, argv: readonly string[], platform: NodeJS.Platform): boolean {
  return argv.includes(HIDDEN_ARG) || (platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
}

/** $XDG_CONFIG_HOME/autostart/botdeck.desktop, ~/.config by default. */
export function autostartFile(host: Pick<LoginHost, 'env' | 'home'>): string {
  const config = host.env['XDG_CONFIG_HOME'] ?? '';
  return join(config.startsWith('/') ? config : join(host.home, '.config'), 'autostart', 'botdeck.desktop');
}

function autostartEntry(app: LoginItemApp, host: LoginHost): string {
  // An AppImage runs from a temporary mount; $APPIMAGE is the file that stays.
  const program = host.env['APPIMAGE'] ?? host.execPath;
  const command = [program, ...(app.isPackaged ? [] : [app.getAppPath()]), HIDDEN_ARG].map(execArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Botdeck',
    'Comment=Watches your Telegram bots from the tray',
    `Exec=${command}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** One Exec argument, quoted and escaped as the Desktop Entry specification asks. */
function execArgument(argument: string): string {
  const quoted = /^[\w\-./=:+,@]+$/.test(argument) ? argument : `"${argument.replace(/["`$\\]/g, '\\$&')}"`;
  // Exec is itself a string value (backslashes doubled) and a field-code template (% doubled).
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}
