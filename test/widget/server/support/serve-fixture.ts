/**
 * A real server process for the multi-process tests: the library on the SQLite file DB_PATH, or
 * on PostgreSQL at DATABASE_URL (schema PG_SCHEMA), over node:http (@hono/node-server), on an
 * ephemeral port it prints as `LISTENING <port>` once its store is ready.
 * Sessions come from test headers (x-test-user, x-test-stage); the clock is the request's
 * x-test-now header, else NOW_MS, else the real time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createTwoFactor, sqliteStore, type TwoFactorStore } from '../../../../widget/server';
import { postgresStore } from '../../../../widget/server/postgres-store';
import { ORIGIN_FIXTURE } from './fixture-origin';

const { DB_PATH: dbPath, DATABASE_URL: databaseUrl, PG_SCHEMA: schema, ENCRYPTION_KEY: encryptionKey } = process.env;
if ((!dbPath && !databaseUrl) || !encryptionKey) throw new Error('serve-fixture: set DB_PATH or DATABASE_URL, and ENCRYPTION_KEY');
const fixedNow = process.env.NOW_MS ? Number(process.env.NOW_MS) : null;
const requestNow = new AsyncLocalStorage<number>();
const now = () => requestNow.getStore() ?? fixedNow ?? Date.now();

let store: TwoFactorStore;
if (databaseUrl) {
  const pg = postgresStore(databaseUrl, schema ? { schema } : {});
  // Migrate before listening, so processes started together race on the schema, not on requests.
  await pg.migrate();
  store = pg;
} else {
  store = sqliteStore(dbPath!);
}

const twoFactor = createTwoFactor({
  store,
  issuer: 'Acme Fixture',
  encryptionKey,
  allowedOrigins: [ORIGIN_FIXTURE],
  now,
  async authenticate(request) {
    const userId = request.headers.get('x-test-user');
    const stage = request.headers.get('x-test-stage') === 'password' ? 'password' : 'full';
    return userId ? { userId, accountName: `${userId}@fixture.test`, stage, authenticatedAt: now() } : null;
  },
});

const server = serve(
  {
    fetch: async (request) => {
      const at = request.headers.get('x-test-now');
      const answer = () => twoFactor.handle(request).then((response) => response ?? new Response('not found', { status: 404 }));
      return at ? requestNow.run(Number(at), answer) : answer();
    },
    port: 0,
    hostname: '127.0.0.1',
  },
  (info: AddressInfo) => {
    process.stdout.write(`LISTENING ${info.port}\n`);
  },
);
process.on('SIGTERM', () => server.close(() => void store.close().then(() => process.exit(0))));
