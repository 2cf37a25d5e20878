/**
 * What only the PostgreSQL store has: its schema and migrations, its pool, and its tables as an
 * attacker who reads the database would see them. The behaviour every store shares is in
 * store-contract.test.ts and the server rule suites, which run on PostgreSQL too.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret } from 'otpauth';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwoFactorError } from '../../../widget/server';
import { postgresStore } from '../../../widget/server/postgres-store';
import { freshSchema, pgTestUrl } from '../../support/postgres-test-db';
import { makeHarness } from './support/harness';

let admin: pg.Pool;
beforeAll(() => {
  admin = new pg.Pool({ connectionString: pgTestUrl(), max: 2 });
});
afterAll(async () => {
  await admin.end();
});

const enrollment = (id: string, userId = 'u') => ({
  id,
  userId,
  replacesFactorId: null,
  sealedSecret: `sealed-${id}`,
  issuer: 'I',
  account: 'a',
  algorithm: 'SHA1' as const,
  digits: 6,
  period: 30,
  createdAt: 1000,
  expiresAt: 601_000,
});

/** The connection URL with an application_name, to find this store's connections in pg_stat_activity. */
function tagged(name: string): string {
  const url = new URL(pgTestUrl());
  url.searchParams.set('application_name', name);
  return url.toString();
}

async function connectionsNamed(name: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name]);
  return rows[0]!.n;
}

describe('schema', () => {
  it('is created on first use, in the schema named, by versioned migrations', async () => {
    const schema = freshSchema();
    const store = postgresStore(pgTestUrl(), { schema });
    const before = await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    expect(before.rowCount).toBe(0); // nothing is sent before the first call
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.close();
    const tables = await admin.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
    expect(tables.rows.map((r) => r.table_name)).toEqual(['enrollments', 'factors', 'failures', 'recovery_codes', 'schema_migrations']);
    const versions = await admin.query(`SELECT version FROM "${schema}".schema_migrations`);
    expect(versions.rows).toEqual([{ version: 1 }]);
  });

  it('8 stores (8 pools) starting at once on an empty database create it once, without an error', async () => {
    const schema = freshSchema();
    const stores = Array.from({ length: 8 }, () => postgresStore(pgTestUrl(), { schema, maxConnections: 1 }));
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      const results = await Promise.all(stores.map((store, i) => store.recordFailure(`user-${i}`, { now: 1, waitMs: () => 0 })));
      expect(results).toEqual(stores.map(() => ({ outcome: 'counted', failures: 1 })));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    expect((await admin.query(`SELECT version FROM "${schema}".schema_migrations`)).rows).toEqual([{ version: 1 }]);
  });

  it('keeps its data across reopening', async () => {
    const schema = freshSchema();
    const first = postgresStore(pgTestUrl(), { schema });
    await first.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await first.close();
    const second = postgresStore(pgTestUrl(), { schema });
    expect((await second.getEnrollment('u'))?.id).toBe('e1');
    await second.close();
  });

  it('refuses a schema written by a newer library, saying what to do', async () => {
    const schema = freshSchema();
    await postgresStore(pgTestUrl(), { schema }).migrate();
    await admin.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES (99)`);
    const store = postgresStore(pgTestUrl(), { schema });
    try {
      const failure = store.getFactor('u');
      await expect(failure).rejects.toBeInstanceOf(TwoFactorError);
      await expect(failure).rejects.toMatchObject({ code: 'schema_too_new', message: expect.stringMatching(/Upgrade the library/) });
    } finally {
      await store.close();
    }
  });

  it('refuses a schema name that is not a plain SQL name, and a connection that is not postgres://', () => {
    for (const schema of ['Two', 'a"; DROP TABLE x; --', '', '1abc']) {
      expect(() => postgresStore(pgTestUrl(), { schema })).toThrow(expect.objectContaining({ name: 'TwoFactorError', code: 'bad_options' }));
    }
    expect(() => postgresStore('mysql://localhost/x')).toThrow(/postgres:\/\/ connection string or a pg.Pool/);
  });
});

describe('the pool', () => {
  it('close() ends the pool the store opened from a connection string', async () => {
    const name = `tf-own-${freshSchema()}`;
    const store = postgresStore(tagged(name), { schema: freshSchema() });
    await Promise.all([store.getFactor('a'), store.getFactor('b'), store.countRecoveryCodes('c')]);
    expect(await connectionsNamed(name)).toBeGreaterThan(0);
    await store.close();
    // The server notices the disconnection a moment after the client has gone.
    for (let i = 0; i < 50 && (await connectionsNamed(name)) > 0; i++) await sleep(20);
    expect(await connectionsNamed(name)).toBe(0);
    await expect(store.getFactor('a')).rejects.toMatchObject({ code: 'bad_options', message: expect.stringMatching(/closed/) });
  });

  it("close() leaves a pool the site passed in open, for the site's own queries", async () => {
    const pool = new pg.Pool({ connectionString: pgTestUrl(), max: 2 });
    try {
      const store = postgresStore(pool, { schema: freshSchema() });
      await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
      expect((await store.getEnrollment('u'))?.id).toBe('e1');
      await store.close();
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe('the tables', () => {
  function encodings(base32: string): string[] {
    const raw = Buffer.from(Secret.fromBase32(base32).bytes);
    return [base32, base32.toLowerCase(), raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')];
  }

  it('hold no active secret, no pending secret and no recovery code, in any encoding', async () => {
    const h = await makeHarness({ store: 'postgres' });
    try {
      const { params, recoveryCodes } = await h.enable();
      const pending = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
      const other = await h.enroll('bob');
      const dump: string[] = [];
      for (const table of ['factors', 'enrollments', 'recovery_codes', 'failures']) {
        const { rows } = await admin.query<{ row: string }>(`SELECT t::text AS row FROM "${h.dbPath}".${table} AS t`);
        dump.push(...rows.map((r) => r.row));
      }
      const text = dump.join('\n');
      expect(text).toMatch(/v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+/); // the dump did read the sealed secrets
      const needles = [...encodings(params.secret), ...encodings(pending.body.secret), ...encodings(other.secret), ...recoveryCodes, ...recoveryCodes.map((c) => c.replace(/-/g, ''))];
      for (const needle of needles) expect(text.includes(needle), `found ${needle.length}-char needle`).toBe(false);
    } finally {
      await h.close();
    }
  });

  it("a sealed secret copied onto another user's row does not open", async () => {
    const h = await makeHarness({ store: 'postgres' });
    try {
      await h.enable('alice');
      const bob = await h.enable('bob');
      await admin.query(`UPDATE "${h.dbPath}".factors SET sealed_secret = (SELECT sealed_secret FROM "${h.dbPath}".factors WHERE user_id = 'alice') WHERE user_id = 'bob'`);
      await expect(h.tf.verifyLogin('bob', h.code(bob.params))).rejects.toMatchObject({ name: 'TwoFactorError', code: 'corrupt_secret' });
    } finally {
      await h.close();
    }
  });
});
