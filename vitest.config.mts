import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Native SQLite and child processes: separate processes keep one test's handles from another's.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
