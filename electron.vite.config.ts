import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/content-security-policy';

/**
 * The built console is loaded from file://, where no response header can carry a CSP,
 * so the production build gets it as a meta tag. The dev server gets it as a header
 * from the Electron session instead (see web-security.ts).
 */
function cspMetaTag(): Plugin {
  return {
    name: 'botdeck-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(undefined, 'meta') }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  main: {
    build: {
      // The headless host and the doctor are built beside the desktop shell (out/main/headless.js,
      // out/main/doctor.js) so that `npm run serve` and `npm run doctor` run them with plain
      // Node; they share the engine's chunks.
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          headless: resolve(__dirname, 'src/main/headless/index.ts'),
          doctor: resolve(__dirname, 'src/main/cli/doctor.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), cspMetaTag()],
  },
});
