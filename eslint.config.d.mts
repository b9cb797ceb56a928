import type { Linter } from 'eslint';

export const noElectronInCore: Linter.Config;
declare const config: Linter.Config[];
export default config;
