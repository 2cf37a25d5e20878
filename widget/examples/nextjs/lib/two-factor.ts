// One createTwoFactor for the app (Node.js runtime: SQLite needs it).
import { createTwoFactor, type TwoFactorSession } from '@phone-free/two-factor';
import { sqliteStore } from '@phone-free/two-factor/sqlite';

export const twoFactor = createTwoFactor({
  store: sqliteStore(process.env.TWO_FACTOR_DB ?? 'two-factor.sqlite'),
  issuer: 'Example',
  encryptionKey: process.env.TWO_FACTOR_KEY!, // generateEncryptionKey() once; keep it with your secrets
  allowedOrigins: [process.env.ORIGIN ?? 'http://localhost:3000'],
  authenticate: getSession,
});

/** Your session lookup: null when signed out. (Stand-in: replace with your auth library's.) */
async function getSession(request: Request): Promise<TwoFactorSession | null> {
  const userId = request.headers.get('x-demo-user'); // DEMO ONLY
  return userId ? { userId, accountName: userId, stage: 'full', authenticatedAt: Date.now() } : null;
}
