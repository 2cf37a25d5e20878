/**
 * Unit and component tests: everything under test/ except the end-to-end suite.
 * WxtVitest gives extension tests WXT's in-memory fake browser and auto-imports.
 *
 * The server rule suites run once per store: SQLite (in `unit`, the default store of their
 * harness), memory and PostgreSQL. The `postgres` project starts one throwaway PostgreSQL server
 * for the whole run (or uses PG_TEST_URL) and also holds the suites written for several stores.
 */
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

/** Suites that take their store from the harness (TWO_FACTOR_TEST_STORE). */
const STORE_SUITES = ['test/widget/server/*.test.ts'];
/** Suites that need PostgreSQL whatever the harness store: they run in the `postgres` project only. */
const POSTGRES_SUITES = [
  'test/widget/server/store-contract.test.ts',
  'test/widget/server/postgres-*.test.ts',
  'test/widget/server/multi-process-postgres.test.ts',
  'test/widget/demo/demo-postgres.test.ts',
];
/** Suites about one store's files or processes, which the harness store does not change. */
const SINGLE_STORE_SUITES = ['test/widget/server/multi-process.test.ts'];

export default defineConfig({
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'node',
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**', ...POSTGRES_SUITES],
        },
      },
      {
        extends: true,
        test: {
          name: 'memory',
          include: STORE_SUITES,
          exclude: [...POSTGRES_SUITES, ...SINGLE_STORE_SUITES],
          env: { TWO_FACTOR_TEST_STORE: 'memory' },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...STORE_SUITES, ...POSTGRES_SUITES],
          exclude: SINGLE_STORE_SUITES,
          env: { TWO_FACTOR_TEST_STORE: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
