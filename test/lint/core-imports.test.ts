import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { noElectronInCore } from '../../eslint.config.mjs';

const root = join(__dirname, '../..');

async function lint(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, noElectronInCore],
  });
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? ''}: ${message.message}`);
}

describe('the rule that keeps Electron out of the core', () => {
  it('fails on any import of electron under src/main/core', async () => {
    expect(await lint("import { app } from 'electron';\nexport const a = app;\n", 'src/main/core/engine.ts')).toEqual([expect.stringContaining('no-restricted-imports')]);
    expect(await lint("import type { IpcMain } from 'electron';\nexport type A = IpcMain;\n", 'src/main/core/db/x.ts')).toHaveLength(1);
    expect(await lint("import { x } from 'electron/main';\nexport const a = x;\n", 'src/main/core/x.ts')).toHaveLength(1);
  });

  it('allows electron in the shell', async () => {
    expect(await lint("import { app } from 'electron';\nexport const a = app;\n", 'src/main/desktop.ts')).toEqual([]);
  });

  it('is part of the project configuration', async () => {
    const eslint = new ESLint({ cwd: root });
    const config = (await eslint.calculateConfigForFile(join(root, 'src/main/core/core.ts'))) as { rules: Record<string, unknown> };
    expect(JSON.stringify(config.rules['no-restricted-imports'])).toContain('"name":"electron"');
  });
});
