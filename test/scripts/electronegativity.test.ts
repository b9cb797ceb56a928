import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';

const root = join(__dirname, '../..');
const script = join(root, 'scripts/electronegativity.mjs');

function run(dir?: string) {
  return spawnSync(process.execPath, dir === undefined ? [script] : [script, dir], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

/** A tiny app whose window turns Node on in the page: Electronegativity must flag it. */
function plantedApp(acceptedFindings: unknown[]): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'planted', devDependencies: { electron: '41.7.1' } }));
  writeFileSync(join(dir, 'electronegativity.json'), JSON.stringify({ inputs: ['src'], excludedChecks: [], acceptedFindings }));
  writeFileSync(
    join(dir, 'src/main.js'),
    "const { BrowserWindow } = require('electron');\nconst window = new BrowserWindow({ webPreferences: { nodeIntegration: true } });\nwindow.loadFile('index.html');\n",
  );
  return dir;
}

describe('npm run lint: Electronegativity', () => {
  it('passes on the project, every finding explained, offline', () => {
    const result = run();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/all explained in electronegativity\.json \(Electron 41\.7\.1/);
  });

  it('fails on a window with nodeIntegration on, naming the file and the check', () => {
    const result = run(plantedApp([]));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/main.js:2 NODE_INTEGRATION_JS_CHECK');
  });

  it('fails when an accepted finding has no reason, and when it is no longer found', () => {
    const withoutReason = run(plantedApp([{ check: 'NODE_INTEGRATION_JS_CHECK', file: 'src/main.js', reason: ' ' }]));
    expect(withoutReason.status).toBe(1);
    expect(withoutReason.stderr).toContain('needs a check and a reason');
    const stale = run(plantedApp([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main.js', reason: 'planted' }]));
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('src/main.js OPEN_EXTERNAL_JS_CHECK is accepted in electronegativity.json but no longer found');
  });
});
