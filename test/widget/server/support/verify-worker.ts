/**
 * One of the racing processes of the two-process test: opens the shared SQLite file, waits for
 * GO_FILE to appear (so both processes start together), then runs COUNT verifications of CODE
 * for USER at once and prints how each came out as JSON.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTwoFactor, sqliteStore } from '../../../../widget/server';

const { DB_PATH, ENCRYPTION_KEY, NOW_MS, USER, CODE, COUNT, GO_FILE } = process.env;
if (!DB_PATH || !ENCRYPTION_KEY || !NOW_MS || !USER || !CODE || !COUNT || !GO_FILE) throw new Error('verify-worker: missing env');

const twoFactor = createTwoFactor({
  store: sqliteStore(DB_PATH),
  issuer: 'Acme Race',
  encryptionKey: ENCRYPTION_KEY,
  allowedOrigins: [],
  now: () => Number(NOW_MS),
  authenticate: async () => null,
});

process.stdout.write('READY\n');
while (!existsSync(GO_FILE)) await sleep(2);
const results = await Promise.all(Array.from({ length: Number(COUNT) }, () => twoFactor.verifyLogin(USER, CODE)));
process.stdout.write(`RESULTS ${JSON.stringify(results)}\n`);
