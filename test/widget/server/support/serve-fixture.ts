/**
 * A real server process for the multi-process tests: the library on the SQLite file DB_PATH,
 * over node:http (@hono/node-server), on an ephemeral port it prints as `LISTENING <port>`.
 * Sessions come from test headers (x-test-user, x-test-stage); NOW_MS, when set, fixes the clock.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createTwoFactor, sqliteStore } from '../../../../widget/server';
import { ORIGIN_FIXTURE } from './fixture-origin';

const dbPath = process.env.DB_PATH;
const encryptionKey = process.env.ENCRYPTION_KEY;
if (!dbPath || !encryptionKey) throw new Error('serve-fixture: set DB_PATH and ENCRYPTION_KEY');
const fixedNow = process.env.NOW_MS ? Number(process.env.NOW_MS) : null;
const now = () => fixedNow ?? Date.now();

const twoFactor = createTwoFactor({
  store: sqliteStore(dbPath),
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

const server = serve({ fetch: async (request) => (await twoFactor.handle(request)) ?? new Response('not found', { status: 404 }), port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`LISTENING ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
