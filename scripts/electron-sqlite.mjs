#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into its own file, leaving the Node build in
// node_modules/better-sqlite3 untouched. The desktop app loads this file through the
// `nativeBinding` option; tests and the CLI keep using the Node build. So `npm start` and
// `npm test` both work, in either order, without a rebuild in between.
//
//   node scripts/electron-sqlite.mjs               build if missing or stale (prestart)
//   node scripts/electron-sqlite.mjs --if-electron same, but skip quietly when the Electron
//                                                  binary is not installed (postinstall)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const optional = process.argv.includes('--if-electron');
const outDir = join(root, 'node_modules', '.botdeck-native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');

function log(message) {
  process.stdout.write(`[electron-sqlite] ${message}\n`);
}

function fail(message) {
  if (optional) {
    log(`${message}\n[electron-sqlite] npm start will try again.`);
    process.exit(0);
  }
  process.stderr.write(`[electron-sqlite] ${message}\n`);
  process.exit(1);
}

function electronBinary() {
  try {
    // In plain Node, require('electron') returns the path of the downloaded binary and
    // throws when the download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (binary === null) {
  if (optional) {
    log('Electron binary not installed; skipping the Electron build of better-sqlite3.');
    process.exit(0);
  }
  fail('The Electron binary is not installed, so the desktop console cannot start. Reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD (npm install).');
}

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

if (existsSync(outFile) && existsSync(stampFile)) {
  const stamp = readFileSync(stampFile, 'utf8');
  if (stamp === JSON.stringify(wanted)) process.exit(0);
}

log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})`);
const work = mkdtempSync(join(tmpdir(), 'botdeck-electron-sqlite-'));
const pkgCopy = join(work, 'better-sqlite3');
cpSync(sqliteDir, pkgCopy, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) });

function run(command, args) {
  const result = spawnSync(process.execPath, [command, ...args], { cwd: pkgCopy, stdio: 'inherit' });
  return result.status === 0;
}

const target = ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`];
const built =
  run(require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] }), [...target, `--platform=${process.platform}`]) ||
  run(require.resolve('node-gyp/bin/node-gyp.js'), ['rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers']);
const builtFile = join(pkgCopy, 'build', 'Release', 'better_sqlite3.node');
if (!built || !existsSync(builtFile)) {
  rmSync(work, { recursive: true, force: true });
  fail('Could not get better-sqlite3 for Electron (no prebuilt binary and the source build failed). Check the network and the C++ toolchain, then run npm start again.');
}

// Prove the binary loads in Electron before trusting it.
const probe = spawnSync(binary, ['-e', `new (require(${JSON.stringify(join(pkgCopy, 'lib'))}))(':memory:', { nativeBinding: ${JSON.stringify(builtFile)} }).close()`], {
  env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  stdio: 'inherit',
});
if (probe.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  fail('The Electron build of better-sqlite3 does not load in Electron.');
}

mkdirSync(outDir, { recursive: true });
copyFileSync(builtFile, outFile);
writeFileSync(stampFile, JSON.stringify(wanted));
rmSync(work, { recursive: true, force: true });
log(`ready: ${outFile}`);
