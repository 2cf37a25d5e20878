/**
 * What a test needs to use the run's PostgreSQL database (see postgres-global-setup.ts): its URL
 * and a fresh schema name, so every store starts empty and runs its migrations.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The URL of this run's test database. */
export function pgTestUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error('No PostgreSQL for this test: add test/support/postgres-global-setup.ts to its project\'s globalSetup.');
  return url;
}

/** A schema name no other test uses. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}
