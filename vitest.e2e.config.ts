/**
 * End-to-end tests in real Chromium with the built extension. One file at a time, one
 * worker: the machines have two cores and Chromium needs both.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/e2e/support/global-setup.ts'],
  },
});
