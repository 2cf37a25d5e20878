/**
 * The demo with its two-factor store on PostgreSQL (what `DATABASE_URL=postgres://... npm start`
 * runs): two-factor state lands in the database's schema, not in the SQLite file, and survives
 * a restart of the demo; a database that cannot be reached stops the start with the reason.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateCode, parseKeyUri } from '../../../shared/otp';
import { startDemo } from '../../../widget/demo/server';
import { freshSchema, pgTestUrl } from '../../support/postgres-test-db';
import { DemoClient, pathOf } from './support/demo-client';

let dataDir: string;
let admin: pg.Pool;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'demo-postgres-'));
  admin = new pg.Pool({ connectionString: pgTestUrl(), max: 1 });
});
afterAll(async () => {
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps two-factor state in PostgreSQL, across a restart of the demo', async () => {
  const schema = freshSchema();
  const options = { port: 0, dataDir, databaseUrl: pgTestUrl(), databaseSchema: schema, onEvent: () => {} };
  const first = await startDemo(options);
  let params;
  try {
    const client = new DemoClient(first.url);
    expect((await client.signUp('pg@acme.test', 'pg password 1')).status).toBe(303);
    const created = await client.post('/api/2fa/enrollments', { json: {} });
    expect(created.status).toBe(201);
    params = parseKeyUri(created.json().otpauthUri);
    expect((await client.post(`/api/2fa/enrollments/${created.json().id}/confirm`, { json: { code: generateCode(params, Date.now()) } })).status).toBe(200);
  } finally {
    await first.close();
  }
  const factors = await admin.query(`SELECT user_id FROM "${schema}".factors`);
  expect(factors.rowCount).toBe(1);
  expect(existsSync(join(dataDir, 'two-factor.sqlite'))).toBe(false);

  const second = await startDemo(options);
  try {
    const client = new DemoClient(second.url);
    expect(pathOf((await client.signIn('pg@acme.test', 'pg password 1')).location)).toBe('/sign-in/two-factor');
    const verify = await client.post('/api/2fa/verify', { json: { code: generateCode(params, Date.now() + 30_000) } });
    expect(verify.status).toBe(200);
  } finally {
    await second.close();
  }
});

it('a database it cannot reach stops the start, naming where it looked', async () => {
  const url = new URL(pgTestUrl());
  url.pathname = '/no_such_database';
  await expect(startDemo({ port: 0, dataDir, databaseUrl: url.toString(), onEvent: () => {} })).rejects.toThrow(
    /Could not open the two-factor store on PostgreSQL at 127\.0\.0\.1:\d+\/no_such_database: .*does not exist/,
  );
});
