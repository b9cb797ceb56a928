import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];

/**
 * A fresh directory under the system temp folder. Made inside a test, it is removed after
 * that test; made in a beforeAll, after the whole file (the suite still uses it).
 */
export function tempDir(prefix = 'botdeck-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  (expect.getState().currentTestName === undefined ? perFile : perTest).push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of perTest.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterAll(() => {
  for (const dir of perFile.splice(0)) rmSync(dir, { recursive: true, force: true });
});
