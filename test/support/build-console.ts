import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const projectRoot = join(__dirname, '../..');

/**
 * Vitest's global setup: builds the console, the headless host and the doctor into out/ once,
 * before any test file runs. Always, because a stale out/ would test yesterday's console; and
 * only here, because a build empties out/ first and would pull it from under a test file that
 * is serving it.
 */
export default function buildConsole(): void {
  const build = spawnSync(process.execPath, [join(projectRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
}
