// The setup the node:http, Express and Hono examples share: one createTwoFactor on SQLite.
import { createTwoFactor } from '@phone-free/two-factor';
import { sqliteStore } from '@phone-free/two-factor/sqlite';
import { fileURLToPath } from 'node:url';

export const twoFactor = createTwoFactor({
  store: sqliteStore(process.env.TWO_FACTOR_DB ?? 'two-factor.sqlite'),
  issuer: 'Example',
  encryptionKey: process.env.TWO_FACTOR_KEY, // generateEncryptionKey() once; keep it with your secrets
  allowedOrigins: [process.env.ORIGIN ?? 'http://localhost:3000'],
  authenticate: demoSession,
});

/** The prebuilt widget, served at /two-factor.js for `<script type="module" src="/two-factor.js">`. */
export const widgetScript = fileURLToPath(import.meta.resolve('@phone-free/two-factor/two-factor.js'));

/**
 * DEMO ONLY: trusts X-Demo-User / X-Demo-Stage headers. Replace it with your own session lookup:
 * null when signed out, else the user and whether they still owe the second factor.
 */
async function demoSession(request) {
  const userId = request.headers.get('x-demo-user');
  if (!userId) return null;
  const stage = request.headers.get('x-demo-stage') === 'password' ? 'password' : 'full';
  return { userId, accountName: `${userId}@example.com`, stage, authenticatedAt: Date.now() };
}
