import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyLaunchAtLogin, autostartFile, startedAtLogin, type LoginHost } from '../../src/main/launch-at-login';
import { app } from '../support/fake-electron';
import { tempDir } from '../support/temp-dir';

function linuxHost(env: NodeJS.ProcessEnv = {}): LoginHost {
  return { platform: 'linux', env, execPath: '/opt/Botdeck/botdeck', home: tempDir() };
}

beforeEach(() => {
  vi.clearAllMocks();
  app.isPackaged = true;
  app.appPath = '/opt/Botdeck/resources/app.asar';
  app.wasOpenedAtLogin = false;
});

describe('launch at login on macOS and Windows', () => {
  it('registers the login item, hidden, through Electron', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      applyLaunchAtLogin(app, true, { ...linuxHost(), platform });
      expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
      applyLaunchAtLogin(app, false, { ...linuxHost(), platform });
      expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
    }
  });

  it('passes the app folder to Electron itself when unpackaged', () => {
    app.isPackaged = false;
    app.appPath = 'C:\\dev\\my botdeck';
    applyLaunchAtLogin(app, true, { ...linuxHost(), platform: 'win32' });
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['"C:\\dev\\my botdeck"', '--hidden'] });
  });
});

describe('launch at login elsewhere (freedesktop autostart)', () => {
  it('writes ~/.config/autostart/botdeck.desktop and removes it again', () => {
    const host = linuxHost();
    const file = join(host.home, '.config', 'autostart', 'botdeck.desktop');
    expect(autostartFile(host)).toBe(file);
    applyLaunchAtLogin(app, true, host);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
    const entry = readFileSync(file, 'utf8');
    expect(entry.split('\n')).toEqual(expect.arrayContaining(['[Desktop Entry]', 'Type=Application', 'Name=Botdeck', 'Exec=/opt/Botdeck/botdeck --hidden']));

    applyLaunchAtLogin(app, false, host);
    expect(existsSync(file)).toBe(false);
    // Turning off what is already off is not an error.
    applyLaunchAtLogin(app, false, host);
  });

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    const config = tempDir();
    const host = linuxHost({ XDG_CONFIG_HOME: config });
    applyLaunchAtLogin(app, true, host);
    expect(existsSync(join(config, 'autostart', 'botdeck.desktop'))).toBe(true);
    const relative = linuxHost({ XDG_CONFIG_HOME: 'config' });
    expect(autostartFile(relative)).toBe(join(relative.home, '.config', 'autostart', 'botdeck.desktop'));
  });

  it('points an AppImage at the AppImage file, not its temporary mount', () => {
    const host = linuxHost({ APPIMAGE: '/home/op/Apps/Botdeck.AppImage' });
    applyLaunchAtLogin(app, true, host);
    expect(readFileSync(autostartFile(host), 'utf8')).toContain('Exec=/home/op/Apps/Botdeck.AppImage --hidden\n');
  });

  it('runs Electron with the app folder when unpackaged, quoting what needs it', () => {
    app.isPackaged = false;
    app.appPath = '/home/op/my "bots"/botdeck';
    const host = { ...linuxHost(), execPath: '/home/op/botdeck/node_modules/electron/dist/electron' };
    applyLaunchAtLogin(app, true, host);
    expect(readFileSync(autostartFile(host), 'utf8')).toContain('Exec=/home/op/botdeck/node_modules/electron/dist/electron "/home/op/my \\\\"bots\\\\"/botdeck" --hidden\n');
  });
});

describe('a start at login', () => {
  it('is recognised by --hidden, or on macOS by the system saying so', () => {
    expect(startedAtLogin(app, ['/opt/Botdeck/botdeck'], 'linux')).toBe(false);
    expect(startedAtLogin(app, ['/opt/Botdeck/botdeck', '--hidden'], 'win32')).toBe(true);
    app.wasOpenedAtLogin = true;
    expect(startedAtLogin(app, ['/Applications/Botdeck.app/Contents/MacOS/Botdeck'], 'darwin')).toBe(true);
    expect(startedAtLogin(app, ['/opt/Botdeck/botdeck'], 'linux')).toBe(false);
  });
});
