import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // out/ (console, headless host, doctor) is built once before the files that serve or run it.
    globalSetup: ['test/support/build-console.ts'],
    environment: 'node',
    // Native SQLite and child processes: separate processes keep one test's handles from another's.
    pool: 'forks',
    // Two at once on a 2-core machine (the default would be one): most engine tests wait on
    // timers and the fake Bot API, and the two-minute outage test must not run alone.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
