/**
 * Vitest global setup for suites on PostgreSQL: one server per test run (started here unless
 * PG_TEST_URL names one), and in it one fresh database for this run, dropped at the end. Tests
 * read its URL with `inject('pgUrl')` and give each store its own schema.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database of its own for this test run. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: PostgresCluster | null = null;
  const serverUrl = process.env.PG_TEST_URL || (cluster = await startPostgresCluster()).url;
  const database = `two_factor_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin(serverUrl, `CREATE DATABASE ${database}`);
  } catch (error) {
    await cluster?.stop();
    throw new Error(`Could not create a test database on ${redact(serverUrl)}: ${(error as Error).message}`, { cause: error });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  project.provide('pgUrl', url.toString());
  return async () => {
    try {
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await cluster?.stop();
    }
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
