/**
 * The demo's data directory (`.data/` by default, gitignored): the site keys generated on first
 * start (the two-factor encryption key and the session-signing key, file mode 0600), the
 * seeded demo user's credentials, and the SQLite files.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateEncryptionKey } from '../server';

export type SiteKeys = { encryptionKey: string; sessionKey: string };
export type DemoCredentials = { email: string; password: string };

export const DEMO_EMAIL = 'demo@acme.test';

export function prepareDataDir(dataDir: string): {
  keys: SiteKeys;
  demoCredentials: DemoCredentials;
  twoFactorDb: string;
  accountsDb: string;
} {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = readOrCreate<SiteKeys>(join(dataDir, 'site-keys.json'), () => ({
    encryptionKey: generateEncryptionKey(),
    sessionKey: randomBytes(32).toString('base64'),
  }));
  const demoCredentials = readOrCreate<DemoCredentials>(join(dataDir, 'demo-user.json'), () => ({
    email: DEMO_EMAIL,
    password: `acme-${randomBytes(5).toString('hex')}`,
  }));
  return { keys, demoCredentials, twoFactorDb: join(dataDir, 'two-factor.sqlite'), accountsDb: join(dataDir, 'accounts.sqlite') };
}

function readOrCreate<T>(path: string, create: () => T): T {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  const value = create();
  try {
    writeFileSync(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs, so both agree.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return JSON.parse(readFileSync(path, 'utf8')) as T;
    throw error;
  }
  chmodSync(path, 0o600);
  return value;
}
