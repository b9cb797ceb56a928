import type { Configuration, TargetConfigType } from 'app-builder-lib';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGED_SQLITE_BINDING } from '../../src/main/sqlite-binding';

const root = join(__dirname, '../..');
// The matchers look only at whether a path is a directory: any regular file's stat will do.
const aFile = statSync(join(root, 'package.json'));
const matcherOptions = { macroExpander: (pattern: string) => pattern, customBuildOptions: {}, globalOutDir: join(root, 'dist'), defaultSrc: root };

/** Width and height from a PNG's header (the IHDR chunk right after the 8-byte signature). */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function targetNames(target: TargetConfigType | undefined): string[] {
  if (target === undefined || target === null) return [];
  return (Array.isArray(target) ? target : [target]).map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

/** Whether electron-builder's own matcher for `name` takes the file at `relative` (from the project). */
function matched(config: Configuration, name: 'files' | 'asarUnpack', relative: string): boolean {
  const matchers = getFileMatchers(config, name, '/app', matcherOptions) ?? [];
  return matchers.some((matcher) => matcher.createFilter()(join(root, relative), aFile));
}

describe('the installers configuration (electron-builder.yml)', () => {
  let config: Configuration;

  beforeAll(async () => {
    // Loaded as `electron-builder` loads it: from the project, with package.json's metadata.
    config = await getConfig(root, null, null);
  });

  it('passes the validation electron-builder runs before building', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would fail that validation with a misspelt option, so the check above means something', async () => {
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targets: ['AppImage'] } } as Configuration, new DebugLogger(false))).rejects.toThrow(
      /does not match the API schema/,
    );
  });

  it('names the app and builds AppImage and deb, NSIS and dmg', () => {
    expect(config.appId).toBe('app.botdeck.console');
    expect(config.productName).toBe('Botdeck');
    expect(targetNames(config.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targetNames(config.win?.target)).toContain('nsis');
    expect(targetNames(config.mac?.target)).toContain('dmg');
  });

  it('takes every icon from resources/, and the files exist', () => {
    const icons = [config.linux?.icon, config.win?.icon, config.mac?.icon];
    for (const icon of icons) {
      expect(icon).toMatch(/^resources\//);
      expect(existsSync(join(root, icon ?? ''))).toBe(true);
    }
    expect(config.directories?.buildResources).toBe('resources');
  });

  it('has an icon large enough for every platform (macOS needs 512x512 to make its .icns)', () => {
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      const { width, height } = pngSize(join(root, icon ?? ''));
      expect(width).toBe(height);
      expect(width).toBeGreaterThanOrEqual(512);
    }
  });

  it('gives the deb package a maintainer in the "Name <address>" form Debian requires', () => {
    expect(config.linux?.maintainer).toMatch(/^[^<>]+ <[^@\s<>]+@[^@\s<>]+\.[a-z]+>$/);
  });

  it('packs the built app and the icons, not the sources, tests, benchmarks, the headless host or the doctor', () => {
    for (const file of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'out/main/chunks/engine.js', 'package.json', 'resources/tray-red.png']) {
      expect(matched(config, 'files', file), file).toBe(true);
    }
    for (const file of [
      'src/main/index.ts',
      'src/renderer/index.html',
      'test/store/store.test.ts',
      'bench/run.ts',
      'scripts/electron-sqlite.mjs',
      'out/main/headless.js',
      'out/main/doctor.js',
      'README.md',
    ]) {
      expect(matched(config, 'files', file), file).toBe(false);
    }
  });

  it('ships the Electron build of better-sqlite3 outside the asar, where the shell reads it, and rebuilds nothing in node_modules', () => {
    // Rebuilding in place would replace the Node build the tests and the doctor load.
    expect(config.npmRebuild).toBe(false);
    const resources = getFileMatchers(config, 'extraResources', '/resources', matcherOptions) ?? [];
    expect(resources.map((matcher) => ({ from: matcher.from, to: matcher.to }))).toContainEqual({
      // Where scripts/electron-sqlite.mjs writes it.
      from: join(root, 'node_modules/.botdeck-native/electron/better_sqlite3.node'),
      to: join('/resources', PACKAGED_SQLITE_BINDING),
    });
    // Any other native file a dependency brings is unpacked from the asar too.
    expect(matched(config, 'asarUnpack', 'node_modules/some-module/build/Release/addon.node')).toBe(true);
  });
});
